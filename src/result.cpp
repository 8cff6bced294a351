#include "result.hpp"

#include <algorithm>

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
    add_item(summary.get(), "scope",
             checked(token.scope ? cJSON_CreateString(token.scope->c_str()) : cJSON_CreateNull()));
    add_item(summary.get(), "refreshable", checked(cJSON_CreateBool(!token.refresh.empty())));
    if (expose_access_token && !token.access.empty())
        add_item(summary.get(), "access_token", checked(cJSON_CreateString(token.access.c_str())));
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

ResultData text_data(const HttpResponse &response) {
    if (!is_valid_utf8(response.body) || response.body.find('\0') != std::string::npos)
        throw Failure(ErrorCode::InvalidResponse, "the response body is not UTF-8 text", response.status);
    return ResultData::string(response.body);
}

}  // namespace

ResultData response_result_data(const HttpResponse &response, ResponseMode mode, std::string &storage) {
    if (mode == ResponseMode::Base64) return ResultData::string(storage = base64_encode(response.body));
    if (mode == ResponseMode::Text) return text_data(response);
    if (response.body.empty()) return ResultData{};
    if (is_strict_json(response.body)) return ResultData::json(response.body);
    if (claims_json(response))
        throw Failure(ErrorCode::InvalidResponse, "the response claims to be JSON but does not parse", response.status);
    return text_data(response);
}

JsonPtr response_data(const HttpResponse &response, ResponseMode mode) {
    std::string storage;
    return response_result_data(response, mode, storage).node();
}

JsonPtr ResultData::node() const {
    switch (kind) {
    case Kind::Json: return raw_json_node(text);
    case Kind::String: return checked(cJSON_CreateString(std::string(text).c_str()));
    case Kind::Null: break;
    }
    return checked(cJSON_CreateNull());
}

namespace {

const char kRedactedToken[] = "\"[redacted]\"";

// The server's JSON text without its surrounding whitespace (as its raw
// node prints), every string `hide` accepts replaced.
void append_redacted_json(TextBuffer &out, const ResultData &data, StringFilter hide) {
    const std::string_view text = without_space(data.text);
    if (data.longest_string < hide.shortest) {  // no string of it is long enough to hold a secret
        out.append(text);
        return;
    }
    size_t copied = 0;
    while (auto hidden = next_hidden_string(text, copied, hide)) {
        out.append(text.substr(copied, hidden->begin - copied));
        out.append(kRedactedToken);
        copied = hidden->end;
    }
    out.append(text.substr(copied));
}

// A string value as a cJSON string node prints after redaction.
void append_redacted_string(TextBuffer &out, std::string_view value, StringFilter hide) {
    if (value.size() >= hide.shortest && hide.hides(value, false))
        out.append(kRedactedToken);
    else
        append_json_string(out, value);
}

void append_integer_or_null(TextBuffer &out, const std::optional<int64_t> &value) {
    out.append(value ? std::to_string(*value) : "null");
}

// What add_response_meta() adds, in its order.
void append_response_meta(TextBuffer &out, const ResponseMeta &meta, StringFilter hide) {
    if (!meta.headers.empty()) {
        out.append(",\"headers\":{");
        for (size_t i = 0; i < meta.headers.size(); ++i) {
            if (i > 0) out.push_back(',');
            append_json_string(out, meta.headers[i].first);
            out.push_back(':');
            append_redacted_string(out, meta.headers[i].second, hide);
        }
        out.push_back('}');
    }
    if (meta.limit || meta.remaining || meta.reset_s) {
        out.append(",\"rate_limit\":{\"limit\":");
        append_integer_or_null(out, meta.limit);
        out.append(",\"remaining\":");
        append_integer_or_null(out, meta.remaining);
        out.append(",\"reset_s\":");
        append_integer_or_null(out, meta.reset_s);
        out.push_back('}');
    }
    if (meta.retry_after_s) {
        out.append(",\"retry_after_s\":");
        append_integer_or_null(out, meta.retry_after_s);
    }
}

size_t meta_size_estimate(const ResponseMeta &meta) {
    size_t size = 96;  // rate_limit and retry_after_s with their digits
    for (const auto &header : meta.headers) size += header.first.size() + header.second.size() + 8;
    return size;
}

}  // namespace

PrintedDocument print_data_document(long status, const ResultData &data, const ResponseMeta &meta, StringFilter hide) {
    TextBuffer out(data.text.size() + meta_size_estimate(meta) + 48);
    out.append("{\"ok\":true,\"status\":");
    out.append(std::to_string(status));
    out.append(",\"data\":");
    switch (data.kind) {
    case ResultData::Kind::Json: append_redacted_json(out, data, hide); break;
    case ResultData::Kind::String: append_redacted_string(out, data.text, hide); break;
    case ResultData::Kind::Null: out.append("null"); break;
    }
    append_response_meta(out, meta, hide);
    out.push_back('}');
    return PrintedDocument(out.release());
}

Failure api_failure(const HttpResponse &response, JsonPtr data) {
    const long status = response.status;
    const ErrorCode code = failure_code(response);
    std::string message = "HTTP " + std::to_string(status);
    if (response.cross_origin_redirect) {
        message += ": redirect to another origin not followed (it would carry the credentials)";
    } else if (code == ErrorCode::AuthFailed) {
        message += ": the server rejected the credentials";
    } else if (code == ErrorCode::RateLimited) {
        message +=
            ": rate limited" + (response.retry_after.empty() ? "" : " (Retry-After: " + response.retry_after + ")");
    }
    Failure failure(code, message, status);
    if (data) failure.data = std::shared_ptr<cJSON>(data.release(), JsonDeleter());
    failure.meta = response.meta;
    return failure;
}

}  // namespace extapi
