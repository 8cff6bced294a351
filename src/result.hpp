// The JSON result documents every C call returns.  The server's JSON goes
// into them as raw nodes (see raw_json.hpp); redaction.hpp hides secrets.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "call_options.hpp"
#include "error.hpp"
#include "http_transport.hpp"
#include "json.hpp"
#include "raw_json.hpp"
#include "token.hpp"

namespace extapi {

// {"ok":true,"status":..,"data":..,[headers],[rate_limit],[retry_after_s]}
JsonPtr data_document(long status, JsonPtr data, const ResponseMeta &meta);

// The "data" of a success document before it is a node: null, the
// server's JSON text (spliced as sent), or a string value.
struct ResultData {
    enum class Kind { Null, Json, String } kind = Kind::Null;
    std::string_view text;
    // No string token of a JSON text is longer (StrictScan::longest_string),
    // when known: the printer then skips what cannot hold a secret.
    size_t longest_string = SIZE_MAX;

    static ResultData json(std::string_view text, size_t longest_string = SIZE_MAX) {
        return {Kind::Json, text, longest_string};
    }
    static ResultData string(std::string_view text) { return {Kind::String, text}; }
    JsonPtr node() const;  // the node data_document() takes
};

// data_document(status, data.node(), meta) as it leaves the C API: every
// string `hide` accepts (object keys of the server's JSON included, header
// names not) replaced by "[redacted]", printed compactly -- written
// straight into the caller's buffer, with no tree and no copy but that one.
PrintedDocument print_data_document(long status, const ResultData &data, const ResponseMeta &meta, StringFilter hide);

// {"ok":true,"token":{..}}
JsonPtr token_document(const Token &token, bool expose_access_token);

// The "token" object of token_document() and of the session info.
JsonPtr token_summary(const Token &token, bool expose_access_token);

// {"ok":false,"status":..,"error":{"code","message",[key],[oauth],[errors]},[data],
//  [headers],[rate_limit],[retry_after_s]}
JsonPtr error_document(const Failure &failure);

// An HTTP answer from the API as a document body: JSON as the server sent
// it (a raw node), other text as a string, an empty body as null.  Throws
// invalid_response otherwise.  With ResponseMode::Text the body is always
// a string (invalid_response unless UTF-8), with Base64 its base64 text.
JsonPtr response_data(const HttpResponse &response, ResponseMode mode = ResponseMode::Json);

// The same before it is a node; `storage` keeps what the text points into
// when it is not the body (base64).
ResultData response_result_data(const HttpResponse &response, ResponseMode mode, std::string &storage);

// The Failure a non-2xx API answer stands for (http, auth_failed, ...).
Failure api_failure(const HttpResponse &response, JsonPtr data);

}  // namespace extapi
