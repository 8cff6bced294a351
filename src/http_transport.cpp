#include "http_transport.hpp"

#include <curl/curl.h>
#include <openssl/crypto.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <ctime>
#include <optional>
#include <mutex>
#include <thread>

#include "error.hpp"
#include "extapi.h"
#include "handle_pool.hpp"
#include "pool_registry.hpp"
#include "retry_policy.hpp"
#include "url.hpp"

namespace extapi {

namespace {

constexpr int kMaxRedirects = 5;

void global_init_once() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

template <class Value>
void set_option(CURL *curl, CURLoption option, Value value) {
    if (curl_easy_setopt(curl, option, value) == CURLE_OUT_OF_MEMORY) throw std::bad_alloc();
}

// The body of a non-idempotent request, handed to libcurl through a read
// callback that cannot rewind: libcurl silently re-sends a request once when
// a reused connection dies before answering, and without a rewind it cannot.
// (A connection the server closed while idle is detected before sending and
// replaced, so that common case still works.)
struct BodySource {
    std::string_view body;
    size_t offset = 0;
};

size_t read_body(char *buffer, size_t size, size_t count, void *userdata) noexcept {
    auto *source = static_cast<BodySource *>(userdata);
    const size_t n = std::min(size * count, source->body.size() - source->offset);
    std::memcpy(buffer, source->body.data() + source->offset, n);
    source->offset += n;
    return n;
}

struct BodySink {
    CURL *curl;
    std::string *body;
    size_t limit;
    bool overflow = false;
    bool out_of_memory = false;
};

// One allocation for the whole body when the server said how long it is.
void reserve_for(const BodySink &sink) {
    curl_off_t length = -1;
    if (curl_easy_getinfo(sink.curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length) == CURLE_OK && length > 0)
        sink.body->reserve(size_t(std::min<curl_off_t>(length, curl_off_t(sink.limit))));
}

// Called from C: nothing may be thrown through libcurl's frames, so a
// failed allocation aborts the transfer and is reported afterwards.
size_t write_body(char *data, size_t size, size_t count, void *userdata) noexcept {
    auto *sink = static_cast<BodySink *>(userdata);
    const size_t n = size * count;
    if (sink->body->size() + n > sink->limit) {
        sink->overflow = true;
        return 0;  // makes libcurl abort the transfer with CURLE_WRITE_ERROR
    }
    try {
        if (sink->body->empty()) reserve_for(*sink);
        sink->body->append(data, n);
    } catch (...) {
        sink->out_of_memory = true;
        return 0;
    }
    return n;
}

// Frees a per-call header list (it may hold credentials) when done.
struct CallHeaders {
    HeaderList list;
    CallHeaders(const std::vector<Secret> &lines, const DefaultHeaders &defaults) {
        GivenHeaders given;
        for (const Secret &line : lines) given.note(line.reveal().substr(0, line.reveal().find(':')));
        append_default_headers(list, defaults, given);
        for (const Secret &line : lines) list.append(line.c_str());
    }
};

// The method and body options of one transfer.  Every option a previous
// transfer on the handle may have set is set again (the handle is reused
// without curl_easy_reset, which would cost more than the transfer's own
// option setting).
void set_method_and_body(CURL *curl, const HttpRequest &request, BodySource &source, int64_t max_response_bytes) {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 0L);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, nullptr);
    // A HEAD answer has no body, whatever size its Content-Length announces.
    const bool head = request.method == "HEAD";
    curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(head ? 0 : max_response_bytes));
    if (head) {
        curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
        return;
    }
    if (request.has_body || request.method == "POST") {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body().size()));
        if (request.idempotent()) {
            curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body().data());
        } else {
            curl_easy_setopt(curl, CURLOPT_POSTFIELDS, nullptr);
            curl_easy_setopt(curl, CURLOPT_POST, 1L);
            curl_easy_setopt(curl, CURLOPT_READDATA, &source);
        }
        // a body alone would turn GET into POST
        if (request.method != "POST") curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
        return;
    }
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    if (request.method != "GET") curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
}

bool is_tls_error(CURLcode code) {
    switch (code) {
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_USE_SSL_FAILED: return true;
    default: return false;
    }
}

void drop_content_type(std::vector<Secret> &headers) {
    headers.erase(std::remove_if(headers.begin(), headers.end(),
                                 [](const Secret &h) { return h.reveal().rfind("Content-Type:", 0) == 0; }),
                  headers.end());
}

