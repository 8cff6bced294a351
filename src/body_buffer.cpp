#include "body_buffer.hpp"

#include <new>

namespace extapi {

BodyBuffer::BodyBuffer(SpareBody &spare) noexcept : spare_(spare), holder_(spare.spare_.exchange(nullptr)) {
    if (holder_) text_.swap(*holder_);
}

// Out of memory for the holder, the block is simply freed.
BodyBuffer::~BodyBuffer() {
    wipe(text_);  // keeps the capacity
    if (text_.capacity() <= kKeptBodyCapacity) {
        if (!holder_) holder_ = new (std::nothrow) WipedString;
        if (holder_) holder_->swap(text_);
    }
    WipedString *none = nullptr;
    if (holder_ && !spare_.spare_.compare_exchange_strong(none, holder_)) delete holder_;
}

}  // namespace extapi
