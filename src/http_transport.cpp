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
#include "retry_policy.hpp"
#include "url.hpp"
#include "version.hpp"

namespace extapi {

namespace {

constexpr int kMaxRedirects = 5;
constexpr size_t kMaxIdleHandles = 64;

void global_init_once() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

bool method_is(const std::string &method, const char *name) { return method == name; }

// Frees a header list after wiping it: it holds copies of credentials.
struct HeaderList {
    curl_slist *list = nullptr;
    ~HeaderList() {
        for (curl_slist *item = list; item; item = item->next) OPENSSL_cleanse(item->data, std::strlen(item->data));
        curl_slist_free_all(list);
    }
    void append(const std::string &header) {
        curl_slist *grown = curl_slist_append(list, header.c_str());
        if (!grown) throw std::bad_alloc();
        list = grown;
    }
};

// The body of a non-idempotent request, handed to libcurl through a read
// callback that cannot rewind: libcurl silently re-sends a request once when
// a reused connection dies before answering, and without a rewind it cannot.
// (A connection the server closed while idle is detected before sending and
// replaced, so that common case still works.)
struct BodySource {
    const std::string *body;
    size_t offset = 0;
};

size_t read_body(char *buffer, size_t size, size_t count, void *userdata) {
    auto *source = static_cast<BodySource *>(userdata);
    const size_t n = std::min(size * count, source->body->size() - source->offset);
    std::memcpy(buffer, source->body->data() + source->offset, n);
    source->offset += n;
    return n;
}

struct BodySink {
    std::string *body;
    size_t limit;
    bool overflow = false;
};

size_t write_body(char *data, size_t size, size_t count, void *userdata) {
    auto *sink = static_cast<BodySink *>(userdata);
    const size_t n = size * count;
    if (sink->body->size() + n > sink->limit) {
        sink->overflow = true;
        return 0;  // makes libcurl abort the transfer with CURLE_WRITE_ERROR
    }
    sink->body->append(data, n);
    return n;
}

std::string header_value(CURL *curl, const char *name) {
    struct curl_header *h = nullptr;
    if (curl_easy_header(curl, name, 0, CURLH_HEADER, -1, &h) != CURLHE_OK || !h) return "";
    return h->value;
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
    case CURLE_USE_SSL_FAILED:
        return true;
    default:
        return false;
    }
}

void drop_content_type(std::vector<Secret> &headers) {
    headers.erase(std::remove_if(headers.begin(), headers.end(),
                                 [](const Secret &h) { return h.reveal().rfind("Content-Type:", 0) == 0; }),
                  headers.end());
}

// A leading non-negative integer ("100", "100, 100;w=60"); nothing otherwise.
std::optional<int64_t> leading_integer(const std::string &value) {
    size_t i = value.find_first_not_of(" \t");
    if (i == std::string::npos || !std::isdigit((unsigned char)value[i])) return std::nullopt;
    int64_t n = 0;
    for (; i < value.size() && std::isdigit((unsigned char)value[i]) && n < (int64_t(1) << 50); ++i)
        n = n * 10 + (value[i] - '0');
    return n;
}

// Reset as seconds from now; X-RateLimit-Reset is often a Unix time instead
// (GitHub style), recognisable by its size.
std::optional<int64_t> reset_seconds(const std::string &value, int64_t server_date) {
    constexpr int64_t kLooksLikeUnixTime = 1000000000;
    auto n = leading_integer(value);
    if (!n || *n < kLooksLikeUnixTime) return n;
    const int64_t now = server_date > 0 ? server_date : int64_t(std::time(nullptr));
    return std::max<int64_t>(0, *n - now);
}

// The first of the given headers present, or "".
std::string first_header(CURL *curl, std::initializer_list<const char *> names) {
    for (const char *name : names) {
        std::string value = header_value(curl, name);
        if (!value.empty()) return value;
    }
    return "";
}

// Every occurrence of a header, joined with ", " (RFC 9110 §5.3).
std::optional<std::string> joined_header(CURL *curl, const char *name) {
    std::optional<std::string> joined;
    struct curl_header *h = nullptr;
    for (size_t i = 0; curl_easy_header(curl, name, i, CURLH_HEADER, -1, &h) == CURLHE_OK && h; ++i) {
        joined = joined ? *joined + ", " + h->value : std::string(h->value);
        if (i + 1 >= h->amount) break;
    }
    return joined;
}

void read_meta(CURL *curl, const Config &config, HttpResponse &r) {
    for (const std::string &name : config.response_headers) {
        if (auto value = joined_header(curl, name.c_str())) r.meta.headers.emplace_back(name, std::move(*value));
    }
    r.meta.limit = leading_integer(first_header(curl, {"RateLimit-Limit", "X-RateLimit-Limit"}));
    r.meta.remaining = leading_integer(first_header(curl, {"RateLimit-Remaining", "X-RateLimit-Remaining"}));
    r.meta.reset_s = reset_seconds(first_header(curl, {"RateLimit-Reset", "X-RateLimit-Reset"}), r.server_date);
    if (r.status == 429 || r.status == 503) {
        if (auto wait = parse_retry_after(r.retry_after)) r.meta.retry_after_s = (wait->count() + 999) / 1000;
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

std::string without_query(const std::string &url) { return url.substr(0, url.find_first_of("?#")); }

int64_t wall_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

bool is_redirect(long status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

}  // namespace

bool HttpRequest::idempotent() const {
    return method_is(method, "GET") || method_is(method, "HEAD") || method_is(method, "PUT") ||
           method_is(method, "DELETE") || method_is(method, "OPTIONS");
}

void HttpRequest::set_json_body(std::string json) {
    headers.emplace_back("Content-Type: application/json");
    body = Secret(std::move(json));
    has_body = true;
}

void HttpRequest::set_form_body(std::string form) {
    headers.emplace_back("Content-Type: application/x-www-form-urlencoded");
    body = Secret(std::move(form));
    has_body = true;
}

// Idle easy handles, each keeping its own live connections; a caller takes
// one for the length of a transfer, so parallel calls use parallel
// connections.  DNS answers and TLS sessions are shared between them.
class HttpTransport::HandlePool {
public:
    HandlePool() {
        share_ = curl_share_init();
        if (!share_) throw std::bad_alloc();
        curl_share_setopt(share_, CURLSHOPT_LOCKFUNC, lock);
        curl_share_setopt(share_, CURLSHOPT_UNLOCKFUNC, unlock);
        curl_share_setopt(share_, CURLSHOPT_USERDATA, this);
        curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
        curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
    }
    ~HandlePool() {
        for (CURL *c : idle_) curl_easy_cleanup(c);
        curl_share_cleanup(share_);
    }

    CURL *take() {
        {
            std::lock_guard<std::mutex> guard(mutex_);
            if (!idle_.empty()) {
                CURL *c = idle_.back();
                idle_.pop_back();
                curl_easy_reset(c);  // keeps its connections, drops options
                curl_easy_setopt(c, CURLOPT_SHARE, share_);
                return c;
            }
        }
        CURL *c = curl_easy_init();
        if (!c) throw std::bad_alloc();
        curl_easy_setopt(c, CURLOPT_SHARE, share_);
        return c;
    }

    void give_back(CURL *c) {
        std::lock_guard<std::mutex> guard(mutex_);
        if (idle_.size() < kMaxIdleHandles) {
            idle_.push_back(c);
            return;
        }
        curl_easy_cleanup(c);
    }

private:
    static void lock(CURL *, curl_lock_data data, curl_lock_access, void *self) {
        static_cast<HandlePool *>(self)->share_locks_[data].lock();
    }
    static void unlock(CURL *, curl_lock_data data, void *self) {
        static_cast<HandlePool *>(self)->share_locks_[data].unlock();
    }

    std::mutex mutex_;
    std::vector<CURL *> idle_;
    CURLSH *share_ = nullptr;
    std::array<std::mutex, CURL_LOCK_DATA_LAST> share_locks_;
};

struct HttpTransport::Attempt {
    CURLcode code = CURLE_OK;
    bool overflow = false;
    bool deadline_bound = false;  // the call's deadline, not timeout_ms, limited it
    std::string error_detail;
    std::string redirect_url;
    HttpResponse response;
};

HttpTransport::HttpTransport(const Config &config) : config_(config) {
    global_init_once();
    pool_ = std::make_unique<HandlePool>();
}

HttpTransport::~HttpTransport() = default;

void HttpTransport::refuse_insecure(const std::string &url) const {
    Origin origin = origin_of(url);
    if (origin.scheme == "http" && !config_.allow_http && !is_loopback(origin))
        throw Failure(ErrorCode::InsecureTransport,
                      "refusing to send credentials over plain http to " + origin.host +
                          " (use https, or set allow_http)");
}

HttpTransport::Attempt HttpTransport::perform(const HttpRequest &request, const CallContext &call) {
    Attempt attempt;
    const Millis timeout = call.remaining(Millis(config_.timeout_ms));
    attempt.deadline_bound = timeout < Millis(config_.timeout_ms);
    if (timeout <= Millis(0)) {  // libcurl would take 0 as "no timeout"
        attempt.code = CURLE_OPERATION_TIMEDOUT;
        attempt.error_detail = "no time left";
        return attempt;
    }
    CURL *curl = pool_->take();
    struct Return {
        HandlePool &pool;
        CURL *curl;
        ~Return() { pool.give_back(curl); }
    } give_back{*pool_, curl};

    HeaderList headers;
    const bool accept_given = std::any_of(request.headers.begin(), request.headers.end(), [](const Secret &h) {
        return curl_strnequal(h.reveal().c_str(), "Accept:", 7);
    });
    if (!accept_given) headers.append("Accept: application/json");
    headers.append("Expect:");  // no 100-continue round trip
    for (const Secret &h : request.headers) headers.append(h.reveal());

    char error_buffer[CURL_ERROR_SIZE] = "";
    BodySink sink{&attempt.response.body, size_t(config_.max_response_bytes)};

    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, long(timeout.count()));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, long(std::min<int64_t>(config_.connect_timeout_ms, timeout.count())));
    curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(config_.max_response_bytes));
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, config_.verify_tls ? 1L : 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, config_.verify_tls ? 2L : 0L);
    if (config_.ca_file) curl_easy_setopt(curl, CURLOPT_CAINFO, config_.ca_file->c_str());
    if (config_.client_cert) curl_easy_setopt(curl, CURLOPT_SSLCERT, config_.client_cert->c_str());
    if (config_.client_key) curl_easy_setopt(curl, CURLOPT_SSLKEY, config_.client_key->c_str());
    if (config_.proxy) curl_easy_setopt(curl, CURLOPT_PROXY, config_.proxy->c_str());
    curl_easy_setopt(curl, CURLOPT_USERAGENT,
                     config_.user_agent ? config_.user_agent->c_str() : "libextapi/" EXTAPI_VERSION_STRING);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.list);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);

    if (method_is(request.method, "HEAD")) curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    else if (!method_is(request.method, "GET") || request.has_body)  // a body alone would turn GET into POST
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    BodySource source{&request.body.reveal()};
    if (request.has_body || method_is(request.method, "POST")) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.reveal().size()));
        if (request.idempotent()) {
            curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.reveal().data());
        } else {
            curl_easy_setopt(curl, CURLOPT_POST, 1L);
            curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_body);
            curl_easy_setopt(curl, CURLOPT_READDATA, &source);
        }
    }

    attempt.code = curl_easy_perform(curl);
    attempt.overflow = sink.overflow || attempt.code == CURLE_FILESIZE_EXCEEDED;
    attempt.error_detail = error_buffer[0] ? error_buffer : curl_easy_strerror(attempt.code);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
    if (attempt.code != CURLE_OK) return attempt;

    HttpResponse &r = attempt.response;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r.status);
    const char *content_type = nullptr;
    curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &content_type);
    if (content_type) r.content_type = content_type;
    r.retry_after = header_value(curl, "Retry-After");
    std::string date = header_value(curl, "Date");
    if (!date.empty()) {
        time_t t = curl_getdate(date.c_str(), nullptr);
        r.server_date = t > 0 ? int64_t(t) : 0;
    }
    read_meta(curl, config_, r);
    const char *redirect = nullptr;
    curl_easy_getinfo(curl, CURLINFO_REDIRECT_URL, &redirect);
    if (redirect) attempt.redirect_url = redirect;
    return attempt;
}

