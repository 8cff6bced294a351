// Where credentials live: every byte of a Secret in the secure heap, and
// no copy left behind in dumpable memory by the library's own handling.
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

#include <fcntl.h>
#include <openssl/crypto.h>
#include <unistd.h>

#include "extapi.h"
#include "secret.hpp"

using namespace extapi;

static void test_secret_short_value_lives_in_the_secure_heap(void **) {
    const Secret secret("pw");  // short enough for std::string's inline buffer
    assert_true(in_secure_heap(secret.c_str()));
    const char *object = reinterpret_cast<const char *>(&secret);
    assert_false(secret.c_str() >= object && secret.c_str() < object + sizeof secret);
    assert_string_equal(secret.c_str(), "pw");
}

static void test_secret_copies_and_moves_stay_in_the_secure_heap(void **) {
    const Secret original("tok");
    Secret copy(original);
    Secret assigned;
    assigned = original;
    Secret moved(std::move(copy));
    for (const Secret *s : {&original, const_cast<const Secret *>(&assigned), const_cast<const Secret *>(&moved)}) {
        assert_true(in_secure_heap(s->c_str()));
        assert_string_equal(s->c_str(), "tok");
    }
    assert_true(copy.empty());
}

static void test_secret_from_a_temporary_wipes_the_temporary(void **) {
    std::string built = "Authorization: Bearer abc";
    const size_t size = built.size();
    const char *bytes = built.data();
    const Secret secret(std::move(built));
    assert_true(built.empty());
    assert_true(std::all_of(bytes, bytes + size, [](char c) { return c == '\0'; }));
    assert_string_equal(secret.c_str(), "Authorization: Bearer abc");
}

static void test_secret_joined_assembles_in_the_secure_heap(void **) {
    const Secret token("abc");
    const Secret line = Secret::joined({"Authorization: Bearer ", token.reveal()});
    assert_string_equal(line.c_str(), "Authorization: Bearer abc");
    assert_true(in_secure_heap(line.c_str()));
}

static void test_secret_clear_releases_the_value(void **) {
    Secret secret("value");
    secret.clear();
    assert_true(secret.empty());
    assert_int_equal(secret.size(), 0);
}

// Where the scan below copies memory to: outside the heap, so that reading
// the heap never copies what it is looking for into the heap.
static char scan_buffer[1 << 20];

// How many times `needle` occurs in the readable, dumpable memory of this
// process, other than at `own` (the caller's copy).
static int occurrences_in_dumpable_memory(const std::string &needle, const void *own) {
    FILE *maps = std::fopen("/proc/self/smaps", "r");
    const int memory = open("/proc/self/mem", O_RDONLY);
    assert_non_null(maps);
    assert_true(memory >= 0);
    char line[512], permissions[8] = "";
    unsigned long start = 0, end = 0;
    int found = 0;
    while (std::fgets(line, sizeof line, maps)) {
        unsigned long from = 0, to = 0;
        char mode[8] = "";
        // Only a mapping's first line has the form (a field such as
        // "Anonymous:" would half-match it: 'A' is a hex digit).
        if (std::sscanf(line, "%lx-%lx %7s", &from, &to, mode) == 3) {
            start = from, end = to;
            std::memcpy(permissions, mode, sizeof mode);
            continue;
        }
        if (std::strncmp(line, "VmFlags:", 8) != 0 || permissions[0] != 'r' || std::strstr(line, " dd")) continue;
        // Chunks that overlap by the needle's length, so that none is missed.
        for (unsigned long at = start; at < end; at += sizeof scan_buffer - needle.size()) {
            const ssize_t got =
                pread(memory, scan_buffer, std::min<unsigned long>(sizeof scan_buffer, end - at), off_t(at));
            if (got <= 0) break;
            for (const char *hit = scan_buffer;
                 (hit = static_cast<const char *>(
                      memmem(hit, size_t(got) - size_t(hit - scan_buffer), needle.data(), needle.size())));
                 hit++)
                if (at + static_cast<unsigned long>(hit - scan_buffer) != reinterpret_cast<uintptr_t>(own)) {
                    print_message("a copy at %#lx, in %#lx-%#lx\n", at + static_cast<unsigned long>(hit - scan_buffer),
                                  start, end);
                    found++;
                }
            OPENSSL_cleanse(scan_buffer, sizeof scan_buffer);
        }
    }
    close(memory);
    std::fclose(maps);
    return found;
}

// The whole way from a configuration to a session: the client secret given
// in the configuration text is found nowhere in the process's dumpable
// memory once the caller has wiped its own copy of the text.
static void test_ext_session_new_keeps_the_secret_out_of_dumpable_memory(void **) {
    // Assembled at run time, so that the program's own data does not hold
    // it, and in place, so that no temporary leaves a copy behind.
    std::string secret = "cs-";
    for (int i = 0; i < 3; i++) secret.append("canary").append(std::to_string(7 * i + 11));
    std::string config = R"({"profile":"xmc","base_url":"https://127.0.0.1:1","client_id":"c","client_secret":")";
    config.reserve(config.size() + secret.size() + 2);
    config.append(secret).append("\"}");
    ext_session *session = ext_session_new(config.c_str());
    assert_non_null(session);
    wipe(config);
    assert_int_equal(occurrences_in_dumpable_memory(secret, secret.data()), 0);
    std::string planted = "x" + secret;  // the scan can find a copy
    assert_int_equal(occurrences_in_dumpable_memory(secret, secret.data()), 1);
    wipe(planted);
    ext_session_free(session);
    wipe(secret);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_secret_short_value_lives_in_the_secure_heap),
        cmocka_unit_test(test_secret_copies_and_moves_stay_in_the_secure_heap),
        cmocka_unit_test(test_secret_from_a_temporary_wipes_the_temporary),
        cmocka_unit_test(test_secret_joined_assembles_in_the_secure_heap),
        cmocka_unit_test(test_secret_clear_releases_the_value),
        cmocka_unit_test(test_ext_session_new_keeps_the_secret_out_of_dumpable_memory),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
