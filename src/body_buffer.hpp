// Buffers for building request bodies, reused between a session's calls:
// a session making call after call allocates its bodies' heap block once,
// not once per call.  (Not a thread_local: registering its destructor
// allocates, and glibc aborts when that fails.)
#pragma once

#include <atomic>
#include <string>

#include "secret.hpp"

namespace extapi {

// The one spare buffer a session keeps between its calls; lock-free.
class SpareBody {
public:
    SpareBody() = default;
    ~SpareBody() { delete spare_.load(); }
    SpareBody(const SpareBody &) = delete;
    SpareBody &operator=(const SpareBody &) = delete;

private:
    friend class BodyBuffer;
    std::atomic<WipedString *> spare_{nullptr};
};

// The buffer one call builds its body in: the spare's block when no other
// call holds it, else a fresh one.  When the call ends it is wiped (it holds
// the caller's query and variables) and kept as the spare, unless another
// is kept already or it grew past kKeptBodyCapacity (one large request must
// not stay pinned to the session).
class BodyBuffer {
public:
    static constexpr size_t kKeptBodyCapacity = 16 * 1024;

    explicit BodyBuffer(SpareBody &spare) noexcept;
    ~BodyBuffer();
    BodyBuffer(const BodyBuffer &) = delete;
    BodyBuffer &operator=(const BodyBuffer &) = delete;

    std::string &text() { return text_; }

private:
    SpareBody &spare_;
    WipedString *holder_;  // the spare's string, its block moved to text_; or null
    WipedString text_;
};

}  // namespace extapi
