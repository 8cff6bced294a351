// The session's construction, the checks every call starts with, and
// ext_session_info.  The token lifecycle is session_tokens.cpp, the API
// calls and their result documents session_calls.cpp.
#include "session.hpp"

#include "redaction.hpp"
#include "url.hpp"

namespace extapi {

Session::Session(const char *config_json) {
    try {
        config_ = std::make_unique<Config>(parse_config(config_json));
    } catch (const Failure &failure) {
        config_error_ = std::make_unique<const Failure>(failure);
        return;
    }
    http_ = std::make_unique<HttpTransport>(*config_);
    profile_ = make_profile(*config_, *http_);
    if (config_->token_cache && profile_->issues_tokens()) {
        std::string identity = profile_->cache_identity();  // holds the credential: hashed, then wiped
        cache_ = std::make_unique<TokenCache>(*config_->token_cache, identity, config_->refresh_leeway_s);
        wipe(identity);
    }
    graphql_url_ = endpoint_url(config_->base_url, config_->graphql_path.value_or(profile_->default_graphql_path()));
    encoded_credentials_ = encoded_credentials(*config_);
    try {
        http_->refuse_insecure(config_->base_url);
    } catch (const Failure &failure) {
        insecure_ = failure;
    }
}

Session::~Session() {
    std::lock_guard<std::mutex> guard(mutex_);
    token_.reset();  // wiped by ~Token once no call holds it
}

// Every call starts here: the config error, plain-http refusal (before any
// connection, for every profile), and the call's deadline.
CallContext Session::start_call(const CallOptions &options, const Cancel *cancel) const {
    if (config_error_) throw *config_error_;
    if (insecure_) throw *insecure_;
    // Without a deadline, the attempts the retries allow plus one renewal.
    const int64_t budget_ms = config_->timeout_ms * (config_->retries + 2);
    CallContext call(options.deadline_ms ? options.deadline_ms : config_->deadline_ms, budget_ms, cancel);
    call.check_cancelled();
    return call;
}

JsonPtr Session::info() const {
    JsonPtr doc = checked(cJSON_CreateObject());
    add_item(doc.get(), "ok", checked(cJSON_CreateTrue()));
    add_item(doc.get(), "profile",
             checked(config_ ? cJSON_CreateString(profile_name(config_->profile)) : cJSON_CreateNull()));
    add_item(doc.get(), "base_url",
             checked(config_ ? cJSON_CreateString(config_->base_url.c_str()) : cJSON_CreateNull()));
    std::shared_ptr<const Token> token;
    {
        std::lock_guard<std::mutex> guard(mutex_);
        token = token_;
    }
    add_item(doc.get(), "has_token", checked(cJSON_CreateBool(token != nullptr)));
    add_item(doc.get(), "token", token ? token_summary(*token, false) : checked(cJSON_CreateNull()));
    JsonPtr config_error = checked(cJSON_CreateNull());
    if (config_error_) {
        config_error = checked(cJSON_CreateObject());
        add_item(config_error.get(), "key", checked(cJSON_CreateString(config_error_->key.c_str())));
        add_item(config_error.get(), "message", checked(cJSON_CreateString(config_error_->what())));
    }
    add_item(doc.get(), "config_error", std::move(config_error));
    JsonPtr counters = checked(cJSON_CreateObject());
    const std::pair<const char *, uint64_t> values[] = {
        {"logins", counters_.logins.load()},     {"refreshes", counters_.refreshes.load()},
        {"requests", counters_.requests.load()}, {"retries", http_ ? http_->retries() : 0},
        {"reauths", counters_.reauths.load()},   {"cache_hits", counters_.cache_hits.load()}};
    for (const auto &value : values)
        add_item(counters.get(), value.first, checked(cJSON_CreateNumber(double(value.second))));
    add_item(doc.get(), "counters", std::move(counters));
    add_item(doc.get(), "exchanges", http_ ? http_->exchanges().to_json() : checked(cJSON_CreateArray()));
    return doc;
}

}  // namespace extapi
