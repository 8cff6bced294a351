/* args - the command line: global options, the subcommand, its options
 * and its operands.  Options may come before or after the subcommand. */
#ifndef EXTAPI_CLI_ARGS_H
#define EXTAPI_CLI_ARGS_H

/* Options, as bits, so each subcommand can say which ones apply. */
enum {
    OPT_FILE = 1 << 0,
    OPT_VAR = 1 << 1,
    OPT_VARS_JSON = 1 << 2,
    OPT_OPERATION = 1 << 3,
    OPT_DATA = 1 << 4,
    OPT_HEADER = 1 << 5,
    OPT_QUERY = 1 << 6,
    OPT_ALL = 1 << 7,
    OPT_MAX_PAGES = 1 << 8,
    OPT_EMULATOR = 1 << 9,
    OPT_TIMEOUT = 1 << 10
};

typedef struct {
    const char *command; /* NULL: none given */
    const char **operands;
    int n_operands;
    /* global */
    const char *profile, *config;
    long timeout_ms; /* -1: none */
    int raw, pretty; /* pretty: -1 auto, 0 compact, 1 pretty */
    int help, version;
    /* per subcommand; `given` records which were used */
    unsigned given;
    const char *file, *vars_json, *operation, *data, *emulator;
    const char **vars, **headers, **queries;
    int n_vars, n_headers, n_queries;
    int all;
    long max_pages;
} cli_args;

/* Parses argv; returns 0, or 2 (usage error, message printed).  Release
 * what it allocated with args_free(), whatever it returned. */
int args_parse(int argc, char **argv, cli_args *out);
void args_free(cli_args *a);

/* Splits "k=v" (sep '=') or "K: V" (sep ':', value trimmed) in place of
 * copies: *key and *value are malloc'd.  Returns 0, or -1 when sep is
 * missing or the key empty. */
int args_split(const char *arg, char sep, char **key, char **value);

#endif
