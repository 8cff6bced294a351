/* failmalloc: an LD_PRELOAD allocator that fails chosen allocations, for
 * the allocation-failure sweep (issue 9, item 2; see README.md here).
 *
 * It wraps malloc, calloc, realloc, free, posix_memalign, aligned_alloc,
 * memalign, valloc and pvalloc (operator new reaches malloc in libstdc++,
 * and glibc, libcurl, OpenSSL and cJSON allocate through malloc).  Nothing
 * fails and nothing is counted until the program calls
 *
 *   void failmalloc_arm(long n, int mode, long window);
 *
 * (looked up with dlsym(RTLD_DEFAULT, ...), so that a driver runs unchanged,
 * and unarmed, without the preload).  From then on allocations are counted
 * 1, 2, ...; with mode FAILMALLOC_ONE only allocation n fails, with mode
 * FAILMALLOC_FROM allocations n .. n+window-1 fail (memory then comes back).
 * n == 0 counts without failing (a clean run's count).
 *   failmalloc_disarm()    stops failing (counting goes on)
 *   failmalloc_count()     allocations counted since arming
 *   failmalloc_failures()  allocations failed since arming
 * free(NULL), realloc(p, 0) and zero-size requests are counted as the
 * underlying allocator sees them (a zero-size malloc is counted and may
 * fail; realloc(p, 0) frees and is not counted). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define FAILMALLOC_ONE  0
#define FAILMALLOC_FROM 1

typedef void *(*malloc_fn)(size_t);
typedef void *(*calloc_fn)(size_t, size_t);
typedef void *(*realloc_fn)(void *, size_t);
typedef void (*free_fn)(void *);
typedef int (*posix_memalign_fn)(void **, size_t, size_t);
typedef void *(*aligned_alloc_fn)(size_t, size_t);
typedef void *(*valloc_fn)(size_t);

static malloc_fn real_malloc;
static calloc_fn real_calloc;
static realloc_fn real_realloc;
static free_fn real_free;
static posix_memalign_fn real_posix_memalign;
static aligned_alloc_fn real_aligned_alloc;
static aligned_alloc_fn real_memalign;
static valloc_fn real_valloc;
static valloc_fn real_pvalloc;

/* dlsym may allocate (dlerror state) before the real calloc is known: such
 * requests are served from this arena and never freed. */
static char bootstrap[16384] __attribute__((aligned(16)));
static size_t bootstrap_used;
static int resolving;

static long armed;      /* 0: not counting */
static long fail_from;  /* first allocation to fail (1-based), 0: none */
static long fail_until; /* last allocation to fail */
static long counted;
static long failed;

static void *bootstrap_alloc(size_t size) {
    size_t at = (__atomic_fetch_add(&bootstrap_used, (size + 15) & ~(size_t)15, __ATOMIC_RELAXED));
    if (at + size > sizeof bootstrap) return NULL;
    return bootstrap + at;
}

static int from_bootstrap(const void *p) {
    return (const char *)p >= bootstrap && (const char *)p < bootstrap + sizeof bootstrap;
}

static void resolve(void) {
    if (real_free || resolving) return;
    resolving = 1;
    real_malloc = (malloc_fn)dlsym(RTLD_NEXT, "malloc");
    real_calloc = (calloc_fn)dlsym(RTLD_NEXT, "calloc");
    real_realloc = (realloc_fn)dlsym(RTLD_NEXT, "realloc");
    real_posix_memalign = (posix_memalign_fn)dlsym(RTLD_NEXT, "posix_memalign");
    real_aligned_alloc = (aligned_alloc_fn)dlsym(RTLD_NEXT, "aligned_alloc");
    real_memalign = (aligned_alloc_fn)dlsym(RTLD_NEXT, "memalign");
    real_valloc = (valloc_fn)dlsym(RTLD_NEXT, "valloc");
    real_pvalloc = (valloc_fn)dlsym(RTLD_NEXT, "pvalloc");
    real_free = (free_fn)dlsym(RTLD_NEXT, "free");
    resolving = 0;
}

