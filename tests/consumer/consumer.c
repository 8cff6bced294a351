/* Uses every function of the C API against an installed libextapi.  No
 * server is needed: the session points at a closed loopback port. */
#include <stdio.h>
#include <string.h>

#include <extapi.h>

static int check(char *doc, const char *expected) {
    int ok = doc && strstr(doc, expected) != NULL;
    if (!ok) fprintf(stderr, "unexpected: %s (wanted %s)\n", doc ? doc : "(null)", expected);
    ext_string_free(doc);
    return ok;
}

int main(void) {
    int ok = 1;
    ext_session *s = ext_session_new(
        "{\"profile\":\"bearer\",\"base_url\":\"http://127.0.0.1:9\",\"token\":\"consumer-token\",\"retries\":0}");
    if (!s) return 1;
    ok &= strlen(ext_version()) >= 5;
    ok &= check(ext_login(s), "\"ok\":true");
    ok &= check(ext_graphql(s, "{ a }", NULL), "\"network\"");
    ok &= check(ext_request(s, "GET", "/x", NULL), "\"network\"");
    ok &= check(ext_token_refresh(s), "\"ok\":true");
    ok &= check(ext_session_info(s), "\"profile\":\"bearer\"");
    ok &= check(ext_logout(s), "\"ok\":true");
    ext_session_free(s);
    printf("consumer: %s\n", ok ? "ok" : "FAILED");
    return ok ? 0 : 1;
}
