/* The transport against a misbehaving server: retries and Retry-After,
 * non-idempotent calls, timeouts, dropped/truncated/oversized answers,
 * TLS verification, plain-http refusal and redirects. */
#include "test_support.h"

#include <time.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static ext_session *bearer_session(emu *e, const char *extra) {
    return session_from("{\"profile\":\"bearer\",\"base_url\":\"%s\",\"token\":\"" CANARY_STATIC_TOKEN "\"%s}",
                        emu_base_url(e), extra);
}

static void fault(emu *e, const char *json) { assert_int_equal(emu_fault(e, json), 0); }

static void test_ext_request_retries_503_honouring_retry_after(void **state) {
    emu *e = *state;
    ext_session *s = bearer_session(e, "");
    double started = now_s();
    cJSON *doc;
    fault(e, "{\"path\":\"/api/x\",\"kind\":\"status\",\"status\":503,\"retry_after\":\"1\",\"count\":1}");
    expect_ok_and_free(ext_request(s, "GET", "/api/x", NULL));
    assert_true(now_s() - started >= 0.9); /* waited as the server asked */
    assert_int_equal(counter(e, "api"), 2);
    doc = expect_ok(ext_session_info(s));
    assert_int_equal((int)number_at(doc, "counters.retries"), 1);
    cJSON_Delete(doc);
    ext_session_free(s);
}

static void test_ext_request_gives_up_after_configured_retries(void **state) {
    emu *e = *state;
    ext_session *s = bearer_session(e, ",\"retries\":2");
    cJSON *doc;
    fault(e, "{\"path\":\"/api/x\",\"kind\":\"status\",\"status\":503,\"retry_after\":\"0\",\"count\":10}");
    doc = expect_error(ext_request(s, "GET", "/api/x", NULL), "http");
    assert_int_equal((int)number_at(doc, "status"), 503);
    cJSON_Delete(doc);
    assert_int_equal(counter(e, "api"), 3);
    ext_session_free(s);
}

static void test_ext_request_post_retried_on_429_not_on_502(void **state) {
    emu *e = *state;
    ext_session *s = bearer_session(e, "");
    fault(e, "{\"path\":\"/api/a\",\"kind\":\"status\",\"status\":429,\"retry_after\":\"0\",\"count\":1}");
    expect_ok_and_free(ext_request(s, "POST", "/api/a", "{}"));
    assert_int_equal(counter(e, "api"), 2);
    fault(e, "{\"path\":\"/api/b\",\"kind\":\"status\",\"status\":502,\"count\":1}");
    expect_error_and_free(ext_request(s, "POST", "/api/b", "{}"), "http");
    assert_int_equal(counter(e, "api"), 3);
    fault(e, "{\"path\":\"/api/c\",\"kind\":\"status\",\"status\":502,\"count\":1}");
    expect_ok_and_free(ext_request(s, "GET", "/api/c", NULL));
    assert_int_equal(counter(e, "api"), 5);
    ext_session_free(s);
}

static void test_ext_request_rate_limited_when_429_persists(void **state) {
    emu *e = *state;
    ext_session *s = bearer_session(e, ",\"retries\":1");
    cJSON *doc;
    fault(e, "{\"path\":\"/api/x\",\"kind\":\"status\",\"status\":429,\"retry_after\":\"0\",\"count\":5}");
    doc = expect_error(ext_request(s, "GET", "/api/x", NULL), "rate_limited");
    assert_int_equal((int)number_at(doc, "status"), 429);
    cJSON_Delete(doc);
    ext_session_free(s);
}

static void test_ext_request_stalled_server_times_out(void **state) {
    emu *e = *state;
    ext_session *s = bearer_session(e, ",\"timeout_ms\":300,\"retries\":0");
    cJSON *doc;
    fault(e, "{\"path\":\"/api/slow\",\"kind\":\"stall\",\"stall_ms\":3000,\"count\":1}");
    doc = expect_error(ext_request(s, "GET", "/api/slow", NULL), "timeout");
    assert_int_equal((int)number_at(doc, "status"), 0);
    cJSON_Delete(doc);
    ext_session_free(s);
}

