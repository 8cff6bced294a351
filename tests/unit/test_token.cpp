// Token lifetime rules: expires_in in every shape servers send, JWT exp
// against the server's clock, and the leeway cap.
#include <cstdarg>
#include <cstddef>
#include <csetjmp>
#include <cstdint>
extern "C" {
#include <cmocka.h>
}

#include <openssl/evp.h>

#include <ctime>
#include <string>

#include "json.hpp"
#include "token.hpp"

using namespace extapi;

static std::optional<int64_t> expires_in_of(const char *json) {
    JsonPtr doc = parse_json(std::string("{\"expires_in\":") + json + "}");
    return parse_expires_in(cJSON_GetObjectItem(doc.get(), "expires_in"));
}

static std::string base64url(const std::string &raw) {
    unsigned char out[512];
    int n = EVP_EncodeBlock(out, reinterpret_cast<const unsigned char *>(raw.data()), int(raw.size()));
    std::string s(reinterpret_cast<char *>(out), size_t(n));
    for (char &c : s) c = c == '+' ? '-' : c == '/' ? '_' : c;
    while (!s.empty() && s.back() == '=') s.pop_back();
    return s;
}

static std::string jwt_with_exp(int64_t exp) {
    return base64url("{\"alg\":\"HS256\"}") + "." + base64url("{\"sub\":\"a\",\"exp\":" + std::to_string(exp) + "}") +
           ".sig";
}

static void test_parse_expires_in_accepts_integer_float_and_string(void **) {
    assert_int_equal(*expires_in_of("3599"), 3599);
    assert_int_equal(*expires_in_of("3599.9"), 3599);
    assert_int_equal(*expires_in_of("\"3599\""), 3599);
}

static void test_parse_expires_in_ignores_null_garbage_and_nonpositive(void **) {
    assert_false(expires_in_of("null").has_value());
    assert_false(expires_in_of("\"soon\"").has_value());
    assert_false(expires_in_of("\"\"").has_value());
    assert_false(expires_in_of("0").has_value());
    assert_false(expires_in_of("-5").has_value());
    assert_false(expires_in_of("true").has_value());
}

static void test_parse_expires_in_clamps_absurd_values(void **) {
    assert_int_equal(*expires_in_of("1e12"), kMaxLifetimeS);
    assert_int_equal(*expires_in_of("\"1e300\""), kMaxLifetimeS);
}

static void test_jwt_seconds_left_uses_server_clock(void **) {
    const int64_t server_now = 1700000000;
    // The client clock is irrelevant: exp is compared with the server's Date.
    assert_int_equal(*jwt_seconds_left(jwt_with_exp(server_now + 600), server_now), 600);
}

static void test_jwt_seconds_left_ignores_exp_not_after_server_date(void **) {
    // A token is never expired on arrival: expires_in governs then.
    const int64_t server_now = 1700000000;
    assert_false(jwt_seconds_left(jwt_with_exp(server_now - 5), server_now).has_value());
    assert_false(jwt_seconds_left(jwt_with_exp(server_now), server_now).has_value());
}

static void test_jwt_seconds_left_ignores_non_jwt_tokens(void **) {
    assert_false(jwt_seconds_left("opaque-token", 0).has_value());
    assert_false(jwt_seconds_left("a.b.c", 0).has_value());
    assert_false(jwt_seconds_left(base64url("{}") + "." + base64url("{\"exp\":\"x\"}") + ".s", 0).has_value());
}

static void test_set_lifetime_caps_leeway_at_half_the_lifetime(void **) {
    Token token;
    set_lifetime(token, 10, 60);
    auto now = MonoClock::now();
    assert_true(token.has_expiry);
    assert_false(token.needs_renewal(now));
    assert_true(token.needs_renewal(now + std::chrono::seconds(6)));
    assert_int_equal(token.expires_at_wall - token.issued_at_wall, 10);
}

static void test_set_lifetime_without_lifetime_never_expires(void **) {
    Token token;
    set_lifetime(token, std::nullopt, 60);
    assert_false(token.has_expiry);
    assert_false(token.needs_renewal(MonoClock::now() + std::chrono::hours(24 * 365)));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_expires_in_accepts_integer_float_and_string),
        cmocka_unit_test(test_parse_expires_in_ignores_null_garbage_and_nonpositive),
        cmocka_unit_test(test_parse_expires_in_clamps_absurd_values),
        cmocka_unit_test(test_jwt_seconds_left_uses_server_clock),
        cmocka_unit_test(test_jwt_seconds_left_ignores_exp_not_after_server_date),
        cmocka_unit_test(test_jwt_seconds_left_ignores_non_jwt_tokens),
        cmocka_unit_test(test_set_lifetime_caps_leeway_at_half_the_lifetime),
        cmocka_unit_test(test_set_lifetime_without_lifetime_never_expires),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
