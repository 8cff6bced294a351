// A thread's request-body buffer: reused between calls, wiped, and not
// kept when it grew large.
#include <cstdarg>
#include <cstddef>
#include <csetjmp>
#include <cstdint>
extern "C" {
#include <cmocka.h>
}

#include <string>

#include "thread_body_buffer.hpp"

using namespace extapi;

static void test_thread_body_buffer_reuses_the_block_empty(void **) {
    const char *block = nullptr;
    {
        ThreadBodyBuffer first;
        first.text().assign(1000, 'q');
        block = first.text().data();
    }
    ThreadBodyBuffer second;
    assert_true(second.text().empty());
    assert_true(second.text().capacity() >= 1000);
    assert_ptr_equal(second.text().data(), block);
    assert_int_equal(second.text().data()[0], 0);  // wiped, not just emptied
}

static void test_thread_body_buffer_frees_one_grown_large(void **) {
    {
        ThreadBodyBuffer large;
        large.text().assign(ThreadBodyBuffer::kKeptBodyCapacity + 1, 'q');
    }
    ThreadBodyBuffer next;
    assert_true(next.text().capacity() <= ThreadBodyBuffer::kKeptBodyCapacity);
}

static void test_thread_body_buffer_second_at_once_starts_empty(void **) {
    {
        ThreadBodyBuffer warm;
        warm.text().assign(1000, 'q');
    }
    ThreadBodyBuffer outer;
    outer.text().assign("outer");
    ThreadBodyBuffer inner;
    assert_true(inner.text().empty());
    assert_true(inner.text().data() != outer.text().data());
    assert_string_equal(outer.text().c_str(), "outer");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_thread_body_buffer_reuses_the_block_empty),
        cmocka_unit_test(test_thread_body_buffer_frees_one_grown_large),
        cmocka_unit_test(test_thread_body_buffer_second_at_once_starts_empty),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
