// The client side of token endpoints: form bodies and token responses
// (RFC 6749 §5.1, §5.2), shared by the profiles that speak OAuth 2.0 or
// something close to it.  Client authentication is client_auth.hpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config.hpp"
#include "http_transport.hpp"
#include "token.hpp"

namespace extapi {

// Name/value pairs of an application/x-www-form-urlencoded body; values
// point at the caller's strings (often secrets) rather than copying them.
using FormFields = std::vector<std::pair<const char *, std::string_view>>;

// Encodes the fields with curl_easy_escape.
std::string form_encode(const FormFields &fields);

// `fields` followed by the configured token_params.
FormFields with_token_params(FormFields fields, const Config &config);

// Turns a token endpoint's answer into a Token, or throws the Failure it
// stands for: auth_failed (with error.oauth when the server sent an RFC
// 6749 error, also in a 200), rate_limited, http or invalid_response (no
// access_token, one unfit for a header, an unsupported token_type).
Token token_from_response(const HttpResponse &response, const Config &config,
                          const std::optional<std::string> &requested_scope);

// The RFC 6749 §5.2 `error` of an answer, or "".
std::string oauth_error_code(const HttpResponse &response);

// The Failure for a non-2xx answer of a token, login or revocation
// endpoint; the parsed error body (XIQ's error_code, error_id) is its data.
[[noreturn]] void throw_endpoint_failure(const HttpResponse &response, const char *what);

}  // namespace extapi
