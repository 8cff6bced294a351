// HTTP on libcurl: a pool of easy handles (each keeps its connections alive,
// so parallel callers never queue behind one connection), a shared DNS and
// TLS-session cache, retries, size limits, and same-origin-only redirects.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "config.hpp"
#include "secret.hpp"

namespace extapi {

struct HttpRequest {
    std::string method = "GET";
    std::string url;
    std::vector<Secret> headers;  // "Name: value"; may carry credentials
    Secret body;
    bool has_body = false;

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
    int64_t server_date = 0;            // the Date header as Unix time, or 0
    std::string location;               // a redirect's absolute target
    bool cross_origin_redirect = false; // a redirect we refused to follow
};

class HttpTransport {
public:
    explicit HttpTransport(const Config &config);
    ~HttpTransport();
    HttpTransport(const HttpTransport &) = delete;
    HttpTransport &operator=(const HttpTransport &) = delete;

    // Sends the request, retrying and following same-origin redirects.
    // Throws Failure for insecure_transport (before connecting), network,
    // timeout, tls and invalid_response (oversized or truncated bodies).
    // Blocks; safe to call from many threads at once.
    HttpResponse send(const HttpRequest &request);

    uint64_t retries() const { return retries_.load(); }

    // Throws Failure(insecure_transport) for plain http to a host that is
    // not loopback, unless allow_http is set.
    void refuse_insecure(const std::string &url) const;

private:
    class HandlePool;
    struct Attempt;

    HttpResponse send_with_retries(const HttpRequest &request);
    Attempt perform(const HttpRequest &request);

    const Config &config_;
    std::unique_ptr<HandlePool> pool_;
    std::atomic<uint64_t> retries_{0};
};

}  // namespace extapi
