#include "sockets.hpp"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <cstdlib>
#include <functional>

namespace emu {
namespace {

int port_of(const sockaddr_storage &addr) {
    if (addr.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in &>(addr).sin_port);
    if (addr.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6 &>(addr).sin6_port);
    return -1;
}

// Local and peer port of a connected TCP socket; false for anything else
// (including the listening socket, which has no peer).
bool connection_ports(int fd, int &local_port, int &remote_port) {
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISSOCK(st.st_mode)) return false;
    sockaddr_storage local{}, peer{};
    socklen_t local_len = sizeof local, peer_len = sizeof peer;
    if (getsockname(fd, reinterpret_cast<sockaddr *>(&local), &local_len) != 0 ||
        getpeername(fd, reinterpret_cast<sockaddr *>(&peer), &peer_len) != 0)
        return false;
    local_port = port_of(local);
    remote_port = port_of(peer);
    return local_port > 0 && remote_port > 0;
}

void for_each_connection(const std::function<void(int, int, int)> &fn) {
    DIR *dir = opendir("/proc/self/fd");
    if (!dir) return;
    int dir_fd = dirfd(dir);
    while (dirent *entry = readdir(dir)) {
        char *end = nullptr;
        long fd = std::strtol(entry->d_name, &end, 10);
        if (*end != '\0' || end == entry->d_name || fd == dir_fd) continue;
        int local_port, remote_port;
        if (connection_ports(static_cast<int>(fd), local_port, remote_port))
            fn(static_cast<int>(fd), local_port, remote_port);
    }
    closedir(dir);
}

}  // namespace

void shutdown_connection(int local_port, int remote_port) {
    for_each_connection([&](int fd, int lp, int rp) {
        if (lp == local_port && rp == remote_port) shutdown(fd, SHUT_RDWR);
    });
}

void reset_on_close(int local_port, int remote_port) {
    for_each_connection([&](int fd, int lp, int rp) {
        if (lp != local_port || rp != remote_port) return;
        linger abort_now{1, 0};
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort_now, sizeof abort_now);
    });
}

void shutdown_all_connections(int local_port) {
    for_each_connection([&](int fd, int lp, int) {
        if (lp == local_port) shutdown(fd, SHUT_RDWR);
    });
}

int count_open_connections(int local_port, int except_remote_port) {
    int open = 0;
    for_each_connection([&](int, int lp, int rp) {
        if (lp == local_port && rp != except_remote_port) ++open;
    });
    return open;
}

}  // namespace emu
