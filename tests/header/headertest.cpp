// Compiled, never run: extapi.h must stand alone in C++ with C linkage.
#include <extapi.h>

static_assert(EXTAPI_ABI_VERSION == 1, "ABI version 1");
extern "C" typedef char *(*graphql_fn)(ext_session *, const char *, const char *);
int headertest_cxx() {
    graphql_fn f = ext_graphql;
    return f != nullptr;
}
