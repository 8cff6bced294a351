#include "session.hpp"

#include <curl/curl.h>

#include <algorithm>

#include "header_list.hpp"
#include "pagination.hpp"
#include "raw_json.hpp"
#include "redaction.hpp"
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

// ---- token state ----------------------------------------------------------

// Under mutex_: whether `token` may be used now without renewing it.
bool Session::usable(const std::shared_ptr<const Token> &token, MonoClock::time_point now) const {
    if (!token) return false;
    if (!token->needs_renewal(now)) return true;
    // An early renewal failed a moment ago: use the still-valid token
    // rather than make every call wait for another attempt.
    return now < retry_renewal_at_ && token->seconds_left(now) > 0;
}

std::shared_ptr<const Token> Session::current_token(const CallContext &call) {
    {
        std::lock_guard<std::mutex> guard(mutex_);
        if (usable(token_, MonoClock::now())) return token_;
    }
    return renew(nullptr, Renewal::Missing, call);
}

// Single flight: the first caller renews, later callers wait for its outcome.
// `seen` is the token the caller found wanting (rejected by the server or
// forced out); if it has been replaced meanwhile, the replacement is used.
// A waiter whose own call is cancelled stops waiting; a renewer whose call
// is cancelled gives up, and a waiter takes the renewal over.
std::shared_ptr<const Token> Session::renew(std::shared_ptr<const Token> seen, Renewal why, const CallContext &call) {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
        if (renewing_) {
            wait_for_renewal(lock, call);
            if (renewal_failure_) throw *renewal_failure_;
            continue;  // look again: it may have landed nothing (a cancelled renewer, a logout)
        }
        const bool replaced = why == Renewal::Missing ? usable(token_, MonoClock::now()) : (token_ && token_ != seen);
        if (replaced) return token_;
        break;
    }

    renewing_ = true;
    std::shared_ptr<const Token> current = token_;
    // Lands on every way out, so that no exit leaves renewing_ set and the
    // other callers waiting for ever.
    struct LandOnExit {
        Session &session;
        std::unique_lock<std::mutex> &lock;
        bool armed = true;
        ~LandOnExit() {
            if (!armed) return;
            if (!lock.owns_lock()) lock.lock();
            session.land(session.out_of_memory_);
        }
    } land_on_exit{*this, lock};
    lock.unlock();
    std::shared_ptr<const Token> fresh;
    std::optional<Failure> failure;
    try {
        Token obtained = obtain(current.get(), call);
        obtained.api_headers = api_headers_for(obtained);
        fresh = std::make_shared<const Token>(std::move(obtained));
    } catch (const Failure &f) {
        failure = f;
    } catch (const std::bad_alloc &) {
        failure = out_of_memory_;
    } catch (...) {
        failure = internal_error_;
    }
    lock.lock();
    const auto now = MonoClock::now();
    const bool cancelled = failure && failure->code == ErrorCode::Cancelled;
    // A renewal ahead of time that fails leaves a still-valid token usable.
    const bool keep_current =
        failure && !cancelled && why == Renewal::Missing && current && current->seconds_left(now) > 0;
    if (keep_current) retry_renewal_at_ = now + kRenewalRetryDelay;
    if (fresh) {
        retire(std::move(token_));
        token_ = fresh;
    }
    land_on_exit.armed = false;
    land(keep_current || cancelled ? std::nullopt : failure);  // a cancellation is this caller's alone
    if (cancelled) throw *failure;
    if (renewal_failure_) throw *renewal_failure_;
    return token_;
}

// Waits for the renewal in progress to land, within the call's deadline
// (the renewal itself goes on for the others).
void Session::wait_for_renewal(std::unique_lock<std::mutex> &lock, const CallContext &call) {
    const uint64_t epoch = renewal_epoch_;
    if (!call.wait(renewed_, lock, [&] { return renewal_epoch_ != epoch; }))
        throw Failure(ErrorCode::Timeout,
                      std::string(call.deadline_name()) + " elapsed while another thread renewed the token");
}

// Under mutex_ (which LandOnExit's destructor also runs under: it fires
// only while the lock is held again or was never released).  Allocates
// nothing: copying a Failure shares its strings.
void Session::land(std::optional<Failure> failure) noexcept {
    renewing_ = false;
    ++renewal_epoch_;
    renewal_failure_ = std::move(failure);
    renewed_.notify_all();
}

