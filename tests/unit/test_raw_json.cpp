// The server's JSON kept byte for byte: strict validation, raw splicing,
// member lookup without a tree, and whole-string rewriting.
#include <cstdarg>
#include <cstddef>
#include <csetjmp>
#include <cstdint>
extern "C" {
#include <cmocka.h>
}

#include <string>
#include <vector>

#include "raw_json.hpp"

using namespace extapi;

static std::string printed(const JsonPtr &node) { return print_json(node.get()); }

static void test_parse_json_refuses_what_cjson_lets_through(void **) {
    for (const char *bad : {"[01]", "[1.]", "[-.5]", "[1e]", "[-]", "{\"a\":\"tab\there\"}", "[1.5x]"})
        assert_null(parse_json(bad).get());
    for (const char *good : {"[0, -0.5, 1e10, 2E-3, 9007199254740993]", "{\"a\":\"\\t\\u00e9\"}", " true ", "null"})
        assert_non_null(parse_json(good).get());
}

static void test_is_strict_json_checks_the_whole_grammar(void **) {
    for (const char *good : {"{}", "[]", " {\"a\" : [1, {\"b\":null}, \"\\u00e9\\n\"], \"c\":false} ", "\"x\"", "-0",
                             "[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"]"})
        assert_true(is_strict_json(good));
    for (const char *bad : {"", " ", "{", "[1,]", "{\"a\"}", "{\"a\":1,}", "{a:1}", "[1 2]", "\"\\x\"", "\"\\u12\"",
                            "\"open", "tru", "nul", "[1] [2]", "{\"a\":1}x", "'a'", "[NaN]", "\"\xff\""})
        assert_false(is_strict_json(bad));
}

static void test_is_strict_json_bounds_nesting(void **) {
    // 999 levels: a result document, one level deeper, stays readable by
    // parsers that stop at 1000 (cJSON, lua-cjson)
    const std::string ok = std::string(999, '[') + std::string(999, ']');
    const std::string too_deep = std::string(1000, '[') + std::string(1000, ']');
    const std::string hostile = std::string(100000, '[') + std::string(100000, ']');
    assert_true(is_strict_json(ok));
    assert_false(is_strict_json(too_deep));
    assert_false(is_strict_json(hostile));
    assert_null(parse_json(hostile).get());
}

static void test_parse_json_builds_the_tree_and_decodes_strings(void **) {
    JsonPtr tree = parse_json(R"({"a":[1,-2.5e3,true,null],"s":"\u00e9\ud83d\ude00\n\""})");
    assert_non_null(tree.get());
    const cJSON *a = cJSON_GetObjectItem(tree.get(), "a");
    assert_int_equal(cJSON_GetArraySize(a), 4);
    assert_true(cJSON_GetArrayItem(a, 1)->valuedouble == -2500.0);
    assert_string_equal(cJSON_GetObjectItem(tree.get(), "s")->valuestring, "\xc3\xa9\xf0\x9f\x98\x80\n\"");
    // an unpaired surrogate is no character: refused (other parsers would
    // refuse a result holding it)
    assert_false(is_strict_json(R"(["\ud800"])"));
    assert_false(is_strict_json(R"(["\udc00x"])"));
    assert_false(is_strict_json(R"(["\ud83d\u0041"])"));
    assert_null(parse_json(R"({"nul":"a\u0000b"})").get());  // cJSON strings cannot hold it
    assert_null(parse_json("[01]").get());
}

// cJSON's own parser writes cJSON_GetErrorPtr() for the whole process; ours
// must leave a host's cJSON state alone.
static void test_parse_json_leaves_cjson_error_pointer_alone(void **) {
    cJSON_Delete(cJSON_Parse("{broken"));
    const char *host_error = cJSON_GetErrorPtr();
    assert_non_null(host_error);
    assert_non_null(parse_json("{\"ok\":true}").get());
    assert_null(parse_json("{also broken").get());
    assert_ptr_equal(cJSON_GetErrorPtr(), host_error);
}

static void test_raw_json_node_keeps_every_digit(void **) {
    JsonPtr doc = checked(cJSON_CreateObject());
    add_item(doc.get(), "data", raw_json_node("  {\"id\": 9007199254740993, \"x\": 1.50}\n"));
    assert_string_equal(printed(doc).c_str(), "{\"data\":{\"id\": 9007199254740993, \"x\": 1.50}}");
}

static void test_member_text_finds_top_level_members_only(void **) {
    const std::string body =
        "{\"nested\":{\"data\":1},\"errors\":[{\"message\":\"x, }\"}], \"d\\u0061ta\" : {\"n\":[1,{}]} ,\"data\":2}";
    assert_string_equal(std::string(*member_text(body, "errors")).c_str(), "[{\"message\":\"x, }\"}]");
    // the first "data" at the top level, its key written with an escape
    assert_string_equal(std::string(*member_text(body, "data")).c_str(), "{\"n\":[1,{}]}");
    assert_false(member_text(body, "n").has_value());
    assert_false(member_text("[1,2]", "data").has_value());
    assert_string_equal(std::string(*member_text("{\"a\":true}", "a")).c_str(), "true");
}

