#include "http_util.hpp"

namespace emu {

void send_json(httplib::Response &res, int status, const cJSON *body) {
    res.status = status;
    res.set_content(json_print(body), "application/json");
}

void send_error(httplib::Response &res, int status, const std::string &message) {
    Json body = json_object();
    cJSON_AddStringToObject(body.get(), "error", message.c_str());
    send_json(res, status, body.get());
}

void send_method_not_allowed(httplib::Response &res, const char *allow) {
    res.set_header("Allow", allow);
    send_error(res, 405, "method not allowed");
}

std::string raw_query(const httplib::Request &req) {
    std::size_t q = req.target.find('?');
    return q == std::string::npos ? "" : req.target.substr(q + 1);
}

}  // namespace emu
