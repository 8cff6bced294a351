// The session configuration: parsed once from JSON, validated, immutable.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "error.hpp"
#include "secret.hpp"

namespace extapi {

enum class Profile { Xiq, Xmc, Oauth2, Basic, Bearer, ApiKey };
enum class GrantType { ClientCredentials, Password, Extension };
// How the OAuth client authenticates at a token endpoint.  BasicForm is
// RFC 6749 §2.3.1 (both parts form-encoded), BasicRaw RFC 7617 (as given);
// Auto starts raw and falls back to BasicForm once (SPEC "client_auth").
enum class ClientAuth { Auto, BasicRaw, BasicForm, Body };

const char *profile_name(Profile p);
const char *client_auth_name(ClientAuth a);

using NameValues = std::vector<std::pair<std::string, std::string>>;

// Header names and values go onto the wire verbatim: CR or LF would let a
// value start a header (or a request) of its own.
bool is_header_safe(std::string_view s);
bool is_header_name(const std::string &s);  // an RFC 9110 token

// An object of string members in the order given / the same checked as
// header names and values; throws Failure(code) naming `key`.
NameValues string_object(const char *key, const cJSON *v, ErrorCode code);
NameValues header_object(const char *key, const cJSON *v, ErrorCode code);

struct Config {
    Profile profile = Profile::Basic;
    std::string base_url;

    std::string username;
    Secret password;
    std::string client_id;
    Secret client_secret;
    Secret token;
    Secret api_key;

    GrantType grant_type = GrantType::ClientCredentials;
    std::string grant_type_uri;  // the Extension grant's absolute URI
    ClientAuth client_auth = ClientAuth::Auto;
    NameValues token_params;                    // extra token endpoint fields
    NameValues headers;                         // extra API request headers
    std::vector<std::string> response_headers;  // lower-cased names
    std::optional<int64_t> deadline_ms;
    std::optional<std::string> scope;
    std::optional<std::string> token_url;  // absolute URL or path on base_url
    std::optional<std::string> revoke_url;
    std::optional<std::string> graphql_path;
    std::optional<std::string> login_path;
    std::optional<std::string> logout_path;
    std::string api_key_header = "X-API-Key";
    std::optional<std::string> api_key_query;

    int64_t refresh_leeway_s = 60;
    int64_t timeout_ms = 30000;
    int64_t connect_timeout_ms = 10000;
    int64_t retries = 2;
    int64_t max_response_bytes = 64LL * 1024 * 1024;
    bool verify_tls = true;
    bool allow_http = false;
    bool expose_token = false;

    std::optional<std::string> ca_file;
    std::optional<std::string> client_cert;
    std::optional<std::string> client_key;
    std::optional<std::string> proxy;
    std::optional<std::string> user_agent;
    std::optional<std::string> token_cache;
};

// Parses and validates; throws Failure(invalid_config) naming the key.
Config parse_config(const char *config_json);

// The keys parse_config accepts, in its table's order (config_keys_agree
// checks the docs and the bindings against them).
std::vector<const char *> config_key_names();

}  // namespace extapi
