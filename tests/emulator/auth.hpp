// Credentials: resource-endpoint authentication and OAuth client
// authentication.
#pragma once

#include "codec.hpp"
#include "state.hpp"

#include <httplib.h>

#include <optional>
#include <string>

namespace emu {

enum class Credential { None, Bearer, Basic, ApiKey };

const char *credential_name(Credential c);

// The bearer token of an "Authorization: Bearer ..." header.
std::optional<std::string> bearer_token(const httplib::Request &req);

struct BasicCredentials {
  std::string user;
  std::string password;
};
// HTTP Basic.  form_decoded: both halves were form-urlencoded before base64
// (RFC 6749 section 2.3.1, used for OAuth clients).
std::optional<BasicCredentials> basic_credentials(const httplib::Request &req,
                                                  bool form_decoded);

// 401 with WWW-Authenticate: Bearer error="invalid_token"; counts
// "unauthorized".
void send_unauthorized(State &st, const httplib::Request &req,
                       httplib::Response &res);

// Resource endpoints: on failure answers 401, counts "unauthorized" and
// returns Credential::None.
Credential require_credential(State &st, const httplib::Request &req,
                              httplib::Response &res);

// OAuth2 client authentication honouring config client_auth.  Sets client_id
// and returns true on success.
bool authenticate_oauth_client(const Config &cfg, const httplib::Request &req,
                               const Form &form, std::string &client_id);

}  // namespace emu
