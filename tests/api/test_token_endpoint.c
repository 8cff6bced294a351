/* Token answers that real servers send (SPEC "Token answers that real
 * servers send"): errors in a 200, error_uri, XIQ's error body, tokens a
 * header cannot carry, and a JWT exp behind the server's clock. */
#include "test_support.h"

static void test_ext_login_200_with_oauth_error_is_auth_failed(void **state) {
    emu *e = *state;
    ext_session *s = oauth2_session(e, "");
    cJSON *doc;
    assert_int_equal(emu_fault(e,
                               "{\"path\":\"/oauth2/token\",\"kind\":\"status\",\"status\":200,\"body\":"
                               "{\"error\":\"invalid_client\",\"error_description\":\"unknown client\","
                               "\"error_uri\":\"https://idp.example/errors/invalid_client\"}}"),
                     0);
    doc = expect_error(ext_login(s), "auth_failed");
    assert_int_equal((int)number_at(doc, "status"), 200);
    assert_string_equal(string_at(doc, "error.oauth.error"), "invalid_client");
    assert_string_equal(string_at(doc, "error.oauth.error_description"), "unknown client");
    assert_string_equal(string_at(doc, "error.oauth.error_uri"), "https://idp.example/errors/invalid_client");
    assert_non_null(strstr(string_at(doc, "error.message"), "invalid_client"));
    cJSON_Delete(doc);
    ext_session_free(s);
}

/* A token answer that is no JSON names the type the server sent. */
static void test_ext_login_non_json_answer_names_its_content_type(void **state) {
    emu *e = *state;
    ext_session *s = oauth2_session(e, "");
    cJSON *doc;
    assert_int_equal(emu_fault(e,
                               "{\"path\":\"/oauth2/token\",\"kind\":\"status\",\"status\":200,\"body\":"
                               "\"<html>sign in</html>\",\"content_type\":\"text/html; charset=utf-8\"}"),
                     0);
    doc = expect_error(ext_login(s), "invalid_response");
    assert_string_equal(string_at(doc, "error.message"),
                        "the token endpoint answered text/html; charset=utf-8 instead of JSON");
    cJSON_Delete(doc);
    ext_session_free(s);
}

static void test_ext_login_xiq_failure_keeps_error_body_in_data(void **state) {
    emu *e = *state;
    ext_session *s = xiq_session(e, "");
    cJSON *doc;
    assert_int_equal(
        emu_fault(e,
                  "{\"path\":\"/login\",\"kind\":\"status\",\"status\":401,\"body\":"
                  "\"{\\\"error_code\\\":\\\"AUTHENTICATION_FAILED\\\",\\\"error_id\\\":\\\"5d2c9e0a\\\","
                  "\\\"error_message\\\":\\\"Invalid login credentials\\\",\\\"trace\\\":12345678901234567}\"}"),
        0);
    doc = expect_error(ext_login(s), "auth_failed");
    assert_string_equal(string_at(doc, "data.error_code"), "AUTHENTICATION_FAILED");
    assert_string_equal(string_at(doc, "data.error_id"), "5d2c9e0a");
    assert_string_equal(string_at(doc, "error.message"), "Invalid login credentials");
    cJSON_Delete(doc);
    ext_session_free(s);
}

/* A token answer whose access_token would inject a header: refused, and
 * nothing is sent with it. */
static void test_ext_graphql_token_with_crlf_is_invalid_response_and_never_sent(void **state) {
    static const char *tokens[] = {"tok\\r\\nX-Injected: yes", "tok en", "tok\\u0001"};
    emu *e = *state;
    size_t i;
    for (i = 0; i < sizeof tokens / sizeof *tokens; ++i) {
        char fault[512];
        ext_session *s = xmc_session(e, "");
        snprintf(fault, sizeof fault,
                 "{\"path\":\"/oauth/token/access-token\",\"kind\":\"status\",\"status\":200,\"body\":"
                 "{\"access_token\":\"%s\",\"token_type\":\"Bearer\",\"expires_in\":3600}}",
                 tokens[i]);
        assert_int_equal(emu_fault(e, fault), 0);
        expect_error_and_free(ext_graphql(s, "{ a }", NULL), "invalid_response");
        assert_int_equal(counter(e, "graphql"), 0);
        ext_session_free(s);
    }
}

