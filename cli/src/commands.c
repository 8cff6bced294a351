/* commands - the subcommand table: names, the options each takes, and
 * their --help texts (extapi.1 says the same at length). */
#include <string.h>

#include "command.h"

#define REST_OPTS (OPT_DATA | OPT_HEADER | OPT_QUERY | OPT_TIMEOUT)
#define REST_HELP                                                           \
    "  --data JSON | @FILE | @-  the request body (JSON; @- reads stdin)\n" \
    "  --header 'Name: value'    an extra request header (repeatable)\n"    \
    "  --query name=value        a query parameter, URL-encoded (repeatable)\n"

const command commands[] = {
    {"login", OPT_TIMEOUT, 1, cmd_login, "extapi [--profile NAME] login",
     "Obtains a token (or adopts the one in the profile's token cache) and prints it,\n"
     "without the access token itself.\n"},
    {"refresh", 0, 1, cmd_refresh, "extapi [--profile NAME] refresh",
     "Renews the token now, even if it is still valid.\n"},
    {"logout", 0, 1, cmd_logout, "extapi [--profile NAME] logout",
     "Revokes the token where the profile can, and removes it from the token cache.\n"},
    {"info", 0, 1, cmd_info, "extapi [--profile NAME] info",
     "Describes the session: the configuration file, profile and token cache chosen,\n"
     "then the library's session information (secrets redacted).\n"},
    {"graphql", OPT_FILE | OPT_VAR | OPT_VARS_JSON | OPT_OPERATION | OPT_HEADER | OPT_QUERY | OPT_TIMEOUT, 1,
     cmd_graphql, "extapi graphql QUERY | --file FILE [--var name=value ...] [--vars-json JSON]",
     "Runs a GraphQL query or mutation.\n"
     "  --file FILE           read the query from FILE (- is stdin)\n"
     "  --var name=value      a variable; a JSON number, true, false or null is sent\n"
     "                        as such, anything else as a string (repeatable)\n"
     "  --vars-json JSON      variables as a JSON object (--var overrides its members)\n"
     "  --operation NAME      the operationName\n"
     "  --header, --query     as for get\n"},
    {"get", REST_OPTS | OPT_ALL | OPT_MAX_PAGES, 1, cmd_rest,
     "extapi get PATH [--all [--max-pages N]] [--header 'K: V'] [--query k=v]",
     "GET PATH on the profile's base_url.\n" REST_HELP
     "  --all                 follow the pages (XIQ page/limit/total_pages, MSX\n"
     "                        page/pageSize/hasNext, Link rel=\"next\") and print one\n"
     "                        document with every item in \"data\"; a progress line\n"
     "                        on stderr when it is a terminal\n"
     "  --max-pages N         stop after N pages (default 100; \"complete\": false)\n"},
    {"post", REST_OPTS, 1, cmd_rest, "extapi post PATH [--data JSON|@FILE] [--header 'K: V'] [--query k=v]",
     "POST to PATH.\n" REST_HELP},
    {"put", REST_OPTS, 1, cmd_rest, "extapi put PATH [--data JSON|@FILE] [--header 'K: V'] [--query k=v]",
     "PUT to PATH.\n" REST_HELP},
    {"patch", REST_OPTS, 1, cmd_rest, "extapi patch PATH [--data JSON|@FILE] [--header 'K: V'] [--query k=v]",
     "PATCH PATH.\n" REST_HELP},
    {"delete", REST_OPTS, 1, cmd_rest, "extapi delete PATH [--header 'K: V'] [--query k=v]",
     "DELETE PATH.\n" REST_HELP},
    {"demo", OPT_EMULATOR, 0, cmd_demo, "extapi demo [--emulator PATH]",
     "Starts the bundled extapi-emulator on a free 127.0.0.1 port and runs login, a\n"
     "GraphQL query, a paged listing (get /devices --all), a forced refresh and logout\n"
     "against it, printing each step.  Needs no configuration.\n"
     "  --emulator PATH       the emulator (default: $EXTAPI_EMULATOR, beside extapi,\n"
     "                        the build tree, <prefix>/libexec/extapi, $PATH)\n"},
    {NULL, 0, 0, NULL, NULL, NULL},
};

const command *command_find(const char *name) {
    const command *c;
    for (c = commands; name && c->name; c++)
        if (strcmp(c->name, name) == 0) return c;
    return NULL;
}
