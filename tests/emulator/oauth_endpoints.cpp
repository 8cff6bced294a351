// Token endpoints: XMC client credentials, XIQ login/logout, RFC 6749 token
// endpoint and RFC 7009 revocation.
#include "auth.hpp"
#include "client_auth.hpp"
#include "codec.hpp"
#include "endpoint.hpp"
#include "routes.hpp"
#include "http_util.hpp"
#include "oauth_grants.hpp"
#include "token_answers.hpp"

#include <cmath>
#include <cstring>

namespace emu {
namespace {

const char kFormType[] = "application/x-www-form-urlencoded";

bool is_form_request(const httplib::Request &req) {
    std::string ct = to_lower(req.get_header_value("Content-Type"));
    std::size_t n = std::strlen(kFormType);
    return ct.compare(0, n, kFormType) == 0 && (ct.size() == n || ct[n] == ';' || ct[n] == ' ');
}

Form body_form(const httplib::Request &req) { return is_form_request(req) ? parse_form(req.body) : Form(); }

// ---- XMC -----------------------------------------------------------------

void handle_xmc_token(State &st, const httplib::Request &req, httplib::Response &res) {
    Config cfg = st.config();
    Form query = parse_form(raw_query(req));
    Form body = parse_form(req.body);  // XMC clients don't always label it
    const std::string *grant = form_value(query, "grant_type");
    if (!grant) grant = form_value(body, "grant_type");
    if (!authenticate_xmc_client(cfg, req)) return send_invalid_client(res);
    if (!grant) return send_oauth_error(res, 400, "invalid_request", "grant_type is missing");
    if (*grant != "client_credentials")
        return send_oauth_error(res, 400, "unsupported_grant_type", "only client_credentials is supported");
    Token t;
    t.issuer = "xmc";
    t.client_id = cfg.xmc_client_id;
    t.grant_id = st.new_grant_id();
    std::string access = issue_token(st, cfg, t, TokenKind::Access);
    std::string scope = form_string(body, "scope");
    send_json(res, 200, token_response(cfg, access, nullptr, scope).get());
}

// ---- XIQ -----------------------------------------------------------------

std::string make_jwt(const std::string &subject, long long iat, long long exp) {
    Json payload = json_object();
    cJSON_AddStringToObject(payload.get(), "sub", subject.c_str());
    cJSON_AddNumberToObject(payload.get(), "iat", static_cast<double>(iat));
    cJSON_AddNumberToObject(payload.get(), "exp", static_cast<double>(exp));
    return base64url_encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + base64url_encode(json_print(payload.get())) +
           "." + base64url_encode(random_bytes(32));  // nobody checks the signature
}

void send_xiq_error(httplib::Response &res, int status, const char *code, const char *message) {
    Json body = json_object();
    cJSON_AddStringToObject(body.get(), "error_code", code);
    cJSON_AddStringToObject(body.get(), "error_message", message);
    send_json(res, status, body.get());
}

void handle_xiq_login(State &st, const httplib::Request &req, httplib::Response &res) {
    Config cfg = st.config();
    Json body = json_parse(req.body);
    const char *user = json_string_member(body.get(), "username");
    const char *password = json_string_member(body.get(), "password");
    if (!user || !password) return send_xiq_error(res, 400, "BAD_REQUEST", "Body must be {\"username\", \"password\"}");
    if (user != cfg.xiq_username || password != cfg.xiq_password)
        return send_xiq_error(res, 401, "UNAUTHORIZED", "Invalid username or password");
    Token t;
    t.issuer = "xiq";
    t.subject = user;
    t.grant_id = st.new_grant_id();
    double now = st.server_now();
    long long iat = static_cast<long long>(std::floor(now));
    // jwt_exp_offset_s may be negative: an exp before the server's Date.
    std::string jwt = access_token_value(cfg, make_jwt(user, iat, iat + cfg.jwt_offset()));
    t.kind = TokenKind::Access;
    t.expires_at = now + static_cast<double>(cfg.token_lifetime_s);
    st.store_token(jwt, t);
    send_json(res, 200, token_response(cfg, jwt, nullptr, "").get());
}

void handle_xiq_logout(State &st, const httplib::Request &req, httplib::Response &res) {
    auto token = bearer_token(req);
    if (!token || !st.valid_token(*token, TokenKind::Access)) {
        send_unauthorized(st, req, res);
        return;
    }
    st.revoke_token(*token);
    Json empty = json_object();
    send_json(res, 200, empty.get());
}

// ---- RFC 6749 token endpoint (grants: oauth_grants.cpp) -------------------

// The start both OAuth endpoints share: a form body from an authenticated
// client.  Answers the error itself and returns false otherwise.
bool accept_client_form(const Config &cfg, const httplib::Request &req, httplib::Response &res, Form &form,
                        std::string &client_id) {
    res.set_header("Cache-Control", "no-store");
    if (!is_form_request(req)) {
        send_oauth_error(res, 400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded");
        return false;
    }
    form = parse_form(req.body);
    if (!authenticate_oauth_client(cfg, req, form, client_id)) {
        send_invalid_client(res);
        return false;
    }
    return true;
}

void handle_oauth_token(State &st, const httplib::Request &req, httplib::Response &res) {
    res.set_header("Pragma", "no-cache");
    Config cfg = st.config();
    Form form;
    std::string client_id;
    if (!accept_client_form(cfg, req, res, form, client_id)) return;
    answer_grant(st, cfg, client_id, form, res);
}

std::vector<std::string> oauth_token_counters(const httplib::Request &req) {
    std::vector<std::string> names{"oauth_token"};
    Form form = body_form(req);
    const std::string *grant = form_value(form, "grant_type");
    if (grant && !grant->empty() && grant->size() <= 100) names.push_back("oauth_token_" + *grant);
    return names;
}

// ---- RFC 7009 revocation --------------------------------------------------

// Config revoke_unsupported: servers that cannot revoke one kind of token
// (often refresh tokens) answer unsupported_token_type (RFC 7009 2.2.1).
bool refuses_hint(const Config &cfg, const Form &form) {
    return !cfg.revoke_unsupported.empty() && form_string(form, "token_type_hint") == cfg.revoke_unsupported;
}

// Exactly the bare member RFC 7009 names, as such servers send it.
void send_unsupported_token_type(httplib::Response &res) {
    Json body = json_object();
    cJSON_AddStringToObject(body.get(), "error", "unsupported_token_type");
    send_json(res, 400, body.get());
}

void handle_oauth_revoke(State &st, const httplib::Request &req, httplib::Response &res) {
    Config cfg = st.config();
    Form form;
    std::string client_id;
    if (!accept_client_form(cfg, req, res, form, client_id)) return;
    const std::string *token = form_value(form, "token");
    if (!token) return send_oauth_error(res, 400, "invalid_request", "token is required");
    if (refuses_hint(cfg, form)) return send_unsupported_token_type(res);
    st.revoke_for_client(*token, client_id);           // hint not needed: values are unique
    res.status = static_cast<int>(cfg.revoke_status);  // 200, or 204 as some send
}

}  // namespace

void register_oauth_endpoints(httplib::Server &srv, State &st) {
    const char *xmc = "/oauth/token/access-token";
    srv.Post(xmc, counted(st, "xmc_token", [&st](const httplib::Request &req, httplib::Response &res) {
                 handle_xmc_token(st, req, res);
             }));
    srv.Get(xmc, counted(st, "xmc_token_get", [](const httplib::Request &, httplib::Response &res) {
                send_method_not_allowed(res, "POST");
            }));
    srv.Post("/login", counted(st, "xiq_login", [&st](const httplib::Request &req, httplib::Response &res) {
                 handle_xiq_login(st, req, res);
             }));
    srv.Post("/logout", counted(st, "xiq_logout", [&st](const httplib::Request &req, httplib::Response &res) {
                 handle_xiq_logout(st, req, res);
             }));
    srv.Post("/oauth2/token",
             counted(st, oauth_token_counters,
                     [&st](const httplib::Request &req, httplib::Response &res) { handle_oauth_token(st, req, res); }));
    srv.Post("/oauth2/revoke", counted(st, "oauth_revoke", [&st](const httplib::Request &req, httplib::Response &res) {
                 handle_oauth_revoke(st, req, res);
             }));
}

}  // namespace emu
