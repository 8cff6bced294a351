/* token_cache: tokens shared between sessions and processes, one renewal
 * among them, rotated refresh tokens never spent twice, bad files ignored
 * or repaired, bounded waits, the credential in the key. */
#define _GNU_SOURCE
#include "test_support.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

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

static void write_file(const char *path, const char *content, mode_t mode) {
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(content, f);
    fclose(f);
    assert_int_equal(chmod(path, mode), 0);
}

static int file_starts_with(const char *path, const char *prefix) {
    char content[128] = "";
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    if (!fgets(content, sizeof content, f)) content[0] = '\0';
    fclose(f);
    return strncmp(content, prefix, strlen(prefix)) == 0;
}

/* Another program's JSON is not ours to replace. */
static void test_token_cache_foreign_json_is_ignored_and_kept(void **state) {
    emu *e = *state;
    ext_session *s;
    write_file(cache_path, "{\"someone\":\"else's\"}", 0600);
    s = cached_xmc(e, "");
    expect_ok_and_free(ext_graphql(s, "{ a }", NULL));
    assert_int_equal(counter(e, "xmc_token"), 1);
    assert_true(file_starts_with(cache_path, "{\"someone\":\"else's\"}"));
    ext_session_free(s);
}

/* A corrupt or oversized file of ours is repaired, so that the token is
 * cached again and a logout can remove it. */
static void test_token_cache_corrupt_or_oversized_file_is_repaired(void **state) {
    emu *e = *state;
    ext_session *s;
    static char big[5 * 1024 * 1024 + 2];
    write_file(cache_path, "not a token cache {", 0600);
    s = cached_xmc(e, "");
    expect_ok_and_free(ext_login(s));
    assert_true(file_starts_with(cache_path, "{\"format\":\"libextapi-token-cache\""));
    ext_session_free(s);

    memset(big, ' ', sizeof big - 1);
    write_file(cache_path, big, 0600); /* over the 4 MiB the library reads */
    s = cached_xmc(e, "");
    expect_ok_and_free(ext_login(s));
    assert_true(file_starts_with(cache_path, "{\"format\":\"libextapi-token-cache\""));
    expect_ok_and_free(ext_logout(s));
    ext_session_free(s);
    s = cached_xmc(e, "");
    expect_ok_and_free(ext_login(s)); /* the logout removed it: a new login */
    assert_int_equal(counter(e, "xmc_token"), 3);
    ext_session_free(s);
}

/* A FIFO at the cache path, or a lock another process holds for ever,
 * must not block the call: it goes on without the cache. */
static void test_token_cache_fifo_or_held_lock_does_not_block(void **state) {
    emu *e = *state;
    char lock_path[320];
    ext_session *s;
    pid_t holder;
    int ready[2];
    char byte;
    assert_int_equal(mkfifo(cache_path, 0600), 0);
    s = cached_xmc(e, ",\"timeout_ms\":500,\"retries\":0");
    expect_ok_and_free(ext_login(s));
    ext_session_free(s);
    unlink(cache_path);

    snprintf(lock_path, sizeof lock_path, "%s.lock", cache_path);
    assert_int_equal(pipe(ready), 0);
    holder = fork();
    if (holder == 0) { /* a stopped peer: takes the lock and sleeps */
        int fd = open(lock_path, O_RDWR | O_CREAT, 0600);
        flock(fd, LOCK_EX);
        if (write(ready[1], "x", 1) != 1) _exit(1);
        sleep(30);
        _exit(0);
    }
    assert_int_equal(read(ready[0], &byte, 1), 1);
    s = cached_xmc(e, ",\"deadline_ms\":1500");
    expect_ok_and_free(ext_login(s)); /* within its budget, without the cache */
    ext_session_free(s);
    kill(holder, SIGKILL);
    waitpid(holder, NULL, 0);
    close(ready[0]);
    close(ready[1]);
}