/* Counts one allocation; nonzero when it must fail. */
static int should_fail(void) {
    long n;
    if (!__atomic_load_n(&armed, __ATOMIC_ACQUIRE)) return 0;
    n = __atomic_add_fetch(&counted, 1, __ATOMIC_RELAXED);
    if (fail_from && n >= __atomic_load_n(&fail_from, __ATOMIC_RELAXED) &&
        n <= __atomic_load_n(&fail_until, __ATOMIC_RELAXED)) {
        __atomic_add_fetch(&failed, 1, __ATOMIC_RELAXED);
        errno = ENOMEM;
        return 1;
    }
    return 0;
}

__attribute__((visibility("default"))) void failmalloc_arm(long n, int mode, long window) {
    resolve();
    __atomic_store_n(&counted, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&failed, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&fail_from, n > 0 ? n : 0, __ATOMIC_RELAXED);
    __atomic_store_n(&fail_until,
                     n <= 0                    ? 0
                     : mode == FAILMALLOC_FROM ? n + (window > 0 ? window : 1) - 1
                                               : n,
                     __ATOMIC_RELAXED);
    __atomic_store_n(&armed, 1, __ATOMIC_RELEASE);
}

__attribute__((visibility("default"))) void failmalloc_disarm(void) {
    __atomic_store_n(&fail_from, 0, __ATOMIC_RELAXED);
}

__attribute__((visibility("default"))) long failmalloc_count(void) {
    return __atomic_load_n(&counted, __ATOMIC_RELAXED);
}

__attribute__((visibility("default"))) long failmalloc_failures(void) {
    return __atomic_load_n(&failed, __ATOMIC_RELAXED);
}

void *malloc(size_t size) {
    resolve();
    if (!real_malloc) return bootstrap_alloc(size);
    if (should_fail()) return NULL;
    return real_malloc(size);
}

void *calloc(size_t count, size_t size) {
    resolve();
    if (!real_calloc) {
        void *p;
        if (size && count > SIZE_MAX / size) return NULL;
        p = bootstrap_alloc(count * size);
        if (p) memset(p, 0, count * size);
        return p;
    }
    if (should_fail()) return NULL;
    return real_calloc(count, size);
}

void *realloc(void *p, size_t size) {
    resolve();
    if (from_bootstrap(p)) {
        void *q = malloc(size);
        if (q)
            memcpy(q, p,
                   size < (size_t)(bootstrap + sizeof bootstrap - (char *)p)
                       ? size
                       : (size_t)(bootstrap + sizeof bootstrap - (char *)p));
        return q;
    }
    if (!real_realloc) return NULL;
    if (p && size == 0) return real_realloc(p, 0);
    if (should_fail()) return NULL;
    return real_realloc(p, size);
}

void free(void *p) {
    if (!p || from_bootstrap(p)) return;
    resolve();
    if (real_free) real_free(p);
}

int posix_memalign(void **out, size_t alignment, size_t size) {
    resolve();
    if (!real_posix_memalign) return ENOMEM;
    if (should_fail()) return ENOMEM;
    return real_posix_memalign(out, alignment, size);
}

void *aligned_alloc(size_t alignment, size_t size) {
    resolve();
    if (!real_aligned_alloc || should_fail()) return NULL;
    return real_aligned_alloc(alignment, size);
}

void *memalign(size_t alignment, size_t size) {
    resolve();
    if (!real_memalign || should_fail()) return NULL;
    return real_memalign(alignment, size);
}

void *valloc(size_t size) {
    resolve();
    if (!real_valloc || should_fail()) return NULL;
    return real_valloc(size);
}

void *pvalloc(size_t size) {
    resolve();
    if (!real_pvalloc || should_fail()) return NULL;
    return real_pvalloc(size);
}