static void test_ext_request_dropped_connection_retried_only_when_idempotent(void **state) {
    emu *e = *state;
    ext_session *s = bearer_session(e, "");
    fault(e, "{\"path\":\"/api/x\",\"kind\":\"drop\",\"count\":1}");
    expect_ok_and_free(ext_request(s, "GET", "/api/x", NULL));
    assert_int_equal(counter(e, "api"), 2);
    /* On the kept-alive connection, a dropped POST is not sent again, not
     * even by libcurl's own resend for dead reused connections. */
    fault(e, "{\"path\":\"/api/y\",\"kind\":\"drop\",\"count\":5}");
    expect_error_and_free(ext_request(s, "POST", "/api/y", "{}"), "network");
    assert_int_equal(counter(e, "api"), 3);
    fault(e, "{\"path\":\"/api/z\",\"kind\":\"drop\",\"count\":5}");
    expect_error_and_free(ext_request(s, "PATCH", "/api/z", "{}"), "network");
    assert_int_equal(counter(e, "api"), 4);
    ext_session_free(s);
}

/* A GraphQL query only reads: when its kept-alive connection dies before
 * the answer it is sent again, as a GET would be, and succeeds; a mutation
 * is not, not even by libcurl's own resend. */
static void test_ext_graphql_dropped_connection_resends_query_not_mutation(void **state) {
    emu *e = *state;
    ext_session *s = bearer_session(e, "");
    cJSON *doc;
    expect_ok_and_free(ext_graphql(s, "{ warm }", NULL)); /* the connection is kept alive */
    fault(e, "{\"path\":\"/graphql\",\"kind\":\"drop\",\"count\":1}");
    expect_ok_and_free(ext_graphql(s, "query Devices { network { devices { ip } } }", NULL));
    assert_int_equal(counter(e, "graphql"), 3); /* the warm-up, the dropped query, the query again */
    fault(e, "{\"path\":\"/graphql\",\"kind\":\"drop\",\"count\":5}");
    doc = expect_error(ext_graphql(s, "mutation { addDevice(ip: \"10.0.0.3\") { id } }", NULL), "network");
    assert_non_null(strstr(string_at(doc, "error.message"), "not sent again"));
    cJSON_Delete(doc);
    assert_int_equal(counter(e, "graphql"), 4); /* the mutation arrived once */
    ext_session_free(s);
}

/* The operation that runs decides: operation_name picks the mutation of a
 * document that also holds a query, and that is not sent again. */
static void test_ext_graphql_ex_dropped_named_mutation_is_not_resent(void **state) {
    emu *e = *state;
    ext_session *s = bearer_session(e, "");
    const char *document = "query Read { a } mutation Write { b }";
    expect_ok_and_free(ext_graphql(s, "{ warm }", NULL));
    fault(e, "{\"path\":\"/graphql\",\"kind\":\"drop\",\"count\":5}");
    expect_error_and_free(ext_graphql_ex(s, document, NULL, "{\"operation_name\":\"Write\"}", NULL), "network");
    assert_int_equal(counter(e, "graphql"), 2);
    ext_session_free(s);
}

/* 502 and 504 are retried for a query as for a GET, not for a mutation. */
static void test_ext_graphql_query_retried_on_502_mutation_not(void **state) {
    emu *e = *state;
    ext_session *s = bearer_session(e, "");
    fault(e, "{\"path\":\"/graphql\",\"kind\":\"status\",\"status\":502,\"count\":1}");
    expect_ok_and_free(ext_graphql(s, "{ a }", NULL));
    assert_int_equal(counter(e, "graphql"), 2);
    fault(e, "{\"path\":\"/graphql\",\"kind\":\"status\",\"status\":504,\"count\":1}");
    expect_error_and_free(ext_graphql(s, "mutation { b }", NULL), "http");
    assert_int_equal(counter(e, "graphql"), 3);
    ext_session_free(s);
}

/* The emulator closes connections idle for 5 s; a POST after such a pause
 * must go out on a new connection rather than fail on the dead one (which
 * it may not be re-sent from, see above). */
static void test_ext_request_post_after_server_closed_idle_connection(void **state) {
    emu *e = *state;
    ext_session *s = bearer_session(e, ",\"retries\":0");
    expect_ok_and_free(ext_request(s, "GET", "/api/warm", NULL));
    sleep_ms(5600);
    expect_ok_and_free(ext_request(s, "POST", "/api/after-pause", "{}"));
    assert_int_equal(counter(e, "api"), 2);
    ext_session_free(s);
}

