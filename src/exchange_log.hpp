// The last exchanges with the server, for ext_session_info: enough to say
// "401 invalid_client from the token endpoint after raw Basic" in the field,
// and nothing secret (no query string, no header, no body).
#pragma once

#include <array>
#include <cstdint>
#include <mutex>
#include <string>

#include "json.hpp"

namespace extapi {

enum class EndpointKind { Api, Token, Revoke };

struct Exchange {
    int64_t at_ms = 0;                  // wall-clock Unix time when it started
    std::string method;
    std::string url;                    // without query or fragment
    EndpointKind kind = EndpointKind::Api;
    long status = 0;                    // 0: no answer (see error)
    int64_t duration_ms = 0;
    const char *reason = nullptr;       // why it was sent again, if it was
    const char *client_auth = nullptr;  // the client authentication used
    const char *error = nullptr;        // the error code when no answer came
};

class ExchangeLog {
public:
    static constexpr size_t kCapacity = 32;

    void record(Exchange exchange);

    // The recorded exchanges, oldest first, as a JSON array.
    JsonPtr to_json() const;

private:
    mutable std::mutex mutex_;
    std::array<Exchange, kCapacity> ring_;
    size_t next_ = 0;
    size_t count_ = 0;
};

}  // namespace extapi