static void test_scan_strict_json_finds_wanted_members_in_the_same_pass(void **) {
    const std::string body =
        "{\"nested\":{\"data\":1},\"errors\":[{\"message\":\"x, }\"}], \"d\\u0061ta\" : {\"n\":[1,{}]} ,\"data\":2}";
    std::optional<std::string_view> data, errors, absent;
    const StrictScan scan = scan_strict_json(body, {{"data", &data}, {"errors", &errors}, {"n", &absent}});
    assert_true(scan.valid);
    assert_string_equal(std::string(*errors).c_str(), "[{\"message\":\"x, }\"}]");
    assert_string_equal(std::string(*data).c_str(), "{\"n\":[1,{}]}");  // the first, its key with an escape
    assert_false(absent.has_value());
    // an invalid text gives no member, not even one read before the error
    std::optional<std::string_view> a;
    assert_false(scan_strict_json("{\"a\":1,\"b\":}", {{"a", &a}}).valid);
    assert_false(a.has_value());
    // members of an array's objects are not top-level members
    assert_true(scan_strict_json("[{\"a\":1}]", {{"a", &a}}).valid);
    assert_false(a.has_value());
}

static void test_scan_strict_json_measures_the_longest_string_as_written(void **) {
    assert_int_equal(scan_strict_json("[1,true]").longest_string, 0);
    assert_int_equal(scan_strict_json("{\"key-7\":\"abc\"}").longest_string, 5);
    // as written between the quotes: an escape counts its backslash
    assert_int_equal(scan_strict_json("[\"ab\",\"\\u00e9\\n\"]").longest_string, 8);
}

static void test_rewrite_strings_passes_over_strings_shorter_than_the_filter_says(void **) {
    std::vector<std::string> asked;
    auto hide_all = [&](std::string_view v, bool) {
        asked.emplace_back(v);
        return true;
    };
    // "a\u0062" decodes to 2 bytes but is written in 7: only its decoded
    // value decides, and the filter is asked
    const std::string out = *rewrite_strings("[\"abc\",\"abcd\",\"a\\u0062\"]", StringFilter(hide_all, 4), "\"x\"");
    assert_string_equal(out.c_str(), "[\"abc\",\"x\",\"x\"]");
    assert_int_equal(asked.size(), 2);
    assert_string_equal(asked[1].c_str(), "ab");
}

static void test_rewrite_strings_replaces_whole_values_only(void **) {
    auto hide_admin = [](std::string_view v, bool) { return v == "admin"; };
    const std::string out = *rewrite_strings(
        "{\"user\":\"admin\",\"site\":\"admin-building\",\"n\":12,\"\\u0061dmin\":1}", hide_admin, "\"[redacted]\"");
    assert_string_equal(out.c_str(), "{\"user\":\"[redacted]\",\"site\":\"admin-building\",\"n\":12,\"[redacted]\":1}");
    assert_string_equal(rewrite_strings(
                            "[\"a\\\"b\"]", [](std::string_view v, bool) { return v == "a\"b"; }, "\"x\"")
                            ->c_str(),
                        "[\"x\"]");
    // nothing hidden: no copy is made
    assert_false(rewrite_strings("{\"a\":\"b\"}", hide_admin, "\"x\"").has_value());
    // keys are told apart from values
    auto hide_values = [](std::string_view, bool is_key) { return !is_key; };
    assert_string_equal(rewrite_strings("{\"k\" : \"v\",\"a\":[\"w\"]}", hide_values, "\"x\"")->c_str(),
                        "{\"k\" : \"x\",\"a\":[\"x\"]}");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_json_refuses_what_cjson_lets_through),
        cmocka_unit_test(test_is_strict_json_checks_the_whole_grammar),
        cmocka_unit_test(test_is_strict_json_bounds_nesting),
        cmocka_unit_test(test_parse_json_builds_the_tree_and_decodes_strings),
        cmocka_unit_test(test_parse_json_leaves_cjson_error_pointer_alone),
        cmocka_unit_test(test_raw_json_node_keeps_every_digit),
        cmocka_unit_test(test_member_text_finds_top_level_members_only),
        cmocka_unit_test(test_scan_strict_json_finds_wanted_members_in_the_same_pass),
        cmocka_unit_test(test_scan_strict_json_measures_the_longest_string_as_written),
        cmocka_unit_test(test_rewrite_strings_passes_over_strings_shorter_than_the_filter_says),
        cmocka_unit_test(test_rewrite_strings_replaces_whole_values_only),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
