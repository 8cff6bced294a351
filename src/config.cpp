#include "config.hpp"

#include <algorithm>
#include <bitset>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <map>

#include "ascii.hpp"
#include "error.hpp"
#include "json.hpp"
#include "url.hpp"

namespace extapi {

namespace {

// An enum's names, each table listed alphabetically: "must be one of ..."
// names them in this order.
template <typename Enum>
struct EnumName {
    const char *name;
    Enum value;
};

constexpr EnumName<Profile> kProfileNames[] = {
    {"apikey", Profile::ApiKey}, {"basic", Profile::Basic}, {"bearer", Profile::Bearer},
    {"oauth2", Profile::Oauth2}, {"xiq", Profile::Xiq},     {"xmc", Profile::Xmc},
};

constexpr EnumName<ClientAuth> kClientAuthNames[] = {
    {"auto", ClientAuth::Auto},
    {"basic", ClientAuth::BasicForm},
    {"basic_raw", ClientAuth::BasicRaw},
    {"body", ClientAuth::Body},
};

template <typename Enum, size_t N>
const char *name_of(const EnumName<Enum> (&names)[N], Enum value) {
    for (const auto &n : names)
        if (n.value == value) return n.name;
    return "unknown";
}

}  // namespace

const char *profile_name(Profile p) { return name_of(kProfileNames, p); }

const char *client_auth_name(ClientAuth a) { return name_of(kClientAuthNames, a); }

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
        if (!cJSON_IsString(item))
            throw key_failure(code, key, std::string("\"") + item->string + "\" must be a string");
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

namespace {

// The parsers, one per kind of value: each checks a key's value and returns
// it typed, or throws config_failure naming the key.

std::string any_string(const char *key, const cJSON *v) {
    if (!cJSON_IsString(v)) throw config_failure(key, "must be a string");
    return v->valuestring;
}

std::string nonempty(const char *key, const cJSON *v) {
    std::string s = any_string(key, v);
    if (s.empty()) throw config_failure(key, "must not be empty");
    return s;
}

std::string header_name(const char *key, const cJSON *v) {
    std::string s = nonempty(key, v);
    if (!is_header_name(s)) throw config_failure(key, "is not a valid header name");
    return s;
}

std::string header_value(const char *key, const cJSON *v) {
    std::string s = nonempty(key, v);
    if (!is_header_safe(s)) throw config_failure(key, "contains CR or LF");
    return s;
}

Secret secret(const char *key, const cJSON *v) { return Secret(nonempty(key, v)); }

bool flag(const char *key, const cJSON *v) {
    if (!cJSON_IsBool(v)) throw config_failure(key, "must be true or false");
    return cJSON_IsTrue(v);
}

int64_t integer_between(const char *key, const cJSON *v, int64_t min, int64_t max) {
    if (!cJSON_IsNumber(v) || std::floor(v->valuedouble) != v->valuedouble)
        throw config_failure(key, "must be an integer");
    if (v->valuedouble < double(min) || v->valuedouble > double(max))
        throw config_failure(key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return int64_t(v->valuedouble);
}

// The range is part of the parser, so that a row names it.
template <int64_t Min, int64_t Max>
int64_t integer(const char *key, const cJSON *v) {
    return integer_between(key, v, Min, Max);
}

template <typename Enum, size_t N>
Enum one_of(const char *key, const cJSON *v, const EnumName<Enum> (&names)[N]) {
    const std::string s = any_string(key, v);
    for (const auto &n : names)
        if (s == n.name) return n.value;
    std::string allowed;
    for (const auto &n : names) allowed += (allowed.empty() ? "" : ", ") + std::string(n.name);
    throw config_failure(key, "must be one of " + allowed);
}

Profile profile(const char *key, const cJSON *v) { return one_of(key, v, kProfileNames); }

ClientAuth client_auth(const char *key, const cJSON *v) { return one_of(key, v, kClientAuthNames); }

NameValues headers(const char *key, const cJSON *v) { return header_object(key, v, ErrorCode::InvalidConfig); }

// Fields the library sets itself; a token_params entry may not override them.
NameValues token_params(const char *key, const cJSON *v) {
    static const char *const kReserved[] = {"grant_type",    "client_id", "client_secret", "username",       "password",
                                            "refresh_token", "scope",     "token",         "token_type_hint"};
    NameValues params = string_object(key, v, ErrorCode::InvalidConfig);
    for (const auto &p : params) {
        for (const char *reserved : kReserved)
            if (p.first == reserved) throw config_failure(key, "\"" + p.first + "\" is set by the library");
    }
    return params;
}

// Lower-cased, each once.
std::vector<std::string> header_names(const char *key, const cJSON *v) {
    if (!cJSON_IsArray(v)) throw config_failure(key, "must be an array of header names");
    std::vector<std::string> names;
    for (const cJSON *item = v->child; item; item = item->next) {
        if (!cJSON_IsString(item) || !is_header_name(item->valuestring))
            throw config_failure(key, "must be an array of header names");
        std::string name = ascii_lowercase(item->valuestring);
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

// Fills a credential with an environment variable's value; false when the
// credential was given inline as well.
using FillFromEnv = bool (*)(Config &, const char *value);

// Where a *_env key's credential comes from: the variable, and the member it fills.
struct EnvSource {
    std::string variable;  // "XIQ_PASSWORD"
    FillFromEnv fill;
};

// The credentials the *_env keys name, read once every key is in (so that
// a credential given inline as well is refused whichever comes first),
// by the credential's key: "password" -> XIQ_PASSWORD.
using CredentialsFromEnv = std::map<std::string, EnvSource>;

// How a row reads its key's value into the configuration.
using Setter = void (*)(const char *key, const cJSON *value, Config &, CredentialsFromEnv &);

// The common row: Parse checks the value, which lands in Member.
template <auto Member, auto Parse>
void set(const char *key, const cJSON *v, Config &c, CredentialsFromEnv &) {
    c.*Member = Parse(key, v);
}

template <auto Member>
bool fill_from_env(Config &c, const char *value) {
    auto &credential = c.*Member;
    if (!credential.empty()) return false;
    credential = std::decay_t<decltype(credential)>(value);
    return true;
}

// A *_env row: "X_env" names the variable that holds credential X, Member.
template <auto Member>
void from_env(const char *key, const cJSON *v, Config &, CredentialsFromEnv &sources) {
    const std::string credential(key, std::strlen(key) - std::strlen("_env"));
    sources[credential] = {nonempty(key, v), fill_from_env<Member>};
}

// Two members: the grant, and an extension grant's URI.
void grant_type(const char *key, const cJSON *v, Config &c, CredentialsFromEnv &) {
    const std::string name = any_string(key, v);
    if (name == "client_credentials")
        c.grant_type = GrantType::ClientCredentials;
    else if (name == "password")
        c.grant_type = GrantType::Password;
    else if (is_absolute_uri(name)) {
        c.grant_type = GrantType::Extension;
        c.grant_type_uri = name;
    } else {
        throw config_failure(key, "must be client_credentials, password or an extension grant's absolute URI");
    }
}

// A row of the table below.
struct Key {
    const char *name;
    Setter read;
    bool required = false;  // absent (or null) is invalid_config
};

constexpr bool kRequired = true;

// The configuration keys, one row each, as curl's lib/easyoptions.c lists
// its options: the name, how the value is checked (the parser) and where it
// lands.  docs/configuration.md describes them; config_keys_agree
// (tests/check_config_keys.py) fails when it or a binding lists other keys.
constexpr Key kKeys[] = {
    {"profile", set<&Config::profile, profile>, kRequired},
    {"base_url", set<&Config::base_url, nonempty>, kRequired},

    {"username", set<&Config::username, nonempty>},
    {"password", set<&Config::password, secret>},
    {"client_id", set<&Config::client_id, nonempty>},
    {"client_secret", set<&Config::client_secret, secret>},
    {"token", set<&Config::token, secret>},
    {"api_key", set<&Config::api_key, secret>},
    {"username_env", from_env<&Config::username>},
    {"password_env", from_env<&Config::password>},
    {"client_id_env", from_env<&Config::client_id>},
    {"client_secret_env", from_env<&Config::client_secret>},
    {"token_env", from_env<&Config::token>},
    {"api_key_env", from_env<&Config::api_key>},

    {"grant_type", grant_type},
    {"client_auth", set<&Config::client_auth, client_auth>},
    {"token_params", set<&Config::token_params, token_params>},
    {"scope", set<&Config::scope, nonempty>},
    {"token_url", set<&Config::token_url, nonempty>},
    {"revoke_url", set<&Config::revoke_url, nonempty>},
    {"graphql_path", set<&Config::graphql_path, nonempty>},
    {"login_path", set<&Config::login_path, nonempty>},
    {"logout_path", set<&Config::logout_path, nonempty>},
    {"api_key_header", set<&Config::api_key_header, header_name>},
    {"api_key_query", set<&Config::api_key_query, nonempty>},
    {"headers", set<&Config::headers, headers>},
    {"response_headers", set<&Config::response_headers, header_names>},

    {"deadline_ms", set<&Config::deadline_ms, integer<1, 86400000>>},
    {"refresh_leeway_s", set<&Config::refresh_leeway_s, integer<0, 86400>>},
    {"timeout_ms", set<&Config::timeout_ms, integer<1, 3600000>>},
    {"connect_timeout_ms", set<&Config::connect_timeout_ms, integer<1, 3600000>>},
    {"retries", set<&Config::retries, integer<0, 10>>},
    {"max_response_bytes", set<&Config::max_response_bytes, integer<1, 4LL * 1024 * 1024 * 1024>>},

    {"verify_tls", set<&Config::verify_tls, flag>},
    {"allow_http", set<&Config::allow_http, flag>},
    {"expose_token", set<&Config::expose_token, flag>},
    {"ca_file", set<&Config::ca_file, nonempty>},
    {"client_cert", set<&Config::client_cert, nonempty>},
    {"client_key", set<&Config::client_key, nonempty>},
    {"proxy", set<&Config::proxy, nonempty>},
    {"user_agent", set<&Config::user_agent, header_value>},
    {"token_cache", set<&Config::token_cache, nonempty>},
};

const Key *find_key(const char *name) {
    auto it = std::find_if(std::begin(kKeys), std::end(kKeys),
                           [name](const Key &k) { return std::strcmp(k.name, name) == 0; });
    return it == std::end(kKeys) ? nullptr : it;
}

void resolve_env_credentials(Config &c, const CredentialsFromEnv &sources) {
    for (const auto &[credential, source] : sources) {
        const std::string env_key = credential + "_env";
        const char *value = std::getenv(source.variable.c_str());
        if (!value || !*value) throw config_failure(env_key, "environment variable " + source.variable + " is not set");
        if (!source.fill(c, value))
            throw config_failure(env_key, "give either " + credential + " or " + env_key + ", not both");
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

std::vector<const char *> config_key_names() {
    std::vector<const char *> names;
    for (const Key &k : kKeys) names.push_back(k.name);
    return names;
}

Config parse_config(const char *config_json) {
    if (!config_json) throw config_failure("config", "no configuration given (NULL)");
    // The text may hold inline secrets: cJSON's copy is wiped before freeing.
    std::string text(config_json);
    SensitiveJsonPtr root(parse_json(text).release());
    wipe(text);
    if (!root) throw config_failure("config", "not valid JSON (or not UTF-8)");
    if (!cJSON_IsObject(root.get())) throw config_failure("config", "must be a JSON object");

    Config c;
    CredentialsFromEnv env_sources;
    std::bitset<std::size(kKeys)> given;
    for (const cJSON *item = root->child; item; item = item->next) {
        const Key *key = find_key(item->string);
        if (!key) throw config_failure(item->string, "unknown configuration key");
        if (cJSON_IsNull(item)) continue;  // null means "use the default"
        key->read(key->name, item, c, env_sources);
        given.set(size_t(key - kKeys));
    }
    for (const Key &key : kKeys) {
        if (key.required && !given[size_t(&key - kKeys)]) throw config_failure(key.name, "is required");
    }
    resolve_env_credentials(c, env_sources);
    check_profile_requirements(c);
    check_urls(c);
    return c;
}

}  // namespace extapi
