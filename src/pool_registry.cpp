#include "pool_registry.hpp"

#include <pthread.h>
#include <unistd.h>

#include <algorithm>
#include <mutex>
#include <vector>

namespace extapi {

namespace {

struct Entry {
    std::weak_ptr<HandlePool> pool;
    pid_t owner;  // the process that made it
};

struct Registry {
    std::mutex mutex;
    std::vector<Entry> entries;  // the pools some session holds
};

Registry &registry();

// A fork() while another thread holds the lock would leave the child's copy
// of it locked for ever: the lock is taken across fork() instead.
void lock_for_fork() { registry().mutex.lock(); }
void unlock_after_fork() { registry().mutex.unlock(); }

// Never destroyed: a session freed at exit, after static destructors ran,
// still finds it.
Registry &registry() {
    static Registry *const made = [] {
        auto *r = new Registry;
        pthread_atfork(lock_for_fork, unlock_after_fork, unlock_after_fork);
        return r;
    }();
    return *made;
}

// Under the lock.
std::shared_ptr<HandlePool> find_live(const std::vector<Entry> &entries, const TransportSettings &settings,
                                      pid_t self) {
    for (const Entry &entry : entries) {
        if (entry.owner != self) continue;
        std::shared_ptr<HandlePool> pool = entry.pool.lock();
        if (pool && pool->settings() == settings) return pool;
    }
    return nullptr;
}

// The pool's deleter: frees it (closing its connections) outside the lock,
// then drops the entries of pools no session holds; once there are none,
// the registry holds no memory that a leak check would report.
void release(HandlePool *pool) noexcept {
    delete pool;
    Registry &r = registry();
    std::lock_guard<std::mutex> guard(r.mutex);
    r.entries.erase(
        std::remove_if(r.entries.begin(), r.entries.end(), [](const Entry &entry) { return entry.pool.expired(); }),
        r.entries.end());
    if (r.entries.empty()) std::vector<Entry>().swap(r.entries);
}

}  // namespace

std::shared_ptr<HandlePool> shared_handle_pool(const TransportSettings &settings, HandlePool::Configure configure) {
    Registry &r = registry();
    const pid_t self = getpid();
    {
        std::lock_guard<std::mutex> guard(r.mutex);
        if (std::shared_ptr<HandlePool> pool = find_live(r.entries, settings, self)) return pool;
    }
    // Made outside the lock, which its deleter takes (also when making the
    // shared_ptr fails); declared before the guard, so freed after unlocking.
    std::shared_ptr<HandlePool> made(new HandlePool(settings, configure), release);
    std::lock_guard<std::mutex> guard(r.mutex);
    if (std::shared_ptr<HandlePool> pool = find_live(r.entries, settings, self)) return pool;  // made meanwhile
    r.entries.push_back({made, self});
    return made;
}

}  // namespace extapi
