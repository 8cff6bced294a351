// URL parsing, joining and origin checks, all through libcurl's curl_url API.
#pragma once

#include <string>
#include <string_view>

namespace extapi {

struct Origin {
    std::string scheme;  // lower case
    std::string host;    // lower case, IPv6 without brackets
    long port = 0;       // explicit or the scheme's default

    bool operator==(const Origin &o) const { return scheme == o.scheme && host == o.host && port == o.port; }
    bool operator!=(const Origin &o) const { return !(*this == o); }
};

// Throws Failure(invalid_argument) when `url` is not an absolute http(s) URL.
Origin origin_of(const std::string &url);

// True for localhost, 127.0.0.0/8 and ::1.
bool is_loopback(const Origin &origin);

// Validates base_url (absolute http/https, no query or fragment); throws
// Failure(invalid_config, key "base_url").
void check_base_url(const std::string &base_url);

// Validates an endpoint given as an absolute http(s) URL or a path on
// base_url; throws Failure(invalid_config, key).
void check_endpoint(const char *key, const std::string &base_url, const std::string &value);

// Resolves an endpoint: an absolute URL stays as it is, "/path" is appended
// to base_url (keeping any path prefix base_url has).
std::string endpoint_url(const std::string &base_url, const std::string &value);

// Resolves a caller's request path like endpoint_url(), but refuses (throws
// Failure(invalid_argument)) anything that is not on base_url's origin.
std::string request_url(const std::string &base_url, const std::string &path);

// `value` percent-encoded as in a form or a query (curl_easy_escape); the
// temporary libcurl returns is wiped, as the value may be a secret.
std::string percent_encode(std::string_view value);

// `url` with name=value (both percent-encoded) appended to its query.
std::string append_query(const std::string &url, const std::string &name, std::string_view value);

// `url` with the query parameter `name` set to `value`: any `name` there
// is removed and name=value (percent-encoded) appended.
std::string with_query_parameter(const std::string &url, const std::string &name, const std::string &value);

// A URI reference (absolute, or relative like "/x?p=2") resolved against
// the absolute `base` (RFC 3986 §5), by curl_url.
std::string resolve_reference(const std::string &base, const std::string &reference);

// Whether the query of `url` has a parameter called `name`.
bool has_query_parameter(const std::string &url, const std::string &name);

}  // namespace extapi
