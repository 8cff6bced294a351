#include "config.hpp"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>

#include "error.hpp"
#include "json.hpp"
#include "url.hpp"

namespace extapi {

const char *profile_name(Profile p) {
    switch (p) {
    case Profile::Xiq: return "xiq";
    case Profile::Xmc: return "xmc";
    case Profile::Oauth2: return "oauth2";
    case Profile::Basic: return "basic";
    case Profile::Bearer: return "bearer";
    case Profile::ApiKey: return "apikey";
    }
    return "unknown";
}

namespace {

std::string as_string(const char *key, const cJSON *v) {
    if (!cJSON_IsString(v)) throw config_failure(key, "must be a string");
    return v->valuestring;
}

std::string as_nonempty_string(const char *key, const cJSON *v) {
    std::string s = as_string(key, v);
    if (s.empty()) throw config_failure(key, "must not be empty");
    return s;
}

bool as_bool(const char *key, const cJSON *v) {
    if (!cJSON_IsBool(v)) throw config_failure(key, "must be true or false");
    return cJSON_IsTrue(v);
}

int64_t as_integer(const char *key, const cJSON *v, int64_t min, int64_t max) {
    if (!cJSON_IsNumber(v) || std::floor(v->valuedouble) != v->valuedouble)
        throw config_failure(key, "must be an integer");
    if (v->valuedouble < double(min) || v->valuedouble > double(max))
        throw config_failure(key, "must be between " + std::to_string(min) + " and " +
                                      std::to_string(max));
    return int64_t(v->valuedouble);
}

template <typename Enum>
Enum as_enum(const char *key, const cJSON *v, const std::map<std::string, Enum> &names) {
    std::string s = as_string(key, v);
    auto it = names.find(s);
    if (it == names.end()) {
        std::string allowed;
        for (const auto &n : names) allowed += (allowed.empty() ? "" : ", ") + n.first;
        throw config_failure(key, "must be one of " + allowed);
    }
    return it->second;
}

// A secret given inline; its *_env twin is resolved after all keys are read.
struct SecretSources {
    std::map<std::string, std::string> env_names;  // "password" -> "XIQ_PASSWORD"
};

using Setter = std::function<void(const char *, const cJSON *, Config &, SecretSources &)>;

void set_env_name(const char *key, const cJSON *v, SecretSources &src) {
    std::string secret_key(key, std::strlen(key) - std::strlen("_env"));
    src.env_names[secret_key] = as_nonempty_string(key, v);
}

const std::map<std::string, Setter> &setters() {
    static const std::map<std::string, Setter> table = {
        {"profile", [](auto k, auto v, Config &c, auto &) {
             c.profile = as_enum<Profile>(k, v, {{"xiq", Profile::Xiq}, {"xmc", Profile::Xmc},
                                                 {"oauth2", Profile::Oauth2}, {"basic", Profile::Basic},
                                                 {"bearer", Profile::Bearer}, {"apikey", Profile::ApiKey}});
         }},
        {"base_url", [](auto k, auto v, Config &c, auto &) { c.base_url = as_nonempty_string(k, v); }},
        {"username", [](auto k, auto v, Config &c, auto &) { c.username = as_nonempty_string(k, v); }},
        {"client_id", [](auto k, auto v, Config &c, auto &) { c.client_id = as_nonempty_string(k, v); }},
        {"password", [](auto k, auto v, Config &c, auto &) { c.password = Secret(as_nonempty_string(k, v)); }},
        {"client_secret", [](auto k, auto v, Config &c, auto &) { c.client_secret = Secret(as_nonempty_string(k, v)); }},
        {"token", [](auto k, auto v, Config &c, auto &) { c.token = Secret(as_nonempty_string(k, v)); }},
        {"api_key", [](auto k, auto v, Config &c, auto &) { c.api_key = Secret(as_nonempty_string(k, v)); }},
        {"password_env", [](auto k, auto v, Config &, auto &s) { set_env_name(k, v, s); }},
        {"client_secret_env", [](auto k, auto v, Config &, auto &s) { set_env_name(k, v, s); }},
        {"token_env", [](auto k, auto v, Config &, auto &s) { set_env_name(k, v, s); }},
        {"api_key_env", [](auto k, auto v, Config &, auto &s) { set_env_name(k, v, s); }},
        {"grant_type", [](auto k, auto v, Config &c, auto &) {
             c.grant_type = as_enum<GrantType>(k, v, {{"client_credentials", GrantType::ClientCredentials},
                                                     {"password", GrantType::Password}});
         }},
        {"client_auth", [](auto k, auto v, Config &c, auto &) {
             c.client_auth = as_enum<ClientAuth>(k, v, {{"basic", ClientAuth::Basic}, {"body", ClientAuth::Body}});
         }},
        {"scope", [](auto k, auto v, Config &c, auto &) { c.scope = as_nonempty_string(k, v); }},
        {"token_url", [](auto k, auto v, Config &c, auto &) { c.token_url = as_nonempty_string(k, v); }},
        {"revoke_url", [](auto k, auto v, Config &c, auto &) { c.revoke_url = as_nonempty_string(k, v); }},
        {"graphql_path", [](auto k, auto v, Config &c, auto &) { c.graphql_path = as_nonempty_string(k, v); }},
        {"login_path", [](auto k, auto v, Config &c, auto &) { c.login_path = as_nonempty_string(k, v); }},
        {"logout_path", [](auto k, auto v, Config &c, auto &) { c.logout_path = as_nonempty_string(k, v); }},
        {"api_key_header", [](auto k, auto v, Config &c, auto &) { c.api_key_header = as_nonempty_string(k, v); }},
        {"refresh_leeway_s", [](auto k, auto v, Config &c, auto &) { c.refresh_leeway_s = as_integer(k, v, 0, 86400); }},
        {"timeout_ms", [](auto k, auto v, Config &c, auto &) { c.timeout_ms = as_integer(k, v, 1, 3600000); }},
        {"connect_timeout_ms", [](auto k, auto v, Config &c, auto &) { c.connect_timeout_ms = as_integer(k, v, 1, 3600000); }},
        {"retries", [](auto k, auto v, Config &c, auto &) { c.retries = as_integer(k, v, 0, 10); }},
        {"max_response_bytes", [](auto k, auto v, Config &c, auto &) {
             c.max_response_bytes = as_integer(k, v, 1, 4LL * 1024 * 1024 * 1024);
         }},
        {"verify_tls", [](auto k, auto v, Config &c, auto &) { c.verify_tls = as_bool(k, v); }},
        {"allow_http", [](auto k, auto v, Config &c, auto &) { c.allow_http = as_bool(k, v); }},
        {"expose_token", [](auto k, auto v, Config &c, auto &) { c.expose_token = as_bool(k, v); }},
        {"ca_file", [](auto k, auto v, Config &c, auto &) { c.ca_file = as_nonempty_string(k, v); }},
        {"client_cert", [](auto k, auto v, Config &c, auto &) { c.client_cert = as_nonempty_string(k, v); }},
        {"client_key", [](auto k, auto v, Config &c, auto &) { c.client_key = as_nonempty_string(k, v); }},
        {"proxy", [](auto k, auto v, Config &c, auto &) { c.proxy = as_nonempty_string(k, v); }},
        {"user_agent", [](auto k, auto v, Config &c, auto &) { c.user_agent = as_nonempty_string(k, v); }},
        {"token_cache", [](auto k, auto v, Config &c, auto &) { c.token_cache = as_nonempty_string(k, v); }},
    };
    return table;
}

Secret *secret_field(Config &c, const std::string &name) {
    if (name == "password") return &c.password;
    if (name == "client_secret") return &c.client_secret;
    if (name == "token") return &c.token;
    return &c.api_key;
}

void resolve_env_secrets(Config &c, const SecretSources &src) {
    for (const auto &entry : src.env_names) {
        const std::string env_key = entry.first + "_env";
        Secret *field = secret_field(c, entry.first);
        if (!field->empty())
            throw config_failure(env_key, "give either " + entry.first + " or " + env_key + ", not both");
        const char *value = std::getenv(entry.second.c_str());
        if (!value || !*value)
            throw config_failure(env_key, "environment variable " + entry.second + " is not set");
        *field = Secret(value);
    }
}

void require(bool present, const char *key, Profile p) {
    if (!present) throw config_failure(key, std::string("is required by profile ") + profile_name(p));
}

void check_profile_requirements(const Config &c) {
    switch (c.profile) {
    case Profile::Xmc:
        require(!c.client_id.empty(), "client_id", c.profile);
        require(!c.client_secret.empty(), "client_secret", c.profile);
        break;
    case Profile::Xiq:
    case Profile::Basic:
        require(!c.username.empty(), "username", c.profile);
        require(!c.password.empty(), "password", c.profile);
        break;
    case Profile::Oauth2:
        require(!c.client_id.empty(), "client_id", c.profile);
        if (c.grant_type == GrantType::Password) {
            require(!c.username.empty(), "username", c.profile);
            require(!c.password.empty(), "password", c.profile);
        }
        break;
    case Profile::Bearer:
        require(!c.token.empty(), "token", c.profile);
        break;
    case Profile::ApiKey:
        require(!c.api_key.empty(), "api_key", c.profile);
        break;
    }
}

void check_urls(const Config &c) {
    check_base_url(c.base_url);  // throws config_failure("base_url", ...)
    for (auto [key, value] : {std::pair{"token_url", &c.token_url}, std::pair{"revoke_url", &c.revoke_url}}) {
        if (value->has_value()) check_endpoint(key, c.base_url, **value);
    }
    for (auto [key, value] : {std::pair{"graphql_path", &c.graphql_path}, std::pair{"login_path", &c.login_path},
                              std::pair{"logout_path", &c.logout_path}}) {
        if (value->has_value() && (*value)->front() != '/') throw config_failure(key, "must start with /");
    }
}

}  // namespace

Config parse_config(const char *config_json) {
    if (!config_json) throw config_failure("config", "no configuration given (NULL)");
    // The text may hold inline secrets: cJSON's copy is wiped before freeing.
    std::string text(config_json);
    SensitiveJsonPtr root(parse_json(text).release());
    wipe(text);
    if (!root) throw config_failure("config", "not valid JSON (or not UTF-8)");
    if (!cJSON_IsObject(root.get())) throw config_failure("config", "must be a JSON object");

    Config c;
    SecretSources sources;
    bool has_profile = false, has_base_url = false;
    for (const cJSON *item = root->child; item; item = item->next) {
        const char *key = item->string;
        auto it = setters().find(key);
        if (it == setters().end()) throw config_failure(key, "unknown configuration key");
        if (cJSON_IsNull(item)) continue;  // null means "use the default"
        it->second(key, item, c, sources);
        has_profile |= std::strcmp(key, "profile") == 0;
        has_base_url |= std::strcmp(key, "base_url") == 0;
    }
    if (!has_profile) throw config_failure("profile", "is required");
    if (!has_base_url) throw config_failure("base_url", "is required");
    resolve_env_secrets(c, sources);
    check_profile_requirements(c);
    check_urls(c);
    return c;
}

}  // namespace extapi
