// What an API result reports about the server's answer besides its body
// (SPEC "Results": headers, rate_limit, retry_after_s).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace extapi {

struct ResponseMeta {
    std::vector<std::pair<std::string, std::string>> headers;  // the response_headers present
    std::optional<int64_t> limit, remaining, reset_s;         // RateLimit-* or X-RateLimit-*
    std::optional<int64_t> retry_after_s;                     // on 429 and 503
};

}  // namespace extapi
