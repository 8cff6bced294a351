// The exchange log keeps the last 32 exchanges, oldest first.
#include <cstdarg>
#include <cstddef>
#include <csetjmp>
#include <cstdint>
extern "C" {
#include <cmocka.h>
}

#include <cstring>
#include <string>

#include "exchange_log.hpp"

using namespace extapi;

static Exchange exchange_numbered(int n) {
    Exchange e;
    e.at_ms = n;
    e.set_method("GET");
    e.set_url("https://h.example/api/" + std::to_string(n) + "?api_key=secret");
    e.status = 200;
    return e;
}

static void test_exchange_log_keeps_the_last_32_oldest_first(void **) {
    ExchangeLog log;
    for (int n = 1; n <= 40; ++n) log.record(exchange_numbered(n));
    JsonPtr list = log.to_json();
    assert_int_equal(cJSON_GetArraySize(list.get()), 32);
    assert_int_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(list.get(), 0), "at_ms")->valueint, 9);
    assert_int_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(list.get(), 31), "at_ms")->valueint, 40);
}

static void test_exchange_log_entry_names_endpoint_and_unset_fields_are_null(void **) {
    ExchangeLog log;
    Exchange e = exchange_numbered(1);
    e.kind = EndpointKind::Token;
    e.client_auth = "basic_raw";
    log.record(e);
    JsonPtr list = log.to_json();
    const cJSON *item = cJSON_GetArrayItem(list.get(), 0);
    assert_string_equal(cJSON_GetObjectItem(item, "endpoint")->valuestring, "token");
    assert_string_equal(cJSON_GetObjectItem(item, "client_auth")->valuestring, "basic_raw");
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(item, "reason")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(item, "error")));
}

static void test_exchange_set_url_drops_the_query(void **) {
    Exchange e = exchange_numbered(7);
    assert_string_equal(e.url, "https://h.example/api/7");
    e.set_url(std::string(600, 'x'));
    assert_int_equal(std::strlen(e.url), sizeof e.url - 1);
}

static void test_exchange_log_starts_empty(void **) {
    ExchangeLog log;
    JsonPtr list = log.to_json();
    assert_true(cJSON_IsArray(list.get()));
    assert_int_equal(cJSON_GetArraySize(list.get()), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exchange_log_keeps_the_last_32_oldest_first),
        cmocka_unit_test(test_exchange_log_entry_names_endpoint_and_unset_fields_are_null),
        cmocka_unit_test(test_exchange_set_url_drops_the_query),
        cmocka_unit_test(test_exchange_log_starts_empty),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
