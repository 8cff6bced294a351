/* The xiq profile: JSON login answered by a JWT, bearer REST calls with
 * pagination, and server-side revocation on logout. */
#include "test_support.h"

static void test_ext_login_xiq_posts_json_credentials(void **state) {
    emu *e = *state;
    ext_session *s = xiq_session(e, "");
    cJSON *doc = expect_ok(ext_login(s)), *req, *body;
    assert_string_equal(string_at(doc, "token.type"), "Bearer");
    assert_false(cJSON_IsTrue(at(doc, "token.refreshable")));
    cJSON_Delete(doc);
    req = last_request(e, "xiq_login");
    assert_string_equal(string_at(req, "method"), "POST");
    assert_string_equal(string_at(req, "path"), "/login");
    assert_non_null(strstr(string_at(req, "headers.content-type"), "application/json"));
    body = cJSON_Parse(string_at(req, "body"));
    assert_string_equal(string_at(body, "username"), CANARY_XIQ_USER);
    assert_string_equal(string_at(body, "password"), CANARY_XIQ_PASSWORD);
    cJSON_Delete(body);
    cJSON_Delete(req);
    ext_session_free(s);
}

/* The JWT's exp is read against the server's Date, so a server clock 50
 * minutes behind ours neither expires the token early nor prolongs it. */
static void test_ext_login_xiq_jwt_exp_is_read_against_server_date(void **state) {
    emu *e = *state;
    ext_session *s = xiq_session(e, "");
    cJSON *doc;
    double left;
    assert_int_equal(emu_configure(e, "{\"date_skew_s\":-3000,\"token_lifetime_s\":3600,\"jwt_exp_offset_s\":600}"), 0);
    doc = expect_ok(ext_login(s));
    left = number_at(doc, "token.expires_in");
    assert_true(left >= 590 && left <= 600);
    cJSON_Delete(doc);
    ext_session_free(s);
}

static void test_ext_request_xiq_devices_pagination(void **state) {
    emu *e = *state;
    ext_session *s = xiq_session(e, "");
    cJSON *doc = expect_ok(ext_request(s, "GET", "/devices?page=3&limit=10", NULL)), *req;
    assert_int_equal((int)number_at(doc, "data.page"), 3);
    assert_int_equal((int)number_at(doc, "data.count"), 5);
    assert_int_equal((int)number_at(doc, "data.total_pages"), 3);
    assert_int_equal((int)number_at(doc, "data.total_count"), 25);
    assert_int_equal(cJSON_GetArraySize(at(doc, "data.data")), 5);
    cJSON_Delete(doc);
    req = last_request(e, "devices");
    assert_string_equal(string_at(req, "query"), "page=3&limit=10");
    assert_int_equal(strncmp(string_at(req, "headers.authorization"), "Bearer ", 7), 0);
    cJSON_Delete(req);
    ext_session_free(s);
}

/* After logout the server refuses the old token: a bearer session holding
 * it (obtained with expose_token) gets auth_failed. */
static void test_ext_logout_xiq_revokes_token_server_side(void **state) {
    emu *e = *state;
    ext_session *s = xiq_session(e, ",\"expose_token\":true"), *holder;
    cJSON *doc = expect_ok(ext_login(s)), *req;
    char token[4096];
    snprintf(token, sizeof token, "%s", string_at(doc, "token.access_token"));
    cJSON_Delete(doc);
    holder = session_from("{\"profile\":\"bearer\",\"base_url\":\"%s\",\"token\":\"%s\"}", emu_base_url(e), token);
    expect_ok_and_free(ext_request(holder, "GET", "/devices?page=1&limit=1", NULL));

    doc = expect_ok(ext_logout(s));
    assert_true(cJSON_IsTrue(at(doc, "revoked")));
    cJSON_Delete(doc);
    req = last_request(e, "xiq_logout");
    assert_string_equal(string_at(req, "method"), "POST");
    assert_int_equal(strncmp(string_at(req, "headers.authorization"), "Bearer ", 7), 0);
    cJSON_Delete(req);
    expect_error_and_free(ext_request(holder, "GET", "/devices?page=1&limit=1", NULL), "auth_failed");

    doc = expect_ok(ext_session_info(s));
    assert_false(cJSON_IsTrue(at(doc, "has_token")));
    cJSON_Delete(doc);
    /* The next call logs in again. */
    expect_ok_and_free(ext_request(s, "GET", "/devices?page=1&limit=1", NULL));
    assert_int_equal(counter(e, "xiq_login"), 2);
    ext_session_free(holder);
    ext_session_free(s);
}

static void test_ext_request_xiq_quota_exceeded_is_rate_limited(void **state) {
    emu *e = *state;
    ext_session *s = xiq_session(e, "");
    cJSON *doc;
    assert_int_equal(emu_configure(e, "{\"quota_limit\":1,\"quota_window_s\":60}"), 0);
    expect_ok_and_free(ext_request(s, "GET", "/devices?page=1&limit=1", NULL));
    /* The quota's Retry-After (the rest of a 60 s window) is honoured by
     * the transport tests; here no retry is allowed. */
    ext_session_free(s);
    s = xiq_session(e, ",\"retries\":0");
    doc = expect_error(ext_request(s, "GET", "/devices?page=1&limit=1", NULL), "rate_limited");
    assert_int_equal((int)number_at(doc, "status"), 429);
    cJSON_Delete(doc);
    assert_int_equal(counter(e, "rate_limited"), 1);
    ext_session_free(s);
}

static void test_ext_login_xiq_wrong_password_is_auth_failed(void **state) {
    emu *e = *state;
    ext_session *s = session_from("{\"profile\":\"xiq\",\"base_url\":\"%s\",\"username\":\"" CANARY_XIQ_USER
                                  "\",\"password\":\"not-the-password\"}",
                                  emu_base_url(e));
    cJSON *doc = expect_error(ext_login(s), "auth_failed");
    assert_int_equal((int)number_at(doc, "status"), 401);
    cJSON_Delete(doc);
    ext_session_free(s);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup(test_ext_login_xiq_posts_json_credentials, reset_emulator),
    cmocka_unit_test_setup(test_ext_login_xiq_jwt_exp_is_read_against_server_date, reset_emulator),
    cmocka_unit_test_setup(test_ext_request_xiq_devices_pagination, reset_emulator),
    cmocka_unit_test_setup(test_ext_logout_xiq_revokes_token_server_side, reset_emulator),
    cmocka_unit_test_setup(test_ext_request_xiq_quota_exceeded_is_rate_limited, reset_emulator),
    cmocka_unit_test_setup(test_ext_login_xiq_wrong_password_is_auth_failed, reset_emulator),
};

TEST_SUITE(tests, group_start_emulator, group_stop_emulator)
