// A buffer for building request bodies that a thread keeps between its
// calls, so that a thread making call after call allocates its bodies'
// heap block once rather than once per call.
#pragma once

#include <string>

#include "secret.hpp"

namespace extapi {

// Takes the calling thread's buffer, empty, for as long as it lives, then
// wipes it (it holds the caller's query and variables) and gives it back.
// A buffer grown past kKeptBodyCapacity is freed instead, so that one large
// request does not stay pinned to the thread.
class ThreadBodyBuffer {
public:
    static constexpr size_t kKeptBodyCapacity = 16 * 1024;

    ThreadBodyBuffer() noexcept;
    ~ThreadBodyBuffer();
    ThreadBodyBuffer(const ThreadBodyBuffer &) = delete;
    ThreadBodyBuffer &operator=(const ThreadBodyBuffer &) = delete;

    std::string &text() { return text_; }

private:
    WipedString text_;
};

}  // namespace extapi