static void test_ext_request_bad_bodies_are_invalid_response(void **state) {
    emu *e = *state;
    ext_session *s = bearer_session(e, ",\"retries\":0,\"max_response_bytes\":100000");
    fault(e, "{\"path\":\"/api/cut\",\"kind\":\"truncated\",\"count\":1}");
    expect_error_and_free(ext_request(s, "GET", "/api/cut", NULL), "invalid_response");
    fault(e, "{\"path\":\"/api/big\",\"kind\":\"oversized\",\"size\":1000000,\"count\":1}");
    expect_error_and_free(ext_request(s, "GET", "/api/big", NULL), "invalid_response");
    fault(e, "{\"path\":\"/api/bad\",\"kind\":\"malformed\",\"count\":1}");
    expect_error_and_free(ext_request(s, "GET", "/api/bad", NULL), "invalid_response");
    /* The session is still fine afterwards. */
    expect_ok_and_free(ext_request(s, "GET", "/api/ok", NULL));
    ext_session_free(s);
}

static void test_ext_request_empty_and_text_bodies(void **state) {
    emu *e = *state;
    ext_session *s = bearer_session(e, "");
    cJSON *doc;
    fault(e, "{\"path\":\"/api/empty\",\"kind\":\"empty\",\"count\":1}");
    doc = expect_ok(ext_request(s, "GET", "/api/empty", NULL));
    assert_true(cJSON_IsNull(at(doc, "data")));
    cJSON_Delete(doc);
    fault(e,
          "{\"path\":\"/api/text\",\"kind\":\"status\",\"status\":200,\"body\":\"hello\",\"content_type\":\"text/"
          "plain\",\"count\":1}");
    doc = expect_ok(ext_request(s, "GET", "/api/text", NULL));
    assert_string_equal(string_at(doc, "data"), "hello");
    cJSON_Delete(doc);
    ext_session_free(s);
}

/* A body whose Content-Type names JSON in any form (a +json suffix, any
 * case) must parse; under another type it is text. */
static void test_ext_request_body_claiming_json_must_parse(void **state) {
    emu *e = *state;
    ext_session *s = bearer_session(e, "");
    cJSON *doc;
    fault(e,
          "{\"path\":\"/api/problem\",\"kind\":\"status\",\"status\":200,\"body\":\"oops\",\"content_type\":"
          "\"APPLICATION/PROBLEM+JSON\",\"count\":1}");
    doc = expect_error(ext_request(s, "GET", "/api/problem", NULL), "invalid_response");
    assert_non_null(strstr(string_at(doc, "error.message"), "claims to be JSON"));
    cJSON_Delete(doc);
    fault(e,
          "{\"path\":\"/api/js\",\"kind\":\"status\",\"status\":200,\"body\":\"oops\",\"content_type\":"
          "\"text/javascript\",\"count\":1}");
    doc = expect_ok(ext_request(s, "GET", "/api/js", NULL));
    assert_string_equal(string_at(doc, "data"), "oops");
    cJSON_Delete(doc);
    ext_session_free(s);
}

static void test_ext_request_plain_http_to_remote_host_refused_before_connecting(void **state) {
    ext_session *s = session_from(
        "{\"profile\":\"bearer\",\"base_url\":\"http://192.0.2.10\",\"token\":\"" CANARY_STATIC_TOKEN "\"}");
    cJSON *doc;
    (void)state;
    doc = expect_error(ext_request(s, "GET", "/api/x", NULL), "insecure_transport");
    assert_int_equal((int)number_at(doc, "status"), 0);
    cJSON_Delete(doc);
    expect_error_and_free(ext_login(s), "insecure_transport");
    ext_session_free(s);
}

static void test_ext_request_cross_origin_redirect_is_not_followed(void **state) {
    emu *e = *state;
    emu *other = start_emulator(0);
    ext_session *s = bearer_session(e, "");
    char path[512];
    cJSON *doc;
    snprintf(path, sizeof path, "/api/redirect?to=%s/api/stolen", emu_base_url(other));
    doc = expect_error(ext_request(s, "GET", path, NULL), "http");
    assert_int_equal((int)number_at(doc, "status"), 302);
    cJSON_Delete(doc);
    assert_int_equal(counter(other, "api"), 0);
    assert_int_equal(counter(other, "unauthorized"), 0);

    snprintf(path, sizeof path, "/api/redirect?to=%s/api/target", emu_base_url(e));
    doc = expect_ok(ext_request(s, "GET", path, NULL));
    assert_string_equal(string_at(doc, "data.path"), "/api/target");
    assert_string_equal(string_at(doc, "data.auth"), "bearer");
    cJSON_Delete(doc);
    emu_stop(other);
    ext_session_free(s);
}

