// Response helpers shared by the endpoint files.
#pragma once

#include "json_util.hpp"

#include <httplib.h>

#include <string>

namespace emu {

void send_json(httplib::Response &res, int status, const cJSON *body);
// {"error": message}
void send_error(httplib::Response &res, int status, const std::string &message);
void send_method_not_allowed(httplib::Response &res, const char *allow);

// The query string exactly as sent, without '?'.
std::string raw_query(const httplib::Request &req);

}  // namespace emu
