// Pagination logic: styles recognised from the first page, next pages,
// items merged byte for byte, and RFC 8288 Link parsing.
#include <cstdarg>
#include <cstddef>
#include <csetjmp>
#include <cstdint>
extern "C" {
#include <cmocka.h>
}

#include <string>

#include "error.hpp"
#include "pagination.hpp"

using namespace extapi;

static void test_paginator_follows_xiq_pages_to_total_pages(void **) {
    Paginator p("https://x.example/devices?page=1&limit=2");
    auto next = p.take(R"({"page":1,"total_pages":2,"data":[{"id":9007199254740993},{"id":2}]})", "");
    assert_string_equal(next->c_str(), "https://x.example/devices?limit=2&page=2");
    assert_false(p.take(R"({"page":2,"total_pages":2,"data":[{"id":3}]})", "").has_value());
    assert_string_equal(p.items_json().c_str(), R"([{"id":9007199254740993},{"id":2},{"id":3}])");
    assert_int_equal(p.pages(), 2);
    assert_string_equal(page_style_name(p.style()), "xiq");
}

static void test_paginator_follows_msx_pages_while_has_next(void **) {
    Paginator p("https://x.example/tenants?pageSize=1");
    auto next = p.take(R"({"contents":[{"id":"a"}],"page":0,"pageSize":1,"hasNext":true})", "");
    assert_string_equal(next->c_str(), "https://x.example/tenants?pageSize=1&page=1");
    assert_false(p.take(R"({"contents":[],"page":1,"pageSize":1,"hasNext":false})", "").has_value());
    assert_string_equal(p.items_json().c_str(), R"([{"id":"a"}])");
    assert_string_equal(page_style_name(p.style()), "msx");
}

static void test_paginator_follows_link_next_resolving_relative_targets(void **) {
    Paginator p("https://x.example/links");
    auto next = p.take("[1, 2]", R"(</links?cursor=2>; rel="next", </links>; rel="first")");
    assert_string_equal(next->c_str(), "https://x.example/links?cursor=2");
    assert_false(p.take("[3]", R"(</links>; rel="first")").has_value());
    assert_string_equal(p.items_json().c_str(), "[1, 2,3]");
    assert_string_equal(page_style_name(p.style()), "link");
}

static void test_paginator_single_page_and_missing_items(void **) {
    Paginator single("https://x.example/things");
    assert_false(single.take(R"({"items":[]})", "").has_value());
    assert_string_equal(single.items_json().c_str(), "[]");
    assert_string_equal(page_style_name(single.style()), "single");
    Paginator broken("https://x.example/things");
    try {
        broken.take(R"({"count":3})", "");
        fail_msg("a page without items was accepted");
    } catch (const Failure &f) {
        assert_int_equal(int(f.code), int(ErrorCode::InvalidResponse));
    }
}

static void test_next_link_reads_rfc8288_forms(void **) {
    assert_string_equal(next_link(R"(<https://a/2>; rel="next")")->c_str(), "https://a/2");
    assert_string_equal(next_link(R"(<https://a/1>; rel="prev", <https://a/3>; rel=next)")->c_str(), "https://a/3");
    assert_string_equal(next_link(R"(<https://a/4>; rel="next last")")->c_str(), "https://a/4");
    assert_false(next_link(R"(<https://a/5>; rel="nextish")").has_value());
    assert_false(next_link("").has_value());
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_paginator_follows_xiq_pages_to_total_pages),
        cmocka_unit_test(test_paginator_follows_msx_pages_while_has_next),
        cmocka_unit_test(test_paginator_follows_link_next_resolving_relative_targets),
        cmocka_unit_test(test_paginator_single_page_and_missing_items),
        cmocka_unit_test(test_next_link_reads_rfc8288_forms),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