// A redirect to another origin, or to something that is no http(s) URL at
// all (ftp://, garbage), is not followed: the caller gets the answer.
bool same_origin(const std::string &target, const std::string &current) {
    try {
        return origin_of(target) == origin_of(current);
    } catch (const Failure &) {
        return false;
    }
}

const char *retry_reason(long status) {
    switch (status) {
    case 429: return "retry after HTTP 429";
    case 502: return "retry after HTTP 502";
    case 503: return "retry after HTTP 503";
    case 504: return "retry after HTTP 504";
    default: return "retry after a connection failure";
    }
}

// The scheme://host:port of an absolute URL as curl_url normalises it.
std::string root_of(const std::string &url) {
    const size_t scheme_end = url.find("://");
    const size_t path = scheme_end == std::string::npos ? std::string::npos : url.find_first_of("/?#", scheme_end + 3);
    return url.substr(0, path);
}

bool starts_with_root(const std::string &url, const std::string &root) {
    return !root.empty() && url.compare(0, root.size(), root) == 0 &&
           (url.size() == root.size() || url[root.size()] == '/' || url[root.size()] == '?');
}

// What CURLOPT_ACCEPT_ENCODING "" stands for: every encoding this libcurl
// decodes, in the order of its Curl_all_content_encodings().
std::string supported_encodings() {
    const long features = curl_version_info(CURLVERSION_NOW)->features;
    std::string list;
    auto add = [&](const char *name) { list.append(list.empty() ? "" : ", ").append(name); };
    if (features & CURL_VERSION_LIBZ) {
        add("deflate");
        add("gzip");
    }
    if (features & CURL_VERSION_BROTLI) add("br");
    if (features & CURL_VERSION_ZSTD) add("zstd");
    return list.empty() ? "identity" : list;
}

DefaultHeaders default_headers_of(const Config &config) {
    return {"User-Agent: " + config.user_agent.value_or("libextapi/" EXTAPI_VERSION_STRING),
            "Accept-Encoding: " + supported_encodings()};
}

int64_t wall_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// curl_easy_perform, in polls short enough to notice a cancellation (the
// easy handle's connections stay in its multi handle between calls).
CURLcode run_transfer(const Handle &h, const CallContext &call) {
    constexpr int kPollMs = int(CallContext::kCancelPoll.count());
    if (curl_multi_add_handle(h.multi, h.easy) != CURLM_OK) return CURLE_OUT_OF_MEMORY;
    CURLcode result = CURLE_OK;
    for (int running = 1;;) {
        if (curl_multi_perform(h.multi, &running) != CURLM_OK) {
            result = CURLE_OUT_OF_MEMORY;
            break;
        }
        if (!running) {
            int left = 0;
            CURLMsg *done = curl_multi_info_read(h.multi, &left);
            result = done && done->msg == CURLMSG_DONE ? done->data.result : CURLE_RECV_ERROR;
            break;
        }
        if (call.cancelled()) {
            result = CURLE_ABORTED_BY_CALLBACK;
            break;
        }
        curl_multi_poll(h.multi, nullptr, 0, call.cancellable() ? kPollMs : 1000, nullptr);
    }
    curl_multi_remove_handle(h.multi, h.easy);
    return result;
}

// CURLOPT_URL copies its string: when the handle's last transfer went to
// the same URL (one endpoint per session is the common case), it is left
// set.  False when the copy failed: the handle then has no URL but still
// reports the last one, and must not be reused.
bool set_url(CURL *curl, const std::string &url) {
    const char *last = nullptr;
    curl_easy_getinfo(curl, CURLINFO_EFFECTIVE_URL, &last);
    return (last && url == last) || curl_easy_setopt(curl, CURLOPT_URL, url.c_str()) == CURLE_OK;
}

bool is_redirect(long status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

}  // namespace

ErrorCode failure_code(const HttpResponse &r) {
    if (is_rate_limited(r)) return ErrorCode::RateLimited;
    if (r.status == 401 || r.status == 403) return ErrorCode::AuthFailed;
    return ErrorCode::Http;
}

// Every answer is judged: curl_strnequal only where a 'j' or 'J' stands.
ContentType::ContentType(const char *type) {
    if (!type) return;
    for (const char *at = type; *at && !json; ++at) json = (*at | 0x20) == 'j' && curl_strnequal(at, "json", 4);
    if (!json) other = type;
}

