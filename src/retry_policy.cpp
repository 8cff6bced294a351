#include "retry_policy.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <random>

namespace extapi {

bool is_retryable_status(long status, bool idempotent) {
    if (status == 429 || status == 503) return true;
    return idempotent && (status == 502 || status == 504);
}

bool is_retryable_transport_error(CURLcode code, bool idempotent) {
    switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY: return true;
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_PARTIAL_FILE: return idempotent;
    default: return false;
    }
}

std::optional<Millis> parse_retry_after(const std::string &value) {
    if (value.empty()) return std::nullopt;
    if (std::all_of(value.begin(), value.end(), [](unsigned char c) { return std::isdigit(c); })) {
        if (value.size() > 9) return kMaxRetryAfter + Millis(1);
        return Millis(std::stoll(value) * 1000);
    }
    time_t when = curl_getdate(value.c_str(), nullptr);
    if (when < 0) return std::nullopt;
    time_t now = std::time(nullptr);
    if (when <= now) return Millis(0);
    // A date centuries away is just "longer than we ever wait".
    if (when - now > kMaxRetryAfter.count()) return kMaxRetryAfter + Millis(1);
    return Millis(int64_t(when - now) * 1000);
}

Millis backoff_delay(int attempt) {
    thread_local std::mt19937 rng{std::random_device{}()};
    const int64_t step = std::min<int64_t>(8000, 250LL << std::min(attempt, 5));
    std::uniform_int_distribution<int64_t> jitter(step / 2, step);
    return Millis(jitter(rng));
}

}  // namespace extapi
