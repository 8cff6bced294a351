#include "stop_watcher.hpp"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>

namespace emu {
namespace {

sigset_t stop_signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    return set;
}

int poll_retrying(pollfd *fds, nfds_t n, int timeout_ms) {
    int r;
    do r = poll(fds, n, timeout_ms);
    while (r < 0 && errno == EINTR);
    return r;
}

}  // namespace

void block_stop_signals() {
    sigset_t set = stop_signals();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    // A client hanging up mid-response must not kill the emulator.
    signal(SIGPIPE, SIG_IGN);
}

StopWatcher::StopWatcher(std::function<void()> on_stop) : on_stop_(std::move(on_stop)) {}

StopWatcher::~StopWatcher() {
    finish();
    if (signal_fd_ >= 0) close(signal_fd_);
    for (int fd : wake_fds_)
        if (fd >= 0) close(fd);
}

bool StopWatcher::start() {
    sigset_t set = stop_signals();
    signal_fd_ = signalfd(-1, &set, SFD_CLOEXEC);
    if (signal_fd_ < 0 || pipe2(wake_fds_, O_CLOEXEC) != 0) return false;
    thread_ = std::thread([this] { run(); });
    return true;
}

void StopWatcher::finish() {
    if (!thread_.joinable()) return;
    char byte = 0;
    ssize_t ignored = write(wake_fds_[1], &byte, 1);
    (void)ignored;
    thread_.join();
}

void StopWatcher::run() {
    if (!wait_for_stop_request()) return;
    do on_stop_();
    while (!finished_within(50));
}

// True when a signal or stdin EOF arrived; false when finish() came first.
bool StopWatcher::wait_for_stop_request() {
    pollfd fds[3] = {{wake_fds_[0], POLLIN, 0}, {signal_fd_, POLLIN, 0}, {STDIN_FILENO, POLLIN, 0}};
    nfds_t count = 3;
    for (;;) {
        if (poll_retrying(fds, count, -1) < 0) return false;
        if (fds[0].revents) return false;
        if (fds[1].revents) return true;
        if (count == 3 && (fds[2].revents & POLLNVAL)) {
            count = 2;  // no stdin at all: only signals can stop us
            continue;
        }
        if (count == 3 && fds[2].revents) {
            char buf[256];
            ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
            if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) return true;
        }
    }
}

bool StopWatcher::finished_within(int ms) {
    pollfd wake = {wake_fds_[0], POLLIN, 0};
    return poll_retrying(&wake, 1, ms) > 0;
}

}  // namespace emu
