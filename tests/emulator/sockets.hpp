// Reaching the TCP connections behind httplib's back.
//
// httplib 0.11.4 never hands a handler its connection socket, yet the "drop"
// fault must close a connection without writing a byte, and shutting down
// must not wait for idle keep-alive connections to time out.  The sockets are
// found by their port pair in /proc/self/fd.
#pragma once

namespace emu {

// Shuts down (both directions) the accepted connection local_port <-
// remote_port.  httplib then fails to write its response and closes the fd.
void shutdown_connection(int local_port, int remote_port);

// Makes the next close of that connection a TCP reset (SO_LINGER 0), as a
// crashing or killed server's would be.
void reset_on_close(int local_port, int remote_port);

// Shuts down every accepted connection on local_port.
void shutdown_all_connections(int local_port);

// How many accepted connections on local_port are open, leaving out the
// one from except_remote_port.
int count_open_connections(int local_port, int except_remote_port);

}  // namespace emu
