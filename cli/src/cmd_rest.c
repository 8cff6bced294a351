/* cmd_rest - `extapi get|post|put|patch|delete PATH [--data JSON|@file]
 * [--header 'K: V'] [--query k=v]`, and `get PATH --all`. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "exit_status.h"
#include "files.h"

/* --data JSON, --data @file, --data @- (stdin). */
static char *request_body(const cli_args *a, int *status) {
    char *body;
    if (!a->data) return NULL;
    if (a->data[0] != '@') return strdup(a->data);
    if (!(body = file_read(a->data + 1))) {
        output_error("cannot read %s: %s", a->data + 1, strerror(errno));
        *status = XS_USAGE;
    }
    return body;
}

static void upper(char *out, const char *in, size_t size) {
    size_t i;
    for (i = 0; in[i] && i + 1 < size; i++) out[i] = (char)toupper((unsigned char)in[i]);
    out[i] = '\0';
}

int cmd_rest(const command_ctx *ctx) {
    const cli_args *a = ctx->args;
    char method[16], *body = NULL, *options;
    int status = 0;
    if (a->n_operands != 1) {
        output_error("%s takes one PATH (see extapi %s --help)", a->command, a->command);
        return XS_USAGE;
    }
    upper(method, a->command, sizeof method);
    if (a->all && strcmp(method, "GET") != 0) {
        output_error("--all applies to get only");
        return XS_USAGE;
    }
    if (a->all && a->data) {
        output_error("--all does not take --data");
        return XS_USAGE;
    }
    if (a->all && !rest_all_available()) {
        output_error("--all needs a libextapi with ext_paginate; this extapi was built without it");
        return XS_USAGE;
    }
    body = request_body(a, &status);
    if (status) return status;
    options = command_options(a, OPT_HEADER | OPT_QUERY | (a->all ? OPT_MAX_PAGES : 0), &status);
    if (options) {
        char *doc = a->all ? rest_get_all(ctx, a->operands[0], options)
                           : ext_request_ex(ctx->session, method, a->operands[0], body, options, ctx->cancel);
        status = command_finish(ctx, doc);
    }
    free(body);
    free(options);
    return status;
}