bool HttpRequest::idempotent() const {
    if (read_only) return true;
    switch (method.size() ? method[0] : 0) {
    case 'G': return method == "GET";
    case 'H': return method == "HEAD";
    case 'P': return method == "PUT";
    case 'D': return method == "DELETE";
    case 'O': return method == "OPTIONS";
    default: return false;
    }
}

void HttpRequest::set_json_body(std::string json) {
    headers.emplace_back("Content-Type: application/json");
    credential_body_ = Secret(std::move(json));
    has_body = true;
}

void HttpRequest::set_form_body(std::string form) {
    headers.emplace_back("Content-Type: application/x-www-form-urlencoded");
    credential_body_ = Secret(std::move(form));
    has_body = true;
}

void HttpRequest::refer_to_body(std::string_view text) {
    api_body_ = text;
    has_body = true;
}

void HttpRequest::clear_body() {
    credential_body_.clear();
    api_body_ = {};
    has_body = false;
}

struct HttpTransport::Attempt {
    CURLcode code = CURLE_OK;
    bool overflow = false;
    bool deadline_bound = false;  // the call's deadline, not timeout_ms, limited it
    std::string error_detail;
    std::string redirect_url;
    HttpResponse response;
};

namespace {

// The options every transfer through a pool shares, set once per handle:
// a handle missing one (libcurl copies strings, and may be out of memory)
// is never pooled, as it would serve every later call without it.  Only
// the settings go in: the handle serves other sessions after this one.
void configure_handle(CURL *curl, const TransportSettings &settings) {
    set_option(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    set_option(curl, CURLOPT_NOSIGNAL, 1L);
    set_option(curl, CURLOPT_TCP_KEEPALIVE, 1L);
    set_option(curl, CURLOPT_FOLLOWLOCATION, 0L);
    // Decoding on; the header itself is in every request's list (see
    // DefaultHeaders), so libcurl leaves it out: a handle without decoding
    // would get answers it cannot read.
    set_option(curl, CURLOPT_ACCEPT_ENCODING, "");
    set_option(curl, CURLOPT_SSL_VERIFYPEER, settings.verify_tls ? 1L : 0L);
    set_option(curl, CURLOPT_SSL_VERIFYHOST, settings.verify_tls ? 2L : 0L);
    if (settings.ca_file) set_option(curl, CURLOPT_CAINFO, settings.ca_file->c_str());
    if (settings.client_cert) set_option(curl, CURLOPT_SSLCERT, settings.client_cert->c_str());
    if (settings.client_key) set_option(curl, CURLOPT_SSLKEY, settings.client_key->c_str());
    // Environment proxies (http_proxy, ALL_PROXY) only where credentials are
    // protected anyway: a plain-http session (loopback, or not allowed
    // otherwise) would hand its Authorization header to the proxy in clear.
    // NOPROXY "*" rather than an empty PROXY: libcurl copies a PROXY string
    // in every transfer, a heap block per call.
    if (settings.proxy)
        set_option(curl, CURLOPT_PROXY, settings.proxy->c_str());
    else if (settings.plain_http_without_consent)
        set_option(curl, CURLOPT_NOPROXY, "*");
    set_option(curl, CURLOPT_WRITEFUNCTION, write_body);
    set_option(curl, CURLOPT_READFUNCTION, read_body);
    // The read callback's buffer is allocated per transfer: the smallest
    // libcurl allows (64 KiB by default) is plenty for an API request.
    set_option(curl, CURLOPT_UPLOAD_BUFFERSIZE, 16384L);
}

}  // namespace

HttpTransport::HttpTransport(const Config &config) : config_(config), default_headers_(default_headers_of(config)) {
    global_init_once();
    try {
        refuse_insecure(config_.base_url);
        base_root_ = root_of(endpoint_url(config_.base_url, "/"));
    } catch (const Failure &) {
        // base_root_ stays empty: every URL is checked, and refused, per request
    }
    pool_ = shared_handle_pool(transport_settings_of(config_), configure_handle);
}

// base_url's own origin was checked once, in the constructor.
void HttpTransport::refuse_insecure_unless_base(const std::string &url) const {
    if (!starts_with_root(url, base_root_)) refuse_insecure(url);
}

HttpTransport::~HttpTransport() = default;

void HttpTransport::refuse_insecure(const std::string &url) const {
    Origin origin = origin_of(url);
    if (origin.scheme != "http" || config_.allow_http) return;
    if (!is_loopback(origin))
        throw Failure(ErrorCode::InsecureTransport, "refusing to send credentials over plain http to " + origin.host +
                                                        " (use https, or set allow_http)");
    if (config_.proxy)
        throw Failure(ErrorCode::InsecureTransport,
                      "refusing to send credentials over plain http through the proxy (use https, or set allow_http)");
}

HttpTransport::Attempt HttpTransport::perform(const HttpRequest &request, const CallContext &call) {
    call.check_cancelled();
    Attempt attempt;
    const Millis timeout = call.remaining(Millis(config_.timeout_ms));
    attempt.deadline_bound = timeout < Millis(config_.timeout_ms);
    if (timeout <= Millis(0)) {  // libcurl would take 0 as "no timeout"
        attempt.code = CURLE_OPERATION_TIMEDOUT;
        attempt.error_detail = "no time left";
        return attempt;
    }
    Handle *handle = pool_->take();
    CURL *curl = handle->easy;
    struct Return {
        HandlePool &pool;
        Handle *handle;
        bool broken = false;  // after a failed allocation inside libcurl: not reused
        ~Return() {
            // nothing of this call may be used by the next one
            curl_easy_setopt(handle->easy, CURLOPT_ERRORBUFFER, nullptr);
            curl_easy_setopt(handle->easy, CURLOPT_HTTPHEADER, nullptr);
            curl_easy_setopt(handle->easy, CURLOPT_POSTFIELDS, nullptr);
            if (broken)
                pool.discard(handle);
            else
                pool.give_back(handle);
        }
    } give_back{*pool_, handle};

    std::optional<CallHeaders> call_headers;
    curl_slist *headers = nullptr;
    if (request.api_headers) {
        headers =
            request.has_body ? request.api_headers->with_json_body.get() : request.api_headers->without_body.get();
    } else {
        headers = call_headers.emplace(request.headers, default_headers_).list.get();
    }

    char error_buffer[CURL_ERROR_SIZE] = "";
    BodySink sink{curl, &attempt.response.body, size_t(config_.max_response_bytes)};
    BodySource source{request.body()};

    if (!set_url(curl, request.url.str())) {
        give_back.broken = true;
        attempt.code = CURLE_OUT_OF_MEMORY;
        return attempt;
    }
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, long(timeout.count()));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                     long(std::min<int64_t>(config_.connect_timeout_ms, timeout.count())));
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
    set_method_and_body(curl, request, source, config_.max_response_bytes);

    attempt.code = run_transfer(*handle, call);
    if (sink.out_of_memory) attempt.code = CURLE_OUT_OF_MEMORY;
    give_back.broken = attempt.code == CURLE_OUT_OF_MEMORY || attempt.code == CURLE_FAILED_INIT;
    if (attempt.code != CURLE_OK) {
        attempt.overflow = sink.overflow || attempt.code == CURLE_FILESIZE_EXCEEDED;
        attempt.error_detail = error_buffer[0] ? error_buffer : curl_easy_strerror(attempt.code);
        return attempt;
    }

    HttpResponse &r = attempt.response;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r.status);
    const char *content_type = nullptr;
    curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &content_type);
    r.content_type = ContentType(content_type);
    AnswerHeaders answer = read_answer_headers(curl, config_.response_headers, r.status);
    r.retry_after = std::move(answer.retry_after);
    r.date = answer.date;
    r.link = std::move(answer.link);
    r.meta = std::move(answer.meta);
    const char *redirect = nullptr;
    curl_easy_getinfo(curl, CURLINFO_REDIRECT_URL, &redirect);
    if (redirect) attempt.redirect_url = redirect;
    return attempt;
}

