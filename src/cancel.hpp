// ext_cancel: a flag any thread may raise at any time, and the waits that
// end early when it is raised (SPEC "Version 1.1": a fired call returns
// within ~100 ms).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace extapi {

class Cancel {
public:
    void fire() noexcept;
    bool fired() const noexcept { return fired_.load(std::memory_order_acquire); }

    // Sleeps for `duration`, or less when fired; false when fired.
    bool sleep_for(std::chrono::milliseconds duration) const;

private:
    std::atomic<bool> fired_{false};
    mutable std::mutex mutex_;
    mutable std::condition_variable fired_signal_;
};

}  // namespace extapi
