#include "config.hpp"

#include <algorithm>
#include <cctype>
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

bool is_header_safe(std::string_view s) { return s.find_first_of("\r\n") == std::string_view::npos; }

bool is_header_name(const std::string &s) {
    static const char kTokenChars[] = "!#$%&'*+-.^_`|~";
    return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) {
        return std::isalnum(c) || (c && std::strchr(kTokenChars, c));
    });
}

NameValues string_object(const char *key, const cJSON *v, ErrorCode code) {
    if (!cJSON_IsObject(v)) throw key_failure(code, key, "must be an object of strings");
    NameValues out;
    for (const cJSON *item = v->child; item; item = item->next) {
        if (!cJSON_IsString(item)) throw key_failure(code, key, std::string("\"") + item->string + "\" must be a string");
        out.emplace_back(item->string, item->valuestring);
    }
    return out;
}

NameValues header_object(const char *key, const cJSON *v, ErrorCode code) {
    NameValues headers = string_object(key, v, code);
    for (const auto &h : headers) {
        if (!is_header_name(h.first)) throw key_failure(code, key, "\"" + h.first + "\" is not a valid header name");
        if (!is_header_safe(h.second)) throw key_failure(code, key, "the value of " + h.first + " contains CR or LF");
    }
    return headers;
}

const char *client_auth_name(ClientAuth a) {
    switch (a) {
    case ClientAuth::Auto: return "auto";
    case ClientAuth::BasicRaw: return "basic_raw";
    case ClientAuth::BasicForm: return "basic";
    case ClientAuth::Body: return "body";
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

NameValues as_string_map(const char *key, const cJSON *v) { return string_object(key, v, ErrorCode::InvalidConfig); }

NameValues as_headers(const char *key, const cJSON *v) { return header_object(key, v, ErrorCode::InvalidConfig); }

// Fields the library sets itself; a token_params entry may not override them.
NameValues as_token_params(const char *key, const cJSON *v) {
    static const char *const kReserved[] = {"grant_type", "client_id", "client_secret", "username", "password",
                                            "refresh_token", "scope", "token", "token_type_hint"};
    NameValues params = as_string_map(key, v);
    for (const auto &p : params) {
        for (const char *reserved : kReserved)
            if (p.first == reserved) throw config_failure(key, "\"" + p.first + "\" is set by the library");
    }
    return params;
}

std::vector<std::string> as_header_names(const char *key, const cJSON *v) {
    if (!cJSON_IsArray(v)) throw config_failure(key, "must be an array of header names");
    std::vector<std::string> names;
    for (const cJSON *item = v->child; item; item = item->next) {
        if (!cJSON_IsString(item) || !is_header_name(item->valuestring))
            throw config_failure(key, "must be an array of header names");
        std::string name = item->valuestring;
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return char(std::tolower(c)); });
        if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(std::move(name));
    }
    return names;
}

// RFC 3986 §3.1 scheme, a colon, and something after it: "urn:x:y", "https://...".
bool is_absolute_uri(const std::string &s) {
    const size_t colon = s.find(':');
    if (colon == 0 || colon == std::string::npos || colon + 1 == s.size() || !std::isalpha((unsigned char)s[0]))
        return false;
    for (size_t i = 0; i < colon; ++i) {
        const unsigned char c = s[i];
        if (!std::isalnum(c) && c != '+' && c != '-' && c != '.') return false;
    }
    return std::none_of(s.begin(), s.end(), [](unsigned char c) { return c <= ' ' || c == 0x7f; });
}

