// The process's handle pools: one per set of transport settings in use,
// shared by everyone asking with equal settings, gone with its last holder,
// and handles configured from the pool's own settings.
#include <cstdarg>
#include <cstddef>
#include <csetjmp>
#include <cstdint>
extern "C" {
#include <cmocka.h>
}

#include <atomic>
#include <thread>
#include <vector>

#include "pool_registry.hpp"

using namespace extapi;

namespace {

std::atomic<int> configured{0};
std::atomic<bool> configured_verified{false};

void configure(CURL *, const TransportSettings &settings) {
    ++configured;
    configured_verified = settings.verify_tls;
}

TransportSettings with_ca(const char *ca_file) {
    TransportSettings settings;
    settings.ca_file = ca_file;
    return settings;
}

}  // namespace

static void test_equal_settings_get_one_pool(void **) {
    auto first = shared_handle_pool(with_ca("/ca.pem"), configure);
    auto second = shared_handle_pool(with_ca("/ca.pem"), configure);
    assert_ptr_equal(first.get(), second.get());
    assert_true(first->settings() == with_ca("/ca.pem"));
}

static void test_each_setting_makes_another_pool(void **) {
    const TransportSettings base = with_ca("/ca.pem");
    std::vector<TransportSettings> others(6, base);
    others[0].verify_tls = false;
    others[1].ca_file.reset();
    others[2].client_cert = "/cert.pem";
    others[3].client_key = "/key.pem";
    others[4].proxy = "http://proxy:3128";
    others[5].plain_http_without_consent = true;
    auto pool = shared_handle_pool(base, configure);
    for (const TransportSettings &other : others) {
        assert_true(other != base);
        auto another = shared_handle_pool(other, configure);
        assert_ptr_not_equal(another.get(), pool.get());
        assert_true(another->settings() == other);
    }
}

static void test_pool_goes_with_its_last_holder(void **) {
    std::weak_ptr<HandlePool> seen;
    {
        auto first = shared_handle_pool(with_ca("/gone.pem"), configure);
        auto second = shared_handle_pool(with_ca("/gone.pem"), configure);
        seen = first;
        first.reset();
        assert_false(seen.expired());
    }
    assert_true(seen.expired());
    auto again = shared_handle_pool(with_ca("/gone.pem"), configure);
    assert_non_null(again.get());
}

static void test_handles_are_configured_from_the_pool_settings(void **) {
    TransportSettings unverified;
    unverified.verify_tls = false;
    auto pool = shared_handle_pool(unverified, configure);
    configured = 0;
    configured_verified = true;
    Handle *handle = pool->take();
    assert_int_equal(configured.load(), 1);
    assert_false(configured_verified.load());
    pool->give_back(handle);
    assert_ptr_equal(pool->take(), handle);  // kept for the next caller, not configured again
    assert_int_equal(configured.load(), 1);
    pool->give_back(handle);
}

// Threads asking for and dropping pools of two settings at once: the one
// held throughout is the one every thread gets for its settings.
static void test_threads_share_the_held_pool(void **) {
    auto held = shared_handle_pool(with_ca("/held.pem"), configure);
    std::atomic<int> other_pools{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 200; ++i) {
                if (shared_handle_pool(with_ca("/held.pem"), configure) != held) ++other_pools;
                shared_handle_pool(with_ca("/churn.pem"), configure);
            }
        });
    }
    for (auto &thread : threads) thread.join();
    assert_int_equal(other_pools.load(), 0);
}

int main(void) {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_equal_settings_get_one_pool),
        cmocka_unit_test(test_each_setting_makes_another_pool),
        cmocka_unit_test(test_pool_goes_with_its_last_holder),
        cmocka_unit_test(test_handles_are_configured_from_the_pool_settings),
        cmocka_unit_test(test_threads_share_the_held_pool),
    };
    const int failed = cmocka_run_group_tests(tests, nullptr, nullptr);
    curl_global_cleanup();
    return failed;
}
