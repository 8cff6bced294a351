#include "endpoint.hpp"

#include "codec.hpp"
#include "faults.hpp"
#include "http_util.hpp"

#include <map>

namespace emu {
namespace {

const char kSyntheticLength[] = "EMU_SYNTHETIC_CONTENT_LENGTH";

// httplib adds these pseudo headers to every request; they never were on the
// wire, so recorded requests leave them out.
bool is_pseudo_header(const std::string &lower_name) {
    return lower_name == "remote_addr" || lower_name == "remote_port" || lower_name == "local_addr" ||
           lower_name == "local_port";
}

std::vector<std::pair<std::string, std::string>> wire_headers(const httplib::Request &req) {
    std::vector<std::pair<std::string, std::string>> out;
    std::map<std::string, std::size_t> index;
    for (const auto &h : req.headers) {
        std::string name = to_lower(h.first);
        if (is_pseudo_header(name) || name == to_lower(kSyntheticLength)) continue;
        if (name == "content-length" && req.has_header(kSyntheticLength)) continue;
        auto it = index.find(name);
        if (it == index.end()) {
            index[name] = out.size();
            out.emplace_back(name, h.second);
        } else {
            out[it->second].second += ", " + h.second;  // RFC 9110 field combining
        }
    }
    return out;
}

}  // namespace

RecordedRequest record_request(const httplib::Request &req) {
    RecordedRequest rec;
    rec.method = req.method;
    rec.path = req.path;
    rec.query = raw_query(req);
    rec.headers = wire_headers(req);
    rec.body = req.body;
    return rec;
}

void declare_missing_body_empty(httplib::Request &req) {
    if (req.has_header("Content-Length") || req.has_header("Transfer-Encoding")) return;
    req.set_header("Content-Length", "0");
    req.set_header(kSyntheticLength, "1");
}

void limit_compression_to_gzip(httplib::Request &req) {
    auto it = req.headers.find("Accept-Encoding");
    if (it == req.headers.end()) return;
    const bool gzip = it->second.find("gzip") != std::string::npos;
    req.headers.erase("Accept-Encoding");
    if (gzip) req.set_header("Accept-Encoding", "gzip");
}

Handler counted(State &st, CounterNames names, Handler handler) {
    return [&st, names, handler](const httplib::Request &req, httplib::Response &res) {
        RecordedRequest rec = record_request(req);
        st.note_connection(req.remote_port);
        for (const auto &name : names(req)) st.count(name, rec);
        auto fault = st.take_fault(req.method, req.path);
        if (fault) {
            st.count("fault", rec);
            if (serve_fault(st, *fault, req, res)) return;
        }
        handler(req, res);
    };
}

Handler counted(State &st, const std::string &name, Handler handler) {
    return counted(
        st, [name](const httplib::Request &) { return std::vector<std::string>{name}; }, std::move(handler));
}

void register_any_method(httplib::Server &srv, const std::string &pattern, const Handler &handler) {
    srv.Get(pattern, handler);  // also serves HEAD
    srv.Post(pattern, handler);
    srv.Put(pattern, handler);
    srv.Patch(pattern, handler);
    srv.Delete(pattern, handler);
    srv.Options(pattern, handler);
}

void register_fallback(httplib::Server &srv, State &st) {
    auto none = [](const httplib::Request &) { return std::vector<std::string>{}; };
    register_any_method(srv, ".*", counted(st, none, [](const httplib::Request &, httplib::Response &res) {
                            send_error(res, 404, "not found");
                        }));
}

}  // namespace emu
