/* extapi - a command-line client for token-protected management APIs,
 * built on libextapi's public C API (<extapi.h>) alone.  See extapi(1). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <extapi.h>

#include "args.h"
#include "command.h"
#include "exit_status.h"
#include "interrupt.h"
#include "output.h"
#include "profile.h"

static const char global_help[] =
    "Global options (anywhere on the line):\n"
    "  --profile NAME   the profile in the configuration file (or EXTAPI_PROFILE)\n"
    "  --config FILE    the configuration file (or EXTAPI_CONFIG; default\n"
    "                   $XDG_CONFIG_HOME/extapi/config.json)\n"
    "  --timeout T      bound on the whole call: seconds (2.5) or milliseconds (500ms)\n"
    "  --raw            print only \"data\" (a string as its text)\n"
    "  --pretty, --compact  force the output style (default: pretty on a terminal)\n"
    "  -h, --help       this help; `extapi COMMAND --help` for a command's\n"
    "  --version        the tool's and the library's version\n";

static const char exit_help[] =
    "Exit status: 0 success, 1 other failure (invalid_response, internal), 2 bad\n"
    "input (usage, invalid_argument, invalid_config), 3 auth_failed, 4 network,\n"
    "timeout, tls or insecure_transport, 5 http, 6 graphql, 7 rate_limited,\n"
    "130 cancelled (Ctrl-C).\n";

static int print_help(const command *c) {
    const command *each;
    if (c) {
        printf("usage: %s\n\n%s\n%s\n%s", c->usage, c->help, global_help, exit_help);
        return XS_OK;
    }
    printf("usage: extapi [--profile NAME] COMMAND [ARGS...]\n\nCommands:\n");
    for (each = commands; each->name; each++) printf("  %s\n", each->usage + strlen("extapi "));
    printf("\n%s\n%s\nSee extapi(1) for profiles, secrets and examples.\n", global_help, exit_help);
    return XS_OK;
}

/* Options that do not apply to a command are an error, not ignored: a
 * mistyped script should fail loudly. */
static int check_options(const cli_args *a, const command *c) {
    unsigned stray = a->given & ~c->options & ~(unsigned)OPT_TIMEOUT;
    if ((a->given & OPT_TIMEOUT) && !(c->options & OPT_TIMEOUT) && strcmp(c->name, "demo") != 0) stray |= OPT_TIMEOUT;
    if (stray) {
        output_error("an option given does not apply to %s (see extapi %s --help)", c->name, c->name);
        return XS_USAGE;
    }
    return 0;
}

static int run_with_session(command_ctx *ctx, const command *c) {
    profile_choice profile;
    int status = profile_load(ctx->args->config, ctx->args->profile, c->run != cmd_info, &profile);
    if (status) return status;
    ctx->session = ext_session_new(profile.session_config);
    /* The library copied what it needs (and wiped its copy); wipe ours. */
    explicit_bzero(profile.session_config, strlen(profile.session_config));
    ctx->profile = &profile;
    status = ctx->session ? c->run(ctx) : XS_OTHER;
    ext_session_free(ctx->session);
    profile_free(&profile);
    return status;
}

// Everything after parsing; main frees what parsing allocated.
static int run(cli_args *args) {
    command_ctx ctx;
    const command *c;
    int status;
    if (args->version) {
        printf("extapi %s (libextapi %s)\n", EXTAPI_CLI_VERSION, ext_version());
        return XS_OK;
    }
    if (!args->command) {
        print_help(NULL);
        return args->help ? XS_OK : XS_USAGE;
    }
    if (!(c = command_find(args->command))) {
        output_error("unknown command '%s' (see extapi --help)", args->command);
        return XS_USAGE;
    }
    if (args->help) return print_help(c);
    if ((status = check_options(args, c))) return status;
    memset(&ctx, 0, sizeof ctx);
    ctx.args = args;
    ctx.cancel = interrupt_start();
    ctx.out.pretty = args->pretty >= 0 ? args->pretty : isatty(STDOUT_FILENO);
    ctx.out.raw = args->raw;
    status = c->needs_session ? run_with_session(&ctx, c) : c->run(&ctx);
    if (interrupt_signal()) status = 128 + interrupt_signal();
    return status;
}

int main(int argc, char **argv) {
    cli_args args;
    int status = args_parse(argc, argv, &args);
    if (!status) status = run(&args);
    args_free(&args);
    return status;
}
