#include "call_options.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "error.hpp"
#include "json.hpp"
#include "raw_json.hpp"

namespace extapi {

namespace {

Failure option_failure(const std::string &key, const std::string &message) {
    return key_failure(ErrorCode::InvalidArgument, "options." + key, message);
}

std::string as_string(const char *key, const cJSON *v) {
    if (!cJSON_IsString(v) || !*v->valuestring) throw option_failure(key, "must be a non-empty string");
    return v->valuestring;
}

int64_t as_integer(const char *key, const cJSON *v, int64_t max) {
    if (!cJSON_IsNumber(v) || std::floor(v->valuedouble) != v->valuedouble || v->valuedouble < 1 ||
        v->valuedouble > double(max))
        throw option_failure(key, "must be an integer between 1 and " + std::to_string(max));
    return int64_t(v->valuedouble);
}

ResponseMode as_response_mode(const char *key, const cJSON *v) {
    const std::string mode = as_string(key, v);
    if (mode == "json") return ResponseMode::Json;
    if (mode == "text") return ResponseMode::Text;
    if (mode == "base64") return ResponseMode::Base64;
    throw option_failure(key, "must be json, text or base64");
}

// Which keys each call takes.
bool applies(const char *key, CallKind kind) {
    if (std::strcmp(key, "deadline_ms") == 0) return true;
    if (kind == CallKind::Login) return false;
    if (std::strcmp(key, "headers") == 0 || std::strcmp(key, "query") == 0) return true;
    if (kind == CallKind::Graphql) return std::strcmp(key, "operation_name") == 0;
    if (kind == CallKind::Paginate) return std::strcmp(key, "max_pages") == 0;
    return std::strcmp(key, "content_type") == 0 || std::strcmp(key, "response") == 0;
}

void set_option(const char *key, const cJSON *v, CallOptions &o) {
    const std::string name = key;
    if (name == "deadline_ms")
        o.deadline_ms = as_integer(key, v, 86400000);
    else if (name == "max_pages")
        o.max_pages = as_integer(key, v, 100000);
    else if (name == "headers")
        o.headers = header_object(("options." + name).c_str(), v, ErrorCode::InvalidArgument);
    else if (name == "query")
        o.query = string_object(("options." + name).c_str(), v, ErrorCode::InvalidArgument);
    else if (name == "content_type") {
        o.content_type = as_string(key, v);
        if (!is_header_safe(*o.content_type)) throw option_failure(key, "contains CR or LF");
    } else if (name == "operation_name")
        o.operation_name = as_string(key, v);
    else
        o.response = as_response_mode(key, v);
}

}  // namespace

CallOptions parse_call_options(const char *options_json, CallKind kind) {
    CallOptions options;
    if (!options_json) return options;
    const std::string text(options_json);
    JsonPtr root = parse_json(text);
    if (!cJSON_IsObject(root.get())) throw Failure(ErrorCode::InvalidArgument, "options_json must be a JSON object");
    static const char *const kKnown[] = {"deadline_ms",    "headers",  "query",    "content_type",
                                         "operation_name", "response", "max_pages"};
    for (const cJSON *item = root->child; item; item = item->next) {
        const bool known = std::any_of(std::begin(kKnown), std::end(kKnown),
                                       [&](const char *k) { return std::strcmp(k, item->string) == 0; });
        if (!known) throw option_failure(item->string, "unknown option");
        if (!applies(item->string, kind)) throw option_failure(item->string, "does not apply to this call");
        if (!cJSON_IsNull(item)) set_option(item->string, item, options);
    }
    return options;
}

}  // namespace extapi
