// JSON texts kept as the server sent them.  Results carry the server's
// bytes (every digit of a number, every string as written) as raw cJSON
// nodes instead of a parse-and-print round trip; cJSON checks the
// structure, this file the tokens cJSON is lenient about, finds members
// without building a tree, and rewrites whole string values.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "json.hpp"

namespace extapi {

// The parsed tree of `text` when it is exactly one strict JSON value
// (RFC 8259 numbers, no raw control characters in strings); else nullptr.
JsonPtr parse_strict_json(const std::string &text);

// A raw node printing as `text` (which must be valid JSON), without the
// surrounding whitespace.
JsonPtr raw_json_node(std::string_view text);

// The text of a top-level member's value in a valid JSON object text;
// nothing when absent (the first of duplicate keys wins, as in cJSON).
std::optional<std::string_view> member_text(std::string_view object_text, std::string_view key);

// A copy of the valid JSON `text` in which every string (keys included)
// whose decoded value `hide` accepts is replaced by `replacement` (a JSON
// string token, quotes included), everything else kept byte for byte; or
// nothing when no string was hidden (the common case costs no copy).
std::optional<std::string> rewrite_strings(std::string_view text, const std::function<bool(std::string_view)> &hide,
                                           std::string_view replacement);

}  // namespace extapi
