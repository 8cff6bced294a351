// Request paths resolve onto base_url and never leave its origin.
#include <cstdarg>
#include <cstddef>
#include <csetjmp>
#include <cstdint>
extern "C" {
#include <cmocka.h>
}

#include <string>

#include "error.hpp"
#include "url.hpp"

using namespace extapi;

static bool refused(const std::string &base, const std::string &path) {
    try {
        request_url(base, path);
        return false;
    } catch (const Failure &f) {
        return f.code == ErrorCode::InvalidArgument;
    }
}

static void test_request_url_appends_path_to_base(void **) {
    assert_string_equal(request_url("https://api.example.com", "/devices?page=1&limit=10").c_str(),
                        "https://api.example.com/devices?page=1&limit=10");
    assert_string_equal(request_url("https://h.example/api/v1/", "/devices").c_str(),
                        "https://h.example/api/v1/devices");
}

static void test_request_url_accepts_absolute_url_on_same_origin(void **) {
    assert_string_equal(request_url("https://h.example", "https://H.EXAMPLE:443/x").c_str(), "https://H.EXAMPLE:443/x");
}

static void test_request_url_refuses_other_origins(void **) {
    assert_true(refused("https://h.example", "https://evil.example/x"));
    assert_true(refused("https://h.example", "http://h.example/x"));        // scheme differs
    assert_true(refused("https://h.example", "https://h.example:8443/x"));  // port differs
    assert_true(refused("https://h.example", "//evil.example/x"));          // scheme-relative
    assert_true(refused("https://h.example", "devices"));
    assert_true(refused("https://h.example", ""));
    assert_true(refused("https://h.example", "ftp://h.example/x"));
}

static void test_is_loopback_recognises_loopback_hosts(void **) {
    assert_true(is_loopback(origin_of("http://127.0.0.1:8080/")));
    assert_true(is_loopback(origin_of("http://localhost/")));
    assert_true(is_loopback(origin_of("http://[::1]:80/")));
    assert_false(is_loopback(origin_of("http://127.example.com/")));
    assert_false(is_loopback(origin_of("http://10.0.0.1/")));
    assert_true(is_loopback(origin_of("http://127.255.0.7/")));
    // host names that merely look like loopback addresses go through DNS
    assert_false(is_loopback(origin_of("http://127.1.2.3.4/")));
    assert_false(is_loopback(origin_of("http://127.0.0.1.evil.example/")));
}

static void test_with_query_parameter_replaces_and_appends(void **) {
    assert_string_equal(with_query_parameter("https://h/x?page=1&limit=5", "page", "2").c_str(),
                        "https://h/x?limit=5&page=2");
    assert_string_equal(with_query_parameter("https://h/x", "page", "a b").c_str(), "https://h/x?page=a%20b");
    assert_string_equal(resolve_reference("https://h/a/b?x=1", "/c?d=2").c_str(), "https://h/c?d=2");
}

static void test_endpoint_url_keeps_query_of_endpoint(void **) {
    assert_string_equal(
        endpoint_url("https://xmc:8443", "/oauth/token/access-token?grant_type=client_credentials").c_str(),
        "https://xmc:8443/oauth/token/access-token?grant_type=client_credentials");
    assert_string_equal(endpoint_url("https://a.example", "https://auth.example/token").c_str(),
                        "https://auth.example/token");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_request_url_appends_path_to_base),
        cmocka_unit_test(test_request_url_accepts_absolute_url_on_same_origin),
        cmocka_unit_test(test_request_url_refuses_other_origins),
        cmocka_unit_test(test_is_loopback_recognises_loopback_hosts),
        cmocka_unit_test(test_endpoint_url_keeps_query_of_endpoint),
        cmocka_unit_test(test_with_query_parameter_replaces_and_appends),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
