/* The oauth2 profile to the letter of RFC 6749 and RFC 7009: client
 * authentication, grants, scope, refresh rotation, fallback, revocation. */
#include "test_support.h"

#define PASSWORD_GRANT \
    ",\"grant_type\":\"password\",\"username\":\"" CANARY_OAUTH_USER "\",\"password\":\"" CANARY_OAUTH_PASSWORD "\""

static void test_ext_login_oauth2_client_credentials_basic_auth_and_scope(void **state) {
    emu *e = *state;
    ext_session *s = oauth2_session(e, ",\"scope\":\"read write\"");
    char expected[256];
    cJSON *doc = expect_ok(ext_login(s)), *req;
    const char *body;
    assert_string_equal(string_at(doc, "token.scope"), "read write");
    cJSON_Delete(doc);
    req = last_request(e, "oauth_token");
    basic_header(expected, sizeof expected, CANARY_OAUTH_ID, CANARY_OAUTH_SECRET);
    assert_string_equal(string_at(req, "headers.authorization"), expected);
    assert_non_null(strstr(string_at(req, "headers.content-type"), "application/x-www-form-urlencoded"));
    body = string_at(req, "body");
    assert_non_null(strstr(body, "grant_type=client_credentials"));
    assert_non_null(strstr(body, "scope=read%20write"));
    assert_null(strstr(body, "client_secret"));
    cJSON_Delete(req);
    ext_session_free(s);
}

static void test_ext_login_oauth2_client_auth_body(void **state) {
    emu *e = *state;
    ext_session *s = oauth2_session(e, ",\"client_auth\":\"body\"");
    cJSON *req;
    assert_int_equal(emu_configure(e, "{\"client_auth\":\"body\"}"), 0);
    expect_ok_and_free(ext_login(s));
    req = last_request(e, "oauth_token");
    assert_null(at(req, "headers.authorization"));
    assert_non_null(strstr(string_at(req, "body"), "client_id=" CANARY_OAUTH_ID));
    /* form-encoded, as every form value is */
    assert_non_null(strstr(string_at(req, "body"), "client_secret=oauth%2Bsecret%2FCANARY%3Dc41d%21"));
    cJSON_Delete(req);
    ext_session_free(s);
}

static void test_ext_login_oauth2_invalid_client_keeps_oauth_error(void **state) {
    emu *e = *state;
    ext_session *s = session_from(
        "{\"profile\":\"oauth2\",\"base_url\":\"%s\",\"client_id\":\"oauth-client\","
        "\"client_secret\":\"not-the-secret\"}",
        emu_base_url(e));
    cJSON *doc = expect_error(ext_login(s), "auth_failed");
    assert_int_equal((int)number_at(doc, "status"), 401);
    assert_string_equal(string_at(doc, "error.oauth.error"), "invalid_client");
    assert_non_null(strstr(string_at(doc, "error.message"), "invalid_client"));
    cJSON_Delete(doc);
    ext_session_free(s);
}

static void test_ext_login_oauth2_password_grant_sends_user_credentials(void **state) {
    emu *e = *state;
    ext_session *s = oauth2_session(e, PASSWORD_GRANT);
    cJSON *doc = expect_ok(ext_login(s)), *req;
    assert_true(cJSON_IsTrue(at(doc, "token.refreshable")));
    cJSON_Delete(doc);
    req = last_request(e, "oauth_token");
    assert_non_null(strstr(string_at(req, "body"), "grant_type=password"));
    assert_non_null(strstr(string_at(req, "body"), "username=" CANARY_OAUTH_USER));
    cJSON_Delete(req);
    assert_int_equal(counter(e, "oauth_token_password"), 1);
    ext_session_free(s);
}

/* Each refresh rotates the refresh token; using the old one again would be
 * invalid_grant and force a second password login, which must not happen. */
