/* token_cache: tokens shared between sessions and processes, one renewal
 * among them, rotated refresh tokens never spent twice, bad files ignored. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "test_support.h"

static char cache_dir[256];
static char cache_path[300];

static int fresh_cache(void **state) {
    snprintf(cache_dir, sizeof cache_dir, "/tmp/extapi-cache-XXXXXX");
    assert_non_null(mkdtemp(cache_dir));
    snprintf(cache_path, sizeof cache_path, "%s/tokens.json", cache_dir);
    return reset_emulator(state);
}

static int remove_cache(void **state) {
    char command[400];
    (void)state;
    snprintf(command, sizeof command, "rm -rf '%s'", cache_dir);
    return system(command) == 0 ? 0 : -1;
}

static ext_session *cached_xmc(emu *e, const char *extra) {
    char config[512];
    snprintf(config, sizeof config, ",\"token_cache\":\"%s\"%s", cache_path, extra);
    return xmc_session(e, config);
}

static void test_token_cache_second_session_reuses_token(void **state) {
    emu *e = *state;
    ext_session *first = cached_xmc(e, ""), *second = cached_xmc(e, "");
    struct stat st;
    cJSON *doc;
    expect_ok_and_free(ext_graphql(first, "{ a }", NULL));
    expect_ok_and_free(ext_graphql(second, "{ a }", NULL));
    assert_int_equal(counter(e, "xmc_token"), 1);
    doc = expect_ok(ext_session_info(second));
    assert_int_equal((int)number_at(doc, "counters.cache_hits"), 1);
    assert_int_equal((int)number_at(doc, "counters.logins"), 0);
    cJSON_Delete(doc);
    assert_int_equal(stat(cache_path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    ext_session_free(first);
    ext_session_free(second);
}

static void test_token_cache_keys_on_identity_not_base_url(void **state) {
    emu *e = *state;
    ext_session *plain = cached_xmc(e, ""), *scoped = cached_xmc(e, ",\"scope\":\"read\"");
    expect_ok_and_free(ext_login(plain));
    expect_ok_and_free(ext_login(scoped));
    assert_int_equal(counter(e, "xmc_token"), 2);
    ext_session_free(plain);
    ext_session_free(scoped);
}

static void test_token_cache_expired_entry_is_not_used(void **state) {
    emu *e = *state;
    ext_session *first = cached_xmc(e, ""), *second;
    assert_int_equal(emu_configure(e, "{\"token_lifetime_s\":2}"), 0);
    expect_ok_and_free(ext_login(first));
    ext_session_free(first);
    sleep_ms(1300);
    second = cached_xmc(e, "");
    expect_ok_and_free(ext_login(second));
    assert_int_equal(counter(e, "xmc_token"), 2);
    ext_session_free(second);
}

static void test_token_cache_foreign_or_corrupt_file_is_ignored_and_kept(void **state) {
    emu *e = *state;
    ext_session *s;
    FILE *f = fopen(cache_path, "w");
    char content[64] = "";
    assert_non_null(f);
    fputs("not a token cache {", f);
    fclose(f);
    s = cached_xmc(e, "");
    expect_ok_and_free(ext_graphql(s, "{ a }", NULL));
    assert_int_equal(counter(e, "xmc_token"), 1);
    f = fopen(cache_path, "r");
    assert_non_null(fgets(content, sizeof content, f));
    fclose(f);
    assert_string_equal(content, "not a token cache {");
    ext_session_free(s);
}

static void test_token_cache_logout_removes_entry(void **state) {
    emu *e = *state;
    ext_session *first = cached_xmc(e, ""), *second;
    expect_ok_and_free(ext_login(first));
    expect_ok_and_free(ext_logout(first));
    ext_session_free(first);
    second = cached_xmc(e, "");
    expect_ok_and_free(ext_login(second));
    assert_int_equal(counter(e, "xmc_token"), 2);
    ext_session_free(second);
}

/* One session rotates the refresh token; the other, on its own forced
 * refresh, adopts the new token from the file instead of spending its
 * stale refresh token (which the server would reject). */
static void test_token_cache_rotated_refresh_token_is_never_spent_twice(void **state) {
    emu *e = *state;
    char extra[512];
    ext_session *a, *b;
    snprintf(extra, sizeof extra,
             ",\"grant_type\":\"password\",\"username\":\"" CANARY_OAUTH_USER "\",\"password\":\"" CANARY_OAUTH_PASSWORD
             "\",\"token_cache\":\"%s\"", cache_path);
    a = oauth2_session(e, extra);
    b = oauth2_session(e, extra);
    expect_ok_and_free(ext_login(a));
    expect_ok_and_free(ext_login(b));
    expect_ok_and_free(ext_token_refresh(a));
    expect_ok_and_free(ext_token_refresh(b));
    expect_ok_and_free(ext_request(b, "GET", "/api/x", NULL));
    assert_int_equal(counter(e, "oauth_token_password"), 1);
    assert_int_equal(counter(e, "oauth_token_refresh_token"), 1);
    ext_session_free(a);
    ext_session_free(b);
}

static int child_logs_in(emu *e) {
    ext_session *s = cached_xmc(e, "");
    char *doc = ext_graphql(s, "{ a }", NULL);
    int ok = doc && strstr(doc, "\"ok\":true") != NULL;
    ext_string_free(doc);
    ext_session_free(s);
    return ok ? 0 : 1;
}

/* Two processes started together make one token request: the second waits
 * on the file lock and adopts the first one's token. */
static void test_token_cache_two_processes_make_one_token_request(void **state) {
    emu *e = *state;
    pid_t children[2];
    int i, status;
    assert_int_equal(emu_fault(e, "{\"path\":\"/oauth/token/access-token\",\"kind\":\"delay\",\"delay_ms\":500,\"count\":2}"), 0);
    for (i = 0; i < 2; ++i) {
        children[i] = fork();
        assert_true(children[i] >= 0);
        if (children[i] == 0) _exit(child_logs_in(e));
    }
    for (i = 0; i < 2; ++i) {
        assert_int_equal(waitpid(children[i], &status, 0), children[i]);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
    }
    assert_int_equal(counter(e, "xmc_token"), 1);
    assert_int_equal(counter(e, "graphql"), 2);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_token_cache_second_session_reuses_token, fresh_cache, remove_cache),
        cmocka_unit_test_setup_teardown(test_token_cache_keys_on_identity_not_base_url, fresh_cache, remove_cache),
        cmocka_unit_test_setup_teardown(test_token_cache_expired_entry_is_not_used, fresh_cache, remove_cache),
        cmocka_unit_test_setup_teardown(test_token_cache_foreign_or_corrupt_file_is_ignored_and_kept, fresh_cache, remove_cache),
        cmocka_unit_test_setup_teardown(test_token_cache_logout_removes_entry, fresh_cache, remove_cache),
        cmocka_unit_test_setup_teardown(test_token_cache_rotated_refresh_token_is_never_spent_twice, fresh_cache, remove_cache),
        cmocka_unit_test_setup_teardown(test_token_cache_two_processes_make_one_token_request, fresh_cache, remove_cache),
    };
    return cmocka_run_group_tests(tests, group_start_emulator, group_stop_emulator);
}
