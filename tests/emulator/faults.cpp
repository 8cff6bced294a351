#include "faults.hpp"

#include "sockets.hpp"

#include <algorithm>
#include <string>

namespace emu {
namespace {

const std::size_t kTruncatedLength = 1000;
const std::size_t kTruncatedSent = 100;
const std::size_t kStreamChunk = 64 * 1024;

void serve_status(const FaultSpec &f, httplib::Response &res) {
    res.status = f.status;
    if (f.retry_after) res.set_header("Retry-After", *f.retry_after);
    for (const auto &h : f.headers) res.set_header(h.first, h.second);
    std::string body = f.body ? *f.body : "{\"error\":\"emulated_fault\",\"status\":" + std::to_string(f.status) + "}";
    if (body.empty())
        res.set_header("Content-Type", f.content_type);
    else
        res.set_content(body, f.content_type);
}

void serve_html(const FaultSpec &f, httplib::Response &res) {
    std::string code = std::to_string(f.status);
    res.status = f.status;
    res.set_content("<!DOCTYPE html>\n<html><head><title>" + code +
                        " Bad Gateway</title></head>\n<body><h1>Bad Gateway</h1>"
                        "<p>The proxy server received an invalid response from "
                        "an upstream server.</p><hr><address>emulated "
                        "proxy</address></body></html>\n",
                    "text/html");
}

void serve_truncated(httplib::Response &res) {
    std::string prefix = "{\"access_token\":\"";
    std::string part = prefix + std::string(kTruncatedSent - prefix.size(), 'x');
    res.status = 200;
    // A provider that returns false makes httplib abandon the response and
    // close the connection, after the bytes already written have gone out.
    res.set_content_provider(kTruncatedLength, "application/json",
                             [part](std::size_t offset, std::size_t, httplib::DataSink &sink) {
                                 if (offset == 0) sink.write(part.data(), part.size());
                                 return false;
                             });
}

// Byte i of a valid JSON array that is exactly size bytes long:
// "[0,0,...,0]" with a leading space inside when the length needs it.
char oversized_byte(std::size_t size, std::size_t i) {
    if (i == 0) return '[';
    if (i == size - 1) return ']';
    std::size_t inner = size - 2;
    std::size_t lead = (inner > 0 && inner % 2 == 0) ? 1 : 0;
    std::size_t j = i - 1;
    if (j < lead) return ' ';
    return (j - lead) % 2 == 0 ? '0' : ',';
}

void serve_oversized(const FaultSpec &f, httplib::Response &res) {
    std::size_t size = f.size;
    res.status = 200;
    res.set_content_provider(size, "application/json",
                             [size](std::size_t offset, std::size_t length, httplib::DataSink &sink) {
                                 std::string chunk(std::min(length, kStreamChunk), '\0');
                                 for (std::size_t k = 0; k < chunk.size(); ++k)
                                     chunk[k] = oversized_byte(size, offset + k);
                                 return sink.write(chunk.data(), chunk.size());
                             });
}

// A valid JSON array of kTruncatedLength bytes: half of it, a pause, the
// rest, so that a client waits in the middle of a body.
void serve_stall_body(State &st, const FaultSpec &f, httplib::Response &res) {
    const std::size_t size = kTruncatedLength, half = size / 2;
    const long long pause = f.stall_ms;
    res.status = 200;
    res.set_content_provider(size, "application/json",
                             [&st, pause, size, half](std::size_t offset, std::size_t, httplib::DataSink &sink) {
                                 const std::size_t end = offset < half ? half : size;
                                 std::string chunk(end - offset, '\0');
                                 for (std::size_t k = 0; k < chunk.size(); ++k)
                                     chunk[k] = oversized_byte(size, offset + k);
                                 if (!sink.write(chunk.data(), chunk.size())) return false;
                                 return offset >= half || st.sleep_ms(pause);  // false: shutting down
                             });
}

// Part of a body, then a TCP reset instead of the rest.
void serve_reset(const httplib::Request &req, httplib::Response &res) {
    const int local = req.local_port, remote = req.remote_port;
    res.status = 200;
    res.set_content_provider(kTruncatedLength, "application/json",
                             [local, remote](std::size_t offset, std::size_t, httplib::DataSink &sink) {
                                 if (offset == 0) sink.write("[0,0,0,0", 8);
                                 reset_on_close(local, remote);
                                 return false;
                             });
}

void drop(const httplib::Request &req, httplib::Response &res) {
    shutdown_connection(req.local_port, req.remote_port);
    res.status = 500;  // never reaches the client: the socket is shut down
}

}  // namespace

bool serve_fault(State &st, const FaultSpec &f, const httplib::Request &req, httplib::Response &res) {
    switch (f.kind) {
    case FaultKind::Delay: st.sleep_ms(f.delay_ms); return false;
    case FaultKind::Stall:
        if (st.sleep_ms(f.stall_ms)) return false;
        drop(req, res);  // shutting down: don't answer at all
        return true;
    case FaultKind::Status: serve_status(f, res); return true;
    case FaultKind::Malformed:
        res.status = 200;
        res.set_content("{\"access_token\": \"abc\", ", "application/json");
        return true;
    case FaultKind::Html: serve_html(f, res); return true;
    case FaultKind::Truncated: serve_truncated(res); return true;
    case FaultKind::Oversized: serve_oversized(f, res); return true;
    case FaultKind::Drop: drop(req, res); return true;
    case FaultKind::StallBody: serve_stall_body(st, f, res); return true;
    case FaultKind::Reset: serve_reset(req, res); return true;
    case FaultKind::Empty:
        res.status = 200;
        res.set_header("Content-Type", "application/json");
        return true;
    }
    return false;
}

}  // namespace emu
