#include "token_endpoint.hpp"

#include <curl/curl.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cstring>
#include <cctype>
#include <vector>

#include "error.hpp"
#include "json.hpp"
#include "raw_json.hpp"
#include "url.hpp"

namespace extapi {

namespace {

// RFC 6749 §5.2: error, error_description, error_uri.
std::shared_ptr<cJSON> oauth_error_object(const cJSON *body) {
    auto error = string_member(body, "error");
    if (!error) return nullptr;
    std::shared_ptr<cJSON> oauth(checked(cJSON_CreateObject()).release(), JsonDeleter());
    for (const char *member : {"error", "error_description", "error_uri"}) {
        if (auto value = string_member(body, member))
            add_item(oauth.get(), member, checked(cJSON_CreateString(value->c_str())));
    }
    return oauth;
}

// RFC 6750 §2.1 b64token: what may follow "Bearer " in a header.
bool is_b64token(const std::string &token) {
    const size_t end = token.find_last_not_of('=');
    if (end == std::string::npos) return false;
    return std::all_of(token.begin(), token.begin() + long(end) + 1, [](unsigned char c) {
        return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    });
}

std::string endpoint_error_message(const cJSON *body, const HttpResponse &r, const char *what) {
    if (body) {
        if (auto error = string_member(body, "error")) {
            auto description = string_member(body, "error_description");
            return *error + (description ? ": " + *description : "");
        }
        for (const char *key : {"error_message", "message"})
            if (auto message = string_member(body, key)) return *message;
    }
    return std::string(what) + " answered HTTP " + std::to_string(r.status);
}

}  // namespace

std::string form_encode(const FormFields &fields) {
    // Reserved up front: a reallocation would leave a copy of the secrets
    // in freed memory (percent-encoding at most triples a value).
    size_t capacity = 0;
    for (const auto &field : fields) capacity += std::strlen(field.first) + 2 + 3 * field.second.size();
    std::string body;
    body.reserve(capacity);
    for (const auto &field : fields) {
        if (!body.empty()) body.push_back('&');
        body += field.first;
        body.push_back('=');
        std::string value = percent_encode(field.second);
        body += value;
        wipe(value);
    }
    return body;
}

FormFields with_token_params(FormFields fields, const Config &config) {
    for (const auto &param : config.token_params) fields.emplace_back(param.first.c_str(), param.second);
    return fields;
}

std::string oauth_error_code(const HttpResponse &response) {
    JsonPtr body = parse_json(response.body);
    return string_member(body.get(), "error").value_or("");
}

void throw_endpoint_failure(const HttpResponse &r, const char *what) {
    if (r.cross_origin_redirect)
        throw Failure(ErrorCode::Http, std::string(what) + " redirected to another origin; not followed", r.status);
    SensitiveJsonPtr body(parse_json(r.body).release());
    const cJSON *object = cJSON_IsObject(body.get()) ? body.get() : nullptr;
    std::string message = endpoint_error_message(object, r, what);
    // RFC 6749 §5.2: a rejected grant or client is answered 400 here.
    const ErrorCode code = r.status == 400 ? ErrorCode::AuthFailed : failure_code(r);
    Failure failure(code, message, r.status);
    if (object) failure.oauth = oauth_error_object(object);
    if (body && parse_json(r.body)) failure.data.reset(raw_json_node(r.body).release(), JsonDeleter());
    failure.meta = r.meta;
    throw failure;
}

Token token_from_response(const HttpResponse &r, const Config &config,
                          const std::optional<std::string> &requested_scope) {
    if (!is_success(r)) throw_endpoint_failure(r, "the token endpoint");
    SensitiveJsonPtr body(parse_json(r.body).release());
    if (!cJSON_IsObject(body.get()))
        throw Failure(ErrorCode::InvalidResponse,
                      claims_json(r) || r.body.empty()
                          ? "the token endpoint's answer is not a JSON object"
                          : "the token endpoint answered " +
                                (r.content_type.other.empty() ? std::string("a non-JSON body") : r.content_type.other) +
                                " instead of JSON",
                      r.status);
    if (auto oauth = oauth_error_object(body.get())) {  // some servers answer errors with 200
        Failure failure(ErrorCode::AuthFailed, endpoint_error_message(body.get(), r, "the token endpoint"), r.status);
        failure.oauth = std::move(oauth);
        throw failure;
    }
    auto access = string_member(body.get(), "access_token");
    if (!access || access->empty())
        throw Failure(ErrorCode::InvalidResponse, "the token endpoint's answer has no access_token", r.status);
    auto refresh = string_member(body.get(), "refresh_token");
    if (!is_b64token(*access) || (refresh && !is_b64token(*refresh))) {
        wipe(*access);
        if (refresh) wipe(*refresh);
        throw Failure(ErrorCode::InvalidResponse,
                      "the token endpoint issued a token with characters a header cannot carry (RFC 6750 b64token)",
                      r.status);
    }

    Token token;
    token.access = Secret(std::move(*access));
    if (auto type = string_member(body.get(), "token_type")) {
        if (!curl_strequal(type->c_str(), "bearer"))  // RFC 6749 §7.1: we only know how to use bearer tokens
            throw Failure(ErrorCode::InvalidResponse, "unsupported token_type \"" + *type + "\"", r.status);
    }
    if (refresh) token.refresh = Secret(std::move(*refresh));
    token.scope = string_member(body.get(), "scope");
    if (!token.scope) token.scope = requested_scope;  // RFC 6749 §5.1: omitted means as requested

    std::optional<int64_t> lifetime = parse_expires_in(cJSON_GetObjectItemCaseSensitive(body.get(), "expires_in"));
    if (auto jwt_left = jwt_seconds_left(token.access.reveal(), r.server_date()))
        lifetime = lifetime ? std::min(*lifetime, *jwt_left) : *jwt_left;
    set_lifetime(token, lifetime, config.refresh_leeway_s);
    return token;
}

}  // namespace extapi
