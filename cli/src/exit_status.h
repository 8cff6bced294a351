/* exit_status - the tool's exit statuses, one per error family, so that
 * scripts can branch on them (documented in extapi(1), EXIT STATUS). */
#ifndef EXTAPI_CLI_EXIT_STATUS_H
#define EXTAPI_CLI_EXIT_STATUS_H

enum {
    XS_OK = 0,
    XS_OTHER = 1,      /* invalid_response, out_of_memory, internal, I/O */
    XS_USAGE = 2,      /* bad input: usage, invalid_argument, invalid_config */
    XS_AUTH = 3,       /* auth_failed */
    XS_NETWORK = 4,    /* network, timeout, tls, insecure_transport */
    XS_HTTP = 5,       /* http: a non-2xx answer */
    XS_GRAPHQL = 6,    /* graphql: the answer carries errors */
    XS_RATE_LIMIT = 7, /* rate_limited */
    XS_CANCELLED = 130 /* cancelled (Ctrl-C): 128 + SIGINT, as shells do */
};

/* The exit status for a library error code (NULL: success). */
int exit_status_for(const char *error_code);

#endif
