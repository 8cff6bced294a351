// HTTP on libcurl: a lock-free pool of easy handles (each keeps its
// connections alive, so parallel callers never queue behind one
// connection; one pool serves every session of equal transport settings),
// retries, size limits, same-origin-only redirects, and the exchange log.
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
#include "header_list.hpp"
#include "response_meta.hpp"
#include "secret.hpp"

namespace extapi {

class HandlePool;

// A request's URL.  An API call's is usually one its session keeps for
// its whole life (the GraphQL endpoint): referred to rather than copied
// per call, so such a request must not outlive its session.  Any other
// (a REST path, a URL a query was added to, a redirect's target) is owned.
class RequestUrl {
public:
    RequestUrl &operator=(std::string url) {
        owned_ = std::move(url);
        kept_ = nullptr;
        return *this;
    }
    void refer_to(const std::string &kept) { kept_ = &kept; }
    const std::string &str() const { return kept_ ? *kept_ : owned_; }

private:
    const std::string *kept_ = nullptr;
    std::string owned_;
};

struct HttpRequest {
    std::string method = "GET";
    RequestUrl url;
    // Either the prebuilt headers of an API call, or these lines ("Name:
    // value"; they may carry credentials) after the default Accept/Expect.
    std::shared_ptr<const ApiHeaders> api_headers;
    std::vector<Secret> headers;
    bool has_body = false;
    // A POST that only reads (a GraphQL query): as idempotent as a GET,
    // so retried alike and handed to libcurl as a body it may send again.
    bool read_only = false;
    // For the exchange log: what the request is for, why it is sent (when
    // it repeats another), and the client authentication it carries.
    EndpointKind kind = EndpointKind::Api;
    const char *reason = nullptr;
    const char *client_auth = nullptr;

    bool idempotent() const;  // by its method, or read_only
    // A token request's body (a form or XIQ's login JSON with the password).
    void set_json_body(std::string json);  // with a Content-Type line in `headers`
    void set_form_body(std::string form);
    // An API call's body, its Content-Type in api_headers: the caller's
    // text (the C caller's argument, a session's buffer), referred to, not
    // copied, and kept by the caller until the request is done with.
    void refer_to_body(std::string_view text);
    void clear_body();
    std::string_view body() const {
        if (!credential_body_.empty()) return credential_body_.reveal();
        return api_body_;
    }

private:
    // Credentials live in the secure heap; an API call's body (the caller's
    // data, possibly large) stays where the caller keeps it: the secure heap
    // is small, and an upload must not crowd the credentials out of it.
    Secret credential_body_;
    std::string_view api_body_;
};

// An answer's Content-Type, judged while libcurl still holds the header:
// whether it names a JSON type (application/json, application/problem+json,
// ..., in any case), and the type itself only when it does not, for a
// message (a copy of the usual "application/json; charset=utf-8" would
// cost a heap block per call).
struct ContentType {
    ContentType() = default;
    explicit ContentType(const char *type);  // null for none

    bool json = false;
    std::string other;  // the type as sent when it is no JSON type
};

// The body may carry tokens (a token endpoint's answer): wiped when freed.
struct HttpResponse {
    long status = 0;
    WipedString body;
    ContentType content_type;
    std::string retry_after;
    bool retry_after_refused = false;  // the wait asked for exceeded the retry budget or the deadline
    ResponseMeta meta;
    HttpDate date;
    std::string link;  // the Link header(s), for pagination
    int64_t server_date() const { return date.unix_time(); }
    std::string location;                // a redirect's absolute target
    bool cross_origin_redirect = false;  // a redirect we refused to follow
};

// What an answer's status and Content-Type say, for every caller that
// judges one (API calls and token, login and revocation endpoints alike).

inline bool is_success(const HttpResponse &r) { return r.status >= 200 && r.status <= 299; }

// 429, or a 503 whose Retry-After was longer than the call could wait.
inline bool is_rate_limited(const HttpResponse &r) {
    return r.status == 429 || (r.status == 503 && r.retry_after_refused);
}

// The error code of a non-2xx answer: rate_limited, auth_failed for 401
// and 403, http otherwise.
ErrorCode failure_code(const HttpResponse &r);

// Whether the Content-Type names a JSON type.
inline bool claims_json(const HttpResponse &r) { return r.content_type.json; }

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

    // The User-Agent and Accept-Encoding lines every request carries.
    const DefaultHeaders &default_headers() const { return default_headers_; }

    uint64_t retries() const { return retries_.load(); }
    const ExchangeLog &exchanges() const { return exchanges_; }

    // Throws Failure(insecure_transport) for plain http to a host that is
    // not loopback, unless allow_http is set.
    void refuse_insecure(const std::string &url) const;

private:
    struct Attempt;

    HttpResponse send_with_retries(const HttpRequest &request, const CallContext &call, int64_t &retries_used);
    Attempt perform(const HttpRequest &request, const CallContext &call);
    Attempt perform_logged(const HttpRequest &request, const char *reason, const CallContext &call);
    void refuse_insecure_unless_base(const std::string &url) const;

    const Config &config_;
    std::string base_root_;  // base_url's scheme://host:port, checked once
    const DefaultHeaders default_headers_;
    // Shared with every session of equal transport settings (pool_registry.hpp).
    std::shared_ptr<HandlePool> pool_;
    std::atomic<uint64_t> retries_{0};
    ExchangeLog exchanges_;
};

}  // namespace extapi
