#include "token_answers.hpp"

#include "codec.hpp"
#include "http_util.hpp"

#include <limits>

namespace emu {
namespace {

void add_expires_in(cJSON *obj, const Config &cfg) {
    const std::string &f = cfg.expires_in_format;
    std::string n = std::to_string(cfg.token_lifetime_s);
    if (f == "int")
        cJSON_AddNumberToObject(obj, "expires_in", static_cast<double>(cfg.token_lifetime_s));
    else if (f == "float")  // raw, because cJSON would print 3600.0 as 3600
        cJSON_AddRawToObject(obj, "expires_in", (n + ".0").c_str());
    else if (f == "string")
        cJSON_AddStringToObject(obj, "expires_in", n.c_str());
    else if (f == "null")
        cJSON_AddNullToObject(obj, "expires_in");
    else if (f == "huge")
        cJSON_AddRawToObject(obj, "expires_in", "1e12");
    // "absent": no field at all
}

}  // namespace

std::string access_token_value(const Config &cfg, const std::string &base) { return base + cfg.access_token_suffix; }

std::string issue_token(State &st, const Config &cfg, Token token, TokenKind kind) {
    std::string value = to_hex(random_bytes(32));
    if (kind == TokenKind::Access) value = access_token_value(cfg, value);
    token.kind = kind;
    token.revoked = false;
    token.expires_at = kind == TokenKind::Access ? st.server_now() + static_cast<double>(cfg.token_lifetime_s)
                                                 : std::numeric_limits<double>::infinity();
    st.store_token(value, token);
    return value;
}

Json token_response(const Config &cfg, const std::string &access, const std::string *refresh,
                    const std::string &scope) {
    Json body = json_object();
    cJSON_AddStringToObject(body.get(), "access_token", access.c_str());
    cJSON_AddStringToObject(body.get(), "token_type", "Bearer");
    add_expires_in(body.get(), cfg);
    if (refresh) cJSON_AddStringToObject(body.get(), "refresh_token", refresh->c_str());
    if (!scope.empty()) cJSON_AddStringToObject(body.get(), "scope", scope.c_str());
    return body;
}

void send_oauth_error(httplib::Response &res, int status, const char *error, const char *description) {
    Json body = json_object();
    cJSON_AddStringToObject(body.get(), "error", error);
    cJSON_AddStringToObject(body.get(), "error_description", description);
    send_json(res, status, body.get());
}

void send_invalid_client(httplib::Response &res) {
    res.set_header("WWW-Authenticate", "Basic realm=\"emulator\"");
    send_oauth_error(res, 401, "invalid_client", "client authentication failed");
}

}  // namespace emu
