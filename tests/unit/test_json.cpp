// UTF-8 validation, JSON parsing and error documents.
#include <cstdarg>
#include <cstddef>
#include <csetjmp>
#include <cstdint>
extern "C" {
#include <cmocka.h>
}

#include <string>

#include "json.hpp"
#include "result.hpp"

using namespace extapi;

static void test_is_valid_utf8_accepts_text_and_rejects_bad_sequences(void **) {
    assert_true(is_valid_utf8("plain"));
    assert_true(is_valid_utf8("gr\xc3\xbc\xc3\x9f dich \xe2\x82\xac \xf0\x9f\x98\x80"));
    assert_false(is_valid_utf8("\xff"));
    assert_false(is_valid_utf8("\xc3"));              // truncated
    assert_false(is_valid_utf8("\xc0\xaf"));          // overlong
    assert_false(is_valid_utf8("\xed\xa0\x80"));      // surrogate
    assert_false(is_valid_utf8("\xf4\x90\x80\x80"));  // above U+10FFFF
}

static void test_parse_json_rejects_trailing_garbage(void **) {
    assert_non_null(parse_json("{\"a\":1}  \n").get());
    assert_null(parse_json("{\"a\":1} x").get());
    assert_null(parse_json("{\"a\":").get());
    assert_null(parse_json("").get());
}

static void test_error_document_names_every_code(void **) {
    const std::pair<ErrorCode, const char *> codes[] = {{ErrorCode::InvalidArgument, "invalid_argument"},
                                                        {ErrorCode::InvalidConfig, "invalid_config"},
                                                        {ErrorCode::Network, "network"},
                                                        {ErrorCode::Timeout, "timeout"},
                                                        {ErrorCode::Tls, "tls"},
                                                        {ErrorCode::InsecureTransport, "insecure_transport"},
                                                        {ErrorCode::AuthFailed, "auth_failed"},
                                                        {ErrorCode::Http, "http"},
                                                        {ErrorCode::Graphql, "graphql"},
                                                        {ErrorCode::RateLimited, "rate_limited"},
                                                        {ErrorCode::InvalidResponse, "invalid_response"},
                                                        {ErrorCode::OutOfMemory, "out_of_memory"},
                                                        {ErrorCode::Internal, "internal"}};
    for (const auto &code : codes) {
        JsonPtr doc = parse_json(print_json(error_document(Failure(code.first, "m", 418)).get()));
        assert_true(cJSON_IsFalse(cJSON_GetObjectItem(doc.get(), "ok")));
        assert_int_equal(cJSON_GetObjectItem(doc.get(), "status")->valueint, 418);
        assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(doc.get(), "error"), "code")->valuestring,
                            code.second);
    }
}

static void test_error_document_withholds_non_utf8_message(void **) {
    JsonPtr doc = error_document(Failure(ErrorCode::Http, "bad \xff byte"));
    const char *message = cJSON_GetObjectItem(cJSON_GetObjectItem(doc.get(), "error"), "message")->valuestring;
    assert_true(is_valid_utf8(message));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_is_valid_utf8_accepts_text_and_rejects_bad_sequences),
        cmocka_unit_test(test_parse_json_rejects_trailing_garbage),
        cmocka_unit_test(test_error_document_names_every_code),
        cmocka_unit_test(test_error_document_withholds_non_utf8_message),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