HttpTransport::Attempt HttpTransport::perform_logged(const HttpRequest &request, const char *reason,
                                                     const CallContext &call) {
    Exchange exchange;
    exchange.at_ms = wall_ms();
    exchange.set_method(request.method);
    exchange.set_url(request.url.str());
    exchange.kind = request.kind;
    exchange.reason = reason;
    exchange.client_auth = request.client_auth;
    const auto started = MonoClock::now();
    Attempt attempt = perform(request, call);
    exchange.duration_ms = std::chrono::duration_cast<Millis>(MonoClock::now() - started).count();
    exchange.status = attempt.response.status;
    if (attempt.code != CURLE_OK)
        exchange.error = attempt.code == CURLE_OPERATION_TIMEDOUT    ? "timeout"
                         : attempt.code == CURLE_ABORTED_BY_CALLBACK ? "cancelled"
                                                                     : "network";
    exchanges_.record(std::move(exchange));
    return attempt;
}

HttpResponse HttpTransport::send_with_retries(const HttpRequest &request, const CallContext &call,
                                              int64_t &retries_used) {
    const bool idempotent = request.idempotent();
    const char *reason = request.reason;
    for (;;) {
        const int attempt_no = int(retries_used);
        Attempt attempt = perform_logged(request, reason, call);
        const bool may_retry = retries_used < config_.retries;
        if (attempt.code != CURLE_OK) {
            const Millis wait = backoff_delay(attempt_no);
            if (may_retry && is_retryable_transport_error(attempt.code, idempotent) && call.allows(wait)) {
                retries_++;
                retries_used++;
                reason = retry_reason(0);
                call.sleep(wait);
                continue;
            }
            if (attempt.code == CURLE_ABORTED_BY_CALLBACK) call.check_cancelled();
            if (attempt.overflow)
                throw Failure(ErrorCode::InvalidResponse, "response larger than max_response_bytes (" +
                                                              std::to_string(config_.max_response_bytes) + ")");
            if (attempt.code == CURLE_OPERATION_TIMEDOUT)
                throw Failure(ErrorCode::Timeout, attempt.deadline_bound ? std::string(call.deadline_name()) +
                                                                               " elapsed: " + attempt.error_detail
                                                                         : attempt.error_detail);
            if (attempt.code == CURLE_OUT_OF_MEMORY) throw std::bad_alloc();
            if (attempt.code == CURLE_PARTIAL_FILE)
                throw Failure(ErrorCode::InvalidResponse, "response truncated: " + attempt.error_detail);
            if (is_tls_error(attempt.code)) throw Failure(ErrorCode::Tls, attempt.error_detail);
            if (attempt.code == CURLE_SEND_FAIL_REWIND)
                throw Failure(ErrorCode::Network,
                              "the connection closed before an answer came; the request is not idempotent, "
                              "so it was not sent again");
            throw Failure(ErrorCode::Network, attempt.error_detail);
        }
        if (may_retry && is_retryable_status(attempt.response.status, idempotent)) {
            auto asked = parse_retry_after(attempt.response.retry_after);
            const Millis wait = asked.value_or(backoff_delay(attempt_no));
            if (wait <= kMaxRetryAfter && call.allows(wait)) {
                retries_++;
                retries_used++;
                reason = retry_reason(attempt.response.status);
                call.sleep(wait);
                continue;
            }
            attempt.response.retry_after_refused = asked.has_value();
        }
        if (is_redirect(attempt.response.status)) attempt.response.location = attempt.redirect_url;
        return std::move(attempt.response);
    }
}

HttpResponse HttpTransport::send(const HttpRequest &request, const CallContext &call) {
    const HttpRequest *current = &request;
    std::optional<HttpRequest> redirected;  // copied only when a redirect is followed
    int64_t retries_used = 0;               // one retry budget for every hop
    for (int redirects = 0;; ++redirects) {
        refuse_insecure_unless_base(current->url.str());
        HttpResponse response = send_with_retries(*current, call, retries_used);
        if (!is_redirect(response.status) || response.location.empty()) return response;
        const std::string target = response.location;
        if (redirects == kMaxRedirects) throw Failure(ErrorCode::Http, "too many redirects", response.status);
        if (!same_origin(target, current->url.str())) {
            // Following would hand our credentials to another origin.
            response.cross_origin_redirect = true;
            return response;
        }
        const bool becomes_get = response.status == 303 || ((response.status == 301 || response.status == 302) &&
                                                            current->method != "GET" && current->method != "HEAD");
        if (!redirected) redirected = request;
        redirected->url = target;
        redirected->reason = "redirect";
        if (becomes_get) {
            redirected->method = "GET";
            redirected->clear_body();
            drop_content_type(redirected->headers);
        }
        current = &*redirected;
    }
}

}  // namespace extapi
