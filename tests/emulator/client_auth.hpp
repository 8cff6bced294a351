// Client authentication at the token endpoints (XMC, /oauth2/token,
// /oauth2/revoke): HTTP Basic compared per config basic_decoding, or
// client_id/client_secret in the form body.
#pragma once

#include "codec.hpp"
#include "config.hpp"

#include <httplib.h>

#include <string>

namespace emu {

// XMC: HTTP Basic only, against xmc_client_id/xmc_client_secret.
bool authenticate_xmc_client(const Config &cfg, const httplib::Request &req);

// OAuth2 client authentication honouring config client_auth.  Sets client_id
// and returns true on success.
bool authenticate_oauth_client(const Config &cfg, const httplib::Request &req, const Form &form,
                               std::string &client_id);

}  // namespace emu
