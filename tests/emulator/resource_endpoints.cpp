// Protected resources: GraphQL, XIQ devices, the generic /api echo.
#include "auth.hpp"
#include "codec.hpp"
#include "endpoint.hpp"
#include "routes.hpp"
#include "http_util.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace emu {
namespace {

const long long kDeviceTotal = 25;

// ---- GraphQL --------------------------------------------------------------

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// "error" as a whole word, so that e.g. "errorsCount" or "terror" don't match.
bool contains_word(const std::string &text, const std::string &word) {
    for (std::size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
        bool left = at == 0 || !is_word_char(text[at - 1]);
        std::size_t end = at + word.size();
        bool right = end == text.size() || !is_word_char(text[end]);
        if (left && right) return true;
    }
    return false;
}

void send_graphql_bad_request(httplib::Response &res, const char *message) {
    Json body = json_object();
    cJSON *errors = cJSON_AddArrayToObject(body.get(), "errors");
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "message", message);
    cJSON_AddItemToArray(errors, e);
    send_json(res, 400, body.get());
}

Json graphql_error_result() {
    Json body = json_object();
    cJSON *errors = cJSON_AddArrayToObject(body.get(), "errors");
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "message", "Cannot query field \"error\"");
    cJSON_AddItemToArray(errors, e);
    cJSON *data = cJSON_AddObjectToObject(body.get(), "data");
    cJSON_AddTrueToObject(data, "partial");
    return body;
}

Json graphql_data_result(const cJSON *query, const cJSON *variables) {
    Json body = json_object();
    cJSON *data = cJSON_AddObjectToObject(body.get(), "data");
    cJSON_AddItemToObject(data, "query", cJSON_Duplicate(query, 1));
    cJSON_AddItemToObject(data, "variables", variables ? cJSON_Duplicate(variables, 1) : cJSON_CreateNull());
    cJSON *network = cJSON_AddObjectToObject(data, "network");
    cJSON *devices = cJSON_AddArrayToObject(network, "devices");
    for (const char *ip : {"10.0.0.1", "10.0.0.2"}) {
        cJSON *d = cJSON_CreateObject();
        cJSON_AddStringToObject(d, "ip", ip);
        cJSON_AddItemToArray(devices, d);
    }
    return body;
}

void handle_graphql(State &st, const httplib::Request &req, httplib::Response &res) {
    if (require_credential(st, req, res) == Credential::None) return;
    Json body = json_parse(req.body);
    const cJSON *query = json_member(body.get(), "query");
    if (!cJSON_IsString(query))
        return send_graphql_bad_request(res, "body must be a JSON object with a string \"query\"");
    if (contains_word(query->valuestring, "error")) return send_json(res, 200, graphql_error_result().get());
    const cJSON *variables = json_member(body.get(), "variables");
    send_json(res, 200, graphql_data_result(query, variables).get());
}

// ---- XIQ devices ----------------------------------------------------------

// Integer query parameter of at least `min`, with a default; false if
// malformed.
bool integer_param(const httplib::Request &req, const char *key, long long def, long long min, long long &out) {
    if (!req.has_param(key)) {
        out = def;
        return true;
    }
    std::string text = req.get_param_value(key);
    char *end = nullptr;
    out = std::strtoll(text.c_str(), &end, 10);
    return !text.empty() && *end == '\0' && out >= min;
}

Json devices_page(long long page, long long limit) {
    long long first = (page - 1) * limit + 1;
    long long last = std::min(page * limit, kDeviceTotal);
    Json body = json_object();
    cJSON *data = cJSON_CreateArray();
    for (long long id = first; id <= last; ++id) {
        cJSON *d = cJSON_CreateObject();
        cJSON_AddNumberToObject(d, "id", static_cast<double>(id));
        cJSON_AddStringToObject(d, "hostname", ("dev-" + std::to_string(id)).c_str());
        cJSON_AddItemToArray(data, d);
    }
    cJSON_AddNumberToObject(body.get(), "page", static_cast<double>(page));
    cJSON_AddNumberToObject(body.get(), "count", static_cast<double>(cJSON_GetArraySize(data)));
    cJSON_AddNumberToObject(body.get(), "total_pages", static_cast<double>((kDeviceTotal + limit - 1) / limit));
    cJSON_AddNumberToObject(body.get(), "total_count", static_cast<double>(kDeviceTotal));
    cJSON_AddItemToObject(body.get(), "data", data);
    return body;
}

