#include "thread_body_buffer.hpp"

namespace extapi {

namespace {

WipedString &spare() noexcept {
    thread_local WipedString buffer;
    return buffer;
}

}  // namespace

// Swapped, not moved: the spare is left empty, and a second buffer taken
// on the same thread meanwhile would start from an empty one.
ThreadBodyBuffer::ThreadBodyBuffer() noexcept { text_.swap(spare()); }

ThreadBodyBuffer::~ThreadBodyBuffer() {
    wipe(text_);  // keeps the capacity
    if (text_.capacity() <= kKeptBodyCapacity) text_.swap(spare());
}

}  // namespace extapi