static void test_ext_token_refresh_oauth2_keeps_rotated_refresh_token(void **state) {
    emu *e = *state;
    ext_session *s = oauth2_session(e, PASSWORD_GRANT);
    cJSON *req;
    expect_ok_and_free(ext_login(s));
    expect_ok_and_free(ext_token_refresh(s));
    expect_ok_and_free(ext_token_refresh(s));
    expect_ok_and_free(ext_request(s, "GET", "/api/x", NULL));
    assert_int_equal(counter(e, "oauth_token_password"), 1);
    assert_int_equal(counter(e, "oauth_token_refresh_token"), 2);
    req = last_request(e, "oauth_token_refresh_token");
    assert_non_null(strstr(string_at(req, "body"), "grant_type=refresh_token"));
    assert_non_null(strstr(string_at(req, "body"), "refresh_token="));
    cJSON_Delete(req);
    ext_session_free(s);
}

static void test_ext_token_refresh_oauth2_rejected_refresh_token_falls_back_to_login(void **state) {
    emu *e = *state;
    ext_session *s = oauth2_session(e, PASSWORD_GRANT);
    expect_ok_and_free(ext_login(s));
    reset_emulator(state); /* the server forgets every token it issued */
    expect_ok_and_free(ext_token_refresh(s));
    assert_int_equal(counter(e, "oauth_token_refresh_token"), 1);
    assert_int_equal(counter(e, "oauth_token_password"), 1);
    expect_ok_and_free(ext_request(s, "GET", "/api/x", NULL));
    ext_session_free(s);
}

static void test_ext_request_oauth2_401_uses_refresh_token_once(void **state) {
    emu *e = *state;
    ext_session *s = oauth2_session(e, PASSWORD_GRANT);
    cJSON *doc;
    expect_ok_and_free(ext_login(s));
    assert_int_equal(emu_fault(e, "{\"path\":\"/api/x\",\"kind\":\"status\",\"status\":401,\"count\":1}"), 0);
    expect_ok_and_free(ext_request(s, "GET", "/api/x", NULL));
    assert_int_equal(counter(e, "oauth_token_refresh_token"), 1);
    assert_int_equal(counter(e, "api"), 2);
    doc = expect_ok(ext_session_info(s));
    assert_int_equal((int)number_at(doc, "counters.reauths"), 1);
    cJSON_Delete(doc);
    ext_session_free(s);
}

static void test_ext_logout_oauth2_revokes_refresh_and_access_token(void **state) {
    emu *e = *state;
    char extra[512];
    ext_session *s;
    cJSON *doc, *req;
    snprintf(extra, sizeof extra, PASSWORD_GRANT ",\"revoke_url\":\"%s/oauth2/revoke\"", emu_base_url(e));
    s = oauth2_session(e, extra);
    expect_ok_and_free(ext_login(s));
    doc = expect_ok(ext_logout(s));
    assert_true(cJSON_IsTrue(at(doc, "revoked")));
    cJSON_Delete(doc);
    assert_int_equal(counter(e, "oauth_revoke"), 2);
    req = last_request(e, "oauth_revoke");
    assert_non_null(strstr(string_at(req, "body"), "token_type_hint=access_token"));
    assert_non_null(strstr(string_at(req, "headers.authorization"), "Basic "));
    cJSON_Delete(req);
    ext_session_free(s);
}

static void test_ext_logout_oauth2_without_revoke_url_forgets_locally(void **state) {
    emu *e = *state;
    ext_session *s = oauth2_session(e, "");
    cJSON *doc;
    expect_ok_and_free(ext_login(s));
    doc = expect_ok(ext_logout(s));
    assert_false(cJSON_IsTrue(at(doc, "revoked")));
    cJSON_Delete(doc);
    assert_int_equal(counter(e, "oauth_revoke"), 0);
    ext_session_free(s);
}

static void test_ext_login_oauth2_absolute_token_url(void **state) {
    emu *e = *state;
    char extra[256];
    ext_session *s;
    snprintf(extra, sizeof extra, ",\"token_url\":\"%s/oauth2/token\"", emu_base_url(e));
    s = oauth2_session(e, extra);
    expect_ok_and_free(ext_login(s));
    assert_int_equal(counter(e, "oauth_token_client_credentials"), 1);
    ext_session_free(s);
}

