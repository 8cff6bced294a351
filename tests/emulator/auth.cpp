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
  auto creds = basic_credentials(req, false);
  return creds && creds->user == cfg.basic_username &&
         creds->password == cfg.basic_password;
}

bool is_valid_api_key(const Config &cfg, const httplib::Request &req) {
  return !cfg.api_key.empty() && req.has_header(cfg.api_key_header.c_str()) &&
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

bool client_matches(const Config &cfg, const std::string &id,
                    const std::string &secret) {
  return id == cfg.oauth_client_id && secret == cfg.oauth_client_secret;
}

bool authenticate_by_basic(const Config &cfg, const httplib::Request &req,
                           const Form &form, std::string &client_id) {
  auto creds = basic_credentials(req, true);
  if (!creds || !client_matches(cfg, creds->user, creds->password)) return false;
  // A client_id repeated in the body must name the same client.
  const std::string *body_id = form_value(form, "client_id");
  if (body_id && *body_id != creds->user) return false;
  client_id = creds->user;
  return true;
}

bool authenticate_by_body(const Config &cfg, const Form &form,
                          std::string &client_id) {
  const std::string *id = form_value(form, "client_id");
  const std::string *secret = form_value(form, "client_secret");
  if (!id || !secret || !client_matches(cfg, *id, *secret)) return false;
  client_id = *id;
  return true;
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

std::optional<BasicCredentials> basic_credentials(const httplib::Request &req,
                                                  bool form_decoded) {
  std::string authz = req.get_header_value("Authorization");
  std::string decoded;
  if (!starts_with_ci(authz, "Basic ") ||
      !base64_decode(trim(authz.substr(6)), decoded))
    return std::nullopt;
  std::size_t colon = decoded.find(':');
  if (colon == std::string::npos) return std::nullopt;
  BasicCredentials c{decoded.substr(0, colon), decoded.substr(colon + 1)};
  if (form_decoded) {
    c.user = url_decode(c.user, true);
    c.password = url_decode(c.password, true);
  }
  return c;
}

Credential require_credential(State &st, const httplib::Request &req,
                              httplib::Response &res) {
  Credential c = identify(st, req);
  if (c == Credential::None) send_unauthorized(st, req, res);
  return c;
}

void send_unauthorized(State &st, const httplib::Request &req,
                       httplib::Response &res) {
  st.count("unauthorized", record_request(req));
  res.set_header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
  Json body = json_object();
  cJSON_AddStringToObject(body.get(), "error", "invalid_token");
  cJSON_AddStringToObject(body.get(), "error_description",
                          "missing, invalid, expired or revoked credentials");
  send_json(res, 401, body.get());
}

bool authenticate_oauth_client(const Config &cfg, const httplib::Request &req,
                               const Form &form, std::string &client_id) {
  bool has_basic = starts_with_ci(req.get_header_value("Authorization"), "Basic ");
  if (cfg.client_auth == "basic")
    return has_basic && authenticate_by_basic(cfg, req, form, client_id);
  if (cfg.client_auth == "body")
    return !has_basic && authenticate_by_body(cfg, form, client_id);
  return has_basic ? authenticate_by_basic(cfg, req, form, client_id)
                   : authenticate_by_body(cfg, form, client_id);
}

}  // namespace emu
