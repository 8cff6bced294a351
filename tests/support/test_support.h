/* The prologue of every C suite (tests/api/test_*.c), as libssh's torture.h
 * is of its tests: what <cmocka.h> needs before it, cmocka, cJSON, the
 * emulator harness, <extapi.h>, the canary secrets; the suite declaration
 * that the one shared main() (test_main.c) runs; and the helpers: starting
 * the emulator with the canary credentials, reading result documents, and
 * recording every returned document so that c_canary can prove no secret
 * leaked.  A suite includes this first (after a feature macro such as
 * _GNU_SOURCE, if any) and only adds the headers it alone needs. */
#ifndef EXTAPI_TEST_SUPPORT_H
#define EXTAPI_TEST_SUPPORT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <cjson/cJSON.h>

#include "canary.h"
#include "emulator_harness.h"
#include "extapi.h"

/* A suite: one cmocka group, its tests and the fixtures around the group. */
struct test_suite {
    const struct CMUnitTest *tests;
    size_t count;
    CMFixtureFunction group_setup;    /* NULL: none */
    CMFixtureFunction group_teardown; /* NULL: none */
    void (*release)(void);            /* after the run; NULL: nothing to free */
};

/* Every suite defines suite_prepare once: with TEST_SUITE below, unless its
 * tests are only known at run time (test_conformance.c reads them from
 * cases.json).  Returns 0, or -1 when the suite cannot be prepared (main
 * then says why and exits 1).  main() (test_main.c) applies -t/-s and runs
 * the group. */
int suite_prepare(struct test_suite *suite);

/* suite_prepare for a file-scope array of tests, e.g.
 *   static const struct CMUnitTest tests[] = { cmocka_unit_test(...), };
 *   TEST_SUITE(tests, group_start_emulator, group_stop_emulator)        */
#define TEST_SUITE(tests_, group_setup_, group_teardown_)    \
    int suite_prepare(struct test_suite *suite) {            \
        suite->tests = (tests_);                             \
        suite->count = sizeof(tests_) / sizeof((tests_)[0]); \
        suite->group_setup = (group_setup_);                 \
        suite->group_teardown = (group_teardown_);           \
        suite->release = NULL;                               \
        return 0;                                            \
    }

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
