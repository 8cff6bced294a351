/* Result documents: data as the server sent it (every digit, every
 * string), secrets hidden as whole values only, valid JSON whatever the
 * secrets are, and the answer's headers, rate limit and Retry-After. */
#include "test_support.h"

/* A basic session whose password is `password` (a JSON string's contents). */
static ext_session *basic_session_with_password(emu *e, const char *password, const char *extra) {
    char patch[128];
    snprintf(patch, sizeof patch, "{\"basic_password\":\"%s\"}", password);
    assert_int_equal(emu_configure(e, patch), 0);
    return session_from("{\"profile\":\"basic\",\"base_url\":\"%s\",\"username\":\"" CANARY_BASIC_USER
                        "\",\"password\":\"%s\"%s}",
                        emu_base_url(e), password, extra);
}

/* GET /api/answer answered 200 with `body` verbatim (a JSON string's contents). */
static void answer_with(emu *e, const char *body) {
    char fault[512];
    snprintf(fault, sizeof fault, "{\"path\":\"/api/answer\",\"kind\":\"status\",\"status\":200,\"body\":\"%s\"}",
             body);
    assert_int_equal(emu_fault(e, fault), 0);
}

static void test_ext_request_data_keeps_every_digit_and_string(void **state) {
    emu *e = *state;
    ext_session *s = basic_session_with_password(e, CANARY_BASIC_PASSWORD, "");
    char *raw;
    answer_with(e,
                "{\\\"id\\\":9007199254740993,\\\"ratio\\\":1.10,\\\"big\\\":1e400,\\\"name\\\":\\\"caf\\\\u00e9\\\"}");
    raw = ext_request(s, "GET", "/api/answer", NULL);
    assert_non_null(
        strstr(raw, "\"data\":{\"id\":9007199254740993,\"ratio\":1.10,\"big\":1e400,\"name\":\"caf\\u00e9\"}"));
    expect_ok_and_free(raw);
    ext_session_free(s);
}

/* Request bodies and GraphQL variables are sent as given, too. */
static void test_ext_graphql_variables_keep_every_digit(void **state) {
    emu *e = *state;
    ext_session *s = xmc_session(e, "");
    cJSON *req;
    expect_ok_and_free(ext_graphql(s, "query($id: ID) { a }", "{\"id\": 9007199254740993}"));
    req = last_request(e, "graphql");
    assert_non_null(strstr(string_at(req, "body"), "9007199254740993"));
    cJSON_Delete(req);
    expect_ok_and_free(ext_request(s, "POST", "/api/items", "{\"id\":9007199254740993}"));
    req = last_request(e, "api");
    assert_non_null(strstr(string_at(req, "body"), "9007199254740993"));
    cJSON_Delete(req);
    ext_session_free(s);
}

static void test_ext_request_weak_password_redacts_whole_equal_values_only(void **state) {
    emu *e = *state;
    ext_session *s = basic_session_with_password(e, "admin", "");
    cJSON *doc;
    answer_with(e, "{\\\"location\\\":\\\"admin-building\\\",\\\"owner\\\":\\\"admin\\\",\\\"admin\\\":true}");
    doc = expect_ok(ext_request(s, "GET", "/api/answer", NULL));
    assert_string_equal(string_at(doc, "data.location"), "admin-building");
    assert_string_equal(string_at(doc, "data.owner"), "[redacted]");
    assert_true(cJSON_IsTrue(at(doc, "data.admin"))); /* a key is a name: kept */
    cJSON_Delete(doc);
    ext_session_free(s);
}

/* Passwords that look like JSON syntax never break a document. */
static void test_ext_request_any_password_gives_valid_json(void **state) {
    static const char *passwords[] = {"true", "null", "1", "\\\"", "\\\\", "x", "ok", "status", ":"};
    emu *e = *state;
    size_t i;
    for (i = 0; i < sizeof passwords / sizeof *passwords; ++i) {
        ext_session *s = basic_session_with_password(e, passwords[i], "");
        cJSON *doc;
        answer_with(
            e,
            "{\\\"ok\\\":true,\\\"n\\\":1,\\\"s\\\":\\\"x\\\\\\\"1:{\\\",\\\"null\\\":null,\\\"status\\\":\\\"ok\\\"}");
        doc = expect_ok(ext_request(s, "GET", "/api/answer", NULL)); /* fails unless valid JSON */
        assert_int_equal((int)number_at(doc, "status"), 200);
        cJSON_Delete(doc);
        doc = expect_error(ext_request(s, "GET", "/api/status/404", NULL), "http");
        cJSON_Delete(doc);
        ext_session_free(s);
    }
}

