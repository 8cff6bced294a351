// HTTP on libcurl: a pool of easy handles (each keeps its connections alive,
// so parallel callers never queue behind one connection), a shared DNS and
// TLS-session cache, retries, size limits, and same-origin-only redirects.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "call_context.hpp"
#include "config.hpp"
#include "exchange_log.hpp"
#include "response_meta.hpp"
#include "secret.hpp"

namespace extapi {

struct HttpRequest {
    std::string method = "GET";
    std::string url;
    std::vector<Secret> headers;  // "Name: value"; may carry credentials
    Secret body;
    bool has_body = false;
    // For the exchange log: what the request is for, why it is sent (when
    // it repeats another), and the client authentication it carries.
    EndpointKind kind = EndpointKind::Api;
    const char *reason = nullptr;
    const char *client_auth = nullptr;

    bool idempotent() const;
    void set_json_body(std::string json);
    void set_form_body(std::string form);
};

// The body may carry tokens (a token endpoint's answer): wiped when freed.
struct HttpResponse {
    HttpResponse() = default;
    HttpResponse(const HttpResponse &) = default;
    HttpResponse(HttpResponse &&) = default;
    HttpResponse &operator=(const HttpResponse &) = default;
    HttpResponse &operator=(HttpResponse &&) = default;
    ~HttpResponse() { wipe(body); }

    long status = 0;
    std::string body;
    std::string content_type;
    std::string retry_after;
    bool retry_after_refused = false;   // the wait asked for exceeded the retry budget or the deadline
    ResponseMeta meta;
    int64_t server_date = 0;            // the Date header as Unix time, or 0
    std::string location;               // a redirect's absolute target
    bool cross_origin_redirect = false; // a redirect we refused to follow
};

// 429, or a 503 whose Retry-After was longer than the call could wait.
inline bool is_rate_limited(const HttpResponse &r) {
    return r.status == 429 || (r.status == 503 && r.retry_after_refused);
}

class HttpTransport {
public:
    explicit HttpTransport(const Config &config);
    ~HttpTransport();
    HttpTransport(const HttpTransport &) = delete;
    HttpTransport &operator=(const HttpTransport &) = delete;

    // Sends the request, retrying and following same-origin redirects,
    // within the call's deadline.  Throws Failure for insecure_transport
    // (before connecting), network, timeout, tls and invalid_response
    // (oversized or truncated bodies).  Blocks; safe to call from many
    // threads at once.
    HttpResponse send(const HttpRequest &request, const CallContext &call);

    uint64_t retries() const { return retries_.load(); }
    const ExchangeLog &exchanges() const { return exchanges_; }

    // Throws Failure(insecure_transport) for plain http to a host that is
    // not loopback, unless allow_http is set.
    void refuse_insecure(const std::string &url) const;

private:
    class HandlePool;
    struct Attempt;

    HttpResponse send_with_retries(HttpRequest &request, const CallContext &call);
    Attempt perform(const HttpRequest &request, const CallContext &call);
    Attempt perform_logged(const HttpRequest &request, const CallContext &call);

    const Config &config_;
    std::unique_ptr<HandlePool> pool_;
    std::atomic<uint64_t> retries_{0};
    ExchangeLog exchanges_;
};

}  // namespace extapi