// The tokens replaced or revoked last are redacted too: a server may echo
// one that was renewed while the call was under way.
void Session::retire(std::shared_ptr<const Token> token) {
    if (!token) return;
    std::rotate(retired_.rbegin(), retired_.rbegin() + 1, retired_.rend());
    retired_.front() = std::move(token);
}

// Under the cross-process lock: adopt a token another process (or session)
// just obtained, else ask the server and publish the result.  When the
// lock cannot be had within the call's budget, the cache is left alone.
Token Session::obtain(const Token *current, const CallContext &call) {
    std::optional<TokenCache::Lock> file_lock;
    std::optional<Token> cached;
    const bool use_cache = cache_ && file_lock.emplace(*cache_, call).held();
    if (use_cache) cached = cache_->load();
    const bool cached_is_new = cached && (!current || cached->access != current->access);
    if (cached_is_new && !cached->needs_renewal(MonoClock::now())) {
        counters_.cache_hits++;
        profile_->adopt(*cached);
        return std::move(*cached);
    }
    if (cached) profile_->adopt(*cached);  // what another process learned about client authentication
    Token fresh = exchange_with_server(current, cached, call);
    if (use_cache) cache_->store(fresh);
    return fresh;
}

// Refresh token first (the cache's, which another process may have rotated,
// else ours); a rejected one falls back to a full login.
Token Session::exchange_with_server(const Token *current, const std::optional<Token> &cached,
                                    const CallContext &call) {
    const Secret *refresh_token = nullptr;
    if (cached && !cached->refresh.empty()) refresh_token = &cached->refresh;
    else if (current && !current->refresh.empty()) refresh_token = &current->refresh;
    if (refresh_token) {
        try {
            counters_.refreshes++;
            return profile_->refresh(*refresh_token, call);
        } catch (const Failure &f) {
            if (f.code != ErrorCode::AuthFailed) throw;
        }
    }
    counters_.logins++;
    return profile_->login(call);
}

// ---- calls ----------------------------------------------------------------

bool Session::reauth_paused() const {
    std::lock_guard<std::mutex> guard(mutex_);
    return MonoClock::now() < reauth_paused_until_;
}

// Built once per token rather than per call: the fixed headers, the
// configured ones, and the credential.
std::shared_ptr<const ApiHeaders> Session::api_headers_for(const Token &token) const {
    auto headers = std::make_shared<ApiHeaders>();
    GivenHeaders given;
    for (const auto &header : config_->headers) given.note(header.first);
    const Secret credential = profile_->credential_header(token);
    for (HeaderList *list : {&headers->without_body, &headers->with_json_body}) {
        append_default_headers(*list, http_->default_headers(), given);
        if (list == &headers->with_json_body) list->append("Content-Type: application/json");
        for (const auto &header : config_->headers) list->append(header.first + ": " + header.second);
        if (!credential.empty()) list->append(credential.c_str());
    }
    return headers;
}

// The token's prebuilt headers, or (when the call brings headers or a
// content type of its own) a list built for this call: the session's
// headers with the call's merged over them, then the credential.
void Session::attach_credentials(HttpRequest &request, const Token &token, const CallOptions &options) const {
    if (options.headers.empty() && !options.content_type) {
        request.api_headers = token.api_headers;
        return;
    }
    request.api_headers = nullptr;
    request.headers.clear();
    if (request.has_body) request.headers.emplace_back("Content-Type: " + options.content_type.value_or("application/json"));
    auto overridden = [&](const std::string &name) {
        return std::any_of(options.headers.begin(), options.headers.end(),
                           [&](const auto &h) { return curl_strequal(h.first.c_str(), name.c_str()); });
    };
    for (const auto &header : config_->headers)
        if (!overridden(header.first)) request.headers.emplace_back(header.first + ": " + header.second);
    for (const auto &header : options.headers) request.headers.emplace_back(header.first + ": " + header.second);
    Secret credential = profile_->credential_header(token);
    if (!credential.empty()) request.headers.push_back(std::move(credential));
}

HttpResponse Session::send_authorized(HttpRequest &request, const CallContext &call, const CallOptions &options) {
    counters_.requests++;
    for (const auto &param : options.query) request.url = append_query(request.url, param.first, param.second);
    std::shared_ptr<const Token> token = current_token(call);
    profile_->add_credential_to_url(request.url);
    attach_credentials(request, *token, options);
    HttpResponse response = http_->send(request, call);
    if (response.status != 401 || !profile_->issues_tokens() || reauth_paused()) return response;

    // One re-authentication and one retry, never more.
    counters_.reauths++;
    token = renew(token, Renewal::Rejected, call);
    attach_credentials(request, *token, options);
    request.reason = "re-authenticated after HTTP 401";
    response = http_->send(request, call);
    if (response.status == 401) {
        // Even a fresh token is refused: logging in again per call would
        // only burn the server's login rate limit.
        std::lock_guard<std::mutex> guard(mutex_);
        reauth_paused_until_ = MonoClock::now() + kReauthPause;
    }
    return response;
}

