// The version string, built from the numbers in the public header.
#pragma once

#include "extapi.h"

#define EXTAPI_STRINGIFY_(x) #x
#define EXTAPI_STRINGIFY(x) EXTAPI_STRINGIFY_(x)
#define EXTAPI_VERSION_STRING                                                  \
    EXTAPI_STRINGIFY(EXTAPI_VERSION_MAJOR) "." EXTAPI_STRINGIFY(EXTAPI_VERSION_MINOR) "." EXTAPI_STRINGIFY(EXTAPI_VERSION_PATCH)
