#include "handle_pool.hpp"

#include <new>
#include <thread>

namespace extapi {

namespace {

// Where a thread starts looking, so that threads mostly use slots of their own.
size_t first_slot(size_t slots) { return std::hash<std::thread::id>()(std::this_thread::get_id()) % slots; }

void lock_share(CURL *, curl_lock_data data, curl_lock_access, void *locks) {
    static_cast<std::mutex *>(locks)[data].lock();
}

void unlock_share(CURL *, curl_lock_data data, void *locks) { static_cast<std::mutex *>(locks)[data].unlock(); }

}  // namespace

HandlePool::HandlePool(TransportSettings settings, Configure configure)
    : settings_(std::move(settings)), configure_(configure) {
    share_ = curl_share_init();
    if (!share_) throw std::bad_alloc();
    curl_share_setopt(share_, CURLSHOPT_LOCKFUNC, lock_share);
    curl_share_setopt(share_, CURLSHOPT_UNLOCKFUNC, unlock_share);
    curl_share_setopt(share_, CURLSHOPT_USERDATA, share_locks_.data());
    curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    // libcurl before 8.10.0 races on a shared OpenSSL session between two
    // handshakes (curl PR #14751): share TLS sessions only with a fixed one.
    if (curl_version_info(CURLVERSION_NOW)->version_num >= 0x080a00)
        curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
}

HandlePool::~HandlePool() {
    for (auto &slot : idle_) discard(slot.exchange(nullptr));
    curl_share_cleanup(share_);
}

void HandlePool::discard(Handle *h) noexcept {
    if (!h) return;
    if (h->multi) curl_multi_cleanup(h->multi);  // closes the connections it kept
    if (h->easy) curl_easy_cleanup(h->easy);
    delete h;
}

Handle *HandlePool::take() {
    const size_t start = first_slot(kSlots);
    for (size_t i = 0; i < kSlots; ++i) {
        if (Handle *h = idle_[(start + i) % kSlots].exchange(nullptr, std::memory_order_acquire)) return h;
    }
    auto *h = new Handle;
    h->easy = curl_easy_init();
    h->multi = curl_multi_init();
    if (!h->easy || !h->multi) {
        discard(h);
        throw std::bad_alloc();
    }
    curl_multi_setopt(h->multi, CURLMOPT_MAXCONNECTS, kConnectionsPerHandle);
    curl_easy_setopt(h->easy, CURLOPT_SHARE, share_);
    try {
        configure_(h->easy, settings_);
    } catch (...) {
        discard(h);
        throw;
    }
    return h;
}

void HandlePool::give_back(Handle *h) noexcept {
    const size_t start = first_slot(kSlots);
    for (size_t i = 0; i < kSlots; ++i) {
        Handle *empty = nullptr;
        if (idle_[(start + i) % kSlots].compare_exchange_strong(empty, h, std::memory_order_release)) return;
    }
    discard(h);
}

}  // namespace extapi
