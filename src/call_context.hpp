// What one C call carries down through the engine: its deadline (SPEC
// "deadline_ms": retries, waits and a renewal included; without one, an
// implicit budget, so that every wait is bounded) and its ext_cancel.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>

namespace extapi {

class Cancel;

using MonoClock = std::chrono::steady_clock;
using Millis = std::chrono::milliseconds;

class CallContext {
public:
    // How often a wait that cannot be woken by a cancellation looks at it.
    static constexpr Millis kCancelPoll{50};

    CallContext() = default;
    // `deadline_ms` given by the caller, else `budget_ms` (the implicit one).
    CallContext(std::optional<int64_t> deadline_ms, int64_t budget_ms, const Cancel *cancel);

    // How a message names the bound that ended the call.
    const char *deadline_name() const {
        return explicit_deadline_ ? "deadline_ms" : "the call's time budget (timeout_ms x (retries + 2))";
    }

    bool has_deadline() const { return deadline_.has_value(); }
    std::optional<MonoClock::time_point> deadline() const { return deadline_; }

    // Time left before the deadline (never negative); `cap` when there is none.
    Millis remaining(Millis cap) const;

    // Whether waiting `wait` would still end before the deadline.
    bool allows(Millis wait) const { return !deadline_ || MonoClock::now() + wait < *deadline_; }

    bool cancellable() const { return cancel_ != nullptr; }
    bool cancelled() const;

    // Throws Failure(cancelled) when the call has been cancelled.
    void check_cancelled() const;

    // Sleeps `wait` (a retry's backoff or Retry-After); throws
    // Failure(cancelled) as soon as the call is cancelled.
    void sleep(Millis wait) const;

    // Waits on `signal` until `done()` or the deadline (false) or a
    // cancellation (throws Failure(cancelled)).
    template <typename Done>
    bool wait(std::condition_variable &signal, std::unique_lock<std::mutex> &lock, Done done) const {
        while (!done()) {
            check_cancelled();
            auto until = MonoClock::now() + (cancel_ ? kCancelPoll : Millis(3600000));
            if (deadline_ && *deadline_ < until) until = *deadline_;
            signal.wait_until(lock, until);
            if (!done() && deadline_ && MonoClock::now() >= *deadline_) return false;
        }
        return true;
    }

private:
    std::optional<MonoClock::time_point> deadline_;
    bool explicit_deadline_ = false;
    const Cancel *cancel_ = nullptr;
};

}  // namespace extapi
