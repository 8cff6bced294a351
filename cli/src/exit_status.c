/* exit_status - the library's error codes grouped into exit statuses. */
#include "exit_status.h"

#include <extapi.h>
#include <string.h>

static const struct {
    const char *code;
    int status;
} families[] = {
    {EXT_ERR_INVALID_ARGUMENT, XS_USAGE},
    {EXT_ERR_INVALID_CONFIG, XS_USAGE},
    {EXT_ERR_AUTH_FAILED, XS_AUTH},
    {EXT_ERR_NETWORK, XS_NETWORK},
    {EXT_ERR_TIMEOUT, XS_NETWORK},
    {EXT_ERR_TLS, XS_NETWORK},
    {EXT_ERR_INSECURE_TRANSPORT, XS_NETWORK},
    {EXT_ERR_HTTP, XS_HTTP},
    {EXT_ERR_GRAPHQL, XS_GRAPHQL},
    {EXT_ERR_RATE_LIMITED, XS_RATE_LIMIT},
    {EXT_ERR_CANCELLED, XS_CANCELLED},
};

int exit_status_for(const char *error_code) {
    size_t i;
    if (!error_code) return XS_OK;
    for (i = 0; i < sizeof families / sizeof families[0]; i++)
        if (strcmp(families[i].code, error_code) == 0) return families[i].status;
    /* invalid_response, out_of_memory, internal, and codes added later. */
    return XS_OTHER;
}