void set_grant_type(const char *key, const cJSON *v, Config &c) {
    const std::string name = as_string(key, v);
    if (name == "client_credentials") c.grant_type = GrantType::ClientCredentials;
    else if (name == "password") c.grant_type = GrantType::Password;
    else if (is_absolute_uri(name)) {
        c.grant_type = GrantType::Extension;
        c.grant_type_uri = name;
    } else {
        throw config_failure(key, "must be client_credentials, password or an extension grant's absolute URI");
    }
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
        {"username_env", [](auto k, auto v, Config &, auto &s) { set_env_name(k, v, s); }},
        {"client_id_env", [](auto k, auto v, Config &, auto &s) { set_env_name(k, v, s); }},
        {"password_env", [](auto k, auto v, Config &, auto &s) { set_env_name(k, v, s); }},
        {"client_secret_env", [](auto k, auto v, Config &, auto &s) { set_env_name(k, v, s); }},
        {"token_env", [](auto k, auto v, Config &, auto &s) { set_env_name(k, v, s); }},
        {"api_key_env", [](auto k, auto v, Config &, auto &s) { set_env_name(k, v, s); }},
        {"grant_type", [](auto k, auto v, Config &c, auto &) { set_grant_type(k, v, c); }},
        {"client_auth", [](auto k, auto v, Config &c, auto &) {
             c.client_auth = as_enum<ClientAuth>(k, v, {{"auto", ClientAuth::Auto}, {"basic_raw", ClientAuth::BasicRaw},
                                                       {"basic", ClientAuth::BasicForm}, {"body", ClientAuth::Body}});
         }},
        {"token_params", [](auto k, auto v, Config &c, auto &) { c.token_params = as_token_params(k, v); }},
        {"headers", [](auto k, auto v, Config &c, auto &) { c.headers = as_headers(k, v); }},
        {"response_headers", [](auto k, auto v, Config &c, auto &) { c.response_headers = as_header_names(k, v); }},
        {"deadline_ms", [](auto k, auto v, Config &c, auto &) { c.deadline_ms = as_integer(k, v, 1, 86400000); }},
        {"api_key_query", [](auto k, auto v, Config &c, auto &) { c.api_key_query = as_nonempty_string(k, v); }},
        {"scope", [](auto k, auto v, Config &c, auto &) { c.scope = as_nonempty_string(k, v); }},
        {"token_url", [](auto k, auto v, Config &c, auto &) { c.token_url = as_nonempty_string(k, v); }},
        {"revoke_url", [](auto k, auto v, Config &c, auto &) { c.revoke_url = as_nonempty_string(k, v); }},
        {"graphql_path", [](auto k, auto v, Config &c, auto &) { c.graphql_path = as_nonempty_string(k, v); }},
        {"login_path", [](auto k, auto v, Config &c, auto &) { c.login_path = as_nonempty_string(k, v); }},
        {"logout_path", [](auto k, auto v, Config &c, auto &) { c.logout_path = as_nonempty_string(k, v); }},
        {"api_key_header", [](auto k, auto v, Config &c, auto &) {
             c.api_key_header = as_nonempty_string(k, v);
             if (!is_header_name(c.api_key_header)) throw config_failure(k, "is not a valid header name");
         }},
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
        {"user_agent", [](auto k, auto v, Config &c, auto &) {
             c.user_agent = as_nonempty_string(k, v);
             if (!is_header_safe(*c.user_agent)) throw config_failure(k, "contains CR or LF");
         }},
        {"token_cache", [](auto k, auto v, Config &c, auto &) { c.token_cache = as_nonempty_string(k, v); }},
    };
    return table;
}

// The credential a *_env key stands for: set (true) or already given inline.
bool credential_from_env(Config &c, const std::string &name, const char *value) {
    auto assign_plain = [value](std::string &field) { return field.empty() ? (field = value, true) : false; };
    auto assign_secret = [value](Secret &field) { return field.empty() ? (field = Secret(value), true) : false; };
    if (name == "username") return assign_plain(c.username);
    if (name == "client_id") return assign_plain(c.client_id);
    if (name == "password") return assign_secret(c.password);
    if (name == "client_secret") return assign_secret(c.client_secret);
    if (name == "token") return assign_secret(c.token);
    return assign_secret(c.api_key);
}

void resolve_env_credentials(Config &c, const SecretSources &src) {
    for (const auto &entry : src.env_names) {
        const std::string env_key = entry.first + "_env";
        const char *value = std::getenv(entry.second.c_str());
        if (!value || !*value)
            throw config_failure(env_key, "environment variable " + entry.second + " is not set");
        if (!credential_from_env(c, entry.first, value))
            throw config_failure(env_key, "give either " + entry.first + " or " + env_key + ", not both");
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
        if (!is_header_safe(c.token.reveal())) throw config_failure("token", "contains CR or LF");
        break;
    case Profile::ApiKey:
        require(!c.api_key.empty(), "api_key", c.profile);
        if (!is_header_safe(c.api_key.reveal())) throw config_failure("api_key", "contains CR or LF");
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
    resolve_env_credentials(c, sources);
    check_profile_requirements(c);
    check_urls(c);
    return c;
}

}  // namespace extapi