/* The client secret (and tokens) hide every value that contains them. */
static void test_ext_graphql_one_character_client_secret_keeps_json_valid(void **state) {
    emu *e = *state;
    ext_session *s;
    cJSON *doc;
    assert_int_equal(emu_configure(e, "{\"xmc_client_secret\":\"1\"}"), 0);
    s = session_from("{\"profile\":\"xmc\",\"base_url\":\"%s\",\"client_id\":\"" CANARY_XMC_ID
                     "\",\"client_secret\":\"1\"}",
                     emu_base_url(e));
    doc = expect_ok(ext_graphql(s, "{ network { devices { ip } } }", NULL));
    assert_string_equal(string_at(doc, "data.network.devices.0.ip"), "[redacted]"); /* 10.0.0.1 contains "1" */
    cJSON_Delete(doc);
    ext_session_free(s);
}

static void test_ext_request_carries_named_response_headers(void **state) {
    emu *e = *state;
    ext_session *s = xiq_session(e, ",\"response_headers\":[\"Link\",\"ETag\",\"X-Not-There\"]");
    cJSON *doc = expect_ok(ext_request(s, "GET", "/devices?page=1&limit=10", NULL));
    assert_non_null(strstr(string_at(doc, "headers.link"), "rel=\"next\""));
    assert_non_null(strstr(string_at(doc, "headers.link"), "page=2"));
    assert_null(at(doc, "headers.etag"));
    assert_null(at(doc, "headers.x-not-there"));
    cJSON_Delete(doc);
    doc = expect_ok(ext_request(s, "GET", "/api/thing", NULL));
    assert_int_equal(string_at(doc, "headers.etag")[0], '"');
    cJSON_Delete(doc);
    ext_session_free(s);
}

static void test_ext_request_reports_rate_limit_headers(void **state) {
    static const char *styles[] = {"ietf", "x"};
    emu *e = *state;
    size_t i;
    for (i = 0; i < 2; ++i) {
        char patch[64];
        ext_session *s = xiq_session(e, "");
        cJSON *doc;
        snprintf(patch, sizeof patch, "{\"rate_limit_headers\":\"%s\",\"quota_limit\":5}", styles[i]);
        assert_int_equal(emu_configure(e, patch), 0);
        doc = expect_ok(ext_request(s, "GET", "/devices", NULL));
        assert_int_equal((int)number_at(doc, "rate_limit.limit"), 5);
        assert_int_equal((int)number_at(doc, "rate_limit.remaining"), 4);
        assert_true(number_at(doc, "rate_limit.reset_s") >= 1);
        cJSON_Delete(doc);
        ext_session_free(s);
    }
}

/* A Retry-After beyond what the call may wait: rate_limited at once, with
 * the server's number, and no retry. */
static void test_ext_request_long_retry_after_is_rate_limited_at_once(void **state) {
    emu *e = *state;
    ext_session *s = xiq_session(e, ",\"deadline_ms\":2000");
    cJSON *doc;
    assert_int_equal(
        emu_fault(e, "{\"path\":\"/api/busy\",\"kind\":\"status\",\"status\":429,\"retry_after\":\"7\",\"count\":3}"),
        0);
    doc = expect_error(ext_request(s, "GET", "/api/busy", NULL), "rate_limited");
    assert_int_equal((int)number_at(doc, "retry_after_s"), 7);
    cJSON_Delete(doc);
    assert_int_equal(counter(e, "api"), 1);
    ext_session_free(s);

    s = xiq_session(e, "");
    assert_int_equal(
        emu_fault(e, "{\"path\":\"/api/down\",\"kind\":\"status\",\"status\":503,\"retry_after\":\"300\",\"count\":3}"),
        0);
    doc = expect_error(ext_request(s, "GET", "/api/down", NULL), "rate_limited");
    assert_int_equal((int)number_at(doc, "status"), 503);
    assert_int_equal((int)number_at(doc, "retry_after_s"), 300);
    cJSON_Delete(doc);
    assert_int_equal(counter(e, "api"), 2);
    ext_session_free(s);
}