static void test_ext_request_sends_configured_user_agent(void **state) {
    emu *e = *state;
    ext_session *s = bearer_session(e, ",\"user_agent\":\"probe/2.0\"");
    cJSON *req;
    expect_ok_and_free(ext_request(s, "GET", "/api/x", NULL));
    req = last_request(e, "api");
    assert_string_equal(string_at(req, "headers.user-agent"), "probe/2.0");
    cJSON_Delete(req);
    ext_session_free(s);
}

static void test_ext_request_tls_verified_against_ca_file(void **state) {
    emu *tls = emu_start(1);
    ext_session *s;
    cJSON *doc;
    (void)state;
    assert_non_null(tls);
    s = session_from(
        "{\"profile\":\"basic\",\"base_url\":\"%s\",\"username\":\"basic-user\",\"password\":\"basic-password\"}",
        emu_base_url(tls));
    expect_error_and_free(ext_request(s, "GET", "/api/x", NULL), "tls"); /* self-signed: not trusted */
    ext_session_free(s);

    s = session_from(
        "{\"profile\":\"basic\",\"base_url\":\"%s\",\"username\":\"basic-user\",\"password\":\"basic-password\","
        "\"ca_file\":\"%s\"}",
        emu_base_url(tls), emu_ca_file(tls));
    doc = expect_ok(ext_request(s, "GET", "/api/x", NULL));
    assert_string_equal(string_at(doc, "data.auth"), "basic");
    cJSON_Delete(doc);
    ext_session_free(s);

    s = session_from(
        "{\"profile\":\"basic\",\"base_url\":\"%s\",\"username\":\"basic-user\",\"password\":\"basic-password\","
        "\"verify_tls\":false}",
        emu_base_url(tls));
    expect_ok_and_free(ext_request(s, "GET", "/api/x", NULL));
    ext_session_free(s);
    emu_stop(tls);
}

/* In a child with its address space capped, a 512 MiB answer cannot be
 * held: the call must say out_of_memory, not crash. */
static void test_ext_request_out_of_memory_is_reported(void **state) {
    emu *e = *state;
    pid_t child;
    int status;
    if (getenv("EXTAPI_UNDER_VALGRIND")) skip(); /* valgrind manages memory itself */
    fault(e, "{\"path\":\"/api/huge\",\"kind\":\"oversized\",\"size\":536870912,\"count\":1}");
    child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        struct rlimit limit = {256L * 1024 * 1024, 256L * 1024 * 1024};
        ext_session *s = bearer_session(e, ",\"max_response_bytes\":1073741824,\"retries\":0");
        char *doc;
        setrlimit(RLIMIT_AS, &limit);
        doc = ext_request(s, "GET", "/api/huge", NULL);
        _exit(doc && strstr(doc, "\"code\":\"out_of_memory\"") ? 0 : 1);
    }
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

/* Environment proxies would see the Authorization header of a plain-http
 * call in clear: they are not used for one, and a configured proxy is
 * refused. */
static void test_ext_request_plain_http_ignores_environment_proxies(void **state) {
    emu *e = *state;
    ext_session *s;
    setenv("http_proxy", "http://127.0.0.1:1", 1);
    setenv("ALL_PROXY", "http://127.0.0.1:1", 1);
    s = bearer_session(e, "");
    expect_ok_and_free(ext_request(s, "GET", "/api/x", NULL)); /* not through the dead proxy */
    ext_session_free(s);
    unsetenv("http_proxy");
    unsetenv("ALL_PROXY");
    s = bearer_session(e, ",\"proxy\":\"http://127.0.0.1:1\"");
    expect_error_and_free(ext_request(s, "GET", "/api/x", NULL), "insecure_transport");
    ext_session_free(s);
    assert_int_equal(counter(e, "api"), 1);
}

/* "127.1.2.3.4" is a host name DNS resolves anywhere, not loopback. */
static void test_ext_request_lookalike_loopback_host_is_refused(void **state) {
    ext_session *s =
        session_from("{\"profile\":\"bearer\",\"base_url\":\"http://127.1.2.3.4:8080\",\"token\":\"t0k3n\"}");
    (void)state;
    expect_error_and_free(ext_request(s, "GET", "/x", NULL), "insecure_transport");
    ext_session_free(s);
}

