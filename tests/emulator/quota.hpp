// The request quota window (PROTOCOL.md "Quota") and the rate-limit headers
// that report it.
#pragma once

#include "config.hpp"

#include <httplib.h>

#include <chrono>
#include <string>

namespace emu {

struct QuotaStatus {
    long long limit = 0;
    long long remaining = 0;    // after this request
    long long reset_s = 0;      // seconds to the window's end, at least 1
    long long retry_after = 0;  // > 0: the request is refused
};

// Not thread-safe; State calls it under its lock.
class QuotaWindow {
public:
    using Clock = std::chrono::steady_clock;

    // One request.  enforced (/devices): with quota_limit > 0 it uses up the
    // quota and is refused once none is left.  Not enforced (/api): it only
    // reads the quota.  With quota_limit 0 there is no quota, but both kinds
    // count against a nominal window of kNominalLimit requests that the
    // rate-limit headers report and nothing enforces.
    QuotaStatus take(const Config &cfg, Clock::time_point now, bool enforced);
    // The next request starts a fresh window.
    void reset() { used_ = 0; }

    static const long long kNominalLimit = 1000;

private:
    Clock::time_point start_;
    long long used_ = 0;
};

// Config rate_limit_headers: "ietf" RateLimit-*, "x" X-RateLimit-*, "none".
void add_rate_limit_headers(httplib::Response &res, const std::string &style, const QuotaStatus &q);

}  // namespace emu
