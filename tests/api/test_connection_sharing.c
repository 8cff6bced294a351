/* Sessions whose transport settings are equal share one pool of libcurl
 * handles, and so their kept-alive connections: the server sees one
 * connection for both, each request still carrying its own session's
 * credentials; sessions with other settings (verify_tls, ca_file) never
 * share; sessions to several servers each keep their server's connection;
 * the connections close with the last session; sessions made and freed
 * from many threads at once; a child after fork() opens its own. */
#include "test_support.h"

#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHURN_THREADS 8
#define CHURN_ROUNDS  10
#define SERVERS       6

static const char bearer_config[] =
    "{\"profile\":\"bearer\",\"base_url\":\"%s\",\"token\":\"" CANARY_STATIC_TOKEN "\"%s}";
static const char basic_config[] = "{\"profile\":\"basic\",\"base_url\":\"%s\",\"username\":\"" CANARY_BASIC_USER
                                   "\",\"password\":\"" CANARY_BASIC_PASSWORD "\"%s}";

static ext_session *bearer_session(emu *e, const char *extra) {
    return session_from(bearer_config, emu_base_url(e), extra);
}

static ext_session *basic_session(emu *e, const char *extra) {
    return session_from(basic_config, emu_base_url(e), extra);
}

/* One API call; the credentials the emulator saw ("bearer", "basic"). */
static void expect_call_as(ext_session *s, const char *auth) {
    cJSON *doc = expect_ok(ext_request(s, "GET", "/api/x", NULL));
    assert_string_equal(string_at(doc, "data.auth"), auth);
    cJSON_Delete(doc);
}

/* The client connections open, once they reach `expected` (a connection
 * the client just closed takes the emulator a moment to notice; valgrind
 * makes that longer), or after 5 s. */
static long open_connections_become(emu *e, long expected) {
    long open = -1;
    int i;
    for (i = 0; i < 100 && (open = emu_open_connections(e)) != expected; ++i) sleep_ms(50);
    return open;
}

static void test_equal_settings_share_one_connection(void **state) {
    emu *e = *state;
    ext_session *bearer = bearer_session(e, ""), *basic = basic_session(e, "");
    expect_call_as(bearer, "bearer");
    expect_call_as(basic, "basic");
    expect_call_as(bearer, "bearer");
    expect_call_as(basic, "basic");
    assert_int_equal(counter(e, "connections"), 1);
    assert_int_equal(counter(e, "api"), 4);
    ext_session_free(bearer);
    ext_session_free(basic);
}

static void test_other_settings_do_not_share(void **state) {
    emu *e = *state;
    ext_session *verified = bearer_session(e, ""), *unverified = bearer_session(e, ",\"verify_tls\":false");
    expect_call_as(verified, "bearer");
    expect_call_as(unverified, "bearer");
    expect_call_as(verified, "bearer");
    expect_call_as(unverified, "bearer");
    assert_int_equal(counter(e, "connections"), 2);
    ext_session_free(verified);
    ext_session_free(unverified);
}

/* Over TLS: the sessions trusting the server's certificate through
 * ca_file share a connection; one that does not verify gets its own. */
static void test_ca_file_sessions_share_only_with_their_equals(void **state) {
    emu *tls = start_emulator(1);
    char ca[512];
    ext_session *first, *second, *unverified;
    (void)state;
    snprintf(ca, sizeof ca, ",\"ca_file\":\"%s\"", emu_ca_file(tls));
    first = bearer_session(tls, ca);
    second = basic_session(tls, ca);
    unverified = bearer_session(tls, ",\"verify_tls\":false");
    expect_call_as(first, "bearer");
    expect_call_as(second, "basic");
    expect_call_as(unverified, "bearer");
    expect_call_as(first, "bearer");
    assert_int_equal(counter(tls, "connections"), 2);
    ext_session_free(first);
    ext_session_free(second);
    ext_session_free(unverified);
    emu_stop(tls);
}

/* Sessions of equal settings to several servers share handles: one
 * thread calling six servers in turn (through one handle) sends each
 * request to its own server and keeps each server's one connection. */
static void test_one_thread_calling_many_servers_keeps_their_connections(void **state) {
    emu *servers[SERVERS];
    ext_session *sessions[SERVERS];
    int round, i;
    (void)state;
    for (i = 0; i < SERVERS; ++i) {
        servers[i] = start_emulator(0);
        sessions[i] = i % 2 ? basic_session(servers[i], "") : bearer_session(servers[i], "");
    }
    for (round = 0; round < 3; ++round)
        for (i = 0; i < SERVERS; ++i) expect_call_as(sessions[i], i % 2 ? "basic" : "bearer");
    for (i = 0; i < SERVERS; ++i) {
        assert_int_equal(counter(servers[i], "api"), 3);
        assert_int_equal(counter(servers[i], "connections"), 1);
        ext_session_free(sessions[i]);
        emu_stop(servers[i]);
    }
}

