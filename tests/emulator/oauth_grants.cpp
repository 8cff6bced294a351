#include "oauth_grants.hpp"

#include "http_util.hpp"
#include "token_answers.hpp"

namespace emu {
namespace {

void grant_client_credentials(State &st, const Config &cfg,
                              const std::string &client_id, const Form &form,
                              httplib::Response &res) {
  Token t;
  t.issuer = "oauth2";
  t.client_id = client_id;
  t.scope = form_string(form, "scope");
  t.grant_id = st.new_grant_id();
  std::string access = issue_token(st, cfg, t, TokenKind::Access);
  if (!cfg.refresh_for_client_credentials)
    return send_json(res, 200, token_response(cfg, access, nullptr, t.scope).get());
  std::string refresh = issue_token(st, cfg, t, TokenKind::Refresh);
  send_json(res, 200, token_response(cfg, access, &refresh, t.scope).get());
}

void grant_password(State &st, const Config &cfg, const std::string &client_id,
                    const Form &form, httplib::Response &res) {
  const std::string *user = form_value(form, "username");
  const std::string *password = form_value(form, "password");
  if (!user || !password)
    return send_oauth_error(res, 400, "invalid_request",
                            "username and password are required");
  auto it = cfg.oauth_users.find(*user);
  if (it == cfg.oauth_users.end() || it->second != *password)
    return send_oauth_error(res, 400, "invalid_grant",
                            "invalid resource owner credentials");
  Token t;
  t.issuer = "oauth2";
  t.client_id = client_id;
  t.subject = *user;
  t.scope = form_string(form, "scope");
  t.grant_id = st.new_grant_id();
  std::string access = issue_token(st, cfg, t, TokenKind::Access);
  std::string refresh = issue_token(st, cfg, t, TokenKind::Refresh);
  send_json(res, 200, token_response(cfg, access, &refresh, t.scope).get());
}

void grant_refresh(State &st, const Config &cfg, const std::string &client_id,
                   const Form &form, httplib::Response &res) {
  const std::string *value = form_value(form, "refresh_token");
  if (!value)
    return send_oauth_error(res, 400, "invalid_request", "refresh_token is required");
  auto old = st.take_refresh_token(*value, client_id, cfg.rotate_refresh_tokens);
  if (!old)
    return send_oauth_error(res, 400, "invalid_grant",
                            "refresh token is invalid, revoked or already used");
  Token t = *old;
  if (const std::string *scope = form_value(form, "scope")) t.scope = *scope;
  std::string access = issue_token(st, cfg, t, TokenKind::Access);
  if (!cfg.rotate_refresh_tokens)
    return send_json(res, 200, token_response(cfg, access, nullptr, t.scope).get());
  std::string refresh = issue_token(st, cfg, t, TokenKind::Refresh);
  send_json(res, 200, token_response(cfg, access, &refresh, t.scope).get());
}

}  // namespace

void answer_grant(State &st, const Config &cfg, const std::string &client_id,
                  const Form &form, httplib::Response &res) {
  const std::string *grant = form_value(form, "grant_type");
  if (!grant)
    return send_oauth_error(res, 400, "invalid_request", "grant_type is missing");
  if (*grant == "client_credentials")
    return grant_client_credentials(st, cfg, client_id, form, res);
  if (*grant == "password") return grant_password(st, cfg, client_id, form, res);
  if (*grant == "refresh_token") return grant_refresh(st, cfg, client_id, form, res);
  send_oauth_error(res, 400, "unsupported_grant_type",
                   "grant type is not supported");
}

}  // namespace emu
