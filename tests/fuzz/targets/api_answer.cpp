// libFuzzer target: API answers through the result path, REST and GraphQL,
// as the session builds its documents, redacted as capi.cpp does.
// Input: see fuzz_common.hpp; "X-Fuzz-Mode: graphql|text|base64" picks the
// path (default: REST with ResponseMode::Json).
// REST: response_data, then api_failure/error_document for a non-2xx answer
// or data_document.  GraphQL: Session::graphql's steps (is_strict_json,
// member_text "errors"/"data", is_nonempty_array, is_object_text; that
// function is internal to session.cpp, so they are repeated here).
// Invariants: only Failure(invalid_response/http/auth_failed/rate_limited/
// graphql) is thrown; every document parses back (cJSON and
// is_strict_json) and shows no secret the session would hide (the access
// and refresh tokens, client secret, API key contained anywhere, the
// password as a whole value), in the server's JSON included; member_text
// of a strict object gives strict JSON; a success document printed as
// text (print_data_document) is the tree's byte for byte, also when it
// skips what scan_strict_json found too short to hold a secret.
#include <cstdint>

#include "fuzz_common.hpp"
#include "result.hpp"

namespace {

using namespace extapi;

const Secret kAccess("fuzz-access-token.eyJleHAiOjF9"), kRefresh("fuzz-refresh-token"), kApiKey("fuzz-api-key-123");

JsonPtr member_or_null(const std::string &body, const char *name) {
    auto text = member_text(body, name);
    if (text) FUZZ_CHECK(is_strict_json(*text), std::string(*text));
    return text ? raw_json_node(*text) : checked(cJSON_CreateNull());
}

bool is_success(long status) { return status >= 200 && status <= 299; }

JsonPtr graphql(const HttpResponse &response) {
    if (!is_strict_json(response.body)) {
        JsonPtr data = response_data(response);
        if (!is_success(response.status)) throw api_failure(response, std::move(data));
        throw Failure(ErrorCode::InvalidResponse, "the GraphQL answer is not a JSON object", response.status);
    }
    if (auto errors = member_text(response.body, "errors"); errors && is_nonempty_array(*errors)) {
        JsonPtr parsed = parse_json(std::string(*errors));
        FUZZ_CHECK(parsed != nullptr, std::string(*errors));
        auto message = string_member(cJSON_GetArrayItem(parsed.get(), 0), "message");
        Failure failure(ErrorCode::Graphql, message.value_or("the GraphQL server reported errors"), response.status);
        failure.errors.reset(raw_json_node(*errors).release(), JsonDeleter());
        failure.data.reset(member_or_null(response.body, "data").release(), JsonDeleter());
        failure.meta = response.meta;
        throw failure;
    }
    if (!is_success(response.status)) throw api_failure(response, raw_json_node(response.body));
    if (!is_object_text(response.body))
        throw Failure(ErrorCode::InvalidResponse, "the GraphQL answer is not a JSON object", response.status);
    return data_document(response.status, member_or_null(response.body, "data"), response.meta);
}

// What the session prints without a tree on success (print_data_document)
// must be the tree's document byte for byte.
void check_printed(const HttpResponse &response, const std::string &mode, const std::string &tree_text,
                   const std::vector<const Secret *> &containing, const std::vector<const Secret *> &equal) {
    std::string storage;
    ResultData data;
    if (mode == "graphql") {
        // as Session::graphql: the members and the longest string from the
        // validating pass, which must agree with member_text
        std::optional<std::string_view> text;
        const StrictScan scan = scan_strict_json(response.body, {{"data", &text}});
        FUZZ_CHECK(text == member_text(response.body, "data"), response.body);
        if (text) data = ResultData::json(*text, scan.longest_string);
    } else {
        data = response_result_data(response,
                                    mode == "text"     ? ResponseMode::Text
                                    : mode == "base64" ? ResponseMode::Base64
                                                       : ResponseMode::Json,
                                    storage);
    }
    Redactor redactor;
    for (auto *s : containing) redactor.hide_containing(*s);
    for (auto *s : equal) redactor.hide_equal(*s);
    PrintedDocument printed = print_data_document(response.status, data, response.meta, redactor.filter());
    FUZZ_CHECK(tree_text == printed.get(), tree_text + "\nprinted: " + printed.get());
}

JsonPtr rest(const HttpResponse &response, ResponseMode mode) {
    JsonPtr data = response_data(response, mode);
    if (!is_success(response.status)) throw api_failure(response, std::move(data));
    return data_document(response.status, std::move(data), response.meta);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    std::string mode;
    HttpResponse response = fuzz::parse_answer(data, size, &mode);
    if (!response.retry_after.empty()) response.meta.retry_after_s = int64_t(response.retry_after.size());
    const std::vector<const Secret *> containing{&kAccess, &kRefresh, &fuzz::client_secret(), &kApiKey};
    const std::vector<const Secret *> equal{&fuzz::password()};
    JsonPtr doc;
    bool succeeded = false;
    try {
        if (mode == "graphql")
            doc = graphql(response);
        else
            doc = rest(response, mode == "text"     ? ResponseMode::Text
                                 : mode == "base64" ? ResponseMode::Base64
                                                    : ResponseMode::Json);
        succeeded = true;
    } catch (const Failure &failure) {
        FUZZ_CHECK(failure.code == ErrorCode::InvalidResponse || failure.code == ErrorCode::Http ||
                       failure.code == ErrorCode::AuthFailed || failure.code == ErrorCode::RateLimited ||
                       failure.code == ErrorCode::Graphql,
                   failure.what());
        doc = error_document(failure);
    }
    const std::string text = fuzz::finish(doc.get(), containing, equal);
    if (succeeded) check_printed(response, mode, text, containing, equal);
    return 0;
}