/* Logs in with the password grant (so there is a refresh token) and logs out. */
static cJSON *login_and_logout(emu *e) {
    char extra[512];
    ext_session *s;
    cJSON *doc;
    snprintf(extra, sizeof extra, PASSWORD_GRANT ",\"revoke_url\":\"/oauth2/revoke\",\"expose_token\":true");
    s = oauth2_session(e, extra);
    expect_ok_and_free(ext_login(s));
    doc = take(ext_logout(s));
    ext_session_free(s);
    return doc;
}

static void test_ext_logout_oauth2_204_revocation_is_success(void **state) {
    emu *e = *state;
    cJSON *doc;
    assert_int_equal(emu_configure(e, "{\"revoke_status\":204}"), 0);
    doc = login_and_logout(e);
    assert_true(cJSON_IsTrue(at(doc, "ok")));
    assert_true(cJSON_IsTrue(at(doc, "revoked")));
    cJSON_Delete(doc);
    assert_int_equal(counter(e, "oauth_revoke"), 2);
}

static void test_ext_logout_oauth2_unsupported_token_type_is_not_a_failure(void **state) {
    emu *e = *state;
    cJSON *doc, *req;
    assert_int_equal(emu_configure(e, "{\"revoke_unsupported\":\"refresh_token\"}"), 0);
    doc = login_and_logout(e);
    assert_true(cJSON_IsTrue(at(doc, "ok")));
    assert_true(cJSON_IsTrue(at(doc, "revoked"))); /* the access token was */
    cJSON_Delete(doc);
    req = last_request(e, "oauth_revoke");
    assert_non_null(strstr(string_at(req, "body"), "token_type_hint=access_token"));
    cJSON_Delete(req);
}

/* The refresh token's revocation fails: the access token is still revoked,
 * and the failure is reported. */
static void test_ext_logout_oauth2_revokes_access_token_after_refresh_revocation_fails(void **state) {
    emu *e = *state;
    cJSON *doc, *req;
    assert_int_equal(emu_fault(e, "{\"path\":\"/oauth2/revoke\",\"kind\":\"status\",\"status\":500,\"count\":1}"), 0);
    doc = login_and_logout(e);
    assert_string_equal(string_at(doc, "error.code"), "http");
    cJSON_Delete(doc);
    assert_int_equal(counter(e, "oauth_revoke"), 2);
    req = last_request(e, "oauth_revoke");
    assert_non_null(strstr(string_at(req, "body"), "token_type_hint=access_token"));
    cJSON_Delete(req);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup(test_ext_login_oauth2_client_credentials_basic_auth_and_scope, reset_emulator),
    cmocka_unit_test_setup(test_ext_login_oauth2_client_auth_body, reset_emulator),
    cmocka_unit_test_setup(test_ext_login_oauth2_invalid_client_keeps_oauth_error, reset_emulator),
    cmocka_unit_test_setup(test_ext_login_oauth2_password_grant_sends_user_credentials, reset_emulator),
    cmocka_unit_test_setup(test_ext_token_refresh_oauth2_keeps_rotated_refresh_token, reset_emulator),
    cmocka_unit_test_setup(test_ext_token_refresh_oauth2_rejected_refresh_token_falls_back_to_login, reset_emulator),
    cmocka_unit_test_setup(test_ext_request_oauth2_401_uses_refresh_token_once, reset_emulator),
    cmocka_unit_test_setup(test_ext_logout_oauth2_revokes_refresh_and_access_token, reset_emulator),
    cmocka_unit_test_setup(test_ext_logout_oauth2_without_revoke_url_forgets_locally, reset_emulator),
    cmocka_unit_test_setup(test_ext_login_oauth2_absolute_token_url, reset_emulator),
    cmocka_unit_test_setup(test_ext_logout_oauth2_204_revocation_is_success, reset_emulator),
    cmocka_unit_test_setup(test_ext_logout_oauth2_unsupported_token_type_is_not_a_failure, reset_emulator),
    cmocka_unit_test_setup(test_ext_logout_oauth2_revokes_access_token_after_refresh_revocation_fails, reset_emulator),
};

TEST_SUITE(tests, group_start_emulator, group_stop_emulator)
