// The grants of POST /oauth2/token (RFC 6749 section 4): client_credentials,
// password, refresh_token and Cisco MSX's switch-tenant and switch-user.
#pragma once

#include "codec.hpp"
#include "state.hpp"

#include <httplib.h>

#include <string>

namespace emu {

// Answers the grant named by the form's grant_type for an authenticated
// client: a token answer, or the RFC 6749 section 5.2 error.
void answer_grant(State &st, const Config &cfg, const std::string &client_id, const Form &form, httplib::Response &res);

}  // namespace emu