void send_rate_limited(State &st, const httplib::Request &req, httplib::Response &res, long long retry_after) {
    st.count("rate_limited", record_request(req));
    res.set_header("Retry-After", std::to_string(retry_after));
    send_error(res, 429, "quota exceeded");
}

// The start every /devices and /api answer shares: credentials, then the
// quota window (enforced only on /devices), whose state the rate-limit
// headers report.  Answers and returns false when the request stops here.
bool admit(State &st, const httplib::Request &req, httplib::Response &res, bool enforce_quota, Credential &credential) {
    credential = require_credential(st, req, res);
    if (credential == Credential::None) return false;
    QuotaStatus quota = st.quota_take(enforce_quota);
    add_rate_limit_headers(res, st.config().rate_limit_headers, quota);
    if (quota.retry_after == 0) return true;
    send_rate_limited(st, req, res, quota.retry_after);
    return false;
}

bool admit_api(State &st, const httplib::Request &req, httplib::Response &res) {
    Credential ignored;
    return admit(st, req, res, false, ignored);
}

// scheme://host:port as the client addressed us, for absolute links.
std::string request_base(const httplib::Request &req) {
    std::string host = req.get_header_value("Host");
    if (host.empty()) host = "127.0.0.1:" + std::to_string(req.local_port);
    return std::string(req.ssl ? "https" : "http") + "://" + host;
}

// RFC 8288 pagination, as GitHub-style APIs send it: only a "next" link,
// and only when there is a next page.
void add_next_link(const httplib::Request &req, httplib::Response &res, long long page, long long limit) {
    if (page * limit >= kDeviceTotal) return;
    res.set_header("Link", "<" + request_base(req) + "/devices?page=" + std::to_string(page + 1) +
                               "&limit=" + std::to_string(limit) + ">; rel=\"next\"");
}

void handle_devices(State &st, const httplib::Request &req, httplib::Response &res) {
    Credential credential;
    if (!admit(st, req, res, true, credential)) return;
    long long page, limit;
    if (!integer_param(req, "page", 1, 1, page) || !integer_param(req, "limit", 10, 1, limit) || limit > 100)
        return send_error(res, 400, "page must be >= 1 and limit in 1..100");
    add_next_link(req, res, page, limit);
    send_json(res, 200, devices_page(page, limit).get());
}

// ---- MSX tenants and a cursor listing: the other two pagination styles ---

constexpr long long kTenantTotal = 23;
constexpr long long kLinkItemTotal = 10;
constexpr long long kLinkPageSize = 4;

// Cisco MSX style: 0-based page, pageSize, hasNext, items in "contents".
void handle_tenants(State &st, const httplib::Request &req, httplib::Response &res) {
    if (!admit_api(st, req, res)) return;
    long long page, size;
    if (!integer_param(req, "page", 0, 0, page) || !integer_param(req, "pageSize", 10, 1, size) || size > 100)
        return send_error(res, 400, "page must be >= 0 and pageSize in 1..100");
    Json body = json_object();
    cJSON *contents = cJSON_AddArrayToObject(body.get(), "contents");
    for (long long n = page * size + 1; n <= std::min((page + 1) * size, kTenantTotal); ++n) {
        cJSON *t = cJSON_CreateObject();
        cJSON_AddStringToObject(t, "id", ("t-" + std::to_string(n)).c_str());
        cJSON_AddStringToObject(t, "name", ("tenant-" + std::to_string(n)).c_str());
        cJSON_AddItemToArray(contents, t);
    }
    cJSON_AddNumberToObject(body.get(), "page", static_cast<double>(page));
    cJSON_AddNumberToObject(body.get(), "pageSize", static_cast<double>(size));
    cJSON_AddNumberToObject(body.get(), "totalItems", static_cast<double>(kTenantTotal));
    cJSON_AddBoolToObject(body.get(), "hasNext", (page + 1) * size < kTenantTotal);
    send_json(res, 200, body.get());
}

