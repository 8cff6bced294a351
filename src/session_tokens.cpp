// The session's token lifecycle: obtaining a token (from the cache or the
// server), renewing it in a single flight, refresh, login and logout.
#include "session.hpp"

#include <algorithm>

namespace extapi {

namespace {

// Made when the library is loaded, once for every session: reporting a
// failed allocation must not need one (copies share the message).
const Failure kRenewalOutOfMemory{ErrorCode::OutOfMemory, "out of memory while renewing the token"};
const Failure kRenewalInternalError{ErrorCode::Internal, "internal error while renewing the token"};

}  // namespace

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
    return renew(nullptr, Renewal::Unusable, call);
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
            continue;  // look again: it may have brought no token (a cancelled renewer, a logout)
        }
        const bool replaced = why == Renewal::Unusable ? usable(token_, MonoClock::now()) : (token_ && token_ != seen);
        if (replaced) return token_;
        break;
    }

    renewing_ = true;
    std::shared_ptr<const Token> current = token_;
    // Finishes the renewal on every way out, so that no exit leaves
    // renewing_ set and the other callers waiting for ever.
    struct FinishOnExit {
        Session &session;
        std::unique_lock<std::mutex> &lock;
        bool armed = true;
        ~FinishOnExit() {
            if (!armed) return;
            if (!lock.owns_lock()) lock.lock();
            session.finish_token_change(kRenewalOutOfMemory);
        }
    } finish_on_exit{*this, lock};
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
        failure = kRenewalOutOfMemory;
    } catch (...) {
        failure = kRenewalInternalError;
    }
    lock.lock();
    const auto now = MonoClock::now();
    const bool cancelled = failure && failure->code == ErrorCode::Cancelled;
    // A renewal ahead of time that fails leaves a still-valid token usable.
    const bool keep_current =
        failure && !cancelled && why == Renewal::Unusable && current && current->seconds_left(now) > 0;
    if (keep_current) retry_renewal_at_ = now + kRenewalRetryDelay;
    if (fresh) {
        retire(std::move(token_));
        token_ = fresh;
    }
    finish_on_exit.armed = false;
    finish_token_change(keep_current || cancelled ? std::nullopt : failure);  // a cancellation is this caller's alone
    if (cancelled) throw *failure;
    if (renewal_failure_) throw *renewal_failure_;
    return token_;
}

// Waits for the renewal in progress to finish, within the call's deadline
// (the renewal itself goes on for the others).
void Session::wait_for_renewal(std::unique_lock<std::mutex> &lock, const CallContext &call) {
    const uint64_t epoch = renewal_epoch_;
    if (!call.wait(renewed_, lock, [&] { return renewal_epoch_ != epoch; }))
        throw Failure(ErrorCode::Timeout,
                      std::string(call.deadline_name()) + " elapsed while another thread renewed the token");
}

// Under mutex_ (which FinishOnExit's destructor also runs under: it fires
// only while the lock is held again or was never released).  Allocates
// nothing: copying a Failure shares its strings.
void Session::finish_token_change(std::optional<Failure> failure) noexcept {
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
Token Session::exchange_with_server(const Token *current, const std::optional<Token> &cached, const CallContext &call) {
    const Secret *refresh_token = nullptr;
    if (cached && !cached->refresh.empty())
        refresh_token = &cached->refresh;
    else if (current && !current->refresh.empty())
        refresh_token = &current->refresh;
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

// Logout takes part in the single flight: a renewal in progress finishes
// first (so its token is the one revoked), and none starts until it is done.
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
        finish_token_change(std::nullopt);
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

}  // namespace extapi
