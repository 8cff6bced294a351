#include "client_auth.hpp"

#include "auth.hpp"

#include <optional>

namespace emu {
namespace {

// Real token endpoints disagree on Basic: RFC 6749 section 2.3.1 says both
// halves are form-urlencoded before base64, but Spring Security OAuth, older
// Keycloak and XMC compare them as sent.  "raw" is the default because it is
// what the seeds' working clients meet; "form" lets a test play the other
// kind of server.  A bad %-escape there fails the authentication.
std::optional<BasicCredentials> client_basic(const Config &cfg, const httplib::Request &req) {
    auto creds = basic_credentials(req);
    if (!creds || cfg.basic_decoding == "raw") return creds;
    BasicCredentials decoded;
    if (!form_decode_strict(creds->user, decoded.user) || !form_decode_strict(creds->password, decoded.password))
        return std::nullopt;
    return decoded;
}

bool oauth_client_matches(const Config &cfg, const std::string &id, const std::string &secret) {
    return id == cfg.oauth_client_id && secret == cfg.oauth_client_secret;
}

bool authenticate_by_basic(const Config &cfg, const httplib::Request &req, const Form &form, std::string &client_id) {
    auto creds = client_basic(cfg, req);
    if (!creds || !oauth_client_matches(cfg, creds->user, creds->password)) return false;
    // A client_id repeated in the body must name the same client.
    const std::string *body_id = form_value(form, "client_id");
    if (body_id && *body_id != creds->user) return false;
    client_id = creds->user;
    return true;
}

// Body credentials are form fields, so they are always form-decoded.
bool authenticate_by_body(const Config &cfg, const Form &form, std::string &client_id) {
    const std::string *id = form_value(form, "client_id");
    const std::string *secret = form_value(form, "client_secret");
    if (!id || !secret || !oauth_client_matches(cfg, *id, *secret)) return false;
    client_id = *id;
    return true;
}

}  // namespace

bool authenticate_xmc_client(const Config &cfg, const httplib::Request &req) {
    auto creds = client_basic(cfg, req);
    return creds && creds->user == cfg.xmc_client_id && creds->password == cfg.xmc_client_secret;
}

bool authenticate_oauth_client(const Config &cfg, const httplib::Request &req, const Form &form,
                               std::string &client_id) {
    bool has_basic = starts_with_ci(req.get_header_value("Authorization"), "Basic ");
    if (cfg.client_auth == "basic") return has_basic && authenticate_by_basic(cfg, req, form, client_id);
    if (cfg.client_auth == "body") return !has_basic && authenticate_by_body(cfg, form, client_id);
    return has_basic ? authenticate_by_basic(cfg, req, form, client_id) : authenticate_by_body(cfg, form, client_id);
}

}  // namespace emu
