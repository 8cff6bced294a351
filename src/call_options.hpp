// The per-call options of the 1.1 "_ex" functions (SPEC "Version 1.1
// additions"): parsed and checked once per call at the C boundary.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "config.hpp"

namespace extapi {

enum class ResponseMode { Json, Text, Base64 };

// Which call the options are for: each accepts only the keys that apply.
enum class CallKind { Login, Graphql, Request, Paginate };

struct CallOptions {
    std::optional<int64_t> deadline_ms;          // over the session's
    NameValues headers;                          // merged over the session's `headers`
    NameValues query;                            // appended to the URL, encoded
    std::optional<std::string> content_type;     // request: the body is sent as given
    std::optional<std::string> operation_name;   // graphql
    ResponseMode response = ResponseMode::Json;  // request
    int64_t max_pages = 100;                     // paginate
};

// NULL means no options.  Throws Failure(invalid_argument) naming the key
// for unknown keys, keys that do not apply to `kind`, and wrong values.
CallOptions parse_call_options(const char *options_json, CallKind kind);

}  // namespace extapi
