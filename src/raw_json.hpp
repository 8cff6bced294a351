// JSON texts kept as the server sent them.  Results carry the server's
// bytes (every digit of a number, every string as written) as raw cJSON
// nodes instead of a parse-and-print round trip; cJSON checks the
// structure, this file the tokens cJSON is lenient about, finds members
// without building a tree, and rewrites whole string values.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "json.hpp"

namespace extapi {

// A top-level member of a JSON object text wanted by a scan.
struct WantedMember {
    std::string_view key;
    std::optional<std::string_view> *text;  // set to the value's text when found
};

// What one validating pass over a JSON text learns.
struct StrictScan {
    bool valid = false;
    // The length between the quotes of the longest string token (a key or a
    // value): no decoded string of the text is longer.
    size_t longest_string = 0;
};

// Whether `text` is exactly one RFC 8259 JSON value in valid UTF-8 (strict
// numbers, no raw control characters in strings, nesting at most 999
// deep); in the same pass, when it is an object, the texts of the `wanted`
// top-level members (the first of duplicate keys wins, as in cJSON; all
// left unset when the text is not valid).  Allocates nothing, unless a
// wanted key is written with escapes.
StrictScan scan_strict_json(std::string_view text, std::initializer_list<WantedMember> wanted = {});
bool is_strict_json(std::string_view text);  // scan_strict_json(text).valid

// Whether the valid JSON `text` is an object / an array with an element.
bool is_object_text(std::string_view text);
bool is_nonempty_array(std::string_view text);

// `text` without the whitespace around it.
std::string_view without_space(std::string_view text);

// A raw node printing as `text` (which must be valid JSON), without the
// surrounding whitespace.
JsonPtr raw_json_node(std::string_view text);

// Appends `value` as a JSON string, quoted and escaped exactly as cJSON
// prints one (so that a document built as text reads as one printed by
// cJSON).
// For a std::string or a TextBuffer.
template <typename Text>
void append_json_string(Text &out, std::string_view value);

// The text of a top-level member's value in a valid JSON object text;
// nothing when absent (the first of duplicate keys wins, as in cJSON).
std::optional<std::string_view> member_text(std::string_view object_text, std::string_view key);

// The same for several members in one pass over the text.
void member_texts(std::string_view object_text, std::initializer_list<WantedMember> wanted);

// A callable taken by reference for the length of a call, without
// std::function's copy and allocation.
template <typename Signature>
class FunctionRef;

template <typename Result, typename... Args>
class FunctionRef<Result(Args...)> {
public:
    template <typename Callable>
    FunctionRef(const Callable &callable)  // NOLINT: converts like a function pointer
        : callable_(&callable),
          call_([](const void *c, Args... args) -> Result { return (*static_cast<const Callable *>(c))(args...); }) {}
    Result operator()(Args... args) const { return call_(callable_, args...); }

private:
    const void *callable_;
    Result (*call_)(const void *, Args...);
};

// Which strings of a JSON text must be hidden: `hides(value, is_key)`
// decides from a string's decoded value and whether it is an object key,
// and no string shorter than `shortest` bytes is hidden, so that a scan
// passes over those without decoding or asking.
struct StringFilter {
    template <typename Callable>
    StringFilter(const Callable &decide, size_t shortest_hidden = 0)  // NOLINT: converts like a function pointer
        : hides(decide), shortest(shortest_hidden) {}

    FunctionRef<bool(std::string_view, bool)> hides;
    size_t shortest;
};

// Where a string token lies in a text: [begin, end), quotes included.
struct TokenSpan {
    size_t begin, end;
};

// The first string token at or after `from` (outside any string) of the
// valid JSON `text` that `hide` accepts; nothing when none is left.
// Allocates only to decode a string with escapes.
std::optional<TokenSpan> next_hidden_string(std::string_view text, size_t from, StringFilter hide);

// A copy of the valid JSON `text` in which every string whose decoded
// value `hide(value, is_key)` accepts is replaced by `replacement` (a JSON
// string token, quotes included), everything else kept byte for byte; or
// nothing when no string was hidden (the common case costs no copy).
std::optional<std::string> rewrite_strings(std::string_view text, StringFilter hide, std::string_view replacement);

}  // namespace extapi
