/* The C boundary: every bad argument gives an invalid_argument document,
 * never a crash; NULL is accepted where the header says so. */
#include "test_support.h"

static const char *kConfig =
    "{\"profile\":\"bearer\",\"base_url\":\"http://127.0.0.1:9\",\"token\":\"" CANARY_STATIC_TOKEN
    "\","
    "\"retries\":0,\"connect_timeout_ms\":500}";

static void test_ext_version_is_three_numbers(void **state) {
    unsigned major, minor, patch;
    char extra;
    (void)state;
    assert_int_equal(sscanf(ext_version(), "%u.%u.%u%c", &major, &minor, &patch, &extra), 3);
    assert_int_equal(major, EXTAPI_VERSION_MAJOR);
}

static void test_null_session_gives_invalid_argument_everywhere(void **state) {
    (void)state;
    expect_error_and_free(ext_login(NULL), "invalid_argument");
    expect_error_and_free(ext_graphql(NULL, "{ a }", NULL), "invalid_argument");
    expect_error_and_free(ext_request(NULL, "GET", "/x", NULL), "invalid_argument");
    expect_error_and_free(ext_token_refresh(NULL), "invalid_argument");
    expect_error_and_free(ext_logout(NULL), "invalid_argument");
    expect_error_and_free(ext_session_info(NULL), "invalid_argument");
    ext_session_free(NULL);
    ext_string_free(NULL);
}

static void test_ext_graphql_bad_arguments(void **state) {
    ext_session *s = session_from(kConfig);
    (void)state;
    expect_error_and_free(ext_graphql(s, NULL, NULL), "invalid_argument");
    expect_error_and_free(ext_graphql(s, "{ a \xff }", NULL), "invalid_argument");
    expect_error_and_free(ext_graphql(s, "{ a }", "{\"v\":"), "invalid_argument");
    expect_error_and_free(ext_graphql(s, "{ a }", "[1,2]"), "invalid_argument");
    expect_error_and_free(ext_graphql(s, "{ a }", "{\"v\":\"\xc3\x28\"}"), "invalid_argument");
    ext_session_free(s);
}

static void test_ext_request_bad_arguments(void **state) {
    ext_session *s = session_from(kConfig);
    (void)state;
    expect_error_and_free(ext_request(s, NULL, "/x", NULL), "invalid_argument");
    expect_error_and_free(ext_request(s, "FETCH", "/x", NULL), "invalid_argument");
    expect_error_and_free(ext_request(s, "", "/x", NULL), "invalid_argument");
    expect_error_and_free(ext_request(s, "GET", NULL, NULL), "invalid_argument");
    expect_error_and_free(ext_request(s, "GET", "", NULL), "invalid_argument");
    expect_error_and_free(ext_request(s, "GET", "/\xff", NULL), "invalid_argument");
    expect_error_and_free(ext_request(s, "GET", "/with space", NULL), "invalid_argument");
    expect_error_and_free(ext_request(s, "GET", "https://elsewhere.example/x", NULL), "invalid_argument");
    expect_error_and_free(ext_request(s, "POST", "/x", "{not json}"), "invalid_argument");
    expect_error_and_free(ext_request(s, "POST", "/x", "{} trailing"), "invalid_argument");
    ext_session_free(s);
}

static void test_ext_request_refused_connection_is_network_error(void **state) {
    ext_session *s = session_from(kConfig);
    cJSON *doc;
    (void)state;
    doc = expect_error(ext_request(s, "get", "/x", NULL), "network");
    assert_int_equal((int)number_at(doc, "status"), 0);
    cJSON_Delete(doc);
    ext_session_free(s);
}

static void test_ext_session_new_never_returns_null_for_bad_config(void **state) {
    const char *configs[] = {NULL, "", "not json", "[]", "{\"profile\":1}", "{\"x\":\"\xff\"}"};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof configs / sizeof configs[0]; ++i) {
        ext_session *s = ext_session_new(configs[i]);
        cJSON *info;
        assert_non_null(s);
        expect_error_and_free(ext_login(s), "invalid_config");
        info = expect_ok(ext_session_info(s));
        assert_true(cJSON_IsObject(at(info, "config_error")));
        cJSON_Delete(info);
        ext_session_free(s);
    }
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_ext_version_is_three_numbers),
    cmocka_unit_test(test_null_session_gives_invalid_argument_everywhere),
    cmocka_unit_test(test_ext_graphql_bad_arguments),
    cmocka_unit_test(test_ext_request_bad_arguments),
    cmocka_unit_test(test_ext_request_refused_connection_is_network_error),
    cmocka_unit_test(test_ext_session_new_never_returns_null_for_bad_config),
};

TEST_SUITE(tests, NULL, NULL)
