// Memory for credentials, kept out of core dumps: one anonymous mapping
// marked MADV_DONTDUMP (and locked in RAM where RLIMIT_MEMLOCK allows, so
// it is not swapped out), carved into blocks of a few size classes.
//
// Not OpenSSL's secure heap (CRYPTO_secure_malloc_init): OpenSSL 3.0 aborts
// the process when a malloc fails while it sets that heap up
// (crypto/mem_sec.c asserts), and the allocation-failure sweep found it.
// This one allocates nothing from the ordinary heap.
#pragma once

#include <cstddef>

namespace extapi {

// A block of at least `size` bytes: from the secure mapping, or, when the
// request is large or the mapping is full or cannot be made, from the
// ordinary heap.  Throws std::bad_alloc when neither has room.
void *secure_allocate(size_t size);

// Wipes and releases a block from secure_allocate(`size`, the same size).
void secure_free(void *memory, size_t size) noexcept;

// Whether `memory` lies in the secure mapping.
bool in_secure_heap(const void *memory) noexcept;

}  // namespace extapi