static void test_ext_request_redirect_to_ftp_is_an_http_error(void **state) {
    emu *e = *state;
    ext_session *s = bearer_session(e, "");
    cJSON *doc = expect_error(ext_request(s, "GET", "/api/redirect?to=ftp://127.0.0.1/x", NULL), "http");
    assert_int_equal((int)number_at(doc, "status"), 302);
    cJSON_Delete(doc);
    ext_session_free(s);
}

/* A HEAD answer announces a size but has no body. */
static void test_ext_request_head_ignores_max_response_bytes(void **state) {
    emu *e = *state;
    ext_session *s = bearer_session(e, ",\"max_response_bytes\":1000");
    fault(e, "{\"path\":\"/api/big\",\"kind\":\"oversized\",\"size\":5000,\"count\":2}");
    expect_ok_and_free(ext_request(s, "HEAD", "/api/big", NULL));
    expect_error_and_free(ext_request(s, "GET", "/api/big", NULL), "invalid_response");
    ext_session_free(s);
}

/* One retry budget for the whole call, redirect hops included. */
static void test_ext_request_redirect_hops_share_the_retry_budget(void **state) {
    emu *e = *state;
    ext_session *s = bearer_session(e, ",\"retries\":1");
    cJSON *doc;
    fault(e, "{\"path\":\"/api/redirect\",\"kind\":\"status\",\"status\":503,\"retry_after\":\"0\"}");
    fault(e, "{\"path\":\"/api/target\",\"kind\":\"status\",\"status\":503,\"retry_after\":\"0\"}");
    doc = expect_error(ext_request(s, "GET", "/api/redirect?to=/api/target", NULL), "http");
    assert_int_equal((int)number_at(doc, "status"), 503);
    cJSON_Delete(doc);
    doc = expect_ok(ext_session_info(s));
    assert_int_equal((int)number_at(doc, "counters.retries"), 1);
    cJSON_Delete(doc);
    ext_session_free(s);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup(test_ext_request_retries_503_honouring_retry_after, reset_emulator),
    cmocka_unit_test_setup(test_ext_request_gives_up_after_configured_retries, reset_emulator),
    cmocka_unit_test_setup(test_ext_request_post_retried_on_429_not_on_502, reset_emulator),
    cmocka_unit_test_setup(test_ext_request_rate_limited_when_429_persists, reset_emulator),
    cmocka_unit_test_setup(test_ext_request_stalled_server_times_out, reset_emulator),
    cmocka_unit_test_setup(test_ext_request_dropped_connection_retried_only_when_idempotent, reset_emulator),
    cmocka_unit_test_setup(test_ext_graphql_dropped_connection_resends_query_not_mutation, reset_emulator),
    cmocka_unit_test_setup(test_ext_graphql_ex_dropped_named_mutation_is_not_resent, reset_emulator),
    cmocka_unit_test_setup(test_ext_graphql_query_retried_on_502_mutation_not, reset_emulator),
    cmocka_unit_test_setup(test_ext_request_post_after_server_closed_idle_connection, reset_emulator),
    cmocka_unit_test_setup(test_ext_request_bad_bodies_are_invalid_response, reset_emulator),
    cmocka_unit_test_setup(test_ext_request_empty_and_text_bodies, reset_emulator),
    cmocka_unit_test_setup(test_ext_request_body_claiming_json_must_parse, reset_emulator),
    cmocka_unit_test(test_ext_request_plain_http_to_remote_host_refused_before_connecting),
    cmocka_unit_test_setup(test_ext_request_cross_origin_redirect_is_not_followed, reset_emulator),
    cmocka_unit_test_setup(test_ext_request_sends_configured_user_agent, reset_emulator),
    cmocka_unit_test(test_ext_request_tls_verified_against_ca_file),
    cmocka_unit_test_setup(test_ext_request_out_of_memory_is_reported, reset_emulator),
    cmocka_unit_test_setup(test_ext_request_plain_http_ignores_environment_proxies, reset_emulator),
    cmocka_unit_test(test_ext_request_lookalike_loopback_host_is_refused),
    cmocka_unit_test_setup(test_ext_request_redirect_to_ftp_is_an_http_error, reset_emulator),
    cmocka_unit_test_setup(test_ext_request_head_ignores_max_response_bytes, reset_emulator),
    cmocka_unit_test_setup(test_ext_request_redirect_hops_share_the_retry_budget, reset_emulator),
};

TEST_SUITE(tests, group_start_emulator, group_stop_emulator)
