// Helpers shared by the libFuzzer targets of the C++ internals.
//
// Inputs are HTTP-like so that seeds can be written by hand:
//
//   200                           <- status (first line; digits)
//   Content-Type: application/json
//   Date: Tue, 01 Jul 2025 10:00:00 GMT
//                                 <- an empty line ends the header lines
//   {"access_token": "..."}       <- the body, every byte after it
#pragma once

#include <cjson/cJSON.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "http_transport.hpp"

namespace fuzz {

// Reports a broken invariant the way libFuzzer reports a crash.
[[noreturn]] inline void fail(const char *what, std::string_view detail = {}) {
    std::fprintf(stderr, "invariant broken: %s\n%.*s\n", what, int(detail.size() > 4000 ? 4000 : detail.size()),
                 detail.data());
    std::abort();
}
#define FUZZ_CHECK(cond, detail)                    \
    do {                                            \
        if (!(cond)) ::fuzz::fail(#cond, (detail)); \
    } while (0)

inline bool iequal_prefix(std::string_view line, std::string_view name) {
    if (line.size() < name.size()) return false;
    for (size_t i = 0; i < name.size(); ++i)
        if ((line[i] | 0x20) != (name[i] | 0x20)) return false;
    return true;
}

inline std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// Splits an input into a response: the status line, header lines up to
// an empty one (Content-Type, Date, Retry-After, Link, Location, and the
// target's own X-Fuzz-Mode), the body.
inline extapi::HttpResponse parse_answer(const uint8_t *data, size_t size, std::string *mode = nullptr) {
    extapi::HttpResponse r;
    std::string_view in(reinterpret_cast<const char *>(data), size);
    auto next_line = [&in]() {
        size_t nl = in.find('\n');
        std::string_view line = in.substr(0, nl);
        in.remove_prefix(nl == std::string_view::npos ? in.size() : nl + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        return line;
    };
    std::string_view status = next_line();
    long s = 0;
    for (char c : status.substr(0, 6)) {
        if (c < '0' || c > '9') break;
        s = s * 10 + (c - '0');
    }
    r.status = s;
    while (!in.empty()) {
        std::string_view line = next_line();
        if (line.empty()) break;
        size_t colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        std::string value(trim(line.substr(colon + 1)));
        std::string_view name = line.substr(0, colon);
        if (iequal_prefix(name, "content-type"))
            r.content_type = extapi::ContentType(value.c_str());
        else if (iequal_prefix(name, "date"))
            r.date = extapi::HttpDate(value.c_str());
        else if (iequal_prefix(name, "retry-after"))
            r.retry_after = value;
        else if (iequal_prefix(name, "link"))
            r.link = value;
        else if (iequal_prefix(name, "location"))
            r.location = value;
        else if (mode && iequal_prefix(name, "x-fuzz-mode"))
            *mode = value;
    }
    r.body.assign(in.data(), in.size());
    return r;
}

// Parses a printed document back with cJSON (strictly: nothing after it).
inline bool parses_back(const std::string &text) {
    const char *end = nullptr;
    cJSON *doc = cJSON_ParseWithLengthOpts(text.c_str(), text.size() + 1, &end, 1);
    const bool ok = doc != nullptr;
    cJSON_Delete(doc);
    return ok;
}

}  // namespace fuzz

#include <vector>

#include "json.hpp"
#include "raw_json.hpp"
#include "redaction.hpp"
#include "secret.hpp"

namespace fuzz {

// The secrets every target configures; seeds echo them back.
inline const extapi::Secret &client_secret() {
    static const extapi::Secret s("fuzz-client-secret-0xC0FFEE");
    return s;
}
inline const extapi::Secret &password() {
    static const extapi::Secret s("fuzz-password");
    return s;
}

// Whether a printed document shows `secret` in a string value (or, for
// long secrets, in a key: the library's own keys are shorter).
inline bool shows(const cJSON *node, const std::string &secret, bool whole_value) {
    for (; node; node = node->next) {
        if (node->string && !whole_value && secret.size() > 24 && std::strstr(node->string, secret.c_str()))
            return true;
        // "[redacted]" itself may contain a secret of a letter or two: it is
        // the marker, not a leak.
        if (cJSON_IsString(node) && node->valuestring && std::strcmp(node->valuestring, "[redacted]") != 0) {
            if (whole_value ? secret == node->valuestring : std::strstr(node->valuestring, secret.c_str()) != nullptr)
                return true;
        }
        if (shows(node->child, secret, whole_value)) return true;
    }
    return false;
}

// What capi.cpp does with every document: redact, print.  Then checks the
// output: valid JSON by cJSON and by the library's strict checker, and no
// secret shown.  `containing` are hidden when contained, `equal` when equal.
inline std::string finish(cJSON *doc, const std::vector<const extapi::Secret *> &containing,
                          const std::vector<const extapi::Secret *> &equal) {
    extapi::Redactor redactor;
    for (auto *s : containing) redactor.hide_containing(*s);
    for (auto *s : equal) redactor.hide_equal(*s);
    redactor.apply(doc);
    std::string text = extapi::print_json(doc);
    FUZZ_CHECK(parses_back(text), text);
    FUZZ_CHECK(extapi::is_strict_json(text), text);
    cJSON *back = cJSON_Parse(text.c_str());
    for (auto *s : containing)
        if (!s->empty()) FUZZ_CHECK(!shows(back, s->c_str(), false), text + "\nsecret: " + s->c_str());
    for (auto *s : equal)
        if (!s->empty()) FUZZ_CHECK(!shows(back, s->c_str(), true), text + "\nsecret: " + s->c_str());
    cJSON_Delete(back);
    return text;
}

}  // namespace fuzz
