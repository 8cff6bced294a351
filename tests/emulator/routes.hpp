// Route registration, one function per endpoint family (the wiring every
// counted endpoint shares is endpoint.hpp).
#pragma once

#include "state.hpp"

#include <httplib.h>

namespace emu {

void register_control_endpoints(httplib::Server &srv, State &st);
void register_oauth_endpoints(httplib::Server &srv, State &st);
void register_resource_endpoints(httplib::Server &srv, State &st);

}  // namespace emu
