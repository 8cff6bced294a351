// /_emu/...: test-side control.  Not counted and never subject to faults, so
// a test can always inspect and repair the emulator.
#include "routes.hpp"
#include "fault_spec.hpp"
#include "http_util.hpp"
#include "sockets.hpp"

namespace emu {
namespace {

Json recorded_request_json(const RecordedRequest &rec) {
    Json out = json_object();
    cJSON_AddStringToObject(out.get(), "method", rec.method.c_str());
    cJSON_AddStringToObject(out.get(), "path", rec.path.c_str());
    cJSON_AddStringToObject(out.get(), "query", rec.query.c_str());
    cJSON *headers = cJSON_AddObjectToObject(out.get(), "headers");
    for (const auto &h : rec.headers) cJSON_AddStringToObject(headers, h.first.c_str(), h.second.c_str());
    cJSON_AddStringToObject(out.get(), "body", rec.body.c_str());
    return out;
}

void handle_counters(State &st, httplib::Response &res) {
    Json out = json_object();
    for (const auto &c : st.counters())
        cJSON_AddNumberToObject(out.get(), c.first.c_str(), static_cast<double>(c.second));
    send_json(res, 200, out.get());
}

void handle_config(State &st, const httplib::Request &req, httplib::Response &res) {
    Json patch = json_parse(req.body);
    std::string error;
    if (!patch) return send_error(res, 400, "body is not valid JSON");
    if (!st.merge_config(patch.get(), error)) return send_error(res, 400, error);
    send_json(res, 200, config_to_json(st.config()).get());
}

void handle_fault(State &st, const httplib::Request &req, httplib::Response &res) {
    Json json = json_parse(req.body);
    FaultSpec fault;
    std::string error;
    if (!json) return send_error(res, 400, "body is not valid JSON");
    if (!parse_fault(json.get(), fault, error)) return send_error(res, 400, error);
    st.add_fault(fault);
    Json ok = json_object();
    cJSON_AddTrueToObject(ok.get(), "ok");
    send_json(res, 200, ok.get());
}

void handle_reset(State &st, httplib::Response &res) {
    st.reset();
    Json ok = json_object();
    cJSON_AddTrueToObject(ok.get(), "ok");
    send_json(res, 200, ok.get());
}

void handle_last_request(State &st, const httplib::Request &req, httplib::Response &res) {
    auto rec = st.last_request(req.get_param_value("name"));
    if (!rec) return send_error(res, 404, "no request recorded under that name");
    send_json(res, 200, recorded_request_json(*rec).get());
}

// The client connections open now, but the one asking: whether a client
// keeps its connections, and when it closes them.
void handle_connections(const httplib::Request &req, httplib::Response &res) {
    Json out = json_object();
    cJSON_AddNumberToObject(out.get(), "open", count_open_connections(req.local_port, req.remote_port));
    send_json(res, 200, out.get());
}

}  // namespace

void register_control_endpoints(httplib::Server &srv, State &st) {
    srv.Get("/_emu/counters", [&st](const httplib::Request &, httplib::Response &res) { handle_counters(st, res); });
    srv.Get("/_emu/config", [&st](const httplib::Request &, httplib::Response &res) {
        send_json(res, 200, config_to_json(st.config()).get());
    });
    srv.Post("/_emu/config",
             [&st](const httplib::Request &req, httplib::Response &res) { handle_config(st, req, res); });
    srv.Post("/_emu/fault", [&st](const httplib::Request &req, httplib::Response &res) { handle_fault(st, req, res); });
    srv.Post("/_emu/reset", [&st](const httplib::Request &, httplib::Response &res) { handle_reset(st, res); });
    srv.Get("/_emu/connections", handle_connections);
    srv.Get("/_emu/last_request",
            [&st](const httplib::Request &req, httplib::Response &res) { handle_last_request(st, req, res); });
}

}  // namespace emu
