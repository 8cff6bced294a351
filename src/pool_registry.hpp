// The process's handle pools, one per set of transport settings in use:
// sessions with equal settings share idle handles, kept-alive connections,
// DNS answers and TLS sessions, so that an idle session holds no libcurl
// state of its own.  Used when a session is made (and, through the pool's
// last owner, when it is freed), never on a call's path.
#pragma once

#include <memory>

#include "handle_pool.hpp"
#include "transport_settings.hpp"

namespace extapi {

// The live pool of these settings, or a new one.  The pool is freed (its
// connections closed) when the last session holding it lets it go.  A
// child process after fork() never gets its parent's pools: their
// connections are the parent's too.  Throws std::bad_alloc.
std::shared_ptr<HandlePool> shared_handle_pool(const TransportSettings &settings, HandlePool::Configure configure);

}  // namespace extapi
