#include "fault_spec.hpp"

#include "codec.hpp"

#include <cstring>

namespace emu {
namespace {

struct KindName {
    const char *name;
    FaultKind kind;
};

const KindName kKinds[] = {
    {"status", FaultKind::Status},        {"delay", FaultKind::Delay}, {"stall", FaultKind::Stall},
    {"malformed", FaultKind::Malformed},  {"html", FaultKind::Html},   {"truncated", FaultKind::Truncated},
    {"oversized", FaultKind::Oversized},  {"drop", FaultKind::Drop},   {"empty", FaultKind::Empty},
    {"stall_body", FaultKind::StallBody}, {"reset", FaultKind::Reset},
};

bool parse_kind(const char *name, FaultKind &kind) {
    for (const auto &k : kKinds)
        if (name && std::strcmp(k.name, name) == 0) {
            kind = k.kind;
            return true;
        }
    return false;
}

// Optional integer member within [min, max]; absent leaves out untouched.
bool optional_integer(const cJSON *json, const char *key, long long min, long long max, long long &out,
                      std::string &error) {
    const cJSON *m = json_member(json, key);
    if (!m) return true;
    long long v;
    if (!json_integer(m, v) || v < min || v > max) {
        error =
            std::string(key) + ": expected an integer in [" + std::to_string(min) + ", " + std::to_string(max) + "]";
        return false;
    }
    out = v;
    return true;
}

// Retry-After may be given as a number of seconds or as any header text.
bool parse_retry_after(const cJSON *json, FaultSpec &f, std::string &error) {
    const cJSON *m = json_member(json, "retry_after");
    long long n;
    if (!m) return true;
    if (cJSON_IsString(m)) {
        f.retry_after = m->valuestring;
    } else if (json_integer(m, n)) {
        f.retry_after = std::to_string(n);
    } else {
        error = "retry_after: expected a string or an integer";
        return false;
    }
    return true;
}

// A string body is sent verbatim; any other JSON value is serialised.
void parse_body(const cJSON *json, FaultSpec &f) {
    const cJSON *m = json_member(json, "body");
    if (!m) return;
    f.body = cJSON_IsString(m) ? std::string(m->valuestring) : json_print(m);
}

// httplib writes these itself (framing, and content_type for the type); a
// second copy would make the answer ambiguous rather than quirky.
bool reserved_header(const std::string &name) {
    const std::string lower = to_lower(name);
    return lower == "content-length" || lower == "transfer-encoding" || lower == "connection" ||
           lower == "content-type";
}

bool has_line_break(const std::string &s) { return s.find_first_of("\r\n") != std::string::npos; }

bool header_name_ok(const std::string &name) {
    return !name.empty() && name.find(':') == std::string::npos && name.find_first_of(" \t") == std::string::npos &&
           !has_line_break(name) && !reserved_header(name);
}

// Extra response headers of a status fault: {"Name": "value", ...}.
// httplib would silently drop a line break; a test that asks for one gets
// a 400 instead of a fault that quietly isn't there.
bool parse_headers(const cJSON *json, FaultSpec &f, std::string &error) {
    const cJSON *m = json_member(json, "headers");
    if (!m) return true;
    if (!cJSON_IsObject(m) || f.kind != FaultKind::Status) {
        error = "headers: expected an object of name: string value (kind status only)";
        return false;
    }
    for (const cJSON *h = m->child; h; h = h->next) {
        if (!header_name_ok(h->string)) {
            error = std::string("headers: invalid or reserved header name: ") + h->string;
            return false;
        }
        if (!cJSON_IsString(h) || has_line_break(h->valuestring)) {
            error = std::string("headers: ") + h->string + ": expected a string without CR or LF";
            return false;
        }
        f.headers.emplace_back(h->string, h->valuestring);
    }
    return true;
}

bool parse_target(const cJSON *json, FaultSpec &f, std::string &error) {
    const char *path = json_string_member(json, "path");
    if (!path || (path[0] != '/' && std::strcmp(path, "*") != 0)) {
        error = "path: expected \"/exact/path\" or \"*\"";
        return false;
    }
    f.path = path;
    const cJSON *method = json_member(json, "method");
    if (method && !cJSON_IsNull(method)) {
        if (!cJSON_IsString(method)) {
            error = "method: expected a string";
            return false;
        }
        f.method = to_upper(method->valuestring);
    }
    return optional_integer(json, "count", 1, 1000000, f.count, error);
}

bool parse_parameters(const cJSON *json, FaultSpec &f, std::string &error) {
    long long status = f.kind == FaultKind::Html ? 502 : 500;
    long long size = static_cast<long long>(f.size);
    if (!optional_integer(json, "status", 200, 599, status, error) ||
        !optional_integer(json, "delay_ms", 0, 3600000, f.delay_ms, error) ||
        !optional_integer(json, "stall_ms", 0, 3600000, f.stall_ms, error) ||
        !optional_integer(json, "size", 2, 1LL << 31, size, error) || !parse_retry_after(json, f, error) ||
        !parse_headers(json, f, error))
        return false;
    f.status = static_cast<int>(status);
    f.size = static_cast<std::size_t>(size);
    parse_body(json, f);
    if (const char *ct = json_string_member(json, "content_type")) f.content_type = ct;
    return true;
}

}  // namespace

bool FaultSpec::matches(const std::string &req_method, const std::string &req_path) const {
    return (path == "*" || path == req_path) && (method.empty() || method == to_upper(req_method));
}

bool parse_fault(const cJSON *json, FaultSpec &out, std::string &error) {
    FaultSpec f;
    if (!cJSON_IsObject(json)) {
        error = "fault must be a JSON object";
        return false;
    }
    if (!parse_kind(json_string_member(json, "kind"), f.kind)) {
        error =
            "kind: expected one of status, delay, stall, malformed, html, "
            "truncated, oversized, drop, empty";
        return false;
    }
    if (!parse_target(json, f, error) || !parse_parameters(json, f, error)) return false;
    out = std::move(f);
    return true;
}

}  // namespace emu
