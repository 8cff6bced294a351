#include "json_util.hpp"

#include <cmath>
#include <cstdlib>

namespace emu {

Json json_parse(const std::string &text) {
    // The length includes the terminating NUL so that cJSON's
    // require_null_terminated check can reject trailing garbage.
    return Json(cJSON_ParseWithLengthOpts(text.c_str(), text.size() + 1, nullptr, 1));
}

std::string json_print(const cJSON *j) {
    char *text = cJSON_PrintUnformatted(j);
    if (!text) return "null";
    std::string out(text);
    cJSON_free(text);
    return out;
}

Json json_object() { return Json(cJSON_CreateObject()); }

bool json_integer(const cJSON *j, long long &out) {
    if (!cJSON_IsNumber(j)) return false;
    double v = j->valuedouble;
    if (!std::isfinite(v) || std::floor(v) != v || std::fabs(v) > 1e15) return false;
    out = static_cast<long long>(v);
    return true;
}

const cJSON *json_member(const cJSON *obj, const char *key) {
    return cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key) : nullptr;
}

const char *json_string_member(const cJSON *obj, const char *key) {
    const cJSON *m = json_member(obj, key);
    return cJSON_IsString(m) ? m->valuestring : nullptr;
}

}  // namespace emu
