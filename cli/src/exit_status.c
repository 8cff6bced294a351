/* exit_status - the library's error codes grouped into exit statuses. */
#include "exit_status.h"

#include <string.h>

static const struct {
    const char *code;
    int status;
} families[] = {
    {"invalid_argument", XS_USAGE},   {"invalid_config", XS_USAGE},
    {"auth_failed", XS_AUTH},         {"network", XS_NETWORK},
    {"timeout", XS_NETWORK},          {"tls", XS_NETWORK},
    {"insecure_transport", XS_NETWORK}, {"http", XS_HTTP},
    {"graphql", XS_GRAPHQL},          {"rate_limited", XS_RATE_LIMIT},
    {"cancelled", XS_CANCELLED},
};

int exit_status_for(const char *error_code) {
    size_t i;
    if (!error_code) return XS_OK;
    for (i = 0; i < sizeof families / sizeof families[0]; i++)
        if (strcmp(families[i].code, error_code) == 0) return families[i].status;
    /* invalid_response, out_of_memory, internal, and codes added later. */
    return XS_OTHER;
}
