// What one C call carries down through the engine: its deadline (SPEC
// "deadline_ms": retries, waits and a renewal included).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>

namespace extapi {

using MonoClock = std::chrono::steady_clock;
using Millis = std::chrono::milliseconds;

class CallContext {
public:
    CallContext() = default;
    explicit CallContext(std::optional<int64_t> deadline_ms) {
        if (deadline_ms) deadline_ = MonoClock::now() + Millis(*deadline_ms);
    }

    bool has_deadline() const { return deadline_.has_value(); }
    std::optional<MonoClock::time_point> deadline() const { return deadline_; }

    // Time left before the deadline (never negative); `cap` when there is none.
    Millis remaining(Millis cap) const {
        if (!deadline_) return cap;
        const auto left = std::chrono::duration_cast<Millis>(*deadline_ - MonoClock::now());
        return std::clamp(left, Millis(0), cap);
    }

    // Whether waiting `wait` would still end before the deadline.
    bool allows(Millis wait) const { return !deadline_ || MonoClock::now() + wait < *deadline_; }

private:
    std::optional<MonoClock::time_point> deadline_;
};

}  // namespace extapi
