/* rest_all - `get PATH --all`: the library's ext_paginate() follows XIQ
 * page/limit/total_pages, MSX page/pageSize/hasNext and RFC 8288 Link
 * rel="next", and merges the items into one document. */
#include <stdio.h>

#include "command.h"
#include "progress.h"

/* The library's default page limit (ext_paginate's max_pages). */
#define DEFAULT_MAX_PAGES 100

#ifdef EXTAPI_CLI_HAVE_PAGINATE
char *rest_get_all(const command_ctx *ctx, const char *path, const char *options) {
    long max_pages = ctx->args->max_pages > 0 ? ctx->args->max_pages : DEFAULT_MAX_PAGES;
    progress *bar = progress_start(ctx->session, max_pages);
    char *doc = ext_paginate(ctx->session, path, options, ctx->cancel);
    progress_stop(bar, doc);
    return doc;
}
int rest_all_available(void) { return 1; }
#else
/* Built against a libextapi without ext_paginate (before 1.1's pagination
 * landed): the rest of the tool works, --all says why it cannot. */
char *rest_get_all(const command_ctx *ctx, const char *path, const char *options) {
    (void)ctx;
    (void)path;
    (void)options;
    return NULL;
}
int rest_all_available(void) { return 0; }
#endif
