// The session's API calls (GraphQL, REST, pagination): the credential on
// each request, the one re-authentication after a 401, and the redacted
// result documents.
#include "session.hpp"

#include <curl/curl.h>

#include <algorithm>

#include "body_buffer.hpp"
#include "graphql_operation.hpp"
#include "header_list.hpp"
#include "pagination.hpp"
#include "raw_json.hpp"
#include "redaction.hpp"
#include "result.hpp"
#include "url.hpp"

namespace extapi {

bool Session::reauth_paused() const {
    std::lock_guard<std::mutex> guard(mutex_);
    return MonoClock::now() < reauth_paused_until_;
}

// Built once per token rather than per call: the fixed headers, the
// configured ones, and the credential.
std::shared_ptr<const ApiHeaders> Session::api_headers_for(const Token &token) const {
    auto headers = std::make_shared<ApiHeaders>();
    GivenHeaders given;
    for (const auto &header : config_->headers) given.note(header.first);
    const Secret credential = profile_->credential_header(token);
    for (HeaderList *list : {&headers->without_body, &headers->with_json_body}) {
        append_default_headers(*list, http_->default_headers(), given);
        if (list == &headers->with_json_body) list->append("Content-Type: application/json");
        for (const auto &header : config_->headers) list->append(header.first + ": " + header.second);
        if (!credential.empty()) list->append(credential.c_str());
    }
    return headers;
}

// The token's prebuilt headers, or (when the call brings headers or a
// content type of its own) a list built for this call: the session's
// headers with the call's merged over them, then the credential.
void Session::attach_credentials(HttpRequest &request, const Token &token, const CallOptions &options) const {
    if (options.headers.empty() && !options.content_type) {
        request.api_headers = token.api_headers;
        return;
    }
    request.api_headers = nullptr;
    request.headers.clear();
    if (request.has_body)
        request.headers.emplace_back("Content-Type: " + options.content_type.value_or("application/json"));
    auto overridden = [&](const std::string &name) {
        return std::any_of(options.headers.begin(), options.headers.end(),
                           [&](const auto &h) { return curl_strequal(h.first.c_str(), name.c_str()); });
    };
    for (const auto &header : config_->headers)
        if (!overridden(header.first)) request.headers.emplace_back(header.first + ": " + header.second);
    for (const auto &header : options.headers) request.headers.emplace_back(header.first + ": " + header.second);
    Secret credential = profile_->credential_header(token);
    if (!credential.empty()) request.headers.push_back(std::move(credential));
}

HttpResponse Session::send_authorized(HttpRequest &request, const CallContext &call, const CallOptions &options) {
    counters_.requests++;
    for (const auto &param : options.query) request.url = append_query(request.url.str(), param.first, param.second);
    std::shared_ptr<const Token> token = current_token(call);
    profile_->add_credential_to_url(request.url);
    attach_credentials(request, *token, options);
    HttpResponse response = http_->send(request, call);
    if (response.status != 401 || !profile_->issues_tokens() || reauth_paused()) return response;

    // One re-authentication and one retry, never more.
    counters_.reauths++;
    token = renew(token, Renewal::Rejected, call);
    attach_credentials(request, *token, options);
    request.reason = "re-authenticated after HTTP 401";
    response = http_->send(request, call);
    if (response.status == 401) {
        // Even a fresh token is refused: logging in again per call would
        // only burn the server's login rate limit.
        std::lock_guard<std::mutex> guard(mutex_);
        reauth_paused_until_ = MonoClock::now() + kReauthPause;
    }
    return response;
}

namespace {

// A member of a GraphQL answer as the server wrote it, or JSON null.
JsonPtr raw_or_null(const std::optional<std::string_view> &text) {
    return text ? raw_json_node(*text) : checked(cJSON_CreateNull());
}

// {"query": ..., "variables": ...} in `body`, the variables spliced in as
// given so that no number loses a digit.  Reserved for the worst case (every
// character escaped) so that no reallocation leaves an unwiped copy behind.
void build_graphql_body(std::string &body, std::string_view query, const std::string *variables_json,
                        const std::optional<std::string> &operation_name) {
    body.reserve(6 * query.size() + (variables_json ? variables_json->size() : 0) +
                 (operation_name ? 6 * operation_name->size() : 0) + 48);
    body.append("{\"query\":");
    append_json_string(body, query);
    if (variables_json) body.append(",\"variables\":").append(*variables_json);
    if (operation_name) {
        body.append(",\"operationName\":");
        append_json_string(body, *operation_name);
    }
    body.push_back('}');
}

// code graphql: the first error's message, `errors` as sent, partial data.
Failure graphql_failure(const HttpResponse &response, std::string_view errors_text,
                        const std::optional<std::string_view> &data_text) {
    JsonPtr errors = parse_json(errors_text);
    auto message = string_member(cJSON_GetArrayItem(errors.get(), 0), "message");
    Failure failure(ErrorCode::Graphql, message.value_or("the GraphQL server reported errors"), response.status);
    failure.errors.reset(raw_json_node(errors_text).release(), JsonDeleter());
    failure.data.reset(raw_or_null(data_text).release(), JsonDeleter());
    failure.meta = response.meta;
    return failure;
}

}  // namespace

PrintedDocument Session::graphql(std::string_view query, const std::string *variables_json, const CallOptions &options,
                                 const Cancel *cancel) {
    const CallContext call = start_call(options, cancel);
    BodyBuffer body(spare_body_);  // no heap block per call
    build_graphql_body(body.text(), query, variables_json, options.operation_name);
    HttpRequest request;
    request.method = "POST";
    request.url.refer_to(graphql_url_);  // the session's, which outlives the call
    request.refer_to_body(body.text());
    request.read_only = runs_graphql_query(query, options.operation_name);

    HttpResponse response = send_authorized(request, call, options);
    std::optional<std::string_view> data, errors;
    const StrictScan scan = scan_strict_json(response.body, {{"data", &data}, {"errors", &errors}});  // one pass
    if (!scan.valid) {
        JsonPtr text = response_data(response);  // text, null, or invalid_response
        if (!is_success(response)) throw api_failure(response, std::move(text));
        throw Failure(ErrorCode::InvalidResponse, "the GraphQL answer is not a JSON object", response.status);
    }
    if (errors && is_nonempty_array(*errors)) throw graphql_failure(response, *errors, data);
    if (!is_success(response)) throw api_failure(response, raw_json_node(response.body));
    if (!is_object_text(response.body))
        throw Failure(ErrorCode::InvalidResponse, "the GraphQL answer is not a JSON object", response.status);
    return print_data(response.status, data ? ResultData::json(*data, scan.longest_string) : ResultData{},
                      response.meta);
}

PrintedDocument Session::request(const std::string &method, const std::string &path,
                                 std::optional<std::string_view> body, const CallOptions &options,
                                 const Cancel *cancel) {
    const CallContext call = start_call(options, cancel);
    HttpRequest request;
    request.method = method;
    request.url = request_url(config_->base_url, path);
    if (body) request.refer_to_body(*body);  // the caller's, valid for the whole call
    HttpResponse response = send_authorized(request, call, options);
    std::string storage;
    const ResultData data = response_result_data(response, options.response, storage);
    if (!is_success(response)) throw api_failure(response, data.node());
    return print_data(response.status, data, response.meta);
}

// The first page is the caller's path; a later one is the server's link,
// refused (invalid_response, not the caller's invalid_argument) when it
// names another origin.
std::string Session::page_url(const std::string &url, int pages_done) const {
    try {
        return request_url(config_->base_url, url);
    } catch (const Failure &) {
        if (pages_done == 0) throw;
        throw Failure(ErrorCode::InvalidResponse, "the next page's link names another origin than base_url");
    }
}

JsonPtr Session::paginate(const std::string &path, const CallOptions &options, const Cancel *cancel) {
    const CallContext call = start_call(options, cancel);
    std::string url = request_url(config_->base_url, path);
    for (const auto &param : options.query) url = append_query(url, param.first, param.second);
    CallOptions per_page = options;
    per_page.query.clear();  // in the first URL; later ones come from the server
    Paginator pages(url);
    long status = 0;
    std::optional<std::string> next = url;
    while (next) {
        HttpRequest request;
        request.url = page_url(*next, pages.pages());
        HttpResponse response = send_authorized(request, call, per_page);
        if (!is_success(response)) throw api_failure(response, response_data(response));
        if (!is_strict_json(response.body))
            throw Failure(ErrorCode::InvalidResponse, "a page of the listing is not JSON", response.status);
        status = response.status;
        next = pages.take(response.body, response.link);
        if (next && pages.pages() >= options.max_pages) break;
    }
    const bool complete = !next;
    JsonPtr doc = data_document(status, raw_json_node(pages.items_json()), ResponseMeta{});
    add_item(doc.get(), "pages", integer_json(pages.pages()));
    add_item(doc.get(), "complete", checked(cJSON_CreateBool(complete)));
    add_item(doc.get(), "style", checked(cJSON_CreateString(page_style_name(pages.style()))));
    return doc;
}

// Calls `use` with a Redactor for every secret this session knows of.
template <typename Use>
void Session::with_redactor(Use use) const {
    std::array<std::shared_ptr<const Token>, kRetiredTokens + 1> tokens;
    {
        std::lock_guard<std::mutex> guard(mutex_);
        tokens[0] = token_;
        std::copy(retired_.begin(), retired_.end(), tokens.begin() + 1);
    }
    Redactor redactor;
    if (config_) redactor.hide_credentials(*config_, encoded_credentials_);
    const bool expose_access = config_ && config_->expose_token;
    for (const auto &token : tokens)
        if (token) redactor.hide_token(*token, expose_access);
    use(static_cast<const Redactor &>(redactor));
}

void Session::redact(cJSON *document) const {
    with_redactor([&](const Redactor &redactor) { redactor.apply(document); });
}

PrintedDocument Session::print_data(long status, const ResultData &data, const ResponseMeta &meta) const {
    PrintedDocument document;
    with_redactor(
        [&](const Redactor &redactor) { document = print_data_document(status, data, meta, redactor.filter()); });
    return document;
}

}  // namespace extapi
