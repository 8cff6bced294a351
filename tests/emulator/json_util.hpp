// RAII and convenience wrappers around cJSON.
#pragma once

#include <cjson/cJSON.h>

#include <memory>
#include <string>

namespace emu {

struct JsonDeleter {
    void operator()(cJSON *j) const { cJSON_Delete(j); }
};
using Json = std::unique_ptr<cJSON, JsonDeleter>;

// Strict parse: the whole text must be one JSON value.  Null on error.
Json json_parse(const std::string &text);
std::string json_print(const cJSON *j);
Json json_object();

// A JSON number that is an exact integer of moderate size.
bool json_integer(const cJSON *j, long long &out);
const cJSON *json_member(const cJSON *obj, const char *key);
// Member as a string, or nullptr when absent or not a string.
const char *json_string_member(const cJSON *obj, const char *key);

}  // namespace emu
