#include "token.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <vector>

#include "base64.hpp"
#include "json.hpp"

namespace extapi {

int64_t Token::seconds_left(MonoClock::time_point now) const {
    if (!has_expiry) return 0;
    return std::chrono::duration_cast<std::chrono::seconds>(expires_mono - now).count();
}

static std::optional<int64_t> clamp_lifetime(double seconds) {
    if (!std::isfinite(seconds) || seconds < 1) return std::nullopt;
    return int64_t(std::min(seconds, double(kMaxLifetimeS)));
}

std::optional<int64_t> parse_expires_in(const cJSON *value) {
    if (cJSON_IsNumber(value)) return clamp_lifetime(value->valuedouble);
    if (cJSON_IsString(value) && value->valuestring && *value->valuestring) {
        errno = 0;
        char *end = nullptr;
        double d = std::strtod(value->valuestring, &end);
        if (errno == 0 && end && *end == '\0') return clamp_lifetime(d);
    }
    return std::nullopt;
}

std::optional<int64_t> jwt_seconds_left(std::string_view token, int64_t server_date) {
    size_t first = token.find('.');
    if (first == std::string_view::npos) return std::nullopt;
    size_t second = token.find('.', first + 1);
    if (second == std::string_view::npos) return std::nullopt;
    auto payload = base64url_decode(std::string(token.substr(first + 1, second - first - 1)));
    if (!payload) return std::nullopt;
    JsonPtr claims = parse_json(*payload);
    const cJSON *exp = claims ? cJSON_GetObjectItemCaseSensitive(claims.get(), "exp") : nullptr;
    if (!cJSON_IsNumber(exp)) return std::nullopt;
    int64_t now = server_date > 0 ? server_date : int64_t(std::time(nullptr));
    double left = exp->valuedouble - double(now);
    // An exp at or before the server's own clock is a server bug, not a
    // token that is already dead: expires_in governs then.
    if (!std::isfinite(left) || left <= 0) return std::nullopt;
    return int64_t(std::max(0.0, std::min(left, double(kMaxLifetimeS))));
}

void set_expiry(Token &token, int64_t issued_at_wall, int64_t expires_at_wall, int64_t leeway_s) {
    token.issued_at_wall = issued_at_wall;
    token.expires_at_wall = expires_at_wall;
    const int64_t lifetime = expires_at_wall - issued_at_wall;
    const int64_t left = expires_at_wall - int64_t(std::time(nullptr));
    const int64_t leeway = std::min(leeway_s, lifetime / 2);
    token.has_expiry = true;
    token.expires_mono = MonoClock::now() + std::chrono::seconds(left);
    token.renew_at = token.expires_mono - std::chrono::seconds(leeway);
}

void set_lifetime(Token &token, std::optional<int64_t> lifetime_s, int64_t leeway_s) {
    const int64_t now = int64_t(std::time(nullptr));
    if (lifetime_s) {
        set_expiry(token, now, now + *lifetime_s, leeway_s);
        return;
    }
    token.issued_at_wall = now;
    token.expires_at_wall = 0;
    token.has_expiry = false;
}

}  // namespace extapi
