// The Authorization header lines a credential travels in, assembled in the
// secure heap: Bearer for tokens and the bearer profile, Basic for the
// basic profile and for OAuth clients at token endpoints.
#pragma once

#include <string_view>

#include "secret.hpp"

namespace extapi {

// "Authorization: Bearer <token>" (RFC 6750 §2.1).
Secret bearer_authorization(const Secret &token);

// "Authorization: Basic base64(id:secret)".  OAuth clients form-encode id
// and secret first (RFC 6749 §2.3.1); plain HTTP Basic (RFC 7617) does not.
Secret basic_authorization(std::string_view user, std::string_view password, bool form_encode_first);

}  // namespace extapi