JsonPtr Session::login(const CallOptions &options, const Cancel *cancel) {
    const CallContext call = start_call(options, cancel);
    std::shared_ptr<const Token> token = current_token(call);
    return token_document(*token, config_->expose_token);
}

JsonPtr Session::token_refresh() {
    const CallContext call = start_call();
    std::shared_ptr<const Token> seen;
    {
        std::lock_guard<std::mutex> guard(mutex_);
        seen = token_;
        reauth_paused_until_ = {};  // the caller asks for a new attempt
    }
    std::shared_ptr<const Token> token = renew(seen, Renewal::Forced, call);
    return token_document(*token, config_->expose_token);
}

namespace {

// A member of a GraphQL answer as the server wrote it, or JSON null.
JsonPtr raw_or_null(const std::optional<std::string_view> &text) {
    return text ? raw_json_node(*text) : checked(cJSON_CreateNull());
}

// {"query": ..., "variables": ...}, the variables spliced in as given so
// that no number loses a digit.
std::string graphql_body(std::string_view query, const std::string *variables_json,
                         const std::optional<std::string> &operation_name) {
    std::string body;
    body.reserve(6 * query.size() + (variables_json ? variables_json->size() : 0) + 32);
    body.append("{\"query\":");
    append_json_string(body, query);
    if (variables_json) body.append(",\"variables\":").append(*variables_json);
    if (operation_name) {
        body.append(",\"operationName\":");
        append_json_string(body, *operation_name);
    }
    body.push_back('}');
    return body;
}

// code graphql: the first error's message, `errors` as sent, partial data.
Failure graphql_failure(const HttpResponse &response, std::string_view errors_text,
                        const std::optional<std::string_view> &data_text) {
    JsonPtr errors = parse_json(errors_text);
    auto message = string_member(cJSON_GetArrayItem(errors.get(), 0), "message");
    Failure failure(ErrorCode::Graphql, message.value_or("the GraphQL server reported errors"), response.status);
    failure.errors.reset(raw_json_node(errors_text).release(), JsonDeleter());
    failure.data.reset(raw_or_null(data_text).release(), JsonDeleter());
    failure.meta = response.meta;
    return failure;
}

}  // namespace

PrintedDocument Session::graphql(std::string_view query, const std::string *variables_json,
                                 const CallOptions &options, const Cancel *cancel) {
    const CallContext call = start_call(options, cancel);
    HttpRequest request;
    request.method = "POST";
    request.url = graphql_url_;
    request.set_body(graphql_body(query, variables_json, options.operation_name));

    HttpResponse response = send_authorized(request, call, options);
    if (!is_strict_json(response.body)) {
        JsonPtr data = response_data(response);  // text, null, or invalid_response
        if (!is_success(response)) throw api_failure(response, std::move(data));
        throw Failure(ErrorCode::InvalidResponse, "the GraphQL answer is not a JSON object", response.status);
    }
    std::optional<std::string_view> data, errors;
    member_texts(response.body, {{"data", &data}, {"errors", &errors}});  // one pass over the answer
    if (errors && is_nonempty_array(*errors)) throw graphql_failure(response, *errors, data);
    if (!is_success(response)) throw api_failure(response, raw_json_node(response.body));
    if (!is_object_text(response.body))
        throw Failure(ErrorCode::InvalidResponse, "the GraphQL answer is not a JSON object", response.status);
    return print_data(response.status, data ? ResultData::json(*data) : ResultData{}, response.meta);
}

PrintedDocument Session::request(const std::string &method, const std::string &path, const std::string *body,
                                 const CallOptions &options, const Cancel *cancel) {
    const CallContext call = start_call(options, cancel);
    HttpRequest request;
    request.method = method;
    request.url = request_url(config_->base_url, path);
    if (body) request.set_body(*body);
    HttpResponse response = send_authorized(request, call, options);
    std::string storage;
    const ResultData data = response_result_data(response, options.response, storage);
    if (!is_success(response)) throw api_failure(response, data.node());
    return print_data(response.status, data, response.meta);
}

