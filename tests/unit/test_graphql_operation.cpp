// Which GraphQL requests run a query (and may be sent again): only those
// certain to, everything unclear counts as not.
#include <cstdarg>
#include <cstddef>
#include <csetjmp>
#include <cstdint>
extern "C" {
#include <cmocka.h>
}

#include <string>

#include "graphql_operation.hpp"

using namespace extapi;

static bool query(std::string_view document) { return runs_graphql_query(document, std::nullopt); }

static void test_runs_graphql_query_shorthand_and_query_keyword(void **) {
    assert_true(query("{ network { devices { ip } } }"));
    assert_true(query("query { a }"));
    assert_true(query("query Devices { a }"));
    assert_true(query("query($n: Int) { a(first: $n) }"));
    assert_true(query("query Q($n: Int = 3, $f: [String!]! = [\"x\"]) @cached(ttl: 60) { a }"));
    assert_true(query("  \t\r\n,,{a}\n"));
}

static void test_runs_graphql_query_mutation_and_subscription_are_not(void **) {
    assert_false(query("mutation { addDevice(ip: \"10.0.0.3\") { id } }"));
    assert_false(query("mutation AddDevice($ip: String) { addDevice(ip: $ip) { id } }"));
    assert_false(query("subscription { deviceAdded { id } }"));
    assert_false(query("  mutation{a}"));
}

static void test_runs_graphql_query_fragments_are_skipped(void **) {
    assert_true(query("fragment F on Device { ip } query { devices { ...F } }"));
    assert_true(query("query { devices { ...F } } fragment F on Device { ip ... on Switch { ports } }"));
    assert_false(query("fragment F on Device { ip } mutation { add { ...F } }"));
    assert_false(query("fragment F on Device { ip }"));  // no operation at all
}

static void test_runs_graphql_query_ignores_comments(void **) {
    assert_true(query("# mutation { a }\n{ a }"));
    assert_true(query("{ a # } mutation { b }\n }"));
    assert_true(query("#only a comment\r{ a }"));
    assert_false(query("# query\nmutation { a }"));
}

static void test_runs_graphql_query_ignores_what_strings_hold(void **) {
    assert_true(query("{ a(s: \"} mutation { b }\") }"));
    assert_true(query("{ a(s: \"\\\"} mutation {\") }"));  // an escaped quote does not end it
    assert_true(query("{ a(s: \"\\\\\") }"));              // an escaped backslash does
    assert_true(query("{ a(s: \"\") b }"));                // the empty string
    assert_true(query("{ a(s: \"\"\" } \" \"\" mutation { \"\"\") }"));
    assert_true(query("{ a(s: \"\"\"x \\\"\"\" } mutation {\"\"\") }"));  // \""" does not end a block string
    assert_false(query("mutation { a(s: \"query\") }"));
    assert_true(query("query Q($s: String = \"mutation {\") { a(s: $s) }"));
}

static void test_runs_graphql_query_operation_name_selects(void **) {
    const char *both = "query Read { a } mutation Write { b }";
    assert_true(runs_graphql_query(both, "Read"));
    assert_false(runs_graphql_query(both, "Write"));
    assert_false(runs_graphql_query(both, std::nullopt));  // which one runs is unclear: the server refuses
    assert_false(runs_graphql_query(both, "Other"));       // no such operation
    assert_false(runs_graphql_query("{ a }", "Read"));     // the shorthand has no name
    assert_false(runs_graphql_query("query Read { a } query Read { b }", "Read"));
    assert_true(runs_graphql_query("query mutation { a }", "mutation"));  // a query named "mutation"
    assert_false(runs_graphql_query("mutation query { a }", "query"));
}

static void test_runs_graphql_query_unclassifiable_is_not(void **) {
    assert_false(query(""));
    assert_false(query("   # nothing\n"));
    assert_false(query("{ a } { b }"));           // two anonymous operations
    assert_false(query("{ a "));                  // unbalanced
    assert_false(query("{ a } }"));               // a brace closed that was never opened
    assert_false(query("query ) { a }"));         // the same in the head
    assert_false(query("{ a(s: \"open) }"));      // an unterminated string
    assert_false(query("{ a(s: \"\"\"open) }"));  // an unterminated block string
    assert_false(query("{ a(s: \"x\ny\") }"));    // a one-line string with a line break
    assert_false(query("{ a(s: \"x\\"));          // ends inside an escape
    assert_false(query("Query { a }"));           // keywords are case-sensitive
    assert_false(query("queries { a }"));
    assert_false(query("(a) { b }"));
    assert_false(query("{ a % }"));         // no GraphQL token
    assert_false(query("{ a \xc3\xa9 }"));  // names are ASCII
    assert_false(query("type Query { a: Int }"));
    assert_false(query("schema { query: Q } { a }"));
    assert_false(query("extend type Query { b: Int } { a }"));
    assert_false(query("query"));
}

static void test_runs_graphql_query_accepts_byte_order_mark_and_values(void **) {
    assert_true(query("\xEF\xBB\xBF{ a }"));
    assert_true(query("{ a(n: -1.5e+3, l: [1, 2], o: {x: {y: null}}, e: ENUM, v: $v, b: true) @skip(if: false) }"));
    assert_true(query("query { a { ... @include(if: true) { b } } }"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_runs_graphql_query_shorthand_and_query_keyword),
        cmocka_unit_test(test_runs_graphql_query_mutation_and_subscription_are_not),
        cmocka_unit_test(test_runs_graphql_query_fragments_are_skipped),
        cmocka_unit_test(test_runs_graphql_query_ignores_comments),
        cmocka_unit_test(test_runs_graphql_query_ignores_what_strings_hold),
        cmocka_unit_test(test_runs_graphql_query_operation_name_selects),
        cmocka_unit_test(test_runs_graphql_query_unclassifiable_is_not),
        cmocka_unit_test(test_runs_graphql_query_accepts_byte_order_mark_and_values),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
