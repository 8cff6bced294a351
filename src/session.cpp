#include "session.hpp"

#include "result.hpp"
#include "url.hpp"

namespace extapi {

Session::Session(const char *config_json) {
    try {
        config_ = std::make_unique<Config>(parse_config(config_json));
    } catch (const Failure &failure) {
        config_error_ = failure;
        return;
    }
    http_ = std::make_unique<HttpTransport>(*config_);
    profile_ = make_profile(*config_, *http_);
    if (config_->token_cache && profile_->issues_tokens())
        cache_ = std::make_unique<TokenCache>(*config_->token_cache, profile_->cache_identity(),
                                              config_->refresh_leeway_s);
}

Session::~Session() {
    std::lock_guard<std::mutex> guard(mutex_);
    token_.reset();  // wiped by ~Token once no call holds it
}

void Session::check_usable() const {
    if (config_error_) throw *config_error_;
    http_->refuse_insecure(config_->base_url);  // before any connection, for every profile
}

// ---- token state ----------------------------------------------------------

std::shared_ptr<const Token> Session::current_token() {
    {
        std::lock_guard<std::mutex> guard(mutex_);
        const auto now = MonoClock::now();
        if (token_ && !token_->needs_renewal(now)) return token_;
        // An early renewal failed a moment ago: use the still-valid token
        // rather than make every call wait for another attempt.
        if (token_ && now < retry_renewal_at_ && token_->seconds_left(now) > 0) return token_;
    }
    return renew(nullptr, Renewal::Missing);
}

// Single flight: the first caller renews, later callers wait for its outcome.
// `seen` is the token the caller found wanting (rejected by the server or
// forced out); if it has been replaced meanwhile, the replacement is used.
std::shared_ptr<const Token> Session::renew(std::shared_ptr<const Token> seen, Renewal why) {
    std::unique_lock<std::mutex> lock(mutex_);
    while (renewing_) {
        const uint64_t epoch = renewal_epoch_;
        renewed_.wait(lock, [&] { return renewal_epoch_ != epoch; });
        if (renewal_failure_) throw *renewal_failure_;
        if (token_) return token_;  // none: a logout landed; start afresh
    }
    if (token_ && (why == Renewal::Missing ? !token_->needs_renewal(MonoClock::now()) : token_ != seen)) return token_;

    renewing_ = true;
    std::shared_ptr<const Token> current = token_;
    lock.unlock();
    std::shared_ptr<const Token> fresh;
    std::optional<Failure> failure;
    try {
        fresh = std::make_shared<const Token>(obtain(current.get()));
    } catch (const Failure &f) {
        failure = f;
    } catch (const std::bad_alloc &) {
        failure = Failure(ErrorCode::OutOfMemory, "out of memory while renewing the token");
    } catch (...) {
        failure = Failure(ErrorCode::Internal, "internal error while renewing the token");
    }
    lock.lock();
    const auto now = MonoClock::now();
    // A renewal ahead of time that fails leaves a still-valid token usable.
    const bool keep_current = failure && why == Renewal::Missing && current && current->seconds_left(now) > 0;
    if (keep_current) retry_renewal_at_ = now + kRenewalRetryDelay;
    if (fresh) {
        retired_ = token_;
        token_ = fresh;
    }
    land(keep_current ? std::nullopt : failure);
    if (renewal_failure_) throw *renewal_failure_;
    return token_;
}

void Session::land(std::optional<Failure> failure) {
    renewing_ = false;
    ++renewal_epoch_;
    renewal_failure_ = std::move(failure);
    renewed_.notify_all();
}

// Under the cross-process lock: adopt a token another process (or session)
// just obtained, else ask the server and publish the result.
Token Session::obtain(const Token *current) {
    std::optional<TokenCache::Lock> file_lock;
    std::optional<Token> cached;
    if (cache_) {
        file_lock.emplace(*cache_);
        cached = cache_->load();
    }
    const bool cached_is_new = cached && (!current || cached->access != current->access);
    if (cached_is_new && !cached->needs_renewal(MonoClock::now())) {
        counters_.cache_hits++;
        return std::move(*cached);
    }
    Token fresh = exchange_with_server(current, cached);
    if (cache_) cache_->store(fresh);
    return fresh;
}

// Refresh token first (the cache's, which another process may have rotated,
// else ours); a rejected one falls back to a full login.
Token Session::exchange_with_server(const Token *current, const std::optional<Token> &cached) {
    const Secret *refresh_token = nullptr;
    if (cached && !cached->refresh.empty()) refresh_token = &cached->refresh;
    else if (current && !current->refresh.empty()) refresh_token = &current->refresh;
    if (refresh_token) {
        try {
            counters_.refreshes++;
            return profile_->refresh(*refresh_token);
        } catch (const Failure &f) {
            if (f.code != ErrorCode::AuthFailed) throw;
        }
    }
    counters_.logins++;
    return profile_->login();
}

// ---- calls ----------------------------------------------------------------

HttpResponse Session::send_authorized(const HttpRequest &request) {
    counters_.requests++;
    std::shared_ptr<const Token> token = current_token();
    HttpRequest attempt = request;
    profile_->authorize(attempt, *token);
    HttpResponse response = http_->send(attempt);
    if (response.status != 401 || !profile_->issues_tokens()) return response;

    // One re-authentication and one retry, never more.
    counters_.reauths++;
    token = renew(token, Renewal::Rejected);
    attempt = request;
    profile_->authorize(attempt, *token);
    return http_->send(attempt);
}

JsonPtr Session::login() {
    check_usable();
    std::shared_ptr<const Token> token = current_token();
    return token_document(*token, config_->expose_token);
}

JsonPtr Session::token_refresh() {
    check_usable();
    std::shared_ptr<const Token> seen;
    {
        std::lock_guard<std::mutex> guard(mutex_);
        seen = token_;
    }
    std::shared_ptr<const Token> token = renew(seen, Renewal::Forced);
    return token_document(*token, config_->expose_token);
}

std::string Session::graphql_url() const {
    return endpoint_url(config_->base_url, config_->graphql_path.value_or(profile_->default_graphql_path()));
}

JsonPtr Session::graphql(const std::string &query, const cJSON *variables) {
    check_usable();
    HttpRequest request;
    request.method = "POST";
    request.url = graphql_url();
    JsonPtr body = checked(cJSON_CreateObject());
    add_item(body.get(), "query", checked(cJSON_CreateString(query.c_str())));
    if (variables) add_item(body.get(), "variables", checked(cJSON_Duplicate(variables, 1)));
    request.set_json_body(print_json(body.get()));

    HttpResponse response = send_authorized(request);
    JsonPtr parsed = response_data(response);
    const cJSON *errors = cJSON_GetObjectItemCaseSensitive(parsed.get(), "errors");
    if (cJSON_IsArray(errors) && cJSON_GetArraySize(errors) > 0) {
        auto message = string_member(cJSON_GetArrayItem(errors, 0), "message");
        Failure failure(ErrorCode::Graphql, message.value_or("the GraphQL server reported errors"), response.status);
        failure.errors.reset(cJSON_Duplicate(errors, 1), JsonDeleter());
        cJSON *data = cJSON_GetObjectItemCaseSensitive(parsed.get(), "data");
        failure.data.reset(data ? cJSON_Duplicate(data, 1) : cJSON_CreateNull(), JsonDeleter());
        throw failure;
    }
    if (response.status < 200 || response.status > 299) throw api_failure(response, std::move(parsed));
    if (!cJSON_IsObject(parsed.get()))
        throw Failure(ErrorCode::InvalidResponse, "the GraphQL answer is not a JSON object", response.status);
    JsonPtr data(cJSON_DetachItemFromObjectCaseSensitive(parsed.get(), "data"));
    return data_document(response.status, std::move(data));
}

JsonPtr Session::request(const std::string &method, const std::string &path, const std::string *body_json) {
    check_usable();
    HttpRequest request;
    request.method = method;
    request.url = request_url(config_->base_url, path);
    if (body_json) request.set_json_body(*body_json);
    HttpResponse response = send_authorized(request);
    JsonPtr data = response_data(response);
    if (response.status < 200 || response.status > 299) throw api_failure(response, std::move(data));
    return data_document(response.status, std::move(data));
}

// Logout takes part in the single flight: a renewal in progress lands
// first (so its token is the one revoked), and none lands after it.
JsonPtr Session::logout() {
    check_usable();
    std::shared_ptr<const Token> token;
    {
        std::unique_lock<std::mutex> lock(mutex_);
        renewed_.wait(lock, [&] { return !renewing_; });
        renewing_ = true;
        token = std::move(token_);
        token_.reset();
    }
    bool revoked = false;
    std::exception_ptr error;
    try {
        revoked = forget_and_revoke(token);
    } catch (...) {
        error = std::current_exception();
    }
    {
        std::lock_guard<std::mutex> guard(mutex_);
        retired_ = token;  // redacted from the documents, this one's included
        land(std::nullopt);
    }
    if (error) std::rethrow_exception(error);
    JsonPtr doc = checked(cJSON_CreateObject());
    add_item(doc.get(), "ok", checked(cJSON_CreateTrue()));
    add_item(doc.get(), "revoked", checked(cJSON_CreateBool(revoked)));
    return doc;
}

// Removes the cache entry, then revokes `token` (or, when the session held
// none, the one an earlier process left in the cache) where the profile can.
bool Session::forget_and_revoke(std::shared_ptr<const Token> &token) {
    std::optional<TokenCache::Lock> file_lock;
    if (cache_) {
        file_lock.emplace(*cache_);
        if (!token) {
            if (auto cached = cache_->load()) token = std::make_shared<const Token>(std::move(*cached));
        }
        cache_->remove();
    }
    return token && profile_->issues_tokens() && profile_->revoke(*token);
}

JsonPtr Session::info() const {
    JsonPtr doc = checked(cJSON_CreateObject());
    add_item(doc.get(), "ok", checked(cJSON_CreateTrue()));
    add_item(doc.get(), "profile", checked(config_ ? cJSON_CreateString(profile_name(config_->profile)) : cJSON_CreateNull()));
    add_item(doc.get(), "base_url", checked(config_ ? cJSON_CreateString(config_->base_url.c_str()) : cJSON_CreateNull()));
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
        {"logins", counters_.logins.load()},       {"refreshes", counters_.refreshes.load()},
        {"requests", counters_.requests.load()},   {"retries", http_ ? http_->retries() : 0},
        {"reauths", counters_.reauths.load()},     {"cache_hits", counters_.cache_hits.load()}};
    for (const auto &value : values) add_item(counters.get(), value.first, checked(cJSON_CreateNumber(double(value.second))));
    add_item(doc.get(), "counters", std::move(counters));
    return doc;
}

std::string Session::redact(std::string document) const {
    std::vector<const Secret *> secrets;
    std::shared_ptr<const Token> tokens[2];
    {
        std::lock_guard<std::mutex> guard(mutex_);
        tokens[0] = token_;
        tokens[1] = retired_;
    }
    if (config_) {
        for (const Secret *s : {&config_->password, &config_->client_secret, &config_->token, &config_->api_key})
            secrets.push_back(s);
    }
    for (const auto &token : tokens) {
        if (!token) continue;
        secrets.push_back(&token->refresh);
        if (!(config_ && config_->expose_token)) secrets.push_back(&token->access);
    }
    return redact_secrets(std::move(document), secrets);
}

}  // namespace extapi
