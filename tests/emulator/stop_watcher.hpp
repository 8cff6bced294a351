// Watches for the two ways a test tells the emulator to go away: SIGTERM or
// SIGINT, and EOF on stdin (the parent died or closed the pipe).
#pragma once

#include <atomic>
#include <functional>
#include <thread>

namespace emu {

// Must run before any other thread starts, so that every thread inherits the
// blocked mask and the signals are only seen through the watcher's signalfd.
void block_stop_signals();

class StopWatcher {
public:
    // on_stop is called repeatedly (every 50 ms) from the watcher thread once a
    // stop was requested, until finish() is called: httplib's stop() is a
    // no-op if it races with the start of listen().
    explicit StopWatcher(std::function<void()> on_stop);
    ~StopWatcher();
    StopWatcher(const StopWatcher &) = delete;
    StopWatcher &operator=(const StopWatcher &) = delete;

    bool start();
    // The server loop has ended: wake the watcher and join it.
    void finish();

private:
    void run();
    bool wait_for_stop_request();
    bool finished_within(int ms);

    std::function<void()> on_stop_;
    int signal_fd_ = -1;
    int wake_fds_[2] = {-1, -1};
    std::thread thread_;
};

}  // namespace emu
