#include "oauth_grants.hpp"

#include "http_util.hpp"
#include "token_answers.hpp"

namespace emu {
namespace {

// A token of a new grant for the client; scope as the request names it.
Token new_grant(State &st, const std::string &client_id, const Form &form) {
    Token t;
    t.issuer = "oauth2";
    t.client_id = client_id;
    t.scope = form_string(form, "scope");
    t.grant_id = st.new_grant_id();
    return t;
}

// An access and a refresh token of grant t, as the password grant answers.
void answer_with_refresh(State &st, const Config &cfg, const Token &t, httplib::Response &res) {
    std::string access = issue_token(st, cfg, t, TokenKind::Access);
    std::string refresh = issue_token(st, cfg, t, TokenKind::Refresh);
    send_json(res, 200, token_response(cfg, access, &refresh, t.scope).get());
}

void grant_client_credentials(State &st, const Config &cfg, const std::string &client_id, const Form &form,
                              httplib::Response &res) {
    Token t = new_grant(st, client_id, form);
    std::string access = issue_token(st, cfg, t, TokenKind::Access);
    if (!cfg.refresh_for_client_credentials)
        return send_json(res, 200, token_response(cfg, access, nullptr, t.scope).get());
    std::string refresh = issue_token(st, cfg, t, TokenKind::Refresh);
    send_json(res, 200, token_response(cfg, access, &refresh, t.scope).get());
}

void grant_password(State &st, const Config &cfg, const std::string &client_id, const Form &form,
                    httplib::Response &res) {
    const std::string *user = form_value(form, "username");
    const std::string *password = form_value(form, "password");
    if (!user || !password) return send_oauth_error(res, 400, "invalid_request", "username and password are required");
    auto it = cfg.oauth_users.find(*user);
    if (it == cfg.oauth_users.end() || it->second != *password)
        return send_oauth_error(res, 400, "invalid_grant", "invalid resource owner credentials");
    Token t = new_grant(st, client_id, form);
    t.subject = *user;
    answer_with_refresh(st, cfg, t, res);
}

// Cisco MSX's extension grants (seed 004; RFC 6749 section 4.5): a token
// for another tenant or user.  The emulator checks only that the parameter
// is there (MSX checks the caller's rights) and records it in the grant, so
// refreshed tokens keep it and /api echoes show the tenant.
const char kSwitchTenant[] = "urn:cisco:nfv:oauth:grant-type:switch-tenant";
const char kSwitchUser[] = "urn:cisco:nfv:oauth:grant-type:switch-user";

// A switch grant names its target in one required form field, which the
// grant records in the token (`set` says where).
void grant_switch(State &st, const Config &cfg, const std::string &client_id, const Form &form, const char *field,
                  void (*set)(Token &, const std::string &), httplib::Response &res) {
    std::string target = form_string(form, field);
    if (target.empty())
        return send_oauth_error(res, 400, "invalid_request", (std::string(field) + " is required").c_str());
    Token t = new_grant(st, client_id, form);
    set(t, target);
    answer_with_refresh(st, cfg, t, res);
}

void grant_switch_tenant(State &st, const Config &cfg, const std::string &client_id, const Form &form,
                         httplib::Response &res) {
    grant_switch(
        st, cfg, client_id, form, "tenant_id", [](Token &t, const std::string &tenant) { t.tenant_id = tenant; }, res);
}

void grant_switch_user(State &st, const Config &cfg, const std::string &client_id, const Form &form,
                       httplib::Response &res) {
    grant_switch(
        st, cfg, client_id, form, "username", [](Token &t, const std::string &user) { t.subject = user; }, res);
}

void grant_refresh(State &st, const Config &cfg, const std::string &client_id, const Form &form,
                   httplib::Response &res) {
    const std::string *value = form_value(form, "refresh_token");
    if (!value) return send_oauth_error(res, 400, "invalid_request", "refresh_token is required");
    auto old = st.take_refresh_token(*value, client_id, cfg.rotate_refresh_tokens);
    if (!old) return send_oauth_error(res, 400, "invalid_grant", "refresh token is invalid, revoked or already used");
    Token t = *old;
    if (const std::string *scope = form_value(form, "scope")) t.scope = *scope;
    std::string access = issue_token(st, cfg, t, TokenKind::Access);
    if (!cfg.rotate_refresh_tokens) return send_json(res, 200, token_response(cfg, access, nullptr, t.scope).get());
    std::string refresh = issue_token(st, cfg, t, TokenKind::Refresh);
    send_json(res, 200, token_response(cfg, access, &refresh, t.scope).get());
}

}  // namespace

void answer_grant(State &st, const Config &cfg, const std::string &client_id, const Form &form,
                  httplib::Response &res) {
    const std::string *grant = form_value(form, "grant_type");
    if (!grant) return send_oauth_error(res, 400, "invalid_request", "grant_type is missing");
    if (*grant == "client_credentials") return grant_client_credentials(st, cfg, client_id, form, res);
    if (*grant == "password") return grant_password(st, cfg, client_id, form, res);
    if (*grant == "refresh_token") return grant_refresh(st, cfg, client_id, form, res);
    if (*grant == kSwitchTenant) return grant_switch_tenant(st, cfg, client_id, form, res);
    if (*grant == kSwitchUser) return grant_switch_user(st, cfg, client_id, form, res);
    send_oauth_error(res, 400, "unsupported_grant_type", "grant type is not supported");
}

}  // namespace emu
