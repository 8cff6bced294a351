#include "cancel.hpp"

namespace extapi {

void Cancel::fire() noexcept {
    {
        std::lock_guard<std::mutex> guard(mutex_);
        fired_.store(true, std::memory_order_release);
    }
    fired_signal_.notify_all();
}

bool Cancel::sleep_for(std::chrono::milliseconds duration) const {
    std::unique_lock<std::mutex> lock(mutex_);
    return !fired_signal_.wait_for(lock, duration, [this] { return fired(); });
}

}  // namespace extapi
