#include "secret.hpp"

#include <openssl/crypto.h>

#include <algorithm>

namespace extapi {

void wipe(std::string &s) noexcept {
    if (!s.empty()) OPENSSL_cleanse(&s[0], s.size());
    s.clear();
}

void Secret::assign(std::string_view value) {
    Storage fresh;
    fresh.reserve(std::max(value.size(), kMinimumCapacity));
    fresh.assign(value.data(), value.size());
    value_.swap(fresh);  // the previous value is wiped as `fresh` frees it
}

Secret Secret::joined(std::initializer_list<std::string_view> parts) {
    size_t size = 0;
    for (std::string_view part : parts) size += part.size();
    Secret secret;
    secret.value_.reserve(std::max(size, kMinimumCapacity));
    for (std::string_view part : parts) secret.value_.append(part.data(), part.size());
    return secret;
}

void Secret::clear() noexcept {
    Storage empty;
    value_.swap(empty);
}

}  // namespace extapi
