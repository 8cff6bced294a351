#include "result.hpp"

#include <algorithm>
#include <cctype>

namespace extapi {

namespace {

// Shorter secrets would turn ordinary words into "[redacted]".
constexpr size_t kMinRedactedLength = 4;
const char kRedacted[] = "[redacted]";

JsonPtr ok_document() {
    JsonPtr doc = checked(cJSON_CreateObject());
    add_item(doc.get(), "ok", checked(cJSON_CreateTrue()));
    return doc;
}

JsonPtr copy_json(const std::shared_ptr<cJSON> &json) { return checked(cJSON_Duplicate(json.get(), 1)); }

JsonPtr number_or_null(bool present, double value) {
    return checked(present ? cJSON_CreateNumber(value) : cJSON_CreateNull());
}

bool mentions_json(const std::string &content_type) {
    std::string lower = content_type;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return lower.find("json") != std::string::npos;
}

}  // namespace

JsonPtr data_document(long status, JsonPtr data) {
    JsonPtr doc = ok_document();
    add_item(doc.get(), "status", checked(cJSON_CreateNumber(double(status))));
    add_item(doc.get(), "data", data ? std::move(data) : checked(cJSON_CreateNull()));
    return doc;
}

JsonPtr token_summary(const Token &token, bool expose_access_token) {
    JsonPtr summary = checked(cJSON_CreateObject());
    const int64_t left = token.has_expiry ? std::max<int64_t>(0, token.seconds_left(MonoClock::now())) : 0;
    add_item(summary.get(), "type", checked(cJSON_CreateString(token.type.c_str())));
    add_item(summary.get(), "expires_at", number_or_null(token.has_expiry, double(token.expires_at_wall)));
    add_item(summary.get(), "expires_in", number_or_null(token.has_expiry, double(left)));
    add_item(summary.get(), "scope", checked(token.scope ? cJSON_CreateString(token.scope->c_str()) : cJSON_CreateNull()));
    add_item(summary.get(), "refreshable", checked(cJSON_CreateBool(!token.refresh.empty())));
    if (expose_access_token && !token.access.empty())
        add_item(summary.get(), "access_token", checked(cJSON_CreateString(token.access.reveal().c_str())));
    return summary;
}

JsonPtr token_document(const Token &token, bool expose_access_token) {
    JsonPtr doc = ok_document();
    add_item(doc.get(), "token", token_summary(token, expose_access_token));
    return doc;
}

JsonPtr error_document(const Failure &failure) {
    JsonPtr doc = checked(cJSON_CreateObject());
    add_item(doc.get(), "ok", checked(cJSON_CreateFalse()));
    add_item(doc.get(), "status", checked(cJSON_CreateNumber(double(failure.status))));
    JsonPtr error = checked(cJSON_CreateObject());
    add_item(error.get(), "code", checked(cJSON_CreateString(error_code_name(failure.code))));
    std::string message = failure.what();
    if (!is_valid_utf8(message)) message = "(message withheld: not valid UTF-8)";
    add_item(error.get(), "message", checked(cJSON_CreateString(message.c_str())));
    if (!failure.key.empty()) add_item(error.get(), "key", checked(cJSON_CreateString(failure.key.c_str())));
    if (failure.oauth) add_item(error.get(), "oauth", copy_json(failure.oauth));
    if (failure.errors) add_item(error.get(), "errors", copy_json(failure.errors));
    add_item(doc.get(), "error", std::move(error));
    if (failure.data) add_item(doc.get(), "data", copy_json(failure.data));
    return doc;
}

JsonPtr response_data(const HttpResponse &response) {
    if (response.body.empty()) return checked(cJSON_CreateNull());
    if (JsonPtr parsed = parse_json(response.body)) return parsed;
    if (mentions_json(response.content_type))
        throw Failure(ErrorCode::InvalidResponse, "the response claims to be JSON but does not parse", response.status);
    if (!is_valid_utf8(response.body) || response.body.find('\0') != std::string::npos)
        throw Failure(ErrorCode::InvalidResponse, "the response body is neither JSON nor UTF-8 text", response.status);
    return checked(cJSON_CreateString(response.body.c_str()));
}

Failure api_failure(const HttpResponse &response, JsonPtr data) {
    const long status = response.status;
    ErrorCode code = ErrorCode::Http;
    std::string message = "HTTP " + std::to_string(status);
    if (response.cross_origin_redirect) {
        message += ": redirect to another origin not followed (it would carry the credentials)";
    } else if (status == 401 || status == 403) {
        code = ErrorCode::AuthFailed;
        message += ": the server rejected the credentials";
    } else if (status == 429) {
        code = ErrorCode::RateLimited;
        message += ": rate limited" + (response.retry_after.empty() ? "" : " (Retry-After: " + response.retry_after + ")");
    }
    Failure failure(code, message, status);
    if (data) failure.data = std::shared_ptr<cJSON>(data.release(), JsonDeleter());
    return failure;
}

static void replace_all(std::string &document, const std::string &needle) {
    for (size_t at = document.find(needle); at != std::string::npos; at = document.find(needle, at)) {
        document.replace(at, needle.size(), kRedacted);
        at += sizeof kRedacted - 1;
    }
}

static bool needs_json_escaping(const std::string &s) {
    return std::any_of(s.begin(), s.end(), [](unsigned char c) { return c == '"' || c == '\\' || c < 0x20; });
}

std::string redact_secrets(std::string document, const std::vector<const Secret *> &secrets) {
    for (const Secret *secret : secrets) {
        const std::string &value = secret->reveal();
        if (value.size() < kMinRedactedLength) continue;
        replace_all(document, value);
        if (needs_json_escaping(value)) {
            std::string escaped = json_escaped(value);
            replace_all(document, escaped);
            wipe(escaped);
        }
    }
    return document;
}

}  // namespace extapi
