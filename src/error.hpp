// The failure every layer throws, and the fixed set of error codes.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include "json.hpp"
#include "response_meta.hpp"

namespace extapi {

enum class ErrorCode {
    InvalidArgument,
    InvalidConfig,
    Network,
    Timeout,
    Tls,
    InsecureTransport,
    AuthFailed,
    Http,
    Graphql,
    RateLimited,
    InvalidResponse,
    OutOfMemory,
    Internal,
    Cancelled,  // 1.1: the call's ext_cancel was fired
};

const char *error_code_name(ErrorCode code);

// Thrown inside the library, turned into an error document at the boundary.
// The optional JSON parts are shared so the exception stays copyable.
class Failure : public std::runtime_error {
public:
    Failure(ErrorCode error_code, const std::string &message, long http_status = 0)
        : std::runtime_error(message), code(error_code), status(http_status) {}

    ErrorCode code;
    long status;
    std::string key;                // the config key, for invalid_config
    std::shared_ptr<cJSON> oauth;   // RFC 6749 §5.2 error object
    std::shared_ptr<cJSON> errors;  // GraphQL "errors" as sent
    std::shared_ptr<cJSON> data;    // the response body, where useful (lossless: a raw node)
    ResponseMeta meta;              // headers, rate limit, Retry-After of the answer
};

// "<key>: <message>" with `key` set: invalid_config for a session's
// configuration, invalid_argument for a call's options.
Failure key_failure(ErrorCode code, const std::string &key, const std::string &message);
Failure config_failure(const std::string &key, const std::string &message);

}  // namespace extapi
