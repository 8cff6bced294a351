#include "auth.hpp"

#include "endpoint.hpp"
#include "http_util.hpp"

namespace emu {
namespace {

bool is_valid_bearer(State &st, const Config &cfg, const std::string &token) {
    if (token.empty()) return false;
    if (token == cfg.static_token) return true;
    return st.valid_token(token, TokenKind::Access).has_value();
}

bool is_valid_basic(const Config &cfg, const httplib::Request &req) {
    auto creds = basic_credentials(req);
    return creds && creds->user == cfg.basic_username && creds->password == cfg.basic_password;
}

// In the configured header, or (seed 000) in the api_key_query parameter.
bool is_valid_api_key(const Config &cfg, const httplib::Request &req) {
    if (cfg.api_key.empty()) return false;
    if (!cfg.api_key_query.empty() && req.has_param(cfg.api_key_query.c_str()))
        return req.get_param_value(cfg.api_key_query.c_str()) == cfg.api_key;
    return req.has_header(cfg.api_key_header.c_str()) &&
           req.get_header_value(cfg.api_key_header.c_str()) == cfg.api_key;
}

Credential identify(State &st, const httplib::Request &req) {
    Config cfg = st.config();
    auto token = bearer_token(req);
    if (token && is_valid_bearer(st, cfg, *token)) return Credential::Bearer;
    if (is_valid_basic(cfg, req)) return Credential::Basic;
    if (is_valid_api_key(cfg, req)) return Credential::ApiKey;
    return Credential::None;
}

}  // namespace

const char *credential_name(Credential c) {
    switch (c) {
    case Credential::Bearer: return "bearer";
    case Credential::Basic: return "basic";
    case Credential::ApiKey: return "apikey";
    case Credential::None: break;
    }
    return "none";
}

std::optional<std::string> bearer_token(const httplib::Request &req) {
    std::string authz = req.get_header_value("Authorization");
    if (!starts_with_ci(authz, "Bearer ")) return std::nullopt;
    return trim(authz.substr(7));
}

std::optional<BasicCredentials> basic_credentials(const httplib::Request &req) {
    std::string authz = req.get_header_value("Authorization");
    std::string decoded;
    if (!starts_with_ci(authz, "Basic ") || !base64_decode(trim(authz.substr(6)), decoded)) return std::nullopt;
    std::size_t colon = decoded.find(':');
    if (colon == std::string::npos) return std::nullopt;
    return BasicCredentials{decoded.substr(0, colon), decoded.substr(colon + 1)};
}

Credential require_credential(State &st, const httplib::Request &req, httplib::Response &res) {
    Credential c = identify(st, req);
    if (c == Credential::None) send_unauthorized(st, req, res);
    return c;
}

void send_unauthorized(State &st, const httplib::Request &req, httplib::Response &res) {
    st.count("unauthorized", record_request(req));
    res.set_header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    Json body = json_object();
    cJSON_AddStringToObject(body.get(), "error", "invalid_token");
    cJSON_AddStringToObject(body.get(), "error_description", "missing, invalid, expired or revoked credentials");
    send_json(res, 401, body.get());
}

}  // namespace emu