/* A server echoing the request shows credentials encoded: the
 * form-encoded client secret, the base64 of the Basic pair. */
static void test_ext_request_hides_encoded_forms_of_secrets(void **state) {
    emu *e = *state;
    ext_session *s = oauth2_session(e, "");
    char basic[256], fault[700];
    cJSON *doc;
    basic_header(basic, sizeof basic, CANARY_OAUTH_ID, CANARY_OAUTH_SECRET);
    snprintf(fault, sizeof fault,
             "{\"path\":\"/api/answer\",\"kind\":\"status\",\"status\":200,\"body\":"
             "{\"form\":\"client_secret=oauth%%2Bsecret%%2FCANARY%%3Dc41d%%21\",\"header\":\"%s\",\"plain\":\"x\"}}",
             basic);
    assert_int_equal(emu_fault(e, fault), 0);
    doc = expect_ok(ext_request(s, "GET", "/api/answer", NULL));
    assert_string_equal(string_at(doc, "data.form"), "[redacted]");
    assert_string_equal(string_at(doc, "data.header"), "[redacted]");
    assert_string_equal(string_at(doc, "data.plain"), "x");
    cJSON_Delete(doc);
    ext_session_free(s);
}

/* The bearer token the emulator last saw, read through a session of its
 * own (which does not know the token, so does not hide it). */
static void last_bearer_token(emu *e, char *out, size_t size) {
    cJSON *req = last_request(e, "graphql");
    const char *header = string_at(req, "headers.authorization");
    assert_int_equal(strncmp(header, "Bearer ", 7), 0);
    snprintf(out, size, "%s", header + 7);
    cJSON_Delete(req);
}

/* A server echoing a token the session has since replaced (twice) gets it
 * hidden too: the last four retired tokens are redacted. */
static void test_ext_request_hides_tokens_replaced_since(void **state) {
    emu *e = *state;
    ext_session *s = xmc_session(e, "");
    char old_token[128], fault[512];
    cJSON *doc;
    expect_ok_and_free(ext_graphql(s, "{ a }", NULL));
    last_bearer_token(e, old_token, sizeof old_token);
    expect_ok_and_free(ext_token_refresh(s));
    expect_ok_and_free(ext_token_refresh(s));
    snprintf(fault, sizeof fault,
             "{\"path\":\"/api/answer\",\"kind\":\"status\",\"status\":200,\"body\":{\"seen\":\"Bearer %s\"}}",
             old_token);
    assert_int_equal(emu_fault(e, fault), 0);
    doc = expect_ok(ext_request(s, "GET", "/api/answer", NULL));
    assert_string_equal(string_at(doc, "data.seen"), "[redacted]");
    cJSON_Delete(doc);
    ext_session_free(s);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup(test_ext_request_data_keeps_every_digit_and_string, reset_emulator),
    cmocka_unit_test_setup(test_ext_graphql_variables_keep_every_digit, reset_emulator),
    cmocka_unit_test_setup(test_ext_request_weak_password_redacts_whole_equal_values_only, reset_emulator),
    cmocka_unit_test_setup(test_ext_request_any_password_gives_valid_json, reset_emulator),
    cmocka_unit_test_setup(test_ext_graphql_one_character_client_secret_keeps_json_valid, reset_emulator),
    cmocka_unit_test_setup(test_ext_request_carries_named_response_headers, reset_emulator),
    cmocka_unit_test_setup(test_ext_request_reports_rate_limit_headers, reset_emulator),
    cmocka_unit_test_setup(test_ext_request_long_retry_after_is_rate_limited_at_once, reset_emulator),
    cmocka_unit_test_setup(test_ext_request_hides_encoded_forms_of_secrets, reset_emulator),
    cmocka_unit_test_setup(test_ext_request_hides_tokens_replaced_since, reset_emulator),
};

TEST_SUITE(tests, group_start_emulator, group_stop_emulator)
