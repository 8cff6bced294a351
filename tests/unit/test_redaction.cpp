// Whole-value redaction: strings carrying a token or client secret, or
// equal to the password, become "[redacted]"; the document stays valid JSON.
#include <cstdarg>
#include <cstddef>
#include <csetjmp>
#include <cstdint>
extern "C" {
#include <cmocka.h>
}

#include <string>

#include "raw_json.hpp"
#include "redaction.hpp"
#include "result.hpp"

using namespace extapi;

// {"message": <message>, "data": <raw>} redacted and printed.
static std::string redacted(const Redactor &r, const char *message, const char *raw) {
    JsonPtr doc = checked(cJSON_CreateObject());
    add_item(doc.get(), "ok", checked(cJSON_CreateTrue()));
    add_item(doc.get(), "message", checked(cJSON_CreateString(message)));
    add_item(doc.get(), "data", raw_json_node(raw));
    r.apply(doc.get());
    return print_json(doc.get());
}

static void test_redactor_hides_values_equal_to_the_password_only(void **) {
    Secret password("admin");
    Redactor r;
    r.hide_equal(password);
    assert_string_equal(redacted(r, "admin", "{\"site\":\"admin-building\",\"u\":\"admin\",\"admin\":1}").c_str(),
                        "{\"ok\":true,\"message\":\"[redacted]\",\"data\":{\"site\":\"admin-building\",\"u\":\"["
                        "redacted]\",\"admin\":1}}");
}

static void test_redactor_hides_values_containing_a_token(void **) {
    Secret token("tok-123456"), secret("cs+/=!");
    Redactor r;
    r.hide_containing(token);
    r.hide_containing(secret);
    assert_string_equal(
        redacted(r, "sent Bearer tok-123456", "[\"x tok-123456 y\",\"cs+\\/=!\",\"cs\",{\"tok-123456\":1}]").c_str(),
        "{\"ok\":true,\"message\":\"[redacted]\",\"data\":[\"[redacted]\",\"[redacted]\",\"cs\",{\"[redacted]\":1}]}");
}

// Secrets that look like JSON syntax must not break the document.
static void test_redactor_keeps_json_valid_for_any_secret(void **) {
    for (const char *value : {"true", "null", "1", "\"", "\\", "a", ":", "{", "ok"}) {
        Secret password(value);
        Redactor r;
        r.hide_equal(password);
        r.hide_containing(password);
        const std::string out = redacted(r, value, "{\"ok\":true,\"n\":1,\"s\":\"a\\\\\\\"1:{\",\"null\":null}");
        assert_non_null(parse_json(out).get());
        JsonPtr parsed = parse_json(out);
        assert_true(cJSON_IsTrue(cJSON_GetObjectItem(parsed.get(), "ok")));
    }
}

static void test_redactor_without_secrets_changes_nothing(void **) {
    Redactor r;
    Secret empty;
    r.hide_equal(empty);
    assert_string_equal(redacted(r, "m", "{\"id\":9007199254740993}").c_str(),
                        "{\"ok\":true,\"message\":\"m\",\"data\":{\"id\":9007199254740993}}");
}

// The hot path's document, printed as text, is byte for byte the tree
// data_document() builds, redacted and printed as the C boundary does.
static void expect_printed_as_tree(const Redactor &r, const ResultData &data, const ResponseMeta &meta) {
    JsonPtr tree = data_document(201, data.node(), meta);
    r.apply(tree.get());
    const std::string expected = print_json(tree.get());
    PrintedDocument printed = print_data_document(201, data, meta, r.filter());
    assert_string_equal(printed.get(), expected.c_str());
}

// The same with the longest string known from the answer's scan, as on the
// GraphQL path (the printer then skips texts with no string long enough).
static void expect_scanned_printed_as_tree(const Redactor &r, const char *json, const ResponseMeta &meta) {
    const StrictScan scan = scan_strict_json(json);
    assert_true(scan.valid);
    expect_printed_as_tree(r, ResultData::json(json, scan.longest_string), meta);
}

static void test_printed_document_matches_the_tree(void **) {
    Secret token("tok-123456"), password("admin");
    Redactor r;
    r.hide_containing(token);
    r.hide_equal(password);
    ResponseMeta none, meta;
    meta.headers = {{"X-Echo", "Bearer tok-123456"}, {"X-\"Q\"", "a\tb\x01\"\\ \xc3\xa9"}, {"admin", "admin"}};
    meta.remaining = 0;
    meta.reset_s = 9007199254740993;
    meta.retry_after_s = 30;
    const char *json = " {\"tok-123456\":[1.50,\"x tok-123456\",\"tok\\u002d123456\"],\"u\":\"admin\",\"admin\":{}}\n";
    for (const ResponseMeta *m : {&none, &meta}) {
        expect_printed_as_tree(r, ResultData::json(json), *m);
        expect_scanned_printed_as_tree(r, json, *m);
        expect_scanned_printed_as_tree(r, "{\"ab\":\"admi\",\"n\":[\"tok-12345\"]}", *m);  // all shorter than a secret
        expect_scanned_printed_as_tree(r, "[\"admin\",\"tok-123456\"]", *m);               // exactly as long
        expect_printed_as_tree(r, ResultData::json("[]"), *m);
        expect_printed_as_tree(r, ResultData{}, *m);
        expect_printed_as_tree(r, ResultData::string("line\n\"q\" \\ \x1f\x7f \xe2\x82\xac"), *m);
        expect_printed_as_tree(r, ResultData::string("admin"), *m);
        expect_printed_as_tree(r, ResultData::string("has tok-123456"), *m);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_redactor_hides_values_equal_to_the_password_only),
        cmocka_unit_test(test_redactor_hides_values_containing_a_token),
        cmocka_unit_test(test_redactor_keeps_json_valid_for_any_secret),
        cmocka_unit_test(test_redactor_without_secrets_changes_nothing),
        cmocka_unit_test(test_printed_document_matches_the_tree),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
