// Credentials at the resource endpoints (bearer token, HTTP Basic user, API
// key).  Token-endpoint client authentication is in client_auth.hpp.
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
// HTTP Basic as sent (RFC 7617): base64-decoded, split at the first ':'.
std::optional<BasicCredentials> basic_credentials(const httplib::Request &req);

// 401 with WWW-Authenticate: Bearer error="invalid_token"; counts
// "unauthorized".
void send_unauthorized(State &st, const httplib::Request &req, httplib::Response &res);

// Resource endpoints: on failure answers 401, counts "unauthorized" and
// returns Credential::None.
Credential require_credential(State &st, const httplib::Request &req, httplib::Response &res);

}  // namespace emu
