#include "result.hpp"

#include <algorithm>
#include <cctype>

#include "base64.hpp"
#include "raw_json.hpp"

namespace extapi {

namespace {

JsonPtr ok_document() {
    JsonPtr doc = checked(cJSON_CreateObject());
    add_item(doc.get(), "ok", checked(cJSON_CreateTrue()));
    return doc;
}

JsonPtr copy_json(const std::shared_ptr<cJSON> &json) { return checked(cJSON_Duplicate(json.get(), 1)); }

JsonPtr integer_or_null(const std::optional<int64_t> &value) {
    return value ? integer_json(*value) : checked(cJSON_CreateNull());
}

bool mentions_json(const std::string &content_type) {
    std::string lower = content_type;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return lower.find("json") != std::string::npos;
}

void add_response_meta(cJSON *doc, const ResponseMeta &meta) {
    if (!meta.headers.empty()) {
        JsonPtr headers = checked(cJSON_CreateObject());
        for (const auto &header : meta.headers)
            add_item(headers.get(), header.first.c_str(), checked(cJSON_CreateString(header.second.c_str())));
        add_item(doc, "headers", std::move(headers));
    }
    if (meta.limit || meta.remaining || meta.reset_s) {
        JsonPtr rate_limit = checked(cJSON_CreateObject());
        add_item(rate_limit.get(), "limit", integer_or_null(meta.limit));
        add_item(rate_limit.get(), "remaining", integer_or_null(meta.remaining));
        add_item(rate_limit.get(), "reset_s", integer_or_null(meta.reset_s));
        add_item(doc, "rate_limit", std::move(rate_limit));
    }
    if (meta.retry_after_s) add_item(doc, "retry_after_s", integer_or_null(meta.retry_after_s));
}

}  // namespace

JsonPtr data_document(long status, JsonPtr data, const ResponseMeta &meta) {
    JsonPtr doc = ok_document();
    add_item(doc.get(), "status", integer_json(status));
    add_item(doc.get(), "data", data ? std::move(data) : checked(cJSON_CreateNull()));
    add_response_meta(doc.get(), meta);
    return doc;
}

JsonPtr token_summary(const Token &token, bool expose_access_token) {
    JsonPtr summary = checked(cJSON_CreateObject());
    std::optional<int64_t> expires_at, expires_in;
    if (token.has_expiry) {
        expires_at = token.expires_at_wall;
        expires_in = std::max<int64_t>(0, token.seconds_left(MonoClock::now()));
    }
    add_item(summary.get(), "type", checked(cJSON_CreateString(token.type.c_str())));
    add_item(summary.get(), "expires_at", integer_or_null(expires_at));
    add_item(summary.get(), "expires_in", integer_or_null(expires_in));
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
    add_item(doc.get(), "status", integer_json(failure.status));
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
    add_response_meta(doc.get(), failure.meta);
    return doc;
}

namespace {

JsonPtr text_data(const HttpResponse &response) {
    if (!is_valid_utf8(response.body) || response.body.find('\0') != std::string::npos)
        throw Failure(ErrorCode::InvalidResponse, "the response body is not UTF-8 text", response.status);
    return checked(cJSON_CreateString(response.body.c_str()));
}

}  // namespace

JsonPtr response_data(const HttpResponse &response, ResponseMode mode) {
    if (mode == ResponseMode::Base64) return checked(cJSON_CreateString(base64_encode(response.body).c_str()));
    if (mode == ResponseMode::Text) return text_data(response);
    if (response.body.empty()) return checked(cJSON_CreateNull());
    if (is_strict_json(response.body)) return raw_json_node(response.body);
    if (mentions_json(response.content_type))
        throw Failure(ErrorCode::InvalidResponse, "the response claims to be JSON but does not parse", response.status);
    return text_data(response);
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
    } else if (is_rate_limited(response)) {
        code = ErrorCode::RateLimited;
        message += ": rate limited" + (response.retry_after.empty() ? "" : " (Retry-After: " + response.retry_after + ")");
    }
    Failure failure(code, message, status);
    if (data) failure.data = std::shared_ptr<cJSON>(data.release(), JsonDeleter());
    failure.meta = response.meta;
    return failure;
}

}  // namespace extapi
