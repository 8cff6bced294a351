/* cmd_demo - `extapi demo`: the main job against the bundled emulator.
 * Starts extapi-emulator on a free loopback port and runs login, a GraphQL
 * query, a paged REST listing (--all), a forced refresh and logout through
 * an xmc profile, printing each step's result.  The first failing step
 * ends the demo with its exit status. */
#include <stdio.h>
#include <stdlib.h>

#include "command.h"
#include "emulator_proc.h"
#include "exit_status.h"
#include "interrupt.h"
#include "strbuf.h"

/* The emulator's published default client secret (PROTOCOL.md), given
 * through the environment like any secret, so it is not in the config. */
#define DEMO_SECRET_VAR "EXTAPI_DEMO_CLIENT_SECRET"
#define DEMO_SECRET     "xmc-secret+/=!"

static int step(const command_ctx *ctx, const char *title, char *doc) {
    printf("== %s\n", title);
    fflush(stdout);
    return command_finish(ctx, doc);
}

static char *paged_listing(command_ctx *ctx) {
    if (rest_all_available()) return rest_get_all(ctx, "/devices", "{\"query\":{\"limit\":\"10\"}}");
    /* A library without ext_paginate: the first page only. */
    return ext_request_ex(ctx->session, "GET", "/devices?page=1&limit=10", NULL, NULL, ctx->cancel);
}

static int run_steps(command_ctx *ctx) {
    int status;
    if ((status = step(ctx, "login", ext_login_ex(ctx->session, NULL, ctx->cancel)))) return status;
    if ((status = step(ctx, "graphql { network { devices { ip } } }",
                       ext_graphql_ex(ctx->session, "{ network { devices { ip } } }", NULL, NULL, ctx->cancel))))
        return status;
    if ((status = step(ctx, rest_all_available() ? "get /devices --all" : "get /devices?page=1&limit=10",
                       paged_listing(ctx))))
        return status;
    if ((status = step(ctx, "refresh", ext_token_refresh(ctx->session)))) return status;
    return step(ctx, "logout", ext_logout(ctx->session));
}

int cmd_demo(const command_ctx *given) {
    command_ctx ctx = *given;
    emulator_proc emu;
    char *path = emulator_find(given->args->emulator);
    strbuf config;
    int status;
    if (!path) {
        output_error(
            "extapi-emulator not found: build it (cmake --build build --target extapi-emulator) or use --emulator "
            "PATH");
        return XS_USAGE;
    }
    if (emulator_start(path, &emu) != 0) {
        free(path);
        return XS_OTHER;
    }
    printf("extapi demo: libextapi %s, emulator %s at http://127.0.0.1:%d\n", ext_version(), path, emu.port);
    free(path);
    setenv(DEMO_SECRET_VAR, DEMO_SECRET, 0);
    sb_init(&config);
    sb_printf(&config,
              "{\"profile\":\"xmc\",\"base_url\":\"http://127.0.0.1:%d\",\"client_id\":\"xmc-client\","
              "\"client_secret_env\":\"" DEMO_SECRET_VAR "\"}",
              emu.port);
    ctx.session = config.failed ? NULL : ext_session_new(config.p);
    sb_free(&config);
    status = ctx.session ? run_steps(&ctx) : XS_OTHER;
    ext_session_free(ctx.session);
    emulator_stop(&emu);
    if (interrupt_signal()) return 128 + interrupt_signal();
    if (status == XS_OK) printf("extapi demo: every step succeeded\n");
    return status;
}
