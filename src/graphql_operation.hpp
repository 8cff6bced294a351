// Which kind of operation a GraphQL request runs, read from its document:
// a query is a read-only fetch (GraphQL spec, October 2021, §2.3), so a
// request that runs one may be sent again like a GET (docs/transport.md).
#pragma once

#include <optional>
#include <string_view>

namespace extapi {

// True only when the operation the server will run is certainly a query
// (`query ...` or the shorthand `{ ... }`): the one named `operation_name`
// when a name is given, else the document's only operation (the spec's
// GetOperation, §6.1).  Mutations, subscriptions and every document this
// reader cannot classify (no such operation or several, a type-system
// definition, unbalanced brackets, an unterminated string, a character
// GraphQL has no token for) are false.
bool runs_graphql_query(std::string_view document, std::optional<std::string_view> operation_name);

}  // namespace extapi
