// Base64 with OpenSSL's EVP_EncodeBlock / EVP_DecodeBlock.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace extapi {

// Standard base64 with padding; the scratch buffer is wiped (the input may
// be a credential, as in an HTTP Basic header).
std::string base64_encode(std::string_view raw);

// base64url without padding (a JWT part) -> bytes; nothing when invalid.
std::optional<std::string> base64url_decode(std::string in);

}  // namespace extapi
