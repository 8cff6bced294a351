#include "url.hpp"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <openssl/crypto.h>

#include <algorithm>
#include <memory>
#include <vector>

#include "ascii.hpp"
#include "error.hpp"

namespace extapi {

namespace {

struct UrlDeleter {
    void operator()(CURLU *u) const noexcept { curl_url_cleanup(u); }
};
using UrlPtr = std::unique_ptr<CURLU, UrlDeleter>;

// nullptr when `text` is not an absolute URL curl accepts.
// A failed allocation inside curl_url is not a bad URL: it must not turn
// into a (permanent) configuration error.
CURLUcode checked_url(CURLUcode code) {
    if (code == CURLUE_OUT_OF_MEMORY) throw std::bad_alloc();
    return code;
}

UrlPtr parse_absolute(const std::string &text) {
    UrlPtr u(curl_url());
    if (!u) throw std::bad_alloc();
    if (checked_url(curl_url_set(u.get(), CURLUPART_URL, text.c_str(), 0)) != CURLUE_OK) return nullptr;
    return u;
}

std::string get_part(CURLU *u, CURLUPart part, unsigned flags = 0) {
    char *value = nullptr;
    if (checked_url(curl_url_get(u, part, &value, flags)) != CURLUE_OK || !value) return "";
    std::string out(value);
    curl_free(value);
    return out;
}

Origin origin_from(CURLU *u) {
    Origin o;
    o.scheme = ascii_lowercase(get_part(u, CURLUPART_SCHEME));
    o.host = ascii_lowercase(get_part(u, CURLUPART_HOST));
    if (o.host.size() > 2 && o.host.front() == '[' && o.host.back() == ']')
        o.host = o.host.substr(1, o.host.size() - 2);
    o.port = std::strtol(get_part(u, CURLUPART_PORT, CURLU_DEFAULT_PORT).c_str(), nullptr, 10);
    return o;
}

// Percent-encoded for a query (curl_easy_escape keeps only unreserved
// characters, so '+' and '&' in an API key survive); wiped, it may be one.

// "a=1&b&c=3" -> {"a=1", "b", "c=3"}
std::vector<std::string> query_parameters(const std::string &query) {
    std::vector<std::string> params;
    for (size_t start = 0; start < query.size();) {
        const size_t end = std::min(query.find('&', start), query.size());
        if (end > start) params.push_back(query.substr(start, end - start));
        start = end + 1;
    }
    return params;
}

bool names_parameter(const std::string &param, const std::string &name) {
    return param == name || param.rfind(name + "=", 0) == 0;
}

bool is_http_scheme(const Origin &o) { return o.scheme == "http" || o.scheme == "https"; }

bool is_absolute_path(const std::string &s) { return s.size() >= 1 && s[0] == '/' && (s.size() < 2 || s[1] != '/'); }

// "https://h:1/prefix/" + "/x" -> "https://h:1/prefix/x"
std::string join_path(const std::string &base_url, const std::string &path) {
    UrlPtr base = parse_absolute(base_url);
    if (!base) throw Failure(ErrorCode::InvalidArgument, "base_url is not a URL");
    std::string prefix = get_part(base.get(), CURLUPART_PATH);
    while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
    if (checked_url(curl_url_set(base.get(), CURLUPART_PATH, nullptr, 0)) != CURLUE_OK) throw std::bad_alloc();
    std::string root = get_part(base.get(), CURLUPART_URL);
    while (!root.empty() && root.back() == '/') root.pop_back();
    return root + prefix + path;
}

}  // namespace

Origin origin_of(const std::string &url) {
    UrlPtr u = parse_absolute(url);
    if (!u) throw Failure(ErrorCode::InvalidArgument, "not a valid absolute URL");
    Origin o = origin_from(u.get());
    if (!is_http_scheme(o)) throw Failure(ErrorCode::InvalidArgument, "only http and https URLs are supported");
    return o;
}

// Only a literal loopback address, or localhost (which libcurl resolves to
// loopback itself): "127.1.2.3.4" is a host name, and DNS may put it anywhere.
bool is_loopback(const Origin &o) {
    if (o.host == "localhost") return true;
    in_addr v4{};
    if (inet_pton(AF_INET, o.host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
    in6_addr v6{};
    return inet_pton(AF_INET6, o.host.c_str(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
}

void check_base_url(const std::string &base_url) {
    UrlPtr u = parse_absolute(base_url);
    if (!u) throw config_failure("base_url", "is not a valid absolute URL");
    if (!is_http_scheme(origin_from(u.get()))) throw config_failure("base_url", "must be an http or https URL");
    if (!get_part(u.get(), CURLUPART_QUERY).empty() || !get_part(u.get(), CURLUPART_FRAGMENT).empty())
        throw config_failure("base_url", "must not have a query or fragment");
    if (!get_part(u.get(), CURLUPART_USER).empty())
        throw config_failure("base_url", "must not carry credentials; use the credential keys");
}

void check_endpoint(const char *key, const std::string &base_url, const std::string &value) {
    try {
        origin_of(endpoint_url(base_url, value));
    } catch (const Failure &) {
        throw config_failure(key, "must be an absolute http(s) URL or a path starting with /");
    }
}

std::string endpoint_url(const std::string &base_url, const std::string &value) {
    if (is_absolute_path(value)) {
        std::string joined = join_path(base_url, value);
        if (!parse_absolute(joined)) throw Failure(ErrorCode::InvalidArgument, "path is not valid in a URL");
        return joined;
    }
    UrlPtr u = parse_absolute(value);
    if (!u) throw Failure(ErrorCode::InvalidArgument, "path must start with / or be an absolute URL");
    return get_part(u.get(), CURLUPART_URL);
}

std::string request_url(const std::string &base_url, const std::string &path) {
    if (path.empty()) throw Failure(ErrorCode::InvalidArgument, "path is empty");
    std::string url = endpoint_url(base_url, path);
    if (origin_of(url) != origin_of(base_url))
        throw Failure(ErrorCode::InvalidArgument,
                      "path names another origin than base_url; credentials are only sent to base_url");
    return url;
}

std::string percent_encode(std::string_view value) {
    char *out = curl_easy_escape(nullptr, value.data(), int(value.size()));
    if (!out) throw std::bad_alloc();
    std::string copy(out);
    OPENSSL_cleanse(out, copy.size());
    curl_free(out);
    return copy;
}

std::string append_query(const std::string &url, const std::string &name, std::string_view value) {
    UrlPtr u = parse_absolute(url);
    if (!u) throw Failure(ErrorCode::InvalidArgument, "not a valid absolute URL");
    std::string pair = percent_encode(name) + "=" + percent_encode(value);
    const CURLUcode rc = curl_url_set(u.get(), CURLUPART_QUERY, pair.c_str(), CURLU_APPENDQUERY);
    OPENSSL_cleanse(&pair[0], pair.size());  // the value may be an API key
    if (rc != CURLUE_OK) throw std::bad_alloc();
    return get_part(u.get(), CURLUPART_URL);
}

std::string with_query_parameter(const std::string &url, const std::string &name, const std::string &value) {
    UrlPtr u = parse_absolute(url);
    if (!u) throw Failure(ErrorCode::InvalidArgument, "not a valid absolute URL");
    std::string kept;
    for (const std::string &param : query_parameters(get_part(u.get(), CURLUPART_QUERY)))
        if (!names_parameter(param, name)) kept.append(kept.empty() ? "" : "&").append(param);
    kept.append(kept.empty() ? "" : "&").append(percent_encode(name) + "=" + percent_encode(value));
    if (curl_url_set(u.get(), CURLUPART_QUERY, kept.c_str(), 0) != CURLUE_OK) throw std::bad_alloc();
    return get_part(u.get(), CURLUPART_URL);
}

std::string resolve_reference(const std::string &base, const std::string &reference) {
    UrlPtr u = parse_absolute(base);
    if (!u || checked_url(curl_url_set(u.get(), CURLUPART_URL, reference.c_str(), 0)) != CURLUE_OK)
        throw Failure(ErrorCode::InvalidResponse, "the next page's link is not a valid URL");
    return get_part(u.get(), CURLUPART_URL);
}

bool has_query_parameter(const std::string &url, const std::string &name) {
    UrlPtr u = parse_absolute(url);
    if (!u) return false;
    for (const std::string &param : query_parameters(get_part(u.get(), CURLUPART_QUERY)))
        if (names_parameter(param, name)) return true;
    return false;
}

}  // namespace extapi
