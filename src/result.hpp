// The JSON result documents every C call returns, and the redaction pass
// that keeps secrets out of them.
#pragma once

#include <string>
#include <vector>

#include "error.hpp"
#include "http_transport.hpp"
#include "json.hpp"
#include "token.hpp"

namespace extapi {

// {"ok":true,"status":..,"data":..}
JsonPtr data_document(long status, JsonPtr data);

// {"ok":true,"token":{..}}
JsonPtr token_document(const Token &token, bool expose_access_token);

// The "token" object of token_document() and of the session info.
JsonPtr token_summary(const Token &token, bool expose_access_token);

// {"ok":false,"status":..,"error":{"code","message",[key],[oauth],[errors]},[data]}
JsonPtr error_document(const Failure &failure);

// An HTTP answer from the API as a document body: JSON parsed, other text as
// a string, an empty body as null.  Throws invalid_response otherwise.
JsonPtr response_data(const HttpResponse &response);

// The Failure a non-2xx API answer stands for (http, auth_failed, ...).
Failure api_failure(const HttpResponse &response, JsonPtr data);

// Replaces every occurrence of the given secrets (raw and JSON-escaped) in
// a printed document: the last line of defence for "no secret in results".
// Secrets shorter than 4 bytes are left alone (they would hit plain words).
std::string redact_secrets(std::string document, const std::vector<const Secret *> &secrets);

}  // namespace extapi
