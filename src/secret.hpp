// A string that holds a credential and wipes its bytes when it goes away.
#pragma once

#include <string>
#include <utility>

namespace extapi {

void wipe(std::string &s) noexcept;

class Secret {
public:
    Secret() = default;
    explicit Secret(std::string value) : value_(std::move(value)) {}
    Secret(const Secret &other) : value_(other.value_) {}
    Secret(Secret &&other) noexcept : value_(std::move(other.value_)) { wipe(other.value_); }
    Secret &operator=(const Secret &other) {
        if (this != &other) { wipe(value_); value_ = other.value_; }
        return *this;
    }
    Secret &operator=(Secret &&other) noexcept {
        if (this != &other) { wipe(value_); value_ = std::move(other.value_); wipe(other.value_); }
        return *this;
    }
    ~Secret() { wipe(value_); }

    const std::string &reveal() const { return value_; }
    bool empty() const { return value_.empty(); }
    void clear() noexcept { wipe(value_); }
    bool operator==(const Secret &other) const { return value_ == other.value_; }
    bool operator!=(const Secret &other) const { return value_ != other.value_; }

private:
    std::string value_;
};

}  // namespace extapi
