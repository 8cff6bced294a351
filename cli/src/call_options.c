/* call_options - the 1.1 per-call options document built from the
 * command line: --timeout, --header, --query, --operation, --max-pages. */
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "exit_status.h"
#include "strbuf.h"

/* "k=v" / "K: V" pairs as a JSON object member "name":{...}. */
static int add_pairs(strbuf *b, const char *name, const char **items, int n, char sep) {
    int i;
    sb_printf(b, ",\"%s\":{", name);
    for (i = 0; i < n; i++) {
        char *k, *v;
        if (args_split(items[i], sep, &k, &v) != 0) {
            output_error(sep == ':' ? "bad --header '%s': use 'Name: value'" : "bad --query '%s': use name=value",
                         items[i]);
            return -1;
        }
        if (i) sb_puts(b, ",");
        sb_json_string(b, k);
        sb_puts(b, ":");
        sb_json_string(b, v);
        free(k);
        free(v);
    }
    sb_puts(b, "}");
    return 0;
}

char *command_options(const cli_args *a, unsigned which, int *status) {
    strbuf b;
    sb_init(&b);
    sb_puts(&b, "{\"_\":0"); /* a placeholder so every member starts with ',' */
    if (a->timeout_ms > 0) sb_printf(&b, ",\"deadline_ms\":%ld", a->timeout_ms);
    if ((which & OPT_HEADER) && a->n_headers && add_pairs(&b, "headers", a->headers, a->n_headers, ':')) goto bad;
    if ((which & OPT_QUERY) && a->n_queries && add_pairs(&b, "query", a->queries, a->n_queries, '=')) goto bad;
    if ((which & OPT_OPERATION) && a->operation) {
        sb_puts(&b, ",\"operation_name\":");
        sb_json_string(&b, a->operation);
    }
    if ((which & OPT_MAX_PAGES) && a->max_pages > 0) sb_printf(&b, ",\"max_pages\":%ld", a->max_pages);
    sb_puts(&b, "}");
    if (b.failed) {
        *status = XS_OTHER;
        sb_free(&b);
        return NULL;
    }
    /* Drop the placeholder: {"_":0,"x":1} -> {"x":1}. */
    {
        const char *rest = b.p + (b.p[6] == ',' ? 7 : 6);
        memmove(b.p + 1, rest, strlen(rest) + 1);
    }
    return b.p;
bad:
    *status = XS_USAGE;
    sb_free(&b);
    return NULL;
}