static void test_token_cache_is_made_private(void **state) {
    emu *e = *state;
    ext_session *first = cached_xmc(e, ""), *second;
    struct stat st;
    expect_ok_and_free(ext_login(first));
    ext_session_free(first);
    assert_int_equal(chmod(cache_path, 0644), 0);
    second = cached_xmc(e, "");
    expect_ok_and_free(ext_login(second)); /* adopted: read, not rewritten */
    assert_int_equal(counter(e, "xmc_token"), 1);
    assert_int_equal(stat(cache_path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    ext_session_free(second);
}

/* The credential is part of the key: a wrong secret does not "log in" with
 * the token of the right one. */
static void test_token_cache_wrong_secret_does_not_adopt_the_token(void **state) {
    emu *e = *state;
    char config[600];
    ext_session *right = cached_xmc(e, ""), *wrong;
    expect_ok_and_free(ext_login(right));
    ext_session_free(right);
    snprintf(config, sizeof config,
             "{\"profile\":\"xmc\",\"base_url\":\"%s\",\"client_id\":\"" CANARY_XMC_ID
             "\","
             "\"client_secret\":\"wrong-secret\",\"token_cache\":\"%s\"}",
             emu_base_url(e), cache_path);
    wrong = ext_session_new(config);
    expect_error_and_free(ext_login(wrong), "auth_failed");
    ext_session_free(wrong);
}

/* Absurd expiries in a damaged or hostile file are not trusted. */
static void test_token_cache_absurd_expiry_is_not_trusted(void **state) {
    emu *e = *state;
    ext_session *s = cached_xmc(e, "");
    char *text, *at;
    long size;
    FILE *f;
    expect_ok_and_free(ext_login(s));
    ext_session_free(s);
    f = fopen(cache_path, "r");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    rewind(f);
    text = calloc(1, (size_t)size + 64);
    assert_int_equal(fread(text, 1, (size_t)size, f), (size_t)size);
    fclose(f);
    at = strstr(text, "\"expires_at\":");
    assert_non_null(at);
    memcpy(at + strlen("\"expires_at\":"), "6700000000", 10); /* year 2182 */
    write_file(cache_path, text, 0600);
    free(text);
    s = cached_xmc(e, "");
    expect_ok_and_free(ext_login(s));
    assert_int_equal(counter(e, "xmc_token"), 2); /* not adopted */
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
             "\",\"token_cache\":\"%s\"",
             cache_path);
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
    assert_int_equal(
        emu_fault(e, "{\"path\":\"/oauth/token/access-token\",\"kind\":\"delay\",\"delay_ms\":500,\"count\":2}"), 0);
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

static const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_token_cache_second_session_reuses_token, fresh_cache, remove_cache),
    cmocka_unit_test_setup_teardown(test_token_cache_keys_on_identity_not_base_url, fresh_cache, remove_cache),
    cmocka_unit_test_setup_teardown(test_token_cache_expired_entry_is_not_used, fresh_cache, remove_cache),
    cmocka_unit_test_setup_teardown(test_token_cache_foreign_json_is_ignored_and_kept, fresh_cache, remove_cache),
    cmocka_unit_test_setup_teardown(test_token_cache_corrupt_or_oversized_file_is_repaired, fresh_cache, remove_cache),
    cmocka_unit_test_setup_teardown(test_token_cache_fifo_or_held_lock_does_not_block, fresh_cache, remove_cache),
    cmocka_unit_test_setup_teardown(test_token_cache_is_made_private, fresh_cache, remove_cache),
    cmocka_unit_test_setup_teardown(test_token_cache_wrong_secret_does_not_adopt_the_token, fresh_cache, remove_cache),
    cmocka_unit_test_setup_teardown(test_token_cache_absurd_expiry_is_not_trusted, fresh_cache, remove_cache),
    cmocka_unit_test_setup_teardown(test_token_cache_logout_removes_entry, fresh_cache, remove_cache),
    cmocka_unit_test_setup_teardown(test_token_cache_rotated_refresh_token_is_never_spent_twice, fresh_cache,
                                    remove_cache),
    cmocka_unit_test_setup_teardown(test_token_cache_two_processes_make_one_token_request, fresh_cache, remove_cache),
};

TEST_SUITE(tests, group_start_emulator, group_stop_emulator)
