// Serving a queued fault instead of (or before) the normal handler.
#pragma once

#include "fault_spec.hpp"
#include "state.hpp"

#include <httplib.h>

namespace emu {

// True when the fault is the whole answer; false when the normal handler
// must still run (delay, stall).
bool serve_fault(State &st, const FaultSpec &fault, const httplib::Request &req, httplib::Response &res);

}  // namespace emu
