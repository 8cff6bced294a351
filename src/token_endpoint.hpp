// The client side of token endpoints: form bodies, client authentication
// (RFC 6749 §2.3.1) and token responses (§5.1, §5.2), shared by the
// profiles that speak OAuth 2.0 or something close to it.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "config.hpp"
#include "http_transport.hpp"
#include "token.hpp"

namespace extapi {

// Name/value pairs of an application/x-www-form-urlencoded body; values
// point at the caller's strings (often secrets) rather than copying them.
using FormFields = std::vector<std::pair<const char *, const std::string *>>;

// Encodes the fields with curl_easy_escape.
std::string form_encode(const FormFields &fields);

// "Authorization: Basic base64(id:secret)".  OAuth clients form-encode id
// and secret first (RFC 6749 §2.3.1); plain HTTP Basic (RFC 7617) does not.
Secret basic_authorization(const std::string &user, const std::string &password, bool form_encode_first);

// A POST to a token endpoint carrying `fields`, authenticated as the OAuth
// client in the way `mode` says.
HttpRequest token_request(const Config &config, const std::string &url, FormFields fields, ClientAuth mode);

// Turns a token endpoint's answer into a Token, or throws the Failure it
// stands for: auth_failed (with error.oauth when the server sent an RFC
// 6749 error), rate_limited, http or invalid_response.
Token token_from_response(const HttpResponse &response, const Config &config,
                          const std::optional<std::string> &requested_scope);

// The Failure for a non-2xx answer of a token, login or revocation endpoint.
[[noreturn]] void throw_endpoint_failure(const HttpResponse &response, const char *what);

}  // namespace extapi
