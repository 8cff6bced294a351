#include "quota.hpp"

#include <algorithm>
#include <cmath>

namespace emu {

QuotaStatus QuotaWindow::take(const Config &cfg, Clock::time_point now, bool enforced) {
    using namespace std::chrono;
    const bool quota_on = cfg.quota_limit > 0;
    const long long limit = quota_on ? cfg.quota_limit : kNominalLimit;
    const bool counts = enforced || !quota_on;
    const auto window = seconds(cfg.quota_window_s);
    QuotaStatus q;
    q.limit = limit;
    // A window starts with the first counted request after the previous one
    // ended; a request that only reads the quota sees a fresh window then.
    if (used_ == 0 || now >= start_ + window) {
        if (!counts) {
            q.remaining = limit;
            q.reset_s = cfg.quota_window_s;
            return q;
        }
        start_ = now;
        used_ = 0;
    }
    double left = duration_cast<duration<double>>(start_ + window - now).count();
    q.reset_s = std::max(1LL, static_cast<long long>(std::ceil(left)));
    if (counts && quota_on && used_ >= limit) {
        q.retry_after = q.reset_s;  // refused requests do not use up quota
    } else if (counts) {
        ++used_;
    }
    q.remaining = std::max(0LL, limit - used_);
    return q;
}

void add_rate_limit_headers(httplib::Response &res, const std::string &style, const QuotaStatus &q) {
    if (style != "ietf" && style != "x") return;
    const std::string prefix = style == "x" ? "X-RateLimit-" : "RateLimit-";
    res.set_header(prefix + "Limit", std::to_string(q.limit));
    res.set_header(prefix + "Remaining", std::to_string(q.remaining));
    res.set_header(prefix + "Reset", std::to_string(q.reset_s));
}

}  // namespace emu
