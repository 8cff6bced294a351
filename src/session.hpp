// The session engine: configuration, one token state shared by all threads,
// single-flight renewal (in-process and, through token_cache, across
// processes), the 401 re-authentication rule, and counters.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "config.hpp"
#include "error.hpp"
#include "http_transport.hpp"
#include "json.hpp"
#include "profile.hpp"
#include "token.hpp"
#include "token_cache.hpp"

namespace extapi {

// After an early renewal fails, the still-valid token is used and renewal
// is tried again at most this often.
constexpr std::chrono::seconds kRenewalRetryDelay{5};

class Session {
public:
    // Never throws on a bad configuration (the session then answers every
    // call with it); only std::bad_alloc escapes.
    explicit Session(const char *config_json);
    ~Session();

    // Each returns the success document or throws Failure.  Arguments are
    // already checked by the C boundary (non-NULL, valid UTF-8 / JSON).
    JsonPtr login();
    JsonPtr graphql(const std::string &query, const cJSON *variables);
    JsonPtr request(const std::string &method, const std::string &path, const std::string *body_json);
    JsonPtr token_refresh();
    JsonPtr logout();
    JsonPtr info() const;

    // Removes every secret this session knows of from a printed document.
    std::string redact(std::string document) const;

private:
    enum class Renewal { Missing, Rejected, Forced };

    void check_usable() const;
    std::shared_ptr<const Token> current_token();
    std::shared_ptr<const Token> renew(std::shared_ptr<const Token> seen, Renewal why);
    Token obtain(const Token *current);
    void land(std::optional<Failure> failure);
    bool forget_and_revoke(std::shared_ptr<const Token> &token);
    Token exchange_with_server(const Token *current, const std::optional<Token> &cached);
    HttpResponse send_authorized(const HttpRequest &request);
    std::string graphql_url() const;

    std::optional<Failure> config_error_;
    std::unique_ptr<Config> config_;
    std::unique_ptr<HttpTransport> http_;
    std::unique_ptr<AuthProfile> profile_;
    std::unique_ptr<TokenCache> cache_;

    mutable std::mutex mutex_;
    std::condition_variable renewed_;
    // One change of the token state at a time (a renewal or a logout): the
    // others wait for it to land and share its outcome.
    std::shared_ptr<const Token> token_;
    std::shared_ptr<const Token> retired_;  // the one replaced or revoked last
    bool renewing_ = false;
    uint64_t renewal_epoch_ = 0;
    std::optional<Failure> renewal_failure_;
    MonoClock::time_point retry_renewal_at_{};

    struct Counters {
        std::atomic<uint64_t> logins{0}, refreshes{0}, requests{0}, reauths{0}, cache_hits{0};
    } counters_;
};

}  // namespace extapi
