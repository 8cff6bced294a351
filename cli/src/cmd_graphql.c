/* cmd_graphql - `extapi graphql QUERY | --file F [--var k=v] [--vars-json J]`. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "exit_status.h"
#include "files.h"
#include "json_text.h"
#include "strbuf.h"

/* A --var value that is a JSON number, true, false or null is sent as
 * such (GraphQL's Int and Boolean need it); anything else as a string. */
static void add_var_value(strbuf *b, const char *value) {
    int literal = json_is_value(value) && value[0] != '"' && value[0] != '{' && value[0] != '[' && value[0] != ' ';
    if (literal)
        sb_puts(b, value);
    else
        sb_json_string(b, value);
}

static int var_overridden(const cli_args *a, json_span key) {
    int i, found = 0;
    char *name = json_string_dup(key);
    for (i = 0; name && i < a->n_vars && !found; i++) {
        size_t n = strcspn(a->vars[i], "=");
        found = strlen(name) == n && strncmp(a->vars[i], name, n) == 0;
    }
    free(name);
    return found;
}

/* --vars-json's members, those --var does not override, then the --var
 * pairs: one object.  NULL (no variables) when neither was given. */
static char *build_variables(const cli_args *a, int *status) {
    strbuf b;
    int i, first = 1;
    if (!a->vars_json && !a->n_vars) return NULL;
    sb_init(&b);
    sb_puts(&b, "{");
    if (a->vars_json) {
        json_span obj, k, v;
        const char *cursor = NULL;
        if (!json_is_value(a->vars_json) || !json_path(a->vars_json, "", &obj) || *obj.p != '{') {
            output_error("--vars-json is not a JSON object");
            *status = XS_USAGE;
            sb_free(&b);
            return NULL;
        }
        while (json_next_member(obj, &cursor, &k, &v)) {
            if (var_overridden(a, k)) continue;
            if (!first) sb_puts(&b, ",");
            sb_add(&b, k.p, k.n);
            sb_puts(&b, ":");
            sb_add(&b, v.p, v.n);
            first = 0;
        }
    }
    for (i = 0; i < a->n_vars; i++) {
        char *k, *v;
        if (args_split(a->vars[i], '=', &k, &v) != 0) {
            output_error("bad --var '%s': use name=value", a->vars[i]);
            *status = XS_USAGE;
            sb_free(&b);
            return NULL;
        }
        if (!first) sb_puts(&b, ",");
        sb_json_string(&b, k);
        sb_puts(&b, ":");
        add_var_value(&b, v);
        first = 0;
        free(k);
        free(v);
    }
    sb_puts(&b, "}");
    return b.p;
}

static char *query_text(const command_ctx *ctx, int *status) {
    const cli_args *a = ctx->args;
    char *text;
    if ((a->file != NULL) == (a->n_operands == 1) || a->n_operands > 1) {
        output_error("graphql takes one QUERY or --file F (see extapi graphql --help)");
        *status = XS_USAGE;
        return NULL;
    }
    if (!a->file) return strdup(a->operands[0]);
    if (!(text = file_read(a->file))) {
        output_error("cannot read %s: %s", a->file, strerror(errno));
        *status = XS_USAGE;
    }
    return text;
}

int cmd_graphql(const command_ctx *ctx) {
    int status = 0;
    char *query = NULL, *vars = NULL, *options = NULL;
    if (!(query = query_text(ctx, &status))) return status;
    vars = build_variables(ctx->args, &status);
    if (!status) options = command_options(ctx->args, OPT_HEADER | OPT_QUERY | OPT_OPERATION, &status);
    if (!status) status = command_finish(ctx, ext_graphql_ex(ctx->session, query, vars, options, ctx->cancel));
    free(query);
    free(vars);
    free(options);
    return status;
}
