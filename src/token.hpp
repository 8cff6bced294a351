// A token and its lifetime: expires_in, JWT exp against the server's Date,
// tracked on the monotonic clock.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "call_context.hpp"
#include "config.hpp"
#include "secret.hpp"

struct cJSON;

namespace extapi {

struct ApiHeaders;

struct Token {
    Secret access;
    Secret refresh;  // empty when none was issued
    std::string type = "Bearer";
    std::optional<std::string> scope;
    // The client authentication that obtained it, when `auto` had to learn
    // one: remembered in the token cache for the next process.
    std::optional<ClientAuth> client_auth;
    // The headers of API calls with this token, built once when it is
    // obtained (see Session::api_headers_for).
    std::shared_ptr<const ApiHeaders> api_headers;

    // Expiry, when known.  `renew_at` is when the engine renews it
    // (expiry minus the effective leeway), both on the monotonic clock.
    bool has_expiry = false;
    MonoClock::time_point expires_mono{};
    MonoClock::time_point renew_at{};
    int64_t expires_at_wall = 0;  // Unix time, for results and the cache
    int64_t issued_at_wall = 0;

    bool needs_renewal(MonoClock::time_point now) const { return has_expiry && now >= renew_at; }
    int64_t seconds_left(MonoClock::time_point now) const;
};

// Absurd lifetimes are clamped to this (one year); below one second a
// lifetime is treated as unknown.
constexpr int64_t kMaxLifetimeS = 365LL * 24 * 3600;

// expires_in as an integer, a float or a numeric string; nothing otherwise.
std::optional<int64_t> parse_expires_in(const cJSON *value);

// Seconds until the JWT's `exp`, measured against the server's clock
// (`server_date`, Unix time from its Date header, or our clock when 0).
// Nothing when the token is not a JWT with a numeric exp, or when exp is
// not after the server's clock (SPEC: never expired on arrival).
std::optional<int64_t> jwt_seconds_left(std::string_view token, int64_t server_date);

// Sets the expiry fields from a lifetime (seconds from now) and the leeway.
// The leeway is capped at half the lifetime so a short-lived token is still
// used before it is renewed.  Without a lifetime the token has no expiry.
void set_lifetime(Token &token, std::optional<int64_t> lifetime_s, int64_t leeway_s);

// The same from wall-clock times, for a token read back from the cache.
void set_expiry(Token &token, int64_t issued_at_wall, int64_t expires_at_wall, int64_t leeway_s);

}  // namespace extapi
