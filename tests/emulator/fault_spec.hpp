// A queued fault (POST /_emu/fault) and its parameters.
#pragma once

#include "json_util.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace emu {

enum class FaultKind {
    Status,
    Delay,
    Stall,
    StallBody,  // half the body, a pause of stall_ms, the rest
    Reset,      // part of the body, then a TCP reset
    Malformed,
    Html,
    Truncated,
    Oversized,
    Drop,
    Empty
};

struct FaultSpec {
    std::string path;    // exact request path, or "*"
    std::string method;  // upper case; empty matches any method
    FaultKind kind = FaultKind::Status;
    long long count = 1;

    int status = 500;                        // status; html defaults to 502
    std::optional<std::string> retry_after;  // status
    std::optional<std::string> body;         // status
    std::string content_type = "application/json";
    std::vector<std::pair<std::string, std::string>> headers;  // status
    long long delay_ms = 1000;
    long long stall_ms = 30000;
    std::size_t size = 8u * 1024u * 1024u;  // oversized

    bool matches(const std::string &req_method, const std::string &req_path) const;
};

bool parse_fault(const cJSON *json, FaultSpec &out, std::string &error);

}  // namespace emu
