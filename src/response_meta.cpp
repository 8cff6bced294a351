#include "response_meta.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <ctime>

#include "retry_policy.hpp"

namespace extapi {

namespace {

// A leading non-negative integer ("100", "100, 100;w=60"); nothing otherwise.
std::optional<int64_t> leading_integer(const char *value) {
    while (*value == ' ' || *value == '\t') ++value;
    if (!std::isdigit(static_cast<unsigned char>(*value))) return std::nullopt;
    int64_t n = 0;
    for (; std::isdigit(static_cast<unsigned char>(*value)) && n < (int64_t(1) << 50); ++value)
        n = n * 10 + (*value - '0');
    return n;
}

// Reset as seconds from now; X-RateLimit-Reset is often a Unix time instead
// (GitHub style), recognisable by its size.
std::optional<int64_t> reset_seconds(std::optional<int64_t> n, const HttpDate &date) {
    constexpr int64_t kLooksLikeUnixTime = 1000000000;
    if (!n || *n < kLooksLikeUnixTime) return n;
    const int64_t server_now = date.unix_time();
    const int64_t now = server_now > 0 ? server_now : int64_t(std::time(nullptr));
    return std::max<int64_t>(0, *n - now);
}

// The IETF RateLimit-* headers win over X-RateLimit-* when both are sent.
// (Values are read at once: libcurl reuses a header's storage.)
struct RateLimitHeaders {
    std::optional<int64_t> ietf[3], x[3];

    void take(const char *name, const char *value) {
        static const char *const kSuffixes[3] = {"Limit", "Remaining", "Reset"};
        const char first = char(name[0] | 0x20);
        if (first != 'r' && first != 'x') return;  // most headers: one comparison
        for (int k = 0; k < 3; ++k) {
            if (curl_strnequal(name, "RateLimit-", 10) && curl_strequal(name + 10, kSuffixes[k]))
                ietf[k] = leading_integer(value);
            if (curl_strnequal(name, "X-RateLimit-", 12) && curl_strequal(name + 12, kSuffixes[k]))
                x[k] = leading_integer(value);
        }
    }
    std::optional<int64_t> number(int k) const { return ietf[k] ? ietf[k] : x[k]; }
};

// Repeated headers are joined with ", " (RFC 9110 §5.3).
void keep_wanted(std::vector<std::pair<std::string, std::string>> &kept, const std::string &name, const char *value) {
    for (auto &header : kept) {
        if (header.first == name) {
            header.second.append(", ").append(value);
            return;
        }
    }
    kept.emplace_back(name, value);
}

}  // namespace

HttpDate::HttpDate(const char *text) {
    const size_t length = std::strlen(text);
    if (length < sizeof text_) std::memcpy(text_, text, length + 1);
}

int64_t HttpDate::unix_time() const {
    if (!text_[0]) return 0;
    const time_t t = curl_getdate(text_, nullptr);
    return t > 0 ? int64_t(t) : 0;
}

AnswerHeaders read_answer_headers(CURL *curl, const std::vector<std::string> &wanted, long status) {
    AnswerHeaders out;
    RateLimitHeaders rate_limit;
    for (struct curl_header *h = nullptr; (h = curl_easy_nextheader(curl, CURLH_HEADER, -1, h));) {
        if (curl_strequal(h->name, "Retry-After")) {
            out.retry_after = h->value;
        } else if (curl_strequal(h->name, "Date")) {
            out.date = HttpDate(h->value);
        } else if (curl_strequal(h->name, "Link")) {
            out.link.append(out.link.empty() ? "" : ", ").append(h->value);
        } else {
            rate_limit.take(h->name, h->value);
        }
        for (const std::string &name : wanted)
            if (curl_strequal(h->name, name.c_str())) keep_wanted(out.meta.headers, name, h->value);
    }
    out.meta.limit = rate_limit.number(0);
    out.meta.remaining = rate_limit.number(1);
    out.meta.reset_s = reset_seconds(rate_limit.number(2), out.date);
    if (status == 429 || status == 503) {
        if (auto wait = parse_retry_after(out.retry_after)) out.meta.retry_after_s = (wait->count() + 999) / 1000;
    }
    return out;
}

}  // namespace extapi
