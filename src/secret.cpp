#include "secret.hpp"

#include <openssl/crypto.h>

namespace extapi {

void wipe(std::string &s) noexcept {
    if (!s.empty()) OPENSSL_cleanse(&s[0], s.size());
    s.clear();
}

}  // namespace extapi