HttpTransport::Attempt HttpTransport::perform_logged(const HttpRequest &request, const CallContext &call) {
    Exchange exchange;
    exchange.at_ms = wall_ms();
    exchange.method = request.method;
    exchange.url = without_query(request.url);
    exchange.kind = request.kind;
    exchange.reason = request.reason;
    exchange.client_auth = request.client_auth;
    const auto started = MonoClock::now();
    Attempt attempt = perform(request, call);
    exchange.duration_ms = std::chrono::duration_cast<Millis>(MonoClock::now() - started).count();
    exchange.status = attempt.response.status;
    if (attempt.code != CURLE_OK) exchange.error = attempt.code == CURLE_OPERATION_TIMEDOUT ? "timeout" : "network";
    exchanges_.record(std::move(exchange));
    return attempt;
}

HttpResponse HttpTransport::send_with_retries(HttpRequest &request, const CallContext &call) {
    const bool idempotent = request.idempotent();
    for (int attempt_no = 0;; ++attempt_no) {
        Attempt attempt = perform_logged(request, call);
        const bool may_retry = attempt_no < config_.retries;
        if (attempt.code != CURLE_OK) {
            const Millis wait = backoff_delay(attempt_no);
            if (may_retry && is_retryable_transport_error(attempt.code, idempotent) && call.allows(wait)) {
                retries_++;
                request.reason = retry_reason(0);
                std::this_thread::sleep_for(wait);
                continue;
            }
            if (attempt.overflow)
                throw Failure(ErrorCode::InvalidResponse, "response larger than max_response_bytes (" +
                                                              std::to_string(config_.max_response_bytes) + ")");
            if (attempt.code == CURLE_OPERATION_TIMEDOUT)
                throw Failure(ErrorCode::Timeout, attempt.deadline_bound ? "deadline_ms elapsed: " + attempt.error_detail
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
                request.reason = retry_reason(attempt.response.status);
                std::this_thread::sleep_for(wait);
                continue;
            }
            attempt.response.retry_after_refused = asked.has_value();
        }
        if (is_redirect(attempt.response.status)) attempt.response.location = attempt.redirect_url;
        return std::move(attempt.response);
    }
}

HttpResponse HttpTransport::send(const HttpRequest &request, const CallContext &call) {
    HttpRequest current = request;
    for (int redirects = 0;; ++redirects) {
        refuse_insecure(current.url);
        HttpResponse response = send_with_retries(current, call);
        if (!is_redirect(response.status) || response.location.empty()) return response;
        const std::string target = response.location;
        if (redirects == kMaxRedirects)
            throw Failure(ErrorCode::Http, "too many redirects", response.status);
        if (origin_of(target) != origin_of(current.url)) {
            // Following would hand our credentials to another origin.
            response.cross_origin_redirect = true;
            return response;
        }
        const bool becomes_get = response.status == 303 ||
                                 ((response.status == 301 || response.status == 302) &&
                                  !method_is(current.method, "GET") && !method_is(current.method, "HEAD"));
        current.url = target;
        current.reason = "redirect";
        if (becomes_get) {
            current.method = "GET";
            current.body.clear();
            current.has_body = false;
            drop_content_type(current.headers);
        }
    }
}

}  // namespace extapi
