#include "client_auth.hpp"

#include "authorization.hpp"
#include "json.hpp"
#include "url.hpp"

namespace extapi {

namespace {

// A 401 that may be the server not decoding raw Basic the way we sent it:
// invalid_client, or no OAuth error at all (some servers send no body).
bool rejects_client(const HttpResponse &response) {
    if (response.status != 401) return false;
    const std::string error = oauth_error_code(response);
    return error.empty() || error == "invalid_client";
}

}  // namespace

ClientAuthenticator::ClientAuthenticator(const Config &config) : config_(config), style_(config.client_auth) {}

std::optional<ClientAuth> ClientAuthenticator::learned() const {
    if (config_.client_auth != ClientAuth::Auto) return std::nullopt;
    const ClientAuth style = style_.load();
    return style == ClientAuth::Auto ? std::nullopt : std::optional<ClientAuth>(style);
}

void ClientAuthenticator::adopt(ClientAuth style) {
    if (config_.client_auth == ClientAuth::Auto && (style == ClientAuth::BasicRaw || style == ClientAuth::BasicForm))
        style_.store(style);
}

bool ClientAuthenticator::form_encoding_changes_credentials() const {
    return percent_encode(config_.client_id) != config_.client_id ||
           Secret(percent_encode(config_.client_secret.reveal())) != config_.client_secret;
}

HttpRequest ClientAuthenticator::build(const std::string &url, FormFields fields, ClientAuth style,
                                       EndpointKind kind) const {
    HttpRequest request;
    request.method = "POST";
    request.url = url;
    request.kind = kind;
    const bool confidential = !config_.client_secret.empty();
    if (confidential && (style == ClientAuth::BasicRaw || style == ClientAuth::BasicForm)) {
        const bool form_encoded = style == ClientAuth::BasicForm;
        request.headers.push_back(basic_authorization(config_.client_id, config_.client_secret.reveal(), form_encoded));
        request.client_auth = client_auth_name(style);
    } else {
        // RFC 6749 §2.3.1 (body credentials) and §3.2.1 (public clients).
        fields.emplace_back("client_id", config_.client_id);
        if (confidential) fields.emplace_back("client_secret", config_.client_secret.reveal());
        request.client_auth = confidential ? "body" : "public";
    }
    request.set_form_body(form_encode(fields));
    return request;
}

HttpResponse ClientAuthenticator::post_form(HttpTransport &http, const std::string &url, const FormFields &fields,
                                            EndpointKind kind, const CallContext &call) {
    const ClientAuth style = style_.load();
    if (style != ClientAuth::Auto) return http.send(build(url, fields, style, kind), call);

    HttpResponse raw = http.send(build(url, fields, ClientAuth::BasicRaw, kind), call);
    if (!rejects_client(raw) || config_.client_secret.empty() || !form_encoding_changes_credentials()) {
        if (is_success(raw)) style_.store(ClientAuth::BasicRaw);
        return raw;
    }
    HttpRequest form = build(url, fields, ClientAuth::BasicForm, kind);
    form.reason = "form-encoded Basic after raw Basic was refused";
    HttpResponse encoded = http.send(form, call);
    if (is_success(encoded)) style_.store(ClientAuth::BasicForm);
    return encoded;
}

}  // namespace extapi
