/* Configuration: every key's type is checked and named in the error,
 * unknown keys are refused, *_env keys read the environment. */
#include "test_support.h"

#define BASE "\"profile\":\"xiq\",\"base_url\":\"https://xiq.example\",\"username\":\"u\""

/* Asserts the config is refused with invalid_config naming `key`, both in
 * a call and in ext_session_info. */
static void assert_config_refused(const char *config, const char *key) {
    ext_session *s = ext_session_new(config);
    cJSON *doc;
    assert_non_null(s);
    doc = expect_error(ext_login(s), "invalid_config");
    if (strcmp(string_at(doc, "error.key"), key) != 0)
        fail_msg("config %s: key %s, expected %s", config, string_at(doc, "error.key"), key);
    assert_non_null(strstr(string_at(doc, "error.message"), key));
    cJSON_Delete(doc);
    doc = expect_ok(ext_session_info(s));
    assert_string_equal(string_at(doc, "config_error.key"), key);
    cJSON_Delete(doc);
    ext_session_free(s);
}

/* Each {member, key}: an xiq config with that member is refused naming key. */
static void assert_each_refused(const char *cases[][2], size_t count) {
    size_t i;
    for (i = 0; i < count; ++i) {
        char config[512];
        snprintf(config, sizeof config, "{" BASE ",\"password\":\"p\",%s}", cases[i][0]);
        assert_config_refused(config, cases[i][1]);
    }
}

static void test_config_unknown_key_is_named(void **state) {
    (void)state;
    assert_config_refused("{" BASE ",\"password\":\"p\",\"pasword\":\"typo\"}", "pasword");
}

static void test_config_wrong_types_are_named(void **state) {
    static const char *cases[][2] = {
        {"\"profile\":\"nope\"", "profile"},
        {"\"timeout_ms\":\"fast\"", "timeout_ms"},
        {"\"timeout_ms\":1.5", "timeout_ms"},
        {"\"timeout_ms\":0", "timeout_ms"},
        {"\"connect_timeout_ms\":-1", "connect_timeout_ms"},
        {"\"retries\":true", "retries"},
        {"\"retries\":11", "retries"},
        {"\"refresh_leeway_s\":\"60\"", "refresh_leeway_s"},
        {"\"verify_tls\":\"yes\"", "verify_tls"},
        {"\"allow_http\":1", "allow_http"},
        {"\"expose_token\":{}", "expose_token"},
        {"\"max_response_bytes\":0", "max_response_bytes"},
        {"\"grant_type\":\"implicit\"", "grant_type"},
        {"\"client_auth\":\"jwt\"", "client_auth"},
        {"\"scope\":[\"a\"]", "scope"},
        {"\"token_cache\":\"\"", "token_cache"},
        {"\"ca_file\":5", "ca_file"},
        {"\"user_agent\":false", "user_agent"},
        {"\"api_key_header\":\"\"", "api_key_header"},
        {"\"graphql_path\":\"nbi/graphql\"", "graphql_path"},
        {"\"token_url\":\"ftp://x.example/t\"", "token_url"},
        {"\"revoke_url\":\"not a url\"", "revoke_url"},
    };
    (void)state;
    assert_each_refused(cases, sizeof cases / sizeof cases[0]);
}

static void test_config_required_keys_are_named(void **state) {
    (void)state;
    assert_config_refused("{\"base_url\":\"https://a.example\"}", "profile");
    assert_config_refused("{\"profile\":\"basic\"}", "base_url");
    assert_config_refused("{\"profile\":\"xiq\",\"base_url\":\"https://a.example\",\"password\":\"p\"}", "username");
    assert_config_refused("{\"profile\":\"xmc\",\"base_url\":\"https://a.example\",\"client_id\":\"c\"}",
                          "client_secret");
    assert_config_refused(
        "{\"profile\":\"oauth2\",\"base_url\":\"https://a.example\",\"client_id\":\"c\",\"grant_type\":\"password\"}",
        "username");
    assert_config_refused("{\"profile\":\"bearer\",\"base_url\":\"https://a.example\"}", "token");
    assert_config_refused("{\"profile\":\"apikey\",\"base_url\":\"https://a.example\"}", "api_key");
}

static void test_config_base_url_must_be_http_url(void **state) {
    (void)state;
    assert_config_refused("{\"profile\":\"bearer\",\"token\":\"t\",\"base_url\":\"xiq.example\"}", "base_url");
    assert_config_refused("{\"profile\":\"bearer\",\"token\":\"t\",\"base_url\":\"file:///etc/passwd\"}", "base_url");
    assert_config_refused("{\"profile\":\"bearer\",\"token\":\"t\",\"base_url\":\"https://a.example/?q=1\"}",
                          "base_url");
    assert_config_refused("{\"profile\":\"bearer\",\"token\":\"t\",\"base_url\":\"https://u:p@a.example\"}",
                          "base_url");
}

static void test_config_env_secret_is_read(void **state) {
    ext_session *s;
    cJSON *doc;
    (void)state;
    setenv("EXTAPI_TEST_TOKEN", CANARY_STATIC_TOKEN, 1);
    s = ext_session_new(
        "{\"profile\":\"bearer\",\"base_url\":\"https://a.example\",\"token_env\":\"EXTAPI_TEST_TOKEN\"}");
    doc = expect_ok(ext_login(s));
    assert_string_equal(string_at(doc, "token.type"), "Bearer");
    cJSON_Delete(doc);
    ext_session_free(s);
}

