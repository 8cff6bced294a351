/* Compiled, never run: extapi.h must stand alone as pedantic C89. */
#include <extapi.h>

/* The version number is usable in #if, the string and codes as literals. */
#if EXTAPI_VERSION_NUMBER < 10100
#error "EXTAPI_VERSION_NUMBER is not a preprocessor number"
#endif
static const char version[] = "libextapi/" EXTAPI_VERSION_STRING;
static const char *const codes[] = {EXT_ERR_AUTH_FAILED, EXT_ERR_CANCELLED};

typedef char *(*call_fn)(ext_session *);
static call_fn calls[] = {ext_login, ext_token_refresh, ext_logout, ext_session_info};
int headertest_c(void);
int headertest_c(void) { return calls[0] != 0 && version[0] && codes[0][0]; }
