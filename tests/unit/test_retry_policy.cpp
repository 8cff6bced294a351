// Which failures are retried, and for how long the client waits.
#include <cstdarg>
#include <cstddef>
#include <csetjmp>
#include <cstdint>
extern "C" {
#include <cmocka.h>
}

#include "retry_policy.hpp"

using namespace extapi;

static void test_is_retryable_status_any_method_on_429_and_503(void **) {
    assert_true(is_retryable_status(429, false));
    assert_true(is_retryable_status(503, false));
    assert_true(is_retryable_status(429, true));
}

static void test_is_retryable_status_only_idempotent_on_502_and_504(void **) {
    assert_true(is_retryable_status(502, true));
    assert_true(is_retryable_status(504, true));
    assert_false(is_retryable_status(502, false));
    assert_false(is_retryable_status(504, false));
    assert_false(is_retryable_status(500, true));
    assert_false(is_retryable_status(401, true));
}

static void test_is_retryable_transport_error_post_only_before_connecting(void **) {
    assert_true(is_retryable_transport_error(CURLE_COULDNT_CONNECT, false));
    assert_false(is_retryable_transport_error(CURLE_GOT_NOTHING, false));
    assert_true(is_retryable_transport_error(CURLE_GOT_NOTHING, true));
    assert_false(is_retryable_transport_error(CURLE_OPERATION_TIMEDOUT, true));
    assert_false(is_retryable_transport_error(CURLE_PEER_FAILED_VERIFICATION, true));
}

static void test_parse_retry_after_seconds_and_dates(void **) {
    assert_int_equal(parse_retry_after("3")->count(), 3000);
    assert_int_equal(parse_retry_after("0")->count(), 0);
    assert_int_equal(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT")->count(), 0);  // in the past
    assert_false(parse_retry_after("").has_value());
    assert_false(parse_retry_after("soon").has_value());
    assert_true(*parse_retry_after("99999999999") > kMaxRetryAfter);
    // a date centuries away must not overflow the milliseconds (fuzz_answer_headers)
    assert_true(*parse_retry_after("Wed, 10 Oct 904204 07:28:00 GMT") > kMaxRetryAfter);
}

static void test_backoff_delay_grows_with_jitter_and_is_capped(void **) {
    for (int i = 0; i < 100; ++i) {
        assert_in_range(backoff_delay(0).count(), 125, 250);
        assert_in_range(backoff_delay(2).count(), 500, 1000);
        assert_in_range(backoff_delay(30).count(), 4000, 8000);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_is_retryable_status_any_method_on_429_and_503),
        cmocka_unit_test(test_is_retryable_status_only_idempotent_on_502_and_504),
        cmocka_unit_test(test_is_retryable_transport_error_post_only_before_connecting),
        cmocka_unit_test(test_parse_retry_after_seconds_and_dates),
        cmocka_unit_test(test_backoff_delay_grows_with_jitter_and_is_capped),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
