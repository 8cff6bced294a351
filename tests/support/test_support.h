/* Helpers shared by the C test suites: starting the emulator with the
 * suite's canary credentials, reading result documents, and recording every
 * returned document so that test_canary can prove no secret leaked. */
#ifndef EXTAPI_TEST_SUPPORT_H
#define EXTAPI_TEST_SUPPORT_H

#include <stdio.h>

#include <cjson/cJSON.h>

#include "emulator_harness.h"
#include "extapi.h"

/* Canary secrets: every secret the suite configures.  They must never
 * appear in a returned document (test_canary scans for them). */
#define CANARY_XMC_ID "xmc-client"
#define CANARY_XMC_SECRET "xmc+secret/CANARY=7f3a91!"
#define CANARY_XIQ_USER "admin@cust001.com"
#define CANARY_XIQ_PASSWORD "xiq-password-CANARY-2b8c"
#define CANARY_OAUTH_ID "oauth-client"
#define CANARY_OAUTH_SECRET "oauth+secret/CANARY=c41d!"
#define CANARY_OAUTH_USER "alice"
#define CANARY_OAUTH_PASSWORD "alice-password-CANARY-9e02"
#define CANARY_BASIC_USER "basic-user"
#define CANARY_BASIC_PASSWORD "basic-password-CANARY-55aa"
#define CANARY_STATIC_TOKEN "static-token-CANARY-0d6f"
#define CANARY_API_KEY "api-key-CANARY-83be"

/* Starts the emulator (TLS when tls != 0) and sets the canary credentials;
 * fails the test on error. */
emu *start_emulator(int tls);

/* cmocka group setup/teardown: *state is the running emulator (HTTP, or
 * HTTPS for the _tls variant). */
int group_start_emulator(void **state);
int group_start_emulator_tls(void **state);
int group_stop_emulator(void **state);

/* cmocka per-test setup: counters, faults, tokens and config back to the
 * defaults, canary credentials set again. */
int reset_emulator(void **state);

/* A session from a printf-style config; "%s" slots are filled by the caller
 * (typically with emu_base_url()). */
ext_session *session_from(const char *config_format, ...);

/* Parses a returned document (and records it for the canary scan), frees
 * the C string, and fails the test if it is not a JSON object. */
cJSON *take(char *document);

/* The value at a dotted path ("error.code", "data.devices.0.ip"). */
const cJSON *at(const cJSON *doc, const char *path);
const char *string_at(const cJSON *doc, const char *path);
double number_at(const cJSON *doc, const char *path);

/* Assert ok:true, or ok:false with the given error.code; return the doc. */
cJSON *expect_ok(char *document);
cJSON *expect_error(char *document, const char *code);
void expect_ok_and_free(char *document);
void expect_error_and_free(char *document, const char *code);

/* The last request the emulator counted under `name`, parsed. */
cJSON *last_request(emu *e, const char *name);

/* The emulator counter, failing the test when it cannot be read. */
long counter(emu *e, const char *name);

/* "Basic " + base64(user ":" password), as the emulator sees it. */
void basic_header(char *out, size_t size, const char *user, const char *password);

/* Session configs for the emulator with the canary credentials; `extra` is
 * appended inside the object (may be "" or start with ","). */
ext_session *xmc_session(emu *e, const char *extra);
ext_session *xiq_session(emu *e, const char *extra);
ext_session *oauth2_session(emu *e, const char *extra);

/* Milliseconds sleep. */
void sleep_ms(long ms);

#endif
