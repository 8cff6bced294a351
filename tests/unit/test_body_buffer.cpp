// A session's request-body buffer: reused between calls, wiped, not kept
// when it grew large, and a call meanwhile gets one of its own.
#include <cstdarg>
#include <cstddef>
#include <csetjmp>
#include <cstdint>
extern "C" {
#include <cmocka.h>
}

#include <string>

#include "body_buffer.hpp"

using namespace extapi;

static void test_body_buffer_reuses_the_block_wiped(void **) {
    SpareBody spare;
    const char *block = nullptr;
    {
        BodyBuffer first(spare);
        first.text().assign(1000, 'q');
        block = first.text().data();
    }
    BodyBuffer second(spare);
    assert_true(second.text().empty());
    assert_ptr_equal(second.text().data(), block);
    assert_int_equal(second.text().data()[1], 0);  // wiped, not just emptied
}

static void test_body_buffer_frees_one_grown_large(void **) {
    SpareBody spare;
    {
        BodyBuffer large(spare);
        large.text().assign(BodyBuffer::kKeptBodyCapacity + 1, 'q');
    }
    BodyBuffer next(spare);
    assert_true(next.text().capacity() <= BodyBuffer::kKeptBodyCapacity);
}

static void test_body_buffer_second_at_once_gets_its_own(void **) {
    SpareBody spare;
    {
        BodyBuffer warm(spare);
        warm.text().assign(1000, 'q');
    }
    const char *block = nullptr;
    {
        BodyBuffer outer(spare);
        outer.text().assign("outer");
        BodyBuffer inner(spare);
        assert_true(inner.text().empty());
        assert_true(inner.text().data() != outer.text().data());
        inner.text().assign(2000, 'i');
        block = outer.text().data();
    }  // inner gives back first and is kept; outer's is freed
    BodyBuffer after(spare);
    assert_true(after.text().capacity() >= 2000);
    assert_true(after.text().data() != block);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_body_buffer_reuses_the_block_wiped),
        cmocka_unit_test(test_body_buffer_frees_one_grown_large),
        cmocka_unit_test(test_body_buffer_second_at_once_gets_its_own),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
