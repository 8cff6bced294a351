#include "error.hpp"

namespace extapi {

const char *error_code_name(ErrorCode code) {
    switch (code) {
    case ErrorCode::InvalidArgument: return "invalid_argument";
    case ErrorCode::InvalidConfig: return "invalid_config";
    case ErrorCode::Network: return "network";
    case ErrorCode::Timeout: return "timeout";
    case ErrorCode::Tls: return "tls";
    case ErrorCode::InsecureTransport: return "insecure_transport";
    case ErrorCode::AuthFailed: return "auth_failed";
    case ErrorCode::Http: return "http";
    case ErrorCode::Graphql: return "graphql";
    case ErrorCode::RateLimited: return "rate_limited";
    case ErrorCode::InvalidResponse: return "invalid_response";
    case ErrorCode::OutOfMemory: return "out_of_memory";
    case ErrorCode::Internal: return "internal";
    case ErrorCode::Cancelled: return "cancelled";
    }
    return "internal";
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
