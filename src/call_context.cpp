#include "call_context.hpp"

#include <algorithm>
#include <thread>

#include "cancel.hpp"
#include "error.hpp"

namespace extapi {

CallContext::CallContext(std::optional<int64_t> deadline_ms, int64_t budget_ms, const Cancel *cancel)
    : deadline_(MonoClock::now() + Millis(deadline_ms.value_or(budget_ms))),
      explicit_deadline_(deadline_ms.has_value()),
      cancel_(cancel) {}

Millis CallContext::remaining(Millis cap) const {
    if (!deadline_) return cap;
    const auto left = std::chrono::duration_cast<Millis>(*deadline_ - MonoClock::now());
    return std::clamp(left, Millis(0), cap);
}

bool CallContext::cancelled() const { return cancel_ && cancel_->fired(); }

void CallContext::check_cancelled() const {
    if (cancelled()) throw Failure(ErrorCode::Cancelled, "the call was cancelled (ext_cancel_fire)");
}

void CallContext::sleep(Millis wait) const {
    if (!cancel_) {
        std::this_thread::sleep_for(wait);
        return;
    }
    if (!cancel_->sleep_for(wait)) check_cancelled();
}

}  // namespace extapi