// The first page is the caller's path; a later one is the server's link,
// refused (invalid_response, not the caller's invalid_argument) when it
// names another origin.
std::string Session::page_url(const std::string &url, int pages_done) const {
    try {
        return request_url(config_->base_url, url);
    } catch (const Failure &) {
        if (pages_done == 0) throw;
        throw Failure(ErrorCode::InvalidResponse, "the next page's link names another origin than base_url");
    }
}

JsonPtr Session::paginate(const std::string &path, const CallOptions &options, const Cancel *cancel) {
    const CallContext call = start_call(options, cancel);
    std::string url = request_url(config_->base_url, path);
    for (const auto &param : options.query) url = append_query(url, param.first, param.second);
    CallOptions per_page = options;
    per_page.query.clear();  // in the first URL; later ones come from the server
    Paginator pages(url);
    long status = 0;
    std::optional<std::string> next = url;
    while (next) {
        HttpRequest request;
        request.url = page_url(*next, pages.pages());
        HttpResponse response = send_authorized(request, call, per_page);
        if (!is_success(response)) throw api_failure(response, response_data(response));
        if (!is_strict_json(response.body))
            throw Failure(ErrorCode::InvalidResponse, "a page of the listing is not JSON", response.status);
        status = response.status;
        next = pages.take(response.body, response.link);
        if (next && pages.pages() >= options.max_pages) break;
    }
    const bool complete = !next;
    JsonPtr doc = data_document(status, raw_json_node(pages.items_json()), ResponseMeta{});
    add_item(doc.get(), "pages", integer_json(pages.pages()));
    add_item(doc.get(), "complete", checked(cJSON_CreateBool(complete)));
    add_item(doc.get(), "style", checked(cJSON_CreateString(page_style_name(pages.style()))));
    return doc;
}

// Logout takes part in the single flight: a renewal in progress lands
// first (so its token is the one revoked), and none lands after it.
JsonPtr Session::logout() {
    const CallContext call = start_call();
    std::shared_ptr<const Token> token;
    {
        std::unique_lock<std::mutex> lock(mutex_);
        while (renewing_) wait_for_renewal(lock, call);
        renewing_ = true;
        token = std::move(token_);
        token_.reset();
    }
    bool revoked = false;
    std::exception_ptr error;
    try {
        revoked = forget_and_revoke(token, call);
    } catch (...) {
        error = std::current_exception();
    }
    {
        std::lock_guard<std::mutex> guard(mutex_);
        retire(token);  // redacted from the documents, this one's included
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
bool Session::forget_and_revoke(std::shared_ptr<const Token> &token, const CallContext &call) {
    std::optional<TokenCache::Lock> file_lock;
    if (cache_) {
        file_lock.emplace(*cache_, call);  // removed even without it: a logout must not leave the token on disk
        if (!token) {
            if (auto cached = cache_->load()) token = std::make_shared<const Token>(std::move(*cached));
        }
        cache_->remove();
    }
    return token && profile_->issues_tokens() && profile_->revoke(*token, call);
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
    add_item(doc.get(), "exchanges", http_ ? http_->exchanges().to_json() : checked(cJSON_CreateArray()));
    return doc;
}

// Calls `use` with a Redactor for every secret this session knows of.
template <typename Use>
void Session::with_redactor(Use use) const {
    std::array<std::shared_ptr<const Token>, kRetiredTokens + 1> tokens;
    {
        std::lock_guard<std::mutex> guard(mutex_);
        tokens[0] = token_;
        std::copy(retired_.begin(), retired_.end(), tokens.begin() + 1);
    }
    Redactor redactor;
    if (config_) redactor.hide_credentials(*config_, encoded_credentials_);
    const bool expose_access = config_ && config_->expose_token;
    for (const auto &token : tokens)
        if (token) redactor.hide_token(*token, expose_access);
    use(static_cast<const Redactor &>(redactor));
}

void Session::redact(cJSON *document) const {
    with_redactor([&](const Redactor &redactor) { redactor.apply(document); });
}

PrintedDocument Session::print_data(long status, const ResultData &data, const ResponseMeta &meta) const {
    PrintedDocument document;
    with_redactor([&](const Redactor &redactor) {
        document = print_data_document(status, data, meta, [&](std::string_view value, bool is_key) {
            return redactor.hides(value, is_key);
        });
    });
    return document;
}

}  // namespace extapi
