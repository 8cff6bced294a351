// The session engine: configuration, one token state shared by all threads,
// single-flight renewal (in-process and, through token_cache, across
// processes), the 401 re-authentication rule, and counters.  Implemented in
// session.cpp (construction, info), session_tokens.cpp (the token
// lifecycle) and session_calls.cpp (the API calls and result documents).
#pragma once

#include <array>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "body_buffer.hpp"
#include "call_context.hpp"
#include "call_options.hpp"
#include "cancel.hpp"
#include "config.hpp"
#include "error.hpp"
#include "http_transport.hpp"
#include "json.hpp"
#include "profile.hpp"
#include "result.hpp"
#include "token.hpp"
#include "token_cache.hpp"

namespace extapi {

// After an early renewal fails, the still-valid token is used and renewal
// is tried again at most this often.
constexpr std::chrono::seconds kRenewalRetryDelay{5};

// After a freshly obtained token is itself answered 401, a 401 does not
// trigger another login for this long (SPEC "Token answers").
constexpr std::chrono::seconds kReauthPause{30};

// How many replaced or revoked tokens are still redacted from documents.
constexpr size_t kRetiredTokens = 4;

class Session {
public:
    // Never throws on a bad configuration (the session then answers every
    // call with it); only std::bad_alloc escapes.
    explicit Session(const char *config_json);
    ~Session();

    // Each returns the success document or throws Failure.  Arguments are
    // already checked by the C boundary (non-NULL, valid UTF-8 / JSON);
    // `cancel` may be null.
    JsonPtr login(const CallOptions &options = {}, const Cancel *cancel = nullptr);
    // These two return their success document printed and redacted (the
    // hot path builds no tree).
    PrintedDocument graphql(std::string_view query, const std::string *variables_json, const CallOptions &options = {},
                            const Cancel *cancel = nullptr);
    PrintedDocument request(const std::string &method, const std::string &path, std::optional<std::string_view> body,
                            const CallOptions &options = {}, const Cancel *cancel = nullptr);
    // Every page of a listing in one document (see pagination.hpp).
    JsonPtr paginate(const std::string &path, const CallOptions &options, const Cancel *cancel);
    JsonPtr token_refresh();
    JsonPtr logout();
    JsonPtr info() const;

    // Hides, as whole values, the strings of `document` that carry a secret
    // this session knows of (see redaction.hpp).
    void redact(cJSON *document) const;

private:
    // Why a token is renewed: none is usable (there is none yet, or it is
    // due), the server rejected it (401), or the caller asked (token_refresh).
    enum class Renewal { Unusable, Rejected, Forced };

    CallContext start_call(const CallOptions &options = {}, const Cancel *cancel = nullptr) const;
    bool usable(const std::shared_ptr<const Token> &token, MonoClock::time_point now) const;
    std::shared_ptr<const Token> current_token(const CallContext &call);
    std::shared_ptr<const Token> renew(std::shared_ptr<const Token> seen, Renewal why, const CallContext &call);
    void wait_for_renewal(std::unique_lock<std::mutex> &lock, const CallContext &call);
    Token obtain(const Token *current, const CallContext &call);
    // Ends the token change in progress (renewing_): its outcome for the
    // waiters, who are woken.
    void finish_token_change(std::optional<Failure> failure) noexcept;
    void retire(std::shared_ptr<const Token> token);
    bool forget_and_revoke(std::shared_ptr<const Token> &token, const CallContext &call);
    Token exchange_with_server(const Token *current, const std::optional<Token> &cached, const CallContext &call);
    HttpResponse send_authorized(HttpRequest &request, const CallContext &call, const CallOptions &options);
    void attach_credentials(HttpRequest &request, const Token &token, const CallOptions &options) const;
    std::shared_ptr<const ApiHeaders> api_headers_for(const Token &token) const;
    bool reauth_paused() const;
    std::string page_url(const std::string &url, int pages_done) const;
    template <typename Use>
    void with_redactor(Use use) const;
    PrintedDocument print_data(long status, const ResultData &data, const ResponseMeta &meta) const;

    std::unique_ptr<const Failure> config_error_;  // rare: a pointer keeps the session small
    std::unique_ptr<Config> config_;
    std::unique_ptr<HttpTransport> http_;
    std::unique_ptr<AuthProfile> profile_;
    std::unique_ptr<TokenCache> cache_;
    std::optional<Failure> insecure_;  // base_url refused for plain http, found once
    std::string graphql_url_;
    SpareBody spare_body_;                     // for the GraphQL bodies (see BodyBuffer)
    std::vector<Secret> encoded_credentials_;  // see redaction.hpp

    mutable std::mutex mutex_;
    std::condition_variable renewed_;
    // One change of the token state at a time (a renewal or a logout): the
    // others wait for it to finish and share its outcome.
    std::shared_ptr<const Token> token_;
    std::array<std::shared_ptr<const Token>, kRetiredTokens> retired_;  // replaced or revoked last, newest first
    bool renewing_ = false;
    uint64_t renewal_epoch_ = 0;
    std::optional<Failure> renewal_failure_;
    MonoClock::time_point retry_renewal_at_{};
    MonoClock::time_point reauth_paused_until_{};

    struct Counters {
        std::atomic<uint64_t> logins{0}, refreshes{0}, requests{0}, reauths{0}, cache_hits{0};
    } counters_;
};

}  // namespace extapi
