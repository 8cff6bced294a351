// The emulator's configuration (see PROTOCOL.md, "Control endpoints").
#pragma once

#include "json_util.hpp"

#include <map>
#include <optional>
#include <string>

namespace emu {

struct Config {
    long long token_lifetime_s = 3600;
    // Unset means "follow token_lifetime_s".
    std::optional<long long> jwt_exp_offset_s;
    long long date_skew_s = 0;
    std::string expires_in_format = "int";
    bool rotate_refresh_tokens = true;
    bool refresh_for_client_credentials = false;
    std::string client_auth = "any";
    // How HTTP Basic client credentials are compared: "raw" as sent (RFC 7617;
    // Spring Security OAuth, older Keycloak, XMC) or "form" (form-decoded
    // first, RFC 6749 section 2.3.1).
    std::string basic_decoding = "raw";
    long long quota_limit = 0;
    long long quota_window_s = 60;
    std::string rate_limit_headers = "none";  // "none", "ietf" or "x"
    long long revoke_status = 200;            // 200 or 204
    std::string revoke_unsupported;           // a token_type_hint refused
    std::string access_token_suffix;          // appended to issued access tokens
    std::string api_key_header = "X-API-Key";
    std::string api_key_query;  // also accept the key as this query parameter ("" = no)

    // The default secrets carry reserved characters so that a client which
    // encodes Basic credentials the wrong way fails against the defaults.
    std::string xmc_client_id = "xmc-client";
    std::string xmc_client_secret = "xmc-secret+/=!";
    std::string xiq_username = "admin@cust001.com";
    std::string xiq_password = "xiq-password";
    std::string oauth_client_id = "oauth-client";
    std::string oauth_client_secret = "oauth-secret+/=!";
    std::map<std::string, std::string> oauth_users{{"alice", "alice-password"}};
    std::string basic_username = "basic-user";
    std::string basic_password = "basic-password";
    std::string static_token = "static-token";
    std::string api_key = "api-key-value";

    long long jwt_offset() const { return jwt_exp_offset_s ? *jwt_exp_offset_s : token_lifetime_s; }
};

Json config_to_json(const Config &cfg);
// Merges a JSON object into cfg.  All-or-nothing: on error cfg is unchanged
// and error names the offending key.
bool config_merge(Config &cfg, const cJSON *patch, std::string &error);

}  // namespace emu