// A cursor listing that says nothing in its body: a top-level array, and
// the next page only in an RFC 8288 Link header.
void handle_links(State &st, const httplib::Request &req, httplib::Response &res) {
    if (!admit_api(st, req, res)) return;
    long long cursor;
    if (!integer_param(req, "cursor", 0, 0, cursor)) return send_error(res, 400, "cursor must be >= 0");
    Json items(cJSON_CreateArray());
    for (long long n = cursor + 1; n <= std::min(cursor + kLinkPageSize, kLinkItemTotal); ++n) {
        cJSON *item = cJSON_CreateObject();
        cJSON_AddNumberToObject(item, "n", static_cast<double>(n));
        cJSON_AddItemToArray(items.get(), item);
    }
    if (cursor + kLinkPageSize < kLinkItemTotal)
        res.set_header("Link", "<" + request_base(req) + "/links?cursor=" + std::to_string(cursor + kLinkPageSize) +
                                   ">; rel=\"next\", <" + request_base(req) + "/links?cursor=0>; rel=\"first\"");
    send_json(res, 200, items.get());
}

// ---- /api -----------------------------------------------------------------

// A strong validator that is the same for the same request every time, so
// tests of response_headers know what to expect.  HEAD is GET without a
// body (RFC 9110), so it gets GET's tag.
std::string echo_etag(const httplib::Request &req) {
    std::string method = req.method == "HEAD" ? "GET" : req.method;
    return "\"" + fnv1a_hex(method + " " + req.path + "?" + raw_query(req)) + "\"";
}

// A token of an MSX switch-tenant grant names its tenant; the echo shows it
// so that a test can tell which token a call carried.
void add_token_tenant(State &st, const httplib::Request &req, cJSON *body) {
    auto value = bearer_token(req);
    if (!value) return;
    auto token = st.valid_token(*value, TokenKind::Access);
    if (token && !token->tenant_id.empty()) cJSON_AddStringToObject(body, "tenant_id", token->tenant_id.c_str());
}

void handle_api_echo(State &st, const httplib::Request &req, httplib::Response &res) {
    Credential c;
    if (!admit(st, req, res, false, c)) return;
    Json body = json_object();
    cJSON_AddStringToObject(body.get(), "method", req.method.c_str());
    cJSON_AddStringToObject(body.get(), "path", req.path.c_str());
    cJSON_AddStringToObject(body.get(), "query", raw_query(req).c_str());
    Json parsed = json_parse(req.body);
    cJSON_AddItemToObject(body.get(), "body", parsed ? parsed.release() : cJSON_CreateNull());
    cJSON_AddStringToObject(body.get(), "auth", credential_name(c));
    if (c == Credential::Bearer) add_token_tenant(st, req, body.get());
    res.set_header("ETag", echo_etag(req));
    send_json(res, 200, body.get());
}

void handle_api_status(State &st, const httplib::Request &req, httplib::Response &res) {
    if (!admit_api(st, req, res)) return;
    int code = std::atoi(req.matches[1].str().c_str());
    if (req.matches[1].length() > 3 || code < 200 || code > 599)
        return send_error(res, 400, "status must be in 200..599");
    res.status = code;
    if (code == 204 || code == 304) return;  // these never carry a body
    Json body = json_object();
    cJSON_AddNumberToObject(body.get(), "status", code);
    send_json(res, code, body.get());
}

void handle_api_redirect(State &st, const httplib::Request &req, httplib::Response &res) {
    if (!admit_api(st, req, res)) return;
    if (!req.has_param("to")) return send_error(res, 400, "missing ?to=<url>");
    res.status = 302;
    res.set_header("Location", req.get_param_value("to"));
}

Handler bind_state(State &st, void (*fn)(State &, const httplib::Request &, httplib::Response &)) {
    return [&st, fn](const httplib::Request &req, httplib::Response &res) { fn(st, req, res); };
}

}  // namespace

void register_resource_endpoints(httplib::Server &srv, State &st) {
    for (const char *path : {"/nbi/graphql", "/graphql"}) {
        srv.Post(path, counted(st, "graphql", bind_state(st, handle_graphql)));
        srv.Get(path, counted(st, "graphql", [](const httplib::Request &, httplib::Response &res) {
                    send_method_not_allowed(res, "POST");
                }));
    }
    srv.Get("/devices", counted(st, "devices", bind_state(st, handle_devices)));
    srv.Get("/tenants", counted(st, "tenants", bind_state(st, handle_tenants)));
    srv.Get("/links", counted(st, "links", bind_state(st, handle_links)));
    // Registration order matters: httplib takes the first matching pattern.
    register_any_method(srv, R"(/api/status/(\d+))", counted(st, "api", bind_state(st, handle_api_status)));
    register_any_method(srv, "/api/redirect", counted(st, "api", bind_state(st, handle_api_redirect)));
    register_any_method(srv, "/api/.*", counted(st, "api", bind_state(st, handle_api_echo)));
}

}  // namespace emu
