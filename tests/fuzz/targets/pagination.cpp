// libFuzzer target: the pagination logic (Paginator::take, next_link).
// The input is a sequence of pages separated by lines "---"; each page is
// "Link: ..." header lines, an empty line, and its body (see
// fuzz_common.hpp, the status line is ignored).  Pages whose body is not
// strict JSON are skipped (the session never hands those to the
// Paginator).  Up to 8 pages are taken, as a session with max_pages would.
// Invariants: only Failure(invalid_response) is thrown; every URL returned
// is absolute http(s) (curl_url parses it with scheme http or https and a
// host); items_json() is always valid JSON (an array) and pages() counts
// the pages taken; next_link returns a substring of its header.
#include <curl/curl.h>

#include <cstdint>

#include "error.hpp"
#include "fuzz_common.hpp"
#include "pagination.hpp"

namespace {

bool absolute_http(const std::string &url) {
    CURLU *u = curl_url();
    bool ok = false;
    if (u && curl_url_set(u, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK) {
        char *scheme = nullptr, *host = nullptr;
        if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
            curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK)
            ok = (std::strcmp(scheme, "http") == 0 || std::strcmp(scheme, "https") == 0) && *host;
        curl_free(scheme);
        curl_free(host);
    }
    curl_url_cleanup(u);
    return ok && url.compare(0, 4, "http") == 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    std::string_view in(reinterpret_cast<const char *>(data), size);
    extapi::Paginator paginator("https://api.example.test/v1/devices?limit=10");
    int taken = 0;
    for (int page = 0; page < 8 && !in.empty(); ++page) {
        size_t sep = in.find("\n---\n");
        std::string_view chunk = in.substr(0, sep);
        in.remove_prefix(sep == std::string_view::npos ? in.size() : sep + 5);
        std::string framed = "200\n" + std::string(chunk);
        extapi::HttpResponse r = fuzz::parse_answer(reinterpret_cast<const uint8_t *>(framed.data()), framed.size());
        if (auto link = extapi::next_link(r.link)) FUZZ_CHECK(r.link.find(*link) != std::string::npos, r.link);
        if (!extapi::is_strict_json(r.body)) continue;
        std::optional<std::string> next;
        try {
            next = paginator.take(r.body, r.link);
        } catch (const extapi::Failure &failure) {
            FUZZ_CHECK(failure.code == extapi::ErrorCode::InvalidResponse, failure.what());
            break;
        }
        ++taken;
        FUZZ_CHECK(paginator.pages() == taken, std::to_string(paginator.pages()));
        FUZZ_CHECK(fuzz::parses_back(paginator.items_json()), paginator.items_json());
        if (!next) break;
        FUZZ_CHECK(absolute_http(*next), *next);
    }
    return 0;
}
