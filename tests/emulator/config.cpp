#include "config.hpp"

#include <cstring>
#include <limits>
#include <vector>

namespace emu {
namespace {

struct IntField {
    const char *name;
    long long Config::*member;
    long long min;
    std::vector<long long> allowed;  // empty: any integer >= min
};

struct BoolField {
    const char *name;
    bool Config::*member;
};

struct StringField {
    const char *name;
    std::string Config::*member;
    std::vector<const char *> allowed;  // empty: any string
    bool non_empty;
};

const long long kNoMin = std::numeric_limits<long long>::min();

const IntField kIntFields[] = {
    {"token_lifetime_s", &Config::token_lifetime_s, kNoMin, {}},
    {"date_skew_s", &Config::date_skew_s, kNoMin, {}},
    {"quota_limit", &Config::quota_limit, 0, {}},
    {"quota_window_s", &Config::quota_window_s, 1, {}},
    {"revoke_status", &Config::revoke_status, kNoMin, {200, 204}},
};

const BoolField kBoolFields[] = {
    {"rotate_refresh_tokens", &Config::rotate_refresh_tokens},
    {"refresh_for_client_credentials", &Config::refresh_for_client_credentials},
};

const StringField kStringFields[] = {
    {"expires_in_format", &Config::expires_in_format, {"int", "float", "string", "null", "absent", "huge"}, true},
    {"client_auth", &Config::client_auth, {"any", "basic", "body"}, true},
    {"basic_decoding", &Config::basic_decoding, {"raw", "form"}, true},
    {"rate_limit_headers", &Config::rate_limit_headers, {"none", "ietf", "x"}, true},
    {"revoke_unsupported", &Config::revoke_unsupported, {}, false},
    {"access_token_suffix", &Config::access_token_suffix, {}, false},
    {"api_key_header", &Config::api_key_header, {}, true},
    {"api_key_query", &Config::api_key_query, {}, false},
    {"xmc_client_id", &Config::xmc_client_id, {}, false},
    {"xmc_client_secret", &Config::xmc_client_secret, {}, false},
    {"xiq_username", &Config::xiq_username, {}, false},
    {"xiq_password", &Config::xiq_password, {}, false},
    {"oauth_client_id", &Config::oauth_client_id, {}, false},
    {"oauth_client_secret", &Config::oauth_client_secret, {}, false},
    {"basic_username", &Config::basic_username, {}, false},
    {"basic_password", &Config::basic_password, {}, false},
    {"static_token", &Config::static_token, {}, false},
    {"api_key", &Config::api_key, {}, false},
};

bool int_allowed(const IntField &f, long long n) {
    if (n < f.min) return false;
    if (f.allowed.empty()) return true;
    for (long long a : f.allowed)
        if (a == n) return true;
    return false;
}

std::string int_expectation(const IntField &f) {
    if (!f.allowed.empty()) return "one of the documented values";
    return "an integer" + (f.min == kNoMin ? "" : " >= " + std::to_string(f.min));
}

bool apply_int(Config &cfg, const IntField &f, const cJSON *v, std::string &error) {
    long long n;
    if (!json_integer(v, n) || !int_allowed(f, n)) {
        error = std::string(f.name) + ": expected " + int_expectation(f);
        return false;
    }
    cfg.*f.member = n;
    return true;
}

bool apply_bool(Config &cfg, const BoolField &f, const cJSON *v, std::string &error) {
    if (!cJSON_IsBool(v)) {
        error = std::string(f.name) + ": expected a boolean";
        return false;
    }
    cfg.*f.member = cJSON_IsTrue(v);
    return true;
}

bool string_allowed(const StringField &f, const char *s) {
    if (f.non_empty && *s == '\0') return false;
    if (f.allowed.empty()) return true;
    for (const char *a : f.allowed)
        if (std::strcmp(a, s) == 0) return true;
    return false;
}

bool apply_string(Config &cfg, const StringField &f, const cJSON *v, std::string &error) {
    if (!cJSON_IsString(v) || !string_allowed(f, v->valuestring)) {
        error = std::string(f.name) + ": expected " + (f.allowed.empty() ? "a string" : "one of the documented values");
        return false;
    }
    cfg.*f.member = v->valuestring;
    return true;
}

bool apply_jwt_offset(Config &cfg, const cJSON *v, std::string &error) {
    long long n;
    if (cJSON_IsNull(v)) {
        cfg.jwt_exp_offset_s.reset();
    } else if (json_integer(v, n)) {
        cfg.jwt_exp_offset_s = n;
    } else {
        error = "jwt_exp_offset_s: expected an integer or null";
        return false;
    }
    return true;
}

bool apply_users(Config &cfg, const cJSON *v, std::string &error) {
    if (!cJSON_IsObject(v)) {
        error = "oauth_users: expected an object of username: password";
        return false;
    }
    std::map<std::string, std::string> users;
    for (const cJSON *u = v->child; u; u = u->next) {
        if (!cJSON_IsString(u)) {
            error = "oauth_users: passwords must be strings";
            return false;
        }
        users[u->string] = u->valuestring;
    }
    cfg.oauth_users = std::move(users);  // replaces, so users can be removed
    return true;
}

bool apply_key(Config &cfg, const cJSON *item, std::string &error) {
    const std::string key = item->string;
    for (const auto &f : kIntFields)
        if (key == f.name) return apply_int(cfg, f, item, error);
    for (const auto &f : kBoolFields)
        if (key == f.name) return apply_bool(cfg, f, item, error);
    for (const auto &f : kStringFields)
        if (key == f.name) return apply_string(cfg, f, item, error);
    if (key == "jwt_exp_offset_s") return apply_jwt_offset(cfg, item, error);
    if (key == "oauth_users") return apply_users(cfg, item, error);
    error = "unknown configuration key: " + key;
    return false;
}

}  // namespace

Json config_to_json(const Config &cfg) {
    Json out = json_object();
    for (const auto &f : kIntFields) cJSON_AddNumberToObject(out.get(), f.name, static_cast<double>(cfg.*f.member));
    if (cfg.jwt_exp_offset_s)
        cJSON_AddNumberToObject(out.get(), "jwt_exp_offset_s", static_cast<double>(*cfg.jwt_exp_offset_s));
    else
        cJSON_AddNullToObject(out.get(), "jwt_exp_offset_s");
    for (const auto &f : kBoolFields) cJSON_AddBoolToObject(out.get(), f.name, cfg.*f.member);
    for (const auto &f : kStringFields) cJSON_AddStringToObject(out.get(), f.name, (cfg.*f.member).c_str());
    cJSON *users = cJSON_AddObjectToObject(out.get(), "oauth_users");
    for (const auto &u : cfg.oauth_users) cJSON_AddStringToObject(users, u.first.c_str(), u.second.c_str());
    return out;
}

bool config_merge(Config &cfg, const cJSON *patch, std::string &error) {
    if (!cJSON_IsObject(patch)) {
        error = "configuration must be a JSON object";
        return false;
    }
    Config next = cfg;
    for (const cJSON *item = patch->child; item; item = item->next)
        if (!apply_key(next, item, error)) return false;
    cfg = std::move(next);
    return true;
}

}  // namespace emu
