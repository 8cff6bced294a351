/* args - see args.h.  GNU getopt_long with one table for every option; a
 * subcommand then rejects the options that do not apply to it. */
#include "args.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "exit_status.h"
#include "output.h"

enum {
    K_PROFILE = 256,
    K_CONFIG,
    K_TIMEOUT,
    K_RAW,
    K_PRETTY,
    K_COMPACT,
    K_VERSION,
    K_FILE,
    K_VAR,
    K_VARS_JSON,
    K_OPERATION,
    K_DATA,
    K_HEADER,
    K_QUERY,
    K_ALL,
    K_MAX_PAGES,
    K_EMULATOR
};

static const struct option options[] = {
    {"profile", required_argument, NULL, K_PROFILE},
    {"config", required_argument, NULL, K_CONFIG},
    {"timeout", required_argument, NULL, K_TIMEOUT},
    {"raw", no_argument, NULL, K_RAW},
    {"pretty", no_argument, NULL, K_PRETTY},
    {"compact", no_argument, NULL, K_COMPACT},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, K_VERSION},
    {"file", required_argument, NULL, K_FILE},
    {"var", required_argument, NULL, K_VAR},
    {"vars-json", required_argument, NULL, K_VARS_JSON},
    {"operation", required_argument, NULL, K_OPERATION},
    {"data", required_argument, NULL, K_DATA},
    {"header", required_argument, NULL, K_HEADER},
    {"query", required_argument, NULL, K_QUERY},
    {"all", no_argument, NULL, K_ALL},
    {"max-pages", required_argument, NULL, K_MAX_PAGES},
    {"emulator", required_argument, NULL, K_EMULATOR},
    {NULL, 0, NULL, 0},
};

/* "30", "2.5" (seconds) or "500ms"; -1 when malformed or not positive. */
static long parse_timeout(const char *text) {
    char *end;
    double value;
    errno = 0;
    value = strtod(text, &end);
    if (errno || end == text || value <= 0) return -1;
    if (strcmp(end, "ms") == 0) return value >= 1 && value < 1e12 ? (long)value : -1;
    if (*end && strcmp(end, "s") != 0) return -1;
    value *= 1000.0;
    return value >= 1 && value < 1e12 ? (long)value : -1;
}

static long parse_count(const char *text) {
    char *end;
    long value;
    errno = 0;
    value = strtol(text, &end, 10);
    return errno || *end || end == text || value < 1 ? -1 : value;
}

static int usage_error(const char *what, const char *arg) {
    output_error("%s '%s' (see extapi --help)", what, arg);
    return XS_USAGE;
}

static int take(int key, const char *arg, cli_args *a) {
    switch (key) {
    case K_PROFILE: a->profile = arg; break;
    case K_CONFIG: a->config = arg; break;
    case K_TIMEOUT:
        a->given |= OPT_TIMEOUT;
        if ((a->timeout_ms = parse_timeout(arg)) < 0) return usage_error("bad --timeout", arg);
        break;
    case K_RAW: a->raw = 1; break;
    case K_PRETTY: a->pretty = 1; break;
    case K_COMPACT: a->pretty = 0; break;
    case 'h': a->help = 1; break;
    case K_VERSION: a->version = 1; break;
    case K_FILE:
        a->given |= OPT_FILE;
        a->file = arg;
        break;
    case K_VAR:
        a->given |= OPT_VAR;
        a->vars[a->n_vars++] = arg;
        break;
    case K_VARS_JSON:
        a->given |= OPT_VARS_JSON;
        a->vars_json = arg;
        break;
    case K_OPERATION:
        a->given |= OPT_OPERATION;
        a->operation = arg;
        break;
    case K_DATA:
        a->given |= OPT_DATA;
        a->data = arg;
        break;
    case K_HEADER:
        a->given |= OPT_HEADER;
        a->headers[a->n_headers++] = arg;
        break;
    case K_QUERY:
        a->given |= OPT_QUERY;
        a->queries[a->n_queries++] = arg;
        break;
    case K_ALL:
        a->given |= OPT_ALL;
        a->all = 1;
        break;
    case K_MAX_PAGES:
        a->given |= OPT_MAX_PAGES;
        if ((a->max_pages = parse_count(arg)) < 0) return usage_error("bad --max-pages", arg);
        break;
    case K_EMULATOR:
        a->given |= OPT_EMULATOR;
        a->emulator = arg;
        break;
    default: return XS_USAGE; /* getopt already said what was wrong */
    }
    return 0;
}

void args_free(cli_args *a) {
    free(a->vars);
    free(a->headers);
    free(a->queries);
    free(a->operands);
    a->vars = a->headers = a->queries = NULL;
    a->operands = NULL;
}

int args_parse(int argc, char **argv, cli_args *a) {
    int key, i;
    memset(a, 0, sizeof *a);
    a->timeout_ms = -1;
    a->pretty = -1;
    a->max_pages = -1;
    /* Each repeatable option occurs at most argc times. */
    a->vars = calloc((size_t)argc + 1, sizeof *a->vars);
    a->headers = calloc((size_t)argc + 1, sizeof *a->headers);
    a->queries = calloc((size_t)argc + 1, sizeof *a->queries);
    a->operands = calloc((size_t)argc + 1, sizeof *a->operands);
    if (!a->vars || !a->headers || !a->queries || !a->operands) return XS_OTHER;
    opterr = 1;
    while ((key = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        int rc = take(key, optarg, a);
        if (rc) return rc;
    }
    for (i = optind; i < argc; i++) {
        if (!a->command)
            a->command = argv[i];
        else
            a->operands[a->n_operands++] = argv[i];
    }
    return 0;
}

int args_split(const char *arg, char sep, char **key, char **value) {
    const char *at = strchr(arg, sep), *v;
    size_t klen;
    if (!at || at == arg) return -1;
    klen = (size_t)(at - arg);
    v = at + 1;
    if (sep == ':') {
        while (klen && (arg[klen - 1] == ' ' || arg[klen - 1] == '\t')) klen--;
        while (*v == ' ' || *v == '\t') v++;
    }
    if (!klen || !(*key = strndup(arg, klen))) return -1;
    if (!(*value = strdup(v))) {
        free(*key);
        return -1;
    }
    return 0;
}
