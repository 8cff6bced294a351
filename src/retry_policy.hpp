// When a failed HTTP exchange is retried, and how long to wait first.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <optional>
#include <string>

#include "call_context.hpp"

namespace extapi {

// A Retry-After longer than this is not waited for: the call fails at once
// with the server's answer rather than blocking for minutes.
constexpr Millis kMaxRetryAfter{120000};

// 429 and 503 say the server did not act on the request, so any method may
// be retried; 502 and 504 only idempotent ones (the request may have run).
bool is_retryable_status(long status, bool idempotent);

// Connection failures.  A non-idempotent request is only retried when it
// certainly never reached the server (no connection was made).
bool is_retryable_transport_error(CURLcode code, bool idempotent);

// Retry-After as delta-seconds or an HTTP-date; nothing when absent/invalid.
std::optional<Millis> parse_retry_after(const std::string &value);

// Exponential backoff (250 ms doubling, capped at 8 s) with jitter between
// half and the whole step, so that many clients do not retry in lockstep.
Millis backoff_delay(int attempt);

}  // namespace extapi
