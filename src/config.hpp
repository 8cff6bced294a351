// The session configuration: parsed once from JSON, validated, immutable.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "secret.hpp"

namespace extapi {

enum class Profile { Xiq, Xmc, Oauth2, Basic, Bearer, ApiKey };
enum class GrantType { ClientCredentials, Password };
enum class ClientAuth { Basic, Body };

const char *profile_name(Profile p);

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
    ClientAuth client_auth = ClientAuth::Basic;
    std::optional<std::string> scope;
    std::optional<std::string> token_url;   // absolute URL or path on base_url
    std::optional<std::string> revoke_url;
    std::optional<std::string> graphql_path;
    std::optional<std::string> login_path;
    std::optional<std::string> logout_path;
    std::string api_key_header = "X-API-Key";

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

}  // namespace extapi
