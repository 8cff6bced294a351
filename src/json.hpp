// cJSON ownership helpers and UTF-8 validation.
#pragma once

#include <cjson/cJSON.h>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace extapi {

struct JsonDeleter {
    void operator()(cJSON *j) const noexcept { cJSON_Delete(j); }
};
using JsonPtr = std::unique_ptr<cJSON, JsonDeleter>;

// For documents that carry credentials: every string is wiped, then freed.
struct SensitiveJsonDeleter {
    void operator()(cJSON *j) const noexcept;
};
using SensitiveJsonPtr = std::unique_ptr<cJSON, SensitiveJsonDeleter>;

// The tree of a complete strict JSON text (see is_strict_json in
// raw_json.hpp, which shares its grammar; no cJSON parser, which writes a
// process-wide error pointer); nullptr when it is not one, or holds a
// string with a NUL.  Throws std::bad_alloc.
JsonPtr parse_json(std::string_view text);

// Serialises compactly; throws std::bad_alloc when cJSON runs out of memory.
std::string print_json(const cJSON *json);

// Serialises compactly into one malloc'ed buffer sized up front (no
// reallocation, no copy), the caller's to free(); throws std::bad_alloc.
char *print_json_malloced(const cJSON *json);

// The same for documents holding credentials: cJSON's buffer is wiped.
std::string print_sensitive_json(const cJSON *json);

// Text built in one malloc'ed buffer that is handed over as is to a C
// caller, who frees it with free(): a result document printed into it
// needs no copy at the end.
class TextBuffer {
public:
    explicit TextBuffer(size_t capacity);  // throws std::bad_alloc
    ~TextBuffer() { std::free(data_); }
    TextBuffer(const TextBuffer &) = delete;
    TextBuffer &operator=(const TextBuffer &) = delete;

    void append(std::string_view text);
    void push_back(char c) { append(std::string_view(&c, 1)); }
    // The NUL-terminated text, now the caller's to free().
    char *release() noexcept;

private:
    void grow(size_t needed);

    char *data_;
    size_t size_ = 0, capacity_;
};

// A malloc'ed result document for the C caller (free()d by ext_string_free).
struct FreeDeleter {
    void operator()(char *p) const noexcept { std::free(p); }
};
using PrintedDocument = std::unique_ptr<char, FreeDeleter>;

// Takes ownership of a freshly created cJSON node, throwing on NULL.
JsonPtr checked(cJSON *json);

// An integer as a raw node of its decimal digits: exact beyond 2^53, and
// printed without cJSON's sprintf/sscanf round trip for numbers.
JsonPtr integer_json(int64_t value);

// Adds `item` to `object` under `key`, transferring ownership.
void add_item(cJSON *object, const char *key, JsonPtr item);

// A string member, or nothing when absent or not a string.
std::optional<std::string> string_member(const cJSON *object, const char *key);

bool is_valid_utf8(std::string_view text);

// The length of the valid UTF-8 sequence starting at `at` (1 for ASCII),
// or 0 when there is none (overlong forms, surrogates, above U+10FFFF).
size_t utf8_sequence_at(std::string_view text, size_t at);

}  // namespace extapi
