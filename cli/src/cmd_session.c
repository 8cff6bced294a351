/* cmd_session - login, refresh, logout, info: the token's life cycle.
 * With the profile's token_cache, login adopts a token an earlier command
 * obtained, and logout revokes it and removes it from the cache. */
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "exit_status.h"
#include "strbuf.h"

int command_finish(const command_ctx *ctx, char *doc) {
    int status = output_result(&ctx->out, doc);
    ext_string_free(doc);
    return status;
}

static char *options_or_fail(const command_ctx *ctx, int *status) { return command_options(ctx->args, 0, status); }

int cmd_login(const command_ctx *ctx) {
    int status = 0;
    char *options = options_or_fail(ctx, &status);
    if (!options) return status;
    status = command_finish(ctx, ext_login_ex(ctx->session, options, ctx->cancel));
    free(options);
    return status;
}

/* ext_token_refresh has no _ex form: it runs without a deadline or cancel
 * handle of its own; the session's timeout_ms still bounds it. */
int cmd_refresh(const command_ctx *ctx) { return command_finish(ctx, ext_token_refresh(ctx->session)); }

int cmd_logout(const command_ctx *ctx) { return command_finish(ctx, ext_logout(ctx->session)); }

/* The library's description of the session, and in front of it what the
 * tool chose: the file, the profile, the token cache. */
int cmd_info(const command_ctx *ctx) {
    char *doc = ext_session_info(ctx->session);
    strbuf b;
    int status;
    if (!doc || doc[0] != '{') return command_finish(ctx, doc);
    sb_init(&b);
    sb_puts(&b, "{\"cli\":{\"config\":");
    sb_json_string(&b, ctx->profile->config_path);
    sb_puts(&b, ",\"profile\":");
    sb_json_string(&b, ctx->profile->name);
    sb_puts(&b, ",\"token_cache\":");
    if (ctx->profile->token_cache)
        sb_json_string(&b, ctx->profile->token_cache);
    else
        sb_puts(&b, "null");
    sb_puts(&b, "},");
    sb_puts(&b, doc + 1);
    ext_string_free(doc);
    status = output_result(&ctx->out, b.failed ? NULL : b.p);
    sb_free(&b);
    return status;
}
