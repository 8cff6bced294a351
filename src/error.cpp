#include "error.hpp"

#include "extapi.h"

namespace extapi {

const char *error_code_name(ErrorCode code) {
    switch (code) {
    case ErrorCode::InvalidArgument: return EXT_ERR_INVALID_ARGUMENT;
    case ErrorCode::InvalidConfig: return EXT_ERR_INVALID_CONFIG;
    case ErrorCode::Network: return EXT_ERR_NETWORK;
    case ErrorCode::Timeout: return EXT_ERR_TIMEOUT;
    case ErrorCode::Tls: return EXT_ERR_TLS;
    case ErrorCode::InsecureTransport: return EXT_ERR_INSECURE_TRANSPORT;
    case ErrorCode::AuthFailed: return EXT_ERR_AUTH_FAILED;
    case ErrorCode::Http: return EXT_ERR_HTTP;
    case ErrorCode::Graphql: return EXT_ERR_GRAPHQL;
    case ErrorCode::RateLimited: return EXT_ERR_RATE_LIMITED;
    case ErrorCode::InvalidResponse: return EXT_ERR_INVALID_RESPONSE;
    case ErrorCode::OutOfMemory: return EXT_ERR_OUT_OF_MEMORY;
    case ErrorCode::Internal: return EXT_ERR_INTERNAL;
    case ErrorCode::Cancelled: return EXT_ERR_CANCELLED;
    }
    return EXT_ERR_INTERNAL;
}

Failure key_failure(ErrorCode code, const std::string &key, const std::string &message) {
    Failure f(code, key + ": " + message);
    f.key = key;
    return f;
}

Failure config_failure(const std::string &key, const std::string &message) {
    return key_failure(ErrorCode::InvalidConfig, key, message);
}

}  // namespace extapi
