// Idle libcurl handles, each an easy handle in a multi handle of its own
// that keeps its live connections: a caller takes one for the length of a
// transfer, so parallel calls use parallel connections and never queue
// behind one another.  (The multi handle lets a transfer wait in short
// polls, so that a cancellation is noticed within them.)  Taking and
// giving back are lock-free (a fixed array of atomic slots).  DNS answers
// and TLS sessions are shared between the handles through a curl_share.
//
// One pool serves every session whose TransportSettings are equal (see
// pool_registry.hpp), so it holds nothing of any one session: a handle
// carries only the settings between transfers.
#pragma once

#include <array>
#include <atomic>
#include <mutex>

#include <curl/curl.h>

#include "transport_settings.hpp"

namespace extapi {

struct Handle {
    CURL *easy = nullptr;
    CURLM *multi = nullptr;
};

class HandlePool {
public:
    // Sets the options every transfer of the pool shares from its settings
    // (TLS, proxy, callbacks), once per new handle; throws std::bad_alloc.
    using Configure = void (*)(CURL *, const TransportSettings &);

    HandlePool(TransportSettings settings, Configure configure);
    ~HandlePool();
    HandlePool(const HandlePool &) = delete;
    HandlePool &operator=(const HandlePool &) = delete;

    const TransportSettings &settings() const { return settings_; }

    // An idle handle, or a new configured one; throws std::bad_alloc.
    Handle *take();

    // Keeps `h` for the next caller, or cleans it up when the pool is full.
    void give_back(Handle *h) noexcept;

    // Cleans up a handle that must not be reused (libcurl failed inside it).
    static void discard(Handle *h) noexcept;

private:
    // Idle handles kept for all the sessions sharing the pool: as many as
    // threads that commonly call at once.  A handle given back to a full
    // pool is cleaned up (its connections closed).
    static constexpr size_t kSlots = 64;
    // The connections a handle keeps: it serves every server its sessions
    // call (each API and its token endpoint), and with libcurl's default
    // (4 for a multi handle of one easy handle) a thread calling five
    // servers in turn would reconnect on every call.
    static constexpr long kConnectionsPerHandle = 16;

    const TransportSettings settings_;
    const Configure configure_;
    std::array<std::atomic<Handle *>, kSlots> idle_{};
    CURLSH *share_ = nullptr;
    std::array<std::mutex, CURL_LOCK_DATA_LAST> share_locks_;
};

}  // namespace extapi
