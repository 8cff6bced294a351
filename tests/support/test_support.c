#define _GNU_SOURCE
#include "test_support.h"

#include <time.h>

#include <openssl/evp.h>

static void record_document(const char *document) {
    /* Every document of the whole suite goes to one file, scanned at the end. */
    const char *log = getenv("EXTAPI_RETURNED_DOCUMENTS");
    FILE *f;
    if (!log || !*log) return;
    f = fopen(log, "a");
    if (!f) return;
    fprintf(f, "%s\n", document);
    fclose(f);
}

static void set_canary_credentials(emu *e) {
    assert_int_equal(
        emu_configure(e,
                      "{\"xmc_client_id\":\"" CANARY_XMC_ID "\",\"xmc_client_secret\":\"" CANARY_XMC_SECRET "\","
                      "\"xiq_username\":\"" CANARY_XIQ_USER "\",\"xiq_password\":\"" CANARY_XIQ_PASSWORD "\","
                      "\"oauth_client_id\":\"" CANARY_OAUTH_ID "\",\"oauth_client_secret\":\"" CANARY_OAUTH_SECRET "\","
                      "\"oauth_users\":{\"" CANARY_OAUTH_USER "\":\"" CANARY_OAUTH_PASSWORD "\"},"
                      "\"basic_username\":\"" CANARY_BASIC_USER "\",\"basic_password\":\"" CANARY_BASIC_PASSWORD "\","
                      "\"static_token\":\"" CANARY_STATIC_TOKEN "\",\"api_key\":\"" CANARY_API_KEY "\"}"),
        0);
}

emu *start_emulator(int tls) {
    emu *e = emu_start(tls);
    assert_non_null(e);
    set_canary_credentials(e);
    return e;
}

int group_start_emulator(void **state) {
    *state = emu_start(0);
    return *state ? 0 : -1;
}

int group_start_emulator_tls(void **state) {
    *state = emu_start(1);
    return *state ? 0 : -1;
}

int group_stop_emulator(void **state) {
    emu_stop(*state);
    return 0;
}

int reset_emulator(void **state) {
    emu *e = *state;
    assert_int_equal(emu_reset(e), 0);
    set_canary_credentials(e);
    return 0;
}

ext_session *session_from(const char *config_format, ...) {
    char config[4096];
    va_list args;
    ext_session *s;
    va_start(args, config_format);
    vsnprintf(config, sizeof config, config_format, args);
    va_end(args);
    s = ext_session_new(config);
    assert_non_null(s);
    return s;
}

cJSON *take(char *document) {
    cJSON *doc;
    assert_non_null(document);
    record_document(document);
    doc = cJSON_Parse(document);
    ext_string_free(document);
    assert_non_null(doc);
    assert_true(cJSON_IsObject(doc));
    return doc;
}

const cJSON *at(const cJSON *doc, const char *path) {
    char buffer[256];
    char *segment, *rest;
    const cJSON *node = doc;
    snprintf(buffer, sizeof buffer, "%s", path);
    for (segment = strtok_r(buffer, ".", &rest); segment && node; segment = strtok_r(NULL, ".", &rest)) {
        char *end;
        long index = strtol(segment, &end, 10);
        node = (cJSON_IsArray(node) && *end == '\0') ? cJSON_GetArrayItem(node, (int)index)
                                                     : cJSON_GetObjectItemCaseSensitive(node, segment);
    }
    return node;
}

const char *string_at(const cJSON *doc, const char *path) {
    const cJSON *node = at(doc, path);
    if (!cJSON_IsString(node)) fail_msg("%s is not a string", path);
    return node->valuestring;
}

double number_at(const cJSON *doc, const char *path) {
    const cJSON *node = at(doc, path);
    if (!cJSON_IsNumber(node)) fail_msg("%s is not a number", path);
    return node->valuedouble;
}

static void print_unexpected(const cJSON *doc) {
    char *text = cJSON_PrintUnformatted(doc);
    print_error("unexpected document: %s\n", text ? text : "?");
    free(text);
}

cJSON *expect_ok(char *document) {
    cJSON *doc = take(document);
    if (!cJSON_IsTrue(cJSON_GetObjectItem(doc, "ok"))) {
        print_unexpected(doc);
        fail_msg("expected ok:true");
    }
    return doc;
}

cJSON *expect_error(char *document, const char *code) {
    cJSON *doc = take(document);
    const cJSON *actual = at(doc, "error.code");
    if (!cJSON_IsFalse(cJSON_GetObjectItem(doc, "ok")) || !cJSON_IsString(actual) ||
        strcmp(actual->valuestring, code) != 0) {
        print_unexpected(doc);
        fail_msg("expected error %s", code);
    }
    assert_true(cJSON_IsString(at(doc, "error.message")));
    return doc;
}

void expect_ok_and_free(char *document) { cJSON_Delete(expect_ok(document)); }

void expect_error_and_free(char *document, const char *code) { cJSON_Delete(expect_error(document, code)); }

cJSON *last_request(emu *e, const char *name) {
    char *text = emu_last_request(e, name);
    cJSON *doc;
    assert_non_null(text);
    doc = cJSON_Parse(text);
    free(text);
    assert_non_null(doc);
    return doc;
}

void sleep_ms(long ms) {
    struct timespec ts;
    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (ms % 1000) * 1000000L;
    nanosleep(&ts, NULL);
}

long counter(emu *e, const char *name) {
    long value = emu_counter(e, name);
    assert_true(value >= 0);
    return value;
}

void basic_header(char *out, size_t size, const char *user, const char *password) {
    char pair[512];
    unsigned char encoded[800];
    int n = snprintf(pair, sizeof pair, "%s:%s", user, password);
    EVP_EncodeBlock(encoded, (const unsigned char *)pair, n);
    snprintf(out, size, "Basic %s", (const char *)encoded);
}

ext_session *xmc_session(emu *e, const char *extra) {
    return session_from("{\"profile\":\"xmc\",\"base_url\":\"%s\",\"client_id\":\"" CANARY_XMC_ID
                        "\",\"client_secret\":\"" CANARY_XMC_SECRET "\"%s}",
                        emu_base_url(e), extra);
}

ext_session *xiq_session(emu *e, const char *extra) {
    return session_from("{\"profile\":\"xiq\",\"base_url\":\"%s\",\"username\":\"" CANARY_XIQ_USER
                        "\",\"password\":\"" CANARY_XIQ_PASSWORD "\"%s}",
                        emu_base_url(e), extra);
}

ext_session *oauth2_session(emu *e, const char *extra) {
    return session_from("{\"profile\":\"oauth2\",\"base_url\":\"%s\",\"client_id\":\"" CANARY_OAUTH_ID
                        "\",\"client_secret\":\"" CANARY_OAUTH_SECRET "\"%s}",
                        emu_base_url(e), extra);
}
