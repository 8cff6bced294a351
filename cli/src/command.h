/* command - what every subcommand gets, and the subcommands. */
#ifndef EXTAPI_CLI_COMMAND_H
#define EXTAPI_CLI_COMMAND_H

#include <extapi.h>

#include "args.h"
#include "output.h"
#include "profile.h"

typedef struct {
    const cli_args *args;
    ext_session *session; /* NULL for commands that make their own (demo) */
    ext_cancel *cancel;
    output_mode out;
    const profile_choice *profile;
} command_ctx;

typedef struct {
    const char *name;
    unsigned options; /* the OPT_* bits that apply */
    int needs_session;
    int (*run)(const command_ctx *ctx);
    const char *usage, *help;
} command;

/* The table, NULL-terminated by name. */
extern const command commands[];
const command *command_find(const char *name);

/* Runs a library call's result through output and frees it. */
int command_finish(const command_ctx *ctx, char *doc);

/* The per-call options document for the given OPT_* bits (deadline_ms
 * always): malloc'd, or NULL with *status set on bad input. */
char *command_options(const cli_args *args, unsigned which, int *status);

int cmd_login(const command_ctx *ctx);
int cmd_refresh(const command_ctx *ctx);
int cmd_logout(const command_ctx *ctx);
int cmd_info(const command_ctx *ctx);
int cmd_graphql(const command_ctx *ctx);
int cmd_rest(const command_ctx *ctx);
int cmd_demo(const command_ctx *ctx);

/* `get --all`: every page as one document (rest_all.c). */
char *rest_get_all(const command_ctx *ctx, const char *path, const char *options);
/* Whether this build has it (the library has ext_paginate). */
int rest_all_available(void);

#endif
