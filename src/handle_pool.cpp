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

HandlePool::HandlePool(std::function<void(CURL *)> configure) : configure_(std::move(configure)) {
    share_ = curl_share_init();
    if (!share_) throw std::bad_alloc();
    curl_share_setopt(share_, CURLSHOPT_LOCKFUNC, lock_share);
    curl_share_setopt(share_, CURLSHOPT_UNLOCKFUNC, unlock_share);
    curl_share_setopt(share_, CURLSHOPT_USERDATA, share_locks_.data());
    curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
}

HandlePool::~HandlePool() {
    for (auto &slot : idle_) {
        if (CURL *c = slot.exchange(nullptr)) curl_easy_cleanup(c);
    }
    curl_share_cleanup(share_);
}

CURL *HandlePool::take() {
    const size_t start = first_slot(kSlots);
    for (size_t i = 0; i < kSlots; ++i) {
        if (CURL *c = idle_[(start + i) % kSlots].exchange(nullptr, std::memory_order_acquire)) return c;
    }
    CURL *c = curl_easy_init();
    if (!c) throw std::bad_alloc();
    curl_easy_setopt(c, CURLOPT_SHARE, share_);
    try {
        configure_(c);
    } catch (...) {
        curl_easy_cleanup(c);
        throw;
    }
    return c;
}

void HandlePool::give_back(CURL *c) noexcept {
    const size_t start = first_slot(kSlots);
    for (size_t i = 0; i < kSlots; ++i) {
        CURL *empty = nullptr;
        if (idle_[(start + i) % kSlots].compare_exchange_strong(empty, c, std::memory_order_release)) return;
    }
    curl_easy_cleanup(c);
}

}  // namespace extapi
