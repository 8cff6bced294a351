// extapi-emulator: a test server for libextapi.  See PROTOCOL.md.
#include "codec.hpp"
#include "endpoint.hpp"
#include "routes.hpp"
#include "http_util.hpp"
#include "sockets.hpp"
#include "state.hpp"
#include "stop_watcher.hpp"
#include "tls_cert.hpp"

#include <httplib.h>
#include <sys/socket.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

// httplib serves one connection per worker for as long as it is kept alive,
// so stalled requests and idle pooled connections must not starve others.
const size_t kWorkerThreads = 128;
const int kKeepAliveTimeoutS = 5;
const size_t kKeepAliveMaxCount = 1000;

struct Options {
    int port = 0;
    std::string tls_dir;
};

// httplib 0.11.4 was compiled with a listen backlog of 5, which drops
// connections when a test opens many at once; the listening socket is only
// reachable from a subclass.
template <class Base>
class EmuServer : public Base {
public:
    using Base::Base;
    void widen_backlog() { ::listen(this->svr_sock_.load(), SOMAXCONN); }
};

void usage() { std::fprintf(stderr, "usage: extapi-emulator [--port N] [--tls-dir DIR]\n"); }

bool parse_port(const char *text, int &port) {
    char *end = nullptr;
    long v = std::strtol(text, &end, 10);
    if (*text == '\0' || *end != '\0' || v < 0 || v > 65535) return false;
    port = static_cast<int>(v);
    return true;
}

bool parse_args(int argc, char **argv, Options &opts) {
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        bool has_value = i + 1 < argc;
        if (arg == "--port" && has_value) {
            if (!parse_port(argv[++i], opts.port)) return false;
        } else if (arg == "--tls-dir" && has_value) {
            opts.tls_dir = argv[++i];
        } else {
            return false;
        }
    }
    return true;
}

void configure_server(httplib::Server &srv, emu::State &st) {
    srv.new_task_queue = [] { return new httplib::ThreadPool(kWorkerThreads); };
    srv.set_tcp_nodelay(true);  // headers and body go out in separate writes: no Nagle delay
    srv.set_keep_alive_timeout(kKeepAliveTimeoutS);
    srv.set_keep_alive_max_count(kKeepAliveMaxCount);
    srv.set_pre_routing_handler([](const httplib::Request &req, httplib::Response &) {
        // The request object is a non-const local of httplib's connection loop;
        // this is the only hook that runs before the body is read.
        auto &mutable_req = const_cast<httplib::Request &>(req);
        emu::declare_missing_body_empty(mutable_req);
        emu::limit_compression_to_gzip(mutable_req);
        return httplib::Server::HandlerResponse::Unhandled;
    });
    srv.set_post_routing_handler([&st](const httplib::Request &, httplib::Response &res) {
        // A status fault may bring its own Date (a server with a broken clock).
        if (res.has_header("Date")) return;
        auto now = static_cast<std::time_t>(std::floor(st.server_now()));
        res.set_header("Date", emu::http_date(now));
    });
    srv.set_exception_handler([](const httplib::Request &, httplib::Response &res, std::exception_ptr) {
        emu::send_error(res, 500, "internal emulator error");
    });
    emu::register_control_endpoints(srv, st);
    emu::register_oauth_endpoints(srv, st);
    emu::register_resource_endpoints(srv, st);
    emu::register_fallback(srv, st);
}

int bind_loopback(httplib::Server &srv, int port) {
    if (port == 0) return srv.bind_to_any_port("127.0.0.1");
    return srv.bind_to_port("127.0.0.1", port) ? port : -1;
}

template <class Server>
int serve(Server &srv, emu::State &st, const Options &opts) {
    configure_server(srv, st);
    int port = bind_loopback(srv, opts.port);
    if (port <= 0) {
        std::fprintf(stderr, "extapi-emulator: cannot bind 127.0.0.1:%d\n", opts.port);
        return 1;
    }
    srv.widen_backlog();
    emu::StopWatcher watcher([&srv, &st, port] {
        st.request_stop();  // wakes delay/stall sleepers
        srv.stop();
        // Idle keep-alive connections would otherwise hold their worker (and so
        // the exit) until their timeout.
        emu::shutdown_all_connections(port);
    });
    if (!watcher.start()) {
        std::fprintf(stderr, "extapi-emulator: cannot watch for stop signals\n");
        return 1;
    }
    std::printf("PORT %d\n", port);
    std::fflush(stdout);
    bool ok = srv.listen_after_bind();
    watcher.finish();
    return ok || st.stopping() ? 0 : 1;
}

int serve_tls(emu::State &st, const Options &opts) {
    emu::TlsMaterial tls;
    std::string error;
    if (!emu::generate_tls_material(opts.tls_dir, tls, error)) {
        std::fprintf(stderr, "extapi-emulator: %s\n", error.c_str());
        return 1;
    }
    EmuServer<httplib::SSLServer> srv(tls.cert.get(), tls.key.get());
    if (!srv.is_valid()) {
        std::fprintf(stderr, "extapi-emulator: TLS server setup failed\n");
        return 1;
    }
    return serve(srv, st, opts);
}

}  // namespace

int main(int argc, char **argv) {
    Options opts;
    if (!parse_args(argc, argv, opts)) {
        usage();
        return 2;
    }
    emu::block_stop_signals();
    emu::State st;
    if (!opts.tls_dir.empty()) return serve_tls(st, opts);
    EmuServer<httplib::Server> srv;
    return serve(srv, st, opts);
}