static void test_ext_login_refresh_token_with_crlf_is_invalid_response(void **state) {
    emu *e = *state;
    ext_session *s = oauth2_session(e, "");
    assert_int_equal(emu_fault(e,
                               "{\"path\":\"/oauth2/token\",\"kind\":\"status\",\"status\":200,\"body\":"
                               "{\"access_token\":\"fine\",\"refresh_token\":\"r\\r\\nX: 1\",\"expires_in\":60}}"),
                     0);
    expect_error_and_free(ext_login(s), "invalid_response");
    ext_session_free(s);
}

/* exp before the server's Date: a server bug, not a dead token; expires_in
 * governs, and the token is used for many calls. */
static void test_ext_request_xiq_jwt_exp_behind_server_clock_is_ignored(void **state) {
    emu *e = *state;
    ext_session *s = xiq_session(e, "");
    cJSON *doc;
    int i;
    assert_int_equal(emu_configure(e, "{\"jwt_exp_offset_s\":-30}"), 0);
    doc = expect_ok(ext_login(s));
    assert_true(number_at(doc, "token.expires_in") > 3500);
    cJSON_Delete(doc);
    for (i = 0; i < 5; ++i) expect_ok_and_free(ext_request(s, "GET", "/devices?page=1&limit=5", NULL));
    assert_int_equal(counter(e, "xiq_login"), 1);
    ext_session_free(s);
}

static void test_ext_login_token_params_and_extension_grant_reach_the_server(void **state) {
    emu *e = *state;
    ext_session *s =
        oauth2_session(e,
                       ",\"grant_type\":\"urn:cisco:nfv:oauth:grant-type:switch-tenant\","
                       "\"token_params\":{\"tenant_id\":\"7f3c-tenant\",\"audience\":\"https://api.example\"}");
    cJSON *req;
    expect_ok_and_free(ext_login(s));
    assert_int_equal(counter(e, "oauth_token_urn:cisco:nfv:oauth:grant-type:switch-tenant"), 1);
    req = last_request(e, "oauth_token");
    assert_non_null(
        strstr(string_at(req, "body"), "grant_type=urn%3Acisco%3Anfv%3Aoauth%3Agrant-type%3Aswitch-tenant"));
    assert_non_null(strstr(string_at(req, "body"), "tenant_id=7f3c-tenant"));
    assert_non_null(strstr(string_at(req, "body"), "audience=https%3A%2F%2Fapi.example"));
    cJSON_Delete(req);
    /* the extension grant issued a refresh token: renewal uses it */
    expect_ok_and_free(ext_token_refresh(s));
    assert_int_equal(counter(e, "oauth_token_refresh_token"), 1);
    ext_session_free(s);
}

static void test_ext_login_xiq_token_params_join_the_json_body(void **state) {
    emu *e = *state;
    ext_session *s = xiq_session(e, ",\"token_params\":{\"org\":\"cust001\"}");
    cJSON *req, *body;
    expect_ok_and_free(ext_login(s));
    req = last_request(e, "xiq_login");
    body = cJSON_Parse(string_at(req, "body"));
    assert_string_equal(string_at(body, "org"), "cust001");
    assert_string_equal(string_at(body, "username"), CANARY_XIQ_USER);
    cJSON_Delete(body);
    cJSON_Delete(req);
    ext_session_free(s);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup(test_ext_login_200_with_oauth_error_is_auth_failed, reset_emulator),
    cmocka_unit_test_setup(test_ext_login_non_json_answer_names_its_content_type, reset_emulator),
    cmocka_unit_test_setup(test_ext_login_xiq_failure_keeps_error_body_in_data, reset_emulator),
    cmocka_unit_test_setup(test_ext_graphql_token_with_crlf_is_invalid_response_and_never_sent, reset_emulator),
    cmocka_unit_test_setup(test_ext_login_refresh_token_with_crlf_is_invalid_response, reset_emulator),
    cmocka_unit_test_setup(test_ext_request_xiq_jwt_exp_behind_server_clock_is_ignored, reset_emulator),
    cmocka_unit_test_setup(test_ext_login_token_params_and_extension_grant_reach_the_server, reset_emulator),
    cmocka_unit_test_setup(test_ext_login_xiq_token_params_join_the_json_body, reset_emulator),
};

TEST_SUITE(tests, group_start_emulator, group_stop_emulator)
