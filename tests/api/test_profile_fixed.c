/* basic, bearer and apikey: a fixed credential on every request, no token
 * endpoint, no re-authentication on 401. */
#include "test_support.h"

#include <strings.h>

static void test_ext_request_basic_sends_http_basic(void **state) {
    emu *e = *state;
    ext_session *s = session_from("{\"profile\":\"basic\",\"base_url\":\"%s\",\"username\":\"" CANARY_BASIC_USER
                                  "\",\"password\":\"" CANARY_BASIC_PASSWORD "\"}",
                                  emu_base_url(e));
    char expected[256];
    cJSON *doc = expect_ok(ext_login(s)), *req;
    assert_string_equal(string_at(doc, "token.type"), "Basic");
    assert_true(cJSON_IsNull(at(doc, "token.expires_at")));
    cJSON_Delete(doc);
    doc = expect_ok(ext_request(s, "GET", "/api/x", NULL));
    assert_string_equal(string_at(doc, "data.auth"), "basic");
    cJSON_Delete(doc);
    req = last_request(e, "api");
    basic_header(expected, sizeof expected, CANARY_BASIC_USER, CANARY_BASIC_PASSWORD);
    assert_string_equal(string_at(req, "headers.authorization"), expected);
    cJSON_Delete(req);
    ext_session_free(s);
}

static void test_ext_request_bearer_sends_static_token(void **state) {
    emu *e = *state;
    ext_session *s = session_from("{\"profile\":\"bearer\",\"base_url\":\"%s\",\"token\":\"" CANARY_STATIC_TOKEN "\"}",
                                  emu_base_url(e));
    cJSON *req;
    expect_ok_and_free(ext_request(s, "PATCH", "/api/x", "{\"a\":1}"));
    req = last_request(e, "api");
    assert_string_equal(string_at(req, "method"), "PATCH");
    assert_string_equal(string_at(req, "headers.authorization"), "Bearer " CANARY_STATIC_TOKEN);
    cJSON_Delete(req);
    ext_session_free(s);
}

static void test_ext_request_apikey_uses_configured_header(void **state) {
    emu *e = *state;
    ext_session *s = session_from("{\"profile\":\"apikey\",\"base_url\":\"%s\",\"api_key\":\"" CANARY_API_KEY
                                  "\",\"api_key_header\":\"X-Custom-Key\"}",
                                  emu_base_url(e));
    cJSON *doc, *req;
    assert_int_equal(emu_configure(e, "{\"api_key_header\":\"X-Custom-Key\"}"), 0);
    doc = expect_ok(ext_request(s, "GET", "/api/x", NULL));
    assert_string_equal(string_at(doc, "data.auth"), "apikey");
    cJSON_Delete(doc);
    req = last_request(e, "api");
    assert_string_equal(string_at(req, "headers.x-custom-key"), CANARY_API_KEY);
    assert_null(at(req, "headers.authorization"));
    cJSON_Delete(req);
    ext_session_free(s);
}

static void test_ext_request_fixed_credential_401_is_not_retried(void **state) {
    emu *e = *state;
    ext_session *s =
        session_from("{\"profile\":\"apikey\",\"base_url\":\"%s\",\"api_key\":\"wrong-api-key\"}", emu_base_url(e));
    cJSON *doc = expect_error(ext_request(s, "GET", "/api/x", NULL), "auth_failed");
    assert_int_equal((int)number_at(doc, "status"), 401);
    cJSON_Delete(doc);
    assert_int_equal(counter(e, "unauthorized"), 1);
    ext_session_free(s);
}

/* Seed 000: the API key in the query string, percent-encoded. */
static void test_ext_request_apikey_in_query_parameter(void **state) {
    emu *e = *state;
    ext_session *s = session_from(
        "{\"profile\":\"apikey\",\"base_url\":\"%s\",\"api_key\":\"k+y&=1\","
        "\"api_key_query\":\"api_key\"}",
        emu_base_url(e));
    cJSON *req, *info, *doc;
    assert_int_equal(emu_configure(e, "{\"api_key\":\"k+y&=1\",\"api_key_query\":\"api_key\"}"), 0);
    doc = expect_ok(ext_request(s, "GET", "/api/x?page=2", NULL));
    assert_string_equal(string_at(doc, "data.auth"), "apikey");
    cJSON_Delete(doc);
    req = last_request(e, "api");
    assert_int_equal(strcasecmp(string_at(req, "query"), "page=2&api_key=k%2By%26%3D1"), 0);
    assert_null(at(req, "headers.x-api-key"));
    cJSON_Delete(req);
    /* the exchange log never shows a query */
    info = expect_ok(ext_session_info(s));
    assert_null(strstr(string_at(info, "exchanges.0.url"), "?"));
    cJSON_Delete(info);
    ext_session_free(s);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup(test_ext_request_basic_sends_http_basic, reset_emulator),
    cmocka_unit_test_setup(test_ext_request_bearer_sends_static_token, reset_emulator),
    cmocka_unit_test_setup(test_ext_request_apikey_uses_configured_header, reset_emulator),
    cmocka_unit_test_setup(test_ext_request_apikey_in_query_parameter, reset_emulator),
    cmocka_unit_test_setup(test_ext_request_fixed_credential_401_is_not_retried, reset_emulator),
};

TEST_SUITE(tests, group_start_emulator, group_stop_emulator)
