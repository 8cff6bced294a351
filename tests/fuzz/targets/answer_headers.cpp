// libFuzzer target: Retry-After and rate-limit headers.
// The pure pieces are called directly: parse_retry_after and HttpDate::unix_time on
// every header value.  The rate-limit parsing is internal to
// response_meta.cpp behind read_answer_headers(CURL *), so the answer is
// also served to a real libcurl transfer through a socketpair
// (CURLOPT_OPENSOCKETFUNCTION; nothing touches the network) and read back
// with read_answer_headers, as the transport does.
// Input: a status line (digits), then header lines "Name: value".
// Invariants: a Retry-After wait is never negative; delta-seconds of up to
// 9 digits give exactly that many seconds, longer ones more than
// kMaxRetryAfter; retry_after_s only on 429/503, never negative; limit,
// remaining and reset_s never negative; only the wanted headers are kept.
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>

#include "fuzz_common.hpp"
#include "response_meta.hpp"
#include "retry_policy.hpp"

namespace {

int g_socket = -1;

curl_socket_t open_socket(void *, curlsocktype, struct curl_sockaddr *) {
    const int fd = g_socket;
    g_socket = -1;
    return fd >= 0 ? fd : CURL_SOCKET_BAD;
}

int already_connected(void *, curl_socket_t, curlsocktype) { return CURL_SOCKOPT_ALREADY_CONNECTED; }

size_t discard(char *, size_t size, size_t n, void *) { return size * n; }

void check_retry_after(const std::string &value) {
    auto wait = extapi::parse_retry_after(value);
    if (!wait) return;
    FUZZ_CHECK(wait->count() >= 0, value);
    if (std::all_of(value.begin(), value.end(), [](unsigned char c) { return std::isdigit(c); })) {
        if (value.size() <= 9)
            FUZZ_CHECK(wait->count() == std::stoll(value) * 1000, value);
        else
            FUZZ_CHECK(*wait > extapi::kMaxRetryAfter, value);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    std::string_view in(reinterpret_cast<const char *>(data), size);
    std::string answer = "HTTP/1.1 ";
    long status = 0;
    bool first = true;
    while (!in.empty()) {
        const size_t nl = in.find('\n');
        std::string line(in.substr(0, nl));
        in.remove_prefix(nl == std::string_view::npos ? in.size() : nl + 1);
        line.erase(std::remove_if(line.begin(), line.end(), [](char c) { return c == '\r' || c == '\n' || c == '\0'; }),
                   line.end());
        if (first) {
            for (char c : line.substr(0, 3)) status = c >= '0' && c <= '9' ? status * 10 + (c - '0') : status;
            if (status < 100) status = 200;
            answer += std::to_string(status) + " Fuzz\r\n";
            first = false;
            continue;
        }
        if (line.empty()) continue;
        const size_t colon = line.find(':');
        if (colon != std::string::npos) {
            const std::string value(fuzz::trim(std::string_view(line).substr(colon + 1)));
            check_retry_after(value);
            FUZZ_CHECK(extapi::HttpDate(value.c_str()).unix_time() >= 0, value);
        }
        answer += line + "\r\n";
    }
    if (first) return 0;
    answer += "Content-Length: 0\r\n\r\n";

    static CURL *curl = curl_easy_init();
    int pair[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) return 0;
    if (write(pair[1], answer.data(), answer.size()) != ssize_t(answer.size())) {
        close(pair[0]);
        close(pair[1]);
        return 0;
    }
    shutdown(pair[1], SHUT_WR);
    g_socket = pair[0];
    curl_easy_reset(curl);
    curl_easy_setopt(curl, CURLOPT_URL, "http://127.0.0.1:9/fuzz");
    curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, open_socket);
    curl_easy_setopt(curl, CURLOPT_SOCKOPTFUNCTION, already_connected);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(curl, CURLOPT_FORBID_REUSE, 1L);
    curl_easy_setopt(curl, CURLOPT_FRESH_CONNECT, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 2000L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    const CURLcode rc = curl_easy_perform(curl);
    close(pair[1]);
    if (g_socket >= 0) close(g_socket), g_socket = -1;
    if (rc != CURLE_OK) return 0;
    long got = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &got);
    const std::vector<std::string> wanted{"x-request-id", "link"};
    extapi::AnswerHeaders h = extapi::read_answer_headers(curl, wanted, got);
    check_retry_after(h.retry_after);
    const std::string shown = answer;
    if (h.meta.retry_after_s) {
        FUZZ_CHECK(got == 429 || got == 503, shown);
        FUZZ_CHECK(*h.meta.retry_after_s >= 0, shown);
    }
    FUZZ_CHECK(!h.meta.limit || *h.meta.limit >= 0, shown);
    FUZZ_CHECK(!h.meta.remaining || *h.meta.remaining >= 0, shown);
    FUZZ_CHECK(!h.meta.reset_s || *h.meta.reset_s >= 0, shown);
    for (const auto &kept : h.meta.headers)
        FUZZ_CHECK(kept.first == "x-request-id" || kept.first == "link", kept.first);
    return 0;
}
