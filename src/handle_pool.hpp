// Idle libcurl handles, each an easy handle in a multi handle of its own
// that keeps its live connections: a caller takes one for the length of a
// transfer, so parallel calls use parallel connections and never queue
// behind one another.  (The multi handle lets a transfer wait in short
// polls, so that a cancellation is noticed within them.)  Taking and
// giving back are lock-free (a fixed array of atomic slots).  DNS answers
// and TLS sessions are shared between the handles through a curl_share.
#pragma once

#include <array>
#include <atomic>
#include <functional>
#include <mutex>

#include <curl/curl.h>

namespace extapi {

struct Handle {
    CURL *easy = nullptr;
    CURLM *multi = nullptr;
};

class HandlePool {
public:
    // `configure` sets the options every transfer of this pool shares, once
    // per new handle (TLS, proxy, user agent, callbacks).
    explicit HandlePool(std::function<void(CURL *)> configure);
    ~HandlePool();
    HandlePool(const HandlePool &) = delete;
    HandlePool &operator=(const HandlePool &) = delete;

    // An idle handle, or a new configured one; throws std::bad_alloc.
    Handle *take();

    // Keeps `h` for the next caller, or cleans it up when the pool is full.
    void give_back(Handle *h) noexcept;

    // Cleans up a handle that must not be reused (libcurl failed inside it).
    static void discard(Handle *h) noexcept;

private:
    static constexpr size_t kSlots = 64;

    std::function<void(CURL *)> configure_;
    std::array<std::atomic<Handle *>, kSlots> idle_{};
    CURLSH *share_ = nullptr;
    std::array<std::mutex, CURL_LOCK_DATA_LAST> share_locks_;
};

}  // namespace extapi