static void test_freeing_one_session_leaves_the_other_working(void **state) {
    emu *e = *state;
    ext_session *first = bearer_session(e, ""), *second = basic_session(e, "");
    expect_call_as(first, "bearer");
    expect_call_as(second, "basic");
    ext_session_free(first);
    expect_call_as(second, "basic");
    assert_int_equal(counter(e, "connections"), 1);
    assert_int_equal(open_connections_become(e, 1), 1);
    ext_session_free(second);
}

static void test_freeing_the_last_session_closes_the_connection(void **state) {
    emu *e = *state;
    ext_session *first = bearer_session(e, ""), *second = basic_session(e, "");
    expect_call_as(first, "bearer");
    expect_call_as(second, "basic");
    assert_int_equal(open_connections_become(e, 1), 1);
    ext_session_free(first);
    sleep_ms(200); /* time enough for a close to be seen: none comes */
    assert_int_equal(emu_open_connections(e), 1);
    ext_session_free(second);
    assert_int_equal(open_connections_become(e, 0), 0);
}

struct churn {
    emu *e;
    int index;
    int failures;
};

/* Sessions made, used once and freed, in turns of two settings: one a
 * session kept by the test also uses, one whose pool comes and goes.  No
 * cmocka assertion here (not thread-safe): failures are counted. */
static void *make_call_free(void *arg) {
    struct churn *c = arg;
    char config[512];
    int i;
    for (i = 0; i < CHURN_ROUNDS; ++i) {
        ext_session *s;
        char *doc;
        snprintf(config, sizeof config, bearer_config, emu_base_url(c->e),
                 (c->index + i) % 2 ? "" : ",\"verify_tls\":false");
        s = ext_session_new(config);
        doc = ext_request(s, "GET", "/api/x", NULL);
        if (!doc || !strstr(doc, "\"ok\":true")) c->failures++;
        ext_string_free(doc);
        ext_session_free(s);
    }
    return NULL;
}

static void test_sessions_made_and_freed_from_many_threads(void **state) {
    emu *e = *state;
    ext_session *kept = bearer_session(e, "");
    pthread_t threads[CHURN_THREADS];
    struct churn churns[CHURN_THREADS];
    int i;
    expect_call_as(kept, "bearer");
    for (i = 0; i < CHURN_THREADS; ++i) {
        churns[i].e = e;
        churns[i].index = i;
        churns[i].failures = 0;
        assert_int_equal(pthread_create(&threads[i], NULL, make_call_free, &churns[i]), 0);
    }
    for (i = 0; i < CHURN_THREADS; ++i) {
        pthread_join(threads[i], NULL);
        assert_int_equal(churns[i].failures, 0);
    }
    assert_int_equal(counter(e, "api"), 1 + CHURN_THREADS * CHURN_ROUNDS);
    expect_call_as(kept, "bearer");
    ext_session_free(kept);
    assert_int_equal(open_connections_become(e, 0), 0); /* every pool went with its last session */
}

/* The parent's session, where a leak check in the child (valgrind) finds
 * it: the child leaves it alone, as a child should. */
static ext_session *parent;

/* The parent's kept-alive connection is its own: a session made in a
 * child process, of the same settings, opens another one. */
static void test_child_after_fork_opens_its_own_connection(void **state) {
    emu *e = *state;
    pid_t child;
    int status;
    parent = bearer_session(e, "");
    expect_call_as(parent, "bearer");
    child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        char config[512];
        ext_session *s;
        char *doc;
        int ok;
        snprintf(config, sizeof config, bearer_config, emu_base_url(e), "");
        s = ext_session_new(config);
        doc = ext_request(s, "GET", "/api/x", NULL);
        ok = doc && strstr(doc, "\"ok\":true") != NULL;
        ext_string_free(doc);
        ext_session_free(s);
        _exit(ok ? 0 : 1);
    }
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    assert_int_equal(counter(e, "connections"), 2);
    expect_call_as(parent, "bearer");
    assert_int_equal(counter(e, "connections"), 2);
    ext_session_free(parent);
    parent = NULL;
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup(test_equal_settings_share_one_connection, reset_emulator),
    cmocka_unit_test_setup(test_other_settings_do_not_share, reset_emulator),
    cmocka_unit_test(test_ca_file_sessions_share_only_with_their_equals),
    cmocka_unit_test(test_one_thread_calling_many_servers_keeps_their_connections),
    cmocka_unit_test_setup(test_freeing_one_session_leaves_the_other_working, reset_emulator),
    cmocka_unit_test_setup(test_freeing_the_last_session_closes_the_connection, reset_emulator),
    cmocka_unit_test_setup(test_sessions_made_and_freed_from_many_threads, reset_emulator),
    cmocka_unit_test_setup(test_child_after_fork_opens_its_own_connection, reset_emulator),
};

TEST_SUITE(tests, group_start_emulator, group_stop_emulator)
