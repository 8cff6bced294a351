/* The xmc profile on the wire: client credentials with HTTP Basic at
 * /oauth/token/access-token, then GraphQL at /nbi/graphql. */
#include "test_support.h"

static void test_ext_login_xmc_posts_client_credentials_with_raw_basic_auth(void **state) {
    emu *e = *state;
    ext_session *s = xmc_session(e, "");
    char expected[256];
    cJSON *doc = expect_ok(ext_login(s)), *req;
    assert_string_equal(string_at(doc, "token.type"), "Bearer");
    assert_true(number_at(doc, "token.expires_in") > 3500);
    assert_null(at(doc, "token.access_token"));
    cJSON_Delete(doc);

    req = last_request(e, "xmc_token");
    assert_string_equal(string_at(req, "method"), "POST");
    assert_string_equal(string_at(req, "path"), "/oauth/token/access-token");
    assert_non_null(strstr(string_at(req, "query"), "grant_type=client_credentials"));
    basic_header(expected, sizeof expected, CANARY_XMC_ID, CANARY_XMC_SECRET);
    assert_string_equal(string_at(req, "headers.authorization"), expected);
    assert_non_null(strstr(string_at(req, "headers.content-type"), "application/x-www-form-urlencoded"));
    /* grant_type only in the query, as seed 001's client sends it */
    assert_null(strstr(string_at(req, "body"), "grant_type"));
    assert_null(strstr(string_at(req, "body"), CANARY_XMC_SECRET));
    cJSON_Delete(req);
    assert_int_equal(counter(e, "xmc_token"), 1);
    ext_session_free(s);
}

static void test_ext_graphql_xmc_sends_bearer_query_and_variables(void **state) {
    emu *e = *state;
    ext_session *s = xmc_session(e, "");
    cJSON *doc = expect_ok(ext_graphql(s, "query($n: Int) { network { devices { ip } } }", "{\"n\":3}"));
    cJSON *req, *body;
    assert_int_equal((int)number_at(doc, "status"), 200);
    assert_string_equal(string_at(doc, "data.network.devices.0.ip"), "10.0.0.1");
    assert_int_equal((int)number_at(doc, "data.variables.n"), 3);
    cJSON_Delete(doc);

    req = last_request(e, "graphql");
    assert_string_equal(string_at(req, "method"), "POST");
    assert_string_equal(string_at(req, "path"), "/nbi/graphql");
    assert_int_equal(strncmp(string_at(req, "headers.authorization"), "Bearer ", 7), 0);
    assert_non_null(strstr(string_at(req, "headers.content-type"), "application/json"));
    body = cJSON_Parse(string_at(req, "body"));
    assert_string_equal(string_at(body, "query"), "query($n: Int) { network { devices { ip } } }");
    assert_int_equal((int)number_at(body, "variables.n"), 3);
    cJSON_Delete(body);
    cJSON_Delete(req);
    ext_session_free(s);
}

static void test_ext_graphql_xmc_reuses_token(void **state) {
    emu *e = *state;
    ext_session *s = xmc_session(e, "");
    int i;
    for (i = 0; i < 5; ++i) expect_ok_and_free(ext_graphql(s, "{ a }", NULL));
    assert_int_equal(counter(e, "xmc_token"), 1);
    assert_int_equal(counter(e, "graphql"), 5);
    ext_session_free(s);
}

static void test_ext_graphql_errors_give_graphql_code_and_partial_data(void **state) {
    emu *e = *state;
    ext_session *s = xmc_session(e, "");
    cJSON *doc = expect_error(ext_graphql(s, "{ error }", NULL), "graphql");
    assert_true(cJSON_IsTrue(at(doc, "data.partial")));
    assert_true(cJSON_IsArray(at(doc, "error.errors")));
    assert_non_null(strstr(string_at(doc, "error.errors.0.message"), "error"));
    cJSON_Delete(doc);
    ext_session_free(s);
}

static void test_ext_login_xmc_wrong_secret_is_auth_failed(void **state) {
    emu *e = *state;
    ext_session *s = session_from(
        "{\"profile\":\"xmc\",\"base_url\":\"%s\",\"client_id\":\"xmc-client\","
        "\"client_secret\":\"wrong-secret-value\"}",
        emu_base_url(e));
    cJSON *doc = expect_error(ext_login(s), "auth_failed");
    assert_int_equal((int)number_at(doc, "status"), 401);
    cJSON_Delete(doc);
    ext_session_free(s);
}

static void test_ext_graphql_custom_graphql_path(void **state) {
    emu *e = *state;
    ext_session *s = xmc_session(e, ",\"graphql_path\":\"/graphql\"");
    expect_ok_and_free(ext_graphql(s, "{ a }", NULL));
    cJSON *req = last_request(e, "graphql");
    assert_string_equal(string_at(req, "path"), "/graphql");
    cJSON_Delete(req);
    ext_session_free(s);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup(test_ext_login_xmc_posts_client_credentials_with_raw_basic_auth, reset_emulator),
    cmocka_unit_test_setup(test_ext_graphql_xmc_sends_bearer_query_and_variables, reset_emulator),
    cmocka_unit_test_setup(test_ext_graphql_xmc_reuses_token, reset_emulator),
    cmocka_unit_test_setup(test_ext_graphql_errors_give_graphql_code_and_partial_data, reset_emulator),
    cmocka_unit_test_setup(test_ext_login_xmc_wrong_secret_is_auth_failed, reset_emulator),
    cmocka_unit_test_setup(test_ext_graphql_custom_graphql_path, reset_emulator),
};

TEST_SUITE(tests, group_start_emulator, group_stop_emulator)
