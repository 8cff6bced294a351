// Issuing tokens and writing token-endpoint answers (RFC 6749 section 5),
// shared by the XMC, XIQ and OAuth2 endpoints.
#pragma once

#include "json_util.hpp"
#include "state.hpp"

#include <httplib.h>

#include <string>

namespace emu {

// A fresh random token of that kind for the token's grant: stored, and
// returned as the client is to be given it.
std::string issue_token(State &st, const Config &cfg, Token token, TokenKind kind);

// An access token's value as issued: base plus config access_token_suffix.
// The suffixed value is what gets stored, so a client that sends it back is
// accepted; the suffix exists to put bad characters (CR, LF, spaces) into a
// real token answer.
std::string access_token_value(const Config &cfg, const std::string &base);

// {"access_token","token_type":"Bearer","expires_in" per expires_in_format,
//  "refresh_token" if any, "scope" if not empty}
Json token_response(const Config &cfg, const std::string &access, const std::string *refresh, const std::string &scope);

// {"error","error_description"} with that status.
void send_oauth_error(httplib::Response &res, int status, const char *error, const char *description);
// 401 invalid_client with WWW-Authenticate: Basic.
void send_invalid_client(httplib::Response &res);

}  // namespace emu
