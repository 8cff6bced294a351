// libFuzzer target: runs_graphql_query, which decides whether a GraphQL
// request may be sent twice (a query is resent like a GET, anything else
// never).  Input: the first line is the operation name ("-" for none), the
// rest the document.
// Invariants: no crash, hang or UB; ignored tokens (whitespace, commas, a
// comment line) around the document change nothing; and a document that
// runs a query stops counting as one when a mutation joins it: unnamed
// (then no name picks one of two operations) or named and picked.
#include <cstdint>
#include <optional>
#include <string>

#include "fuzz_common.hpp"
#include "graphql_operation.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    std::string_view in(reinterpret_cast<const char *>(data), size);
    const size_t nl = in.find('\n');
    std::optional<std::string_view> name;
    if (nl != std::string_view::npos) {
        if (in.substr(0, nl) != "-") name = in.substr(0, nl);
        in.remove_prefix(nl + 1);
    }
    const std::string document(in);
    const bool query = extapi::runs_graphql_query(document, name);

    const std::string padded = " ,\t\r\n" + document + "\n# a comment\n,";
    FUZZ_CHECK(extapi::runs_graphql_query(padded, name) == query, document);
    if (query) {
        FUZZ_CHECK(!extapi::runs_graphql_query("mutation { x }\n" + document, std::nullopt), document);
        FUZZ_CHECK(!extapi::runs_graphql_query("mutation FuzzPicked { x }\n" + document, "FuzzPicked"), document);
    }
    return 0;
}
