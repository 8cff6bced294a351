#include "base64.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
#include <vector>

namespace extapi {

std::string base64_encode(std::string_view raw) {
    std::vector<unsigned char> out(4 * ((raw.size() + 2) / 3) + 1);
    const int n = EVP_EncodeBlock(out.data(), reinterpret_cast<const unsigned char *>(raw.data()), int(raw.size()));
    std::string encoded(reinterpret_cast<char *>(out.data()), size_t(n));
    OPENSSL_cleanse(out.data(), out.size());
    return encoded;
}

std::optional<std::string> base64url_decode(std::string in) {
    for (char &c : in) {
        if (c == '-')
            c = '+';
        else if (c == '_')
            c = '/';
    }
    while (in.size() % 4) in.push_back('=');
    std::vector<unsigned char> out(in.size() / 4 * 3 + 1);
    const int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char *>(in.data()), int(in.size()));
    if (n < 0) return std::nullopt;
    const size_t padding = size_t(std::count(in.end() - std::min<size_t>(2, in.size()), in.end(), '='));
    return std::string(reinterpret_cast<char *>(out.data()), size_t(n) - padding);
}

}  // namespace extapi
