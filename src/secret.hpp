// A string that holds a credential: kept in the secure heap (out of core
// dumps, locked in memory where the system allows; see secure_heap.hpp) and
// wiped when it goes away.  Which secrets a result may not show, and how
// they are hidden, is redaction.hpp.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "secure_heap.hpp"

namespace extapi {

void wipe(std::string &s) noexcept;

// An ordinary string wiped when it goes away: for what may carry a secret
// without being one (a token endpoint's answer, a caller's request body),
// too large or too common for the secure heap.
class WipedString : public std::string {
public:
    using std::string::string;
    WipedString() = default;
    WipedString(const WipedString &) = default;
    WipedString(WipedString &&) = default;
    WipedString &operator=(const WipedString &) = default;
    WipedString &operator=(WipedString &&) = default;
    WipedString &operator=(std::string &&other) {
        wipe(*this);
        std::string::operator=(std::move(other));
        return *this;
    }
    ~WipedString() { wipe(*this); }
};

template <class T>
struct SecureAllocator {
    using value_type = T;
    SecureAllocator() = default;
    template <class U>
    SecureAllocator(const SecureAllocator<U> &) noexcept {}
    T *allocate(size_t n) { return static_cast<T *>(secure_allocate(n * sizeof(T))); }
    void deallocate(T *p, size_t n) noexcept { secure_free(p, n * sizeof(T)); }
    template <class U>
    bool operator==(const SecureAllocator<U> &) const noexcept {
        return true;
    }
    template <class U>
    bool operator!=(const SecureAllocator<U> &) const noexcept {
        return false;
    }
};

class Secret {
public:
    Secret() = default;
    explicit Secret(std::string_view value) { assign(value); }
    explicit Secret(const char *value) : Secret(std::string_view(value)) {}
    // Takes a credential built in the ordinary heap and wipes that copy,
    // also when there is no memory to take it.
    explicit Secret(std::string &&value) {
        struct WipeOnExit {
            std::string &text;
            ~WipeOnExit() { wipe(text); }
        } guard{value};
        assign(value);
    }
    Secret(const Secret &other) { assign(other.reveal()); }
    Secret(Secret &&other) noexcept = default;
    Secret &operator=(const Secret &other) {
        if (this != &other) assign(other.reveal());
        return *this;
    }
    Secret &operator=(Secret &&other) noexcept = default;
    ~Secret() { clear(); }

    std::string_view reveal() const { return value_; }
    const char *c_str() const { return value_.c_str(); }
    size_t size() const { return value_.size(); }
    bool empty() const { return value_.empty(); }
    void clear() noexcept;
    // The parts one after the other, assembled in the secure heap (a header
    // line such as "Authorization: Bearer <token>").
    static Secret joined(std::initializer_list<std::string_view> parts);

    bool operator==(const Secret &other) const { return value_ == other.value_; }
    bool operator!=(const Secret &other) const { return value_ != other.value_; }

private:
    using Storage = std::basic_string<char, std::char_traits<char>, SecureAllocator<char>>;
    // A short string would sit inside the object (the small-string buffer),
    // outside the secure heap: reserving past it keeps every byte there.
    static constexpr size_t kMinimumCapacity = sizeof(Storage);
    void assign(std::string_view value);

    Storage value_;
};

}  // namespace extapi
