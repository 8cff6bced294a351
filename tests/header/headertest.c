/* Compiled, never run: extapi.h must stand alone as pedantic C89. */
#include <extapi.h>

typedef char *(*call_fn)(ext_session *);
static call_fn calls[] = {ext_login, ext_token_refresh, ext_logout, ext_session_info};
int headertest_c(void);
int headertest_c(void) { return calls[0] != 0; }
