// Wiring shared by all counted endpoints: counters, recorded requests and
// fault injection happen here, before the endpoint's own handler runs.
#pragma once

#include "state.hpp"

#include <httplib.h>

#include <functional>
#include <string>
#include <vector>

namespace emu {

using Handler = httplib::Server::Handler;
using CounterNames = std::function<std::vector<std::string>(const httplib::Request &)>;

RecordedRequest record_request(const httplib::Request &req);

// httplib 0.11.4 reads a POST/PUT/PATCH/DELETE that has neither
// Content-Length nor Transfer-Encoding until the peer closes (RFC 9112 says
// such a request has no body), so a bodyless DELETE would hang for the read
// timeout and then get a 400.  Declaring a zero length before the body is
// read (from the pre-routing handler) avoids that; the synthetic header is
// left out of recorded requests.
void declare_missing_body_empty(httplib::Request &req);

// httplib compresses with brotli at its highest quality when the client
// accepts it (~16 ms per 10 KB); real servers use gzip, and so do we.
void limit_compression_to_gzip(httplib::Request &req);

// Counts the request under names(req), then serves a matching fault or
// calls handler.
Handler counted(State &st, CounterNames names, Handler handler);
Handler counted(State &st, const std::string &name, Handler handler);

// httplib registers per method; this registers every method it knows.
void register_any_method(httplib::Server &srv, const std::string &pattern, const Handler &handler);

// Last resort for unknown paths: 404, but faults with path "*" still apply.
void register_fallback(httplib::Server &srv, State &st);

}  // namespace emu
