// JSON texts kept as the server sent them.  Results carry the server's
// bytes (every digit of a number, every string as written) as raw cJSON
// nodes instead of a parse-and-print round trip; cJSON checks the
// structure, this file the tokens cJSON is lenient about, finds members
// without building a tree, and rewrites whole string values.
#pragma once

#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "json.hpp"

namespace extapi {

// Whether `text` is exactly one RFC 8259 JSON value in valid UTF-8 (strict
// numbers, no raw control characters in strings, nesting at most 999
// deep).  Allocates nothing.
bool is_strict_json(std::string_view text);

// Whether the valid JSON `text` is an object / an array with an element.
bool is_object_text(std::string_view text);
bool is_nonempty_array(std::string_view text);

// A raw node printing as `text` (which must be valid JSON), without the
// surrounding whitespace.
JsonPtr raw_json_node(std::string_view text);

// Appends `value` as a JSON string (quotes and escapes by cJSON).
void append_json_string(std::string &out, const std::string &value);

// The text of a top-level member's value in a valid JSON object text;
// nothing when absent (the first of duplicate keys wins, as in cJSON).
std::optional<std::string_view> member_text(std::string_view object_text, std::string_view key);

// The same for several members in one pass over the text.
struct WantedMember {
    std::string_view key;
    std::optional<std::string_view> *text;  // set when found
};
void member_texts(std::string_view object_text, std::initializer_list<WantedMember> wanted);

// A copy of the valid JSON `text` in which every string whose decoded
// value `hide(value, is_key)` accepts is replaced by `replacement` (a JSON
// string token, quotes included), everything else kept byte for byte; or
// nothing when no string was hidden (the common case costs no copy).
std::optional<std::string> rewrite_strings(std::string_view text,
                                           const std::function<bool(std::string_view, bool)> &hide,
                                           std::string_view replacement);

}  // namespace extapi
