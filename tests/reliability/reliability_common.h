/* Shared by the reliability programs (issue 9, items 5 and 6): clocks, RSS,
 * result outcomes, profile configurations for the emulator's default
 * credentials, and an emulator started on a chosen port.  Test code only:
 * the public API (extapi.h) plus the emulator harness. */
#ifndef EXTAPI_RELIABILITY_COMMON_H
#define EXTAPI_RELIABILITY_COMMON_H

#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "emulator_harness.h"
#include "extapi.h"
#include "resident_memory.h"

static inline long rel_now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static inline void rel_sleep_ms(long ms) {
    struct timespec ts;
    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (ms % 1000) * 1000000L;
    nanosleep(&ts, NULL);
}

/* "ok" or the error code of a returned document (freed here); *status gets
 * the document's "status" (0 when absent).  "null" for a NULL document,
 * "not-json" for one that does not parse. */
static inline void rel_outcome(char *document, char *out, size_t size, int *status, cJSON **keep) {
    cJSON *doc, *ok, *code, *st;
    if (status) *status = 0;
    if (keep) *keep = NULL;
    if (!document) {
        snprintf(out, size, "null");
        return;
    }
    doc = cJSON_Parse(document);
    ext_string_free(document);
    if (!doc) {
        snprintf(out, size, "not-json");
        return;
    }
    ok = cJSON_GetObjectItemCaseSensitive(doc, "ok");
    code = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(doc, "error"), "code");
    st = cJSON_GetObjectItemCaseSensitive(doc, "status");
    if (status && cJSON_IsNumber(st)) *status = (int)st->valuedouble;
    if (cJSON_IsTrue(ok))
        snprintf(out, size, "ok");
    else if (cJSON_IsString(code))
        snprintf(out, size, "%s", code->valuestring);
    else
        snprintf(out, size, "malformed-result");
    if (keep)
        *keep = doc;
    else
        cJSON_Delete(doc);
}

/* A session counter from ext_session_info ("logins", "reauths", ...). */
static inline long rel_session_counter(ext_session *s, const char *name) {
    char *info = ext_session_info(s);
    cJSON *doc = info ? cJSON_Parse(info) : NULL;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(doc, "counters"), name);
    long value = cJSON_IsNumber(v) ? (long)v->valuedouble : -1;
    cJSON_Delete(doc);
    ext_string_free(info);
    return value;
}

/* The six profiles with the emulator's default credentials. */
typedef struct {
    const char *name;
    int has_token;             /* a token endpoint (xmc, xiq, oauth2) */
    const char *token_path;    /* the token endpoint's path */
    const char *token_counter; /* the emulator counter of token requests */
    const char *credentials;   /* the config's credential members */
} rel_profile;

static const rel_profile REL_PROFILES[] = {
    {"xmc", 1, "/oauth/token/access-token", "xmc_token",
     "\"client_id\":\"xmc-client\",\"client_secret\":\"xmc-secret+/=!\""},
    {"xiq", 1, "/login", "xiq_login", "\"username\":\"admin@cust001.com\",\"password\":\"xiq-password\""},
    {"oauth2", 1, "/oauth2/token", "oauth_token",
     "\"client_id\":\"oauth-client\",\"client_secret\":\"oauth-secret+/=!\""},
    {"basic", 0, NULL, NULL, "\"username\":\"basic-user\",\"password\":\"basic-password\""},
    {"bearer", 0, NULL, NULL, "\"token\":\"static-token\""},
    {"apikey", 0, NULL, NULL, "\"api_key\":\"api-key-value\""},
};
#define REL_PROFILE_COUNT (sizeof REL_PROFILES / sizeof REL_PROFILES[0])

/* A session of profile p on base_url; extra is "" or ",\"key\":value...". */
static inline ext_session *rel_session(const rel_profile *p, const char *base_url, const char *extra) {
    char config[2048];
    snprintf(config, sizeof config, "{\"profile\":\"%s\",\"base_url\":\"%s\",%s%s}", p->name, base_url, p->credentials,
             extra ? extra : "");
    return ext_session_new(config);
}

#endif
