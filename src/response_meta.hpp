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

// An answer's Date header as sent, parsed only when asked: curl_getdate
// costs about 11,000 instructions, more than the rest of reading an
// answer's headers, and most answers never need it.  Kept inline, not in
// a heap block per answer: every HTTP date form is shorter (RFC 850's
// "Wednesday, 06-Nov-94 08:49:37 GMT", the longest, has 33 characters),
// and a longer header is no date and kept as none.
class HttpDate {
public:
    HttpDate() = default;
    explicit HttpDate(const char *text);

    // Unix time, or 0 when there is no date or it does not parse.
    int64_t unix_time() const;

private:
    char text_[64] = "";
};

// The headers of an answer the library itself looks at.
struct AnswerHeaders {
    std::string retry_after;
    HttpDate date;
    std::string link;  // RFC 8288 Link, for pagination (joined when repeated)
    ResponseMeta meta;
};

// Reads them from the last response of `curl` (after a transfer), with the
// values of the lower-cased header names in `wanted`.
AnswerHeaders read_answer_headers(CURL *curl, const std::vector<std::string> &wanted, long status);

}  // namespace extapi
