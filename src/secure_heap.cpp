#include "secure_heap.hpp"

#include <openssl/crypto.h>
#include <sys/mman.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <new>

namespace extapi {

namespace {

// Reserved, not resident: a page costs memory only once a block on it is
// used.  Room for the credentials of thousands of sessions.
constexpr size_t kMappingBytes = 1 << 20;
// Block sizes 32, 64, ... 8192 bytes; a larger secret (a very long JWT)
// goes to the ordinary heap.
constexpr size_t kSmallestBlock = 32;
constexpr int kClasses = 9;

struct FreeBlock {
    FreeBlock *next;
};

class SecureMapping {
public:
    void *allocate(size_t size) {
        const int c = size_class(size);
        if (c < 0) return nullptr;
        std::lock_guard<std::mutex> guard(mutex_);
        if (FreeBlock *block = free_[c]) {
            free_[c] = block->next;
            block->next = nullptr;
            return block;
        }
        return carve(block_size(c));
    }

    // `memory` is in the mapping; its size class follows from `size`.
    void release(void *memory, size_t size) noexcept {
        const int c = size_class(size);
        OPENSSL_cleanse(memory, block_size(c));
        std::lock_guard<std::mutex> guard(mutex_);
        auto *block = static_cast<FreeBlock *>(memory);
        block->next = free_[c];
        free_[c] = block;
    }

    bool contains(const void *memory) const noexcept {
        const char *base = base_.load(std::memory_order_acquire);
        const auto at = reinterpret_cast<uintptr_t>(memory);
        return base && at >= reinterpret_cast<uintptr_t>(base) &&
               at < reinterpret_cast<uintptr_t>(base) + kMappingBytes;
    }

private:
    static size_t block_size(int c) { return kSmallestBlock << c; }

    static int size_class(size_t size) {
        for (int c = 0; c < kClasses; c++)
            if (size <= block_size(c)) return c;
        return -1;
    }

    // A new block from the untouched end of the mapping (made on first use;
    // tried again later if the system refused it).
    void *carve(size_t size) {
        if (!base_.load(std::memory_order_relaxed) && !map()) return nullptr;
        if (kMappingBytes - used_ < size) return nullptr;
        char *block = base_.load(std::memory_order_relaxed) + used_;
        used_ += size;
        mlock(block, size);  // best effort: RLIMIT_MEMLOCK may be small
        return block;
    }

    bool map() {
        void *mapping = mmap(nullptr, kMappingBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (mapping == MAP_FAILED) return false;
        // Without the kernel's promise the mapping is no better than the heap.
        if (madvise(mapping, kMappingBytes, MADV_DONTDUMP) != 0) {
            munmap(mapping, kMappingBytes);
            return false;
        }
        base_.store(static_cast<char *>(mapping), std::memory_order_release);
        return true;
    }

    std::mutex mutex_;
    std::atomic<char *> base_{nullptr};  // set once, under the mutex; read without it by contains()
    size_t used_ = 0;
    FreeBlock *free_[kClasses] = {};
};

// Never destroyed (secrets in static objects may be freed after main()),
// and not on the heap (its creation must not be able to fail).
SecureMapping &mapping() {
    alignas(SecureMapping) static unsigned char storage[sizeof(SecureMapping)];
    static SecureMapping *instance = new (storage) SecureMapping;
    return *instance;
}

}  // namespace

void *secure_allocate(size_t size) {
    void *memory = mapping().allocate(size);
    if (!memory) memory = std::malloc(size);
    if (!memory) throw std::bad_alloc();
    return memory;
}

void secure_free(void *memory, size_t size) noexcept {
    if (!memory) return;
    if (mapping().contains(memory)) {
        mapping().release(memory, size);
    } else {
        OPENSSL_cleanse(memory, size);
        std::free(memory);
    }
}

bool in_secure_heap(const void *memory) noexcept { return mapping().contains(memory); }

}  // namespace extapi