static void test_config_env_secret_missing_or_doubled_is_refused(void **state) {
    (void)state;
    unsetenv("EXTAPI_TEST_UNSET");
    assert_config_refused("{" BASE ",\"password_env\":\"EXTAPI_TEST_UNSET\"}", "password_env");
    setenv("EXTAPI_TEST_PW", "pw", 1);
    assert_config_refused("{" BASE ",\"password\":\"p\",\"password_env\":\"EXTAPI_TEST_PW\"}", "password_env");
}

static void test_config_null_values_mean_default(void **state) {
    ext_session *s;
    (void)state;
    s = ext_session_new(
        "{\"profile\":\"bearer\",\"base_url\":\"https://"
        "a.example\",\"token\":\"t0k3n\",\"scope\":null,\"timeout_ms\":null}");
    expect_ok_and_free(ext_login(s));
    ext_session_free(s);
}

static void test_config_interop_keys_are_checked(void **state) {
    static const char *cases[][2] = {
        {"\"client_auth\":\"basic_form\"", "client_auth"},
        {"\"grant_type\":\"switch-tenant\"", "grant_type"},
        {"\"grant_type\":\"urn:\"", "grant_type"},
        {"\"token_params\":{\"audience\":1}", "token_params"},
        {"\"token_params\":{\"grant_type\":\"password\"}", "token_params"},
        {"\"token_params\":[\"a\"]", "token_params"},
        {"\"headers\":{\"X-Org\":\"1\\r\\nX-Evil: 1\"}", "headers"},
        {"\"headers\":{\"Bad Name\":\"1\"}", "headers"},
        {"\"headers\":{\"X-Org\":5}", "headers"},
        {"\"response_headers\":\"etag\"", "response_headers"},
        {"\"response_headers\":[\"et ag\"]", "response_headers"},
        {"\"deadline_ms\":0", "deadline_ms"},
        {"\"api_key_query\":\"\"", "api_key_query"},
        {"\"user_agent\":\"ua\\r\\nX-Evil: 1\"", "user_agent"},
        {"\"api_key_header\":\"X-Key\\n\"", "api_key_header"},
    };
    (void)state;
    assert_each_refused(cases, sizeof cases / sizeof cases[0]);
    assert_config_refused("{\"profile\":\"bearer\",\"base_url\":\"https://a.example\",\"token\":\"t\\r\\nX: 1\"}",
                          "token");
    assert_config_refused("{\"profile\":\"apikey\",\"base_url\":\"https://a.example\",\"api_key\":\"k\\n\"}",
                          "api_key");
}

static void test_config_interop_keys_are_accepted(void **state) {
    ext_session *s;
    cJSON *doc;
    (void)state;
    s = ext_session_new(
        "{\"profile\":\"oauth2\",\"base_url\":\"https://a.example\",\"client_id\":\"c\","
        "\"client_auth\":\"basic_raw\",\"grant_type\":\"urn:cisco:nfv:oauth:grant-type:switch-user\","
        "\"token_params\":{\"resource\":\"https://r.example\"},\"headers\":{\"Cache-Control\":\"no-cache\"},"
        "\"response_headers\":[\"ETag\"],\"deadline_ms\":5000}");
    doc = expect_ok(ext_session_info(s));
    assert_true(cJSON_IsNull(at(doc, "config_error")));
    cJSON_Delete(doc);
    ext_session_free(s);
}

static void test_config_username_and_client_id_from_env(void **state) {
    ext_session *s;
    cJSON *doc;
    (void)state;
    setenv("EXTAPI_TEST_CLIENT_ID", "env-client", 1);
    setenv("EXTAPI_TEST_USER", "env-user", 1);
    s = ext_session_new(
        "{\"profile\":\"oauth2\",\"base_url\":\"https://a.example\",\"client_id_env\":\"EXTAPI_TEST_CLIENT_ID\","
        "\"grant_type\":\"password\",\"username_env\":\"EXTAPI_TEST_USER\",\"password\":\"pw\"}");
    doc = expect_ok(ext_session_info(s));
    assert_true(cJSON_IsNull(at(doc, "config_error")));
    cJSON_Delete(doc);
    ext_session_free(s);
    assert_config_refused(
        "{\"profile\":\"oauth2\",\"base_url\":\"https://a.example\",\"client_id\":\"c\","
        "\"client_id_env\":\"EXTAPI_TEST_CLIENT_ID\"}",
        "client_id_env");
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_config_unknown_key_is_named),
    cmocka_unit_test(test_config_wrong_types_are_named),
    cmocka_unit_test(test_config_required_keys_are_named),
    cmocka_unit_test(test_config_base_url_must_be_http_url),
    cmocka_unit_test(test_config_env_secret_is_read),
    cmocka_unit_test(test_config_env_secret_missing_or_doubled_is_refused),
    cmocka_unit_test(test_config_null_values_mean_default),
    cmocka_unit_test(test_config_interop_keys_are_checked),
    cmocka_unit_test(test_config_interop_keys_are_accepted),
    cmocka_unit_test(test_config_username_and_client_id_from_env),
};

TEST_SUITE(tests, NULL, NULL)
