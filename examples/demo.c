/* demo: the main job against an XMC-style server.  Logs in, runs a GraphQL
 * query, makes a REST call, forces a token refresh, and logs out, printing
 * every JSON result.  Usage: demo BASE_URL (client secret from XMC_CLIENT_SECRET,
 * defaulting to the emulator's). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <extapi.h>

static int show(const char *step, char *result) {
    int ok = result && strncmp(result, "{\"ok\":true", 10) == 0;
    printf("%-14s %s\n", step, result ? result : "(out of memory)");
    ext_string_free(result);
    return ok;
}

int main(int argc, char **argv) {
    char config[512];
    ext_session *s;
    int ok = 1;
    if (argc < 2) {
        fprintf(stderr, "usage: %s BASE_URL\n", argv[0]);
        return 2;
    }
    if (!getenv("XMC_CLIENT_SECRET")) setenv("XMC_CLIENT_SECRET", "xmc-secret+/=!", 0);
    snprintf(config, sizeof config,
             "{\"profile\":\"xmc\",\"base_url\":\"%s\",\"client_id\":\"xmc-client\","
             "\"client_secret_env\":\"XMC_CLIENT_SECRET\"}",
             argv[1]);
    s = ext_session_new(config);
    if (!s) return 1;
    printf("libextapi %s\n", ext_version());
    ok &= show("login", ext_login(s));
    ok &= show("graphql", ext_graphql(s, "{ network { devices { ip } } }", NULL));
    ok &= show("request", ext_request(s, "GET", "/api/devices?page=1&limit=10", NULL));
    ok &= show("token_refresh", ext_token_refresh(s));
    ok &= show("logout", ext_logout(s));
    ok &= show("session_info", ext_session_info(s));
    ext_session_free(s);
    return ok ? 0 : 1;
}
