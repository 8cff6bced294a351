// What an API result reports about the server's answer besides its body
// (SPEC "Results": headers, rate_limit, retry_after_s), and the one pass
// over the answer's headers that finds it.
#pragma once

#include <curl/curl.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace extapi {

struct ResponseMeta {
    std::vector<std::pair<std::string, std::string>> headers;  // the response_headers present
    std::optional<int64_t> limit, remaining, reset_s;          // RateLimit-* or X-RateLimit-*
    std::optional<int64_t> retry_after_s;                      // on 429 and 503
};

// The headers of an answer the library itself looks at.
struct AnswerHeaders {
    std::string retry_after;
    std::string date;  // as sent; see unix_time()
    std::string link;  // RFC 8288 Link, for pagination (joined when repeated)
    ResponseMeta meta;
};

// An HTTP date as Unix time, or 0.  (Parsed only when needed: curl_getdate
// costs more than the rest of reading an answer's headers.)
int64_t unix_time(const std::string &http_date);

// Reads them from the last response of `curl` (after a transfer), with the
// values of the lower-cased header names in `wanted`.
AnswerHeaders read_answer_headers(CURL *curl, const std::vector<std::string> &wanted, long status);

}  // namespace extapi
