// The secure heap: blocks in a mapping the kernel leaves out of core dumps
// (MADV_DONTDUMP), wiped when released, and the ordinary heap for what
// does not fit.
#include <cstdarg>
#include <cstddef>
#include <csetjmp>
#include <cstdint>
extern "C" {
#include <cmocka.h>
}

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "secure_heap.hpp"

using namespace extapi;

// The VmFlags of the mapping that holds `address`, from /proc/self/smaps.
static std::string mapping_flags(const void *address) {
    const auto target = reinterpret_cast<uintptr_t>(address);
    FILE *smaps = std::fopen("/proc/self/smaps", "r");
    assert_non_null(smaps);
    char line[512];
    bool inside = false;
    std::string flags;
    while (std::fgets(line, sizeof line, smaps)) {
        unsigned long start = 0, end = 0;
        char mode[8];
        if (std::sscanf(line, "%lx-%lx %7s", &start, &end, mode) == 3)
            inside = start <= target && target < end;
        else if (inside && std::strncmp(line, "VmFlags:", 8) == 0)
            flags = line + 8;
    }
    std::fclose(smaps);
    return flags;
}

static bool excluded_from_core_dumps(const void *address) {
    return mapping_flags(address).find(" dd") != std::string::npos;
}

static void test_secure_allocate_memory_is_excluded_from_core_dumps(void **) {
    void *block = secure_allocate(100);
    assert_true(in_secure_heap(block));
    assert_true(excluded_from_core_dumps(block));
    const std::string ordinary(64, 'x');
    assert_false(excluded_from_core_dumps(ordinary.data()));  // the check can fail
    secure_free(block, 100);
}

static void test_secure_free_wipes_and_reuses_the_block(void **) {
    auto *block = static_cast<unsigned char *>(secure_allocate(40));
    std::memset(block, 'k', 40);
    secure_free(block, 40);
    assert_true(std::all_of(block, block + 40, [](unsigned char c) { return c != 'k'; }));
    void *again = secure_allocate(60);  // the same size class (64 bytes)
    assert_ptr_equal(again, block);
    secure_free(again, 60);
}

static void test_secure_allocate_large_blocks_come_from_the_ordinary_heap(void **) {
    const size_t size = 64 * 1024;
    void *block = secure_allocate(size);
    assert_non_null(block);
    assert_false(in_secure_heap(block));
    std::memset(block, 1, size);
    secure_free(block, size);
}

static void test_secure_allocate_falls_back_when_the_mapping_is_full(void **) {
    // 1 MiB of 8 KiB blocks, and then some.
    std::vector<void *> blocks;
    bool fell_back = false;
    for (int i = 0; i < 200 && !fell_back; i++) {
        blocks.push_back(secure_allocate(8192));
        fell_back = !in_secure_heap(blocks.back());
    }
    assert_true(fell_back);
    for (void *block : blocks) secure_free(block, 8192);
    void *again = secure_allocate(8192);  // released blocks are used again
    assert_true(in_secure_heap(again));
    secure_free(again, 8192);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_secure_allocate_memory_is_excluded_from_core_dumps),
        cmocka_unit_test(test_secure_free_wipes_and_reuses_the_block),
        cmocka_unit_test(test_secure_allocate_large_blocks_come_from_the_ordinary_heap),
        cmocka_unit_test(test_secure_allocate_falls_back_when_the_mapping_is_full),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
