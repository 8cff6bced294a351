/* Version 1.1: ext_cancel and the per-call options of the _ex functions.
 * Bounds on elapsed time here are behaviour (a cancelled call does not sit
 * out a 5 s stall), with wide margins, not speed measurements. */
#include "test_support.h"

#include <time.h>
#include <pthread.h>

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

struct firing {
    ext_cancel *cancel;
    long after_ms;
    double fired_at;
};

static void *fire_later(void *arg) {
    struct firing *f = arg;
    sleep_ms(f->after_ms);
    f->fired_at = now_ms();
    ext_cancel_fire(f->cancel);
    return NULL;
}

/* Runs `call` on this thread while another fires `c` after 200 ms; returns
 * how long after the firing the call came back. */
#define CANCELLED_AFTER(doc_out, c, call)                              \
    do {                                                               \
        struct firing f = {(c), 200, 0};                               \
        pthread_t t;                                                   \
        assert_int_equal(pthread_create(&t, NULL, fire_later, &f), 0); \
        (doc_out) = expect_error((call), "cancelled");                 \
        late_ms = now_ms() - f.fired_at;                               \
        pthread_join(t, NULL);                                         \
    } while (0)

static void test_ext_request_ex_cancel_ends_a_stalled_transfer(void **state) {
    emu *e = *state;
    ext_session *s = xiq_session(e, "");
    ext_cancel *c = ext_cancel_new();
    cJSON *doc, *info;
    double late_ms;
    expect_ok_and_free(ext_login(s));
    assert_int_equal(emu_fault(e, "{\"path\":\"/api/slow\",\"kind\":\"stall\",\"stall_ms\":5000}"), 0);
    CANCELLED_AFTER(doc, c, ext_request_ex(s, "GET", "/api/slow", NULL, NULL, c));
    assert_true(late_ms < 1000); /* promptly, not after the 5 s stall */
    assert_int_equal((int)number_at(doc, "status"), 0);
    cJSON_Delete(doc);
    info = expect_ok(ext_session_info(s));
    assert_string_equal(string_at(info, "exchanges.1.error"), "cancelled");
    cJSON_Delete(info);
    /* the session goes on working */
    expect_ok_and_free(ext_request(s, "GET", "/api/x", NULL));
    ext_cancel_free(c);
    ext_session_free(s);
}

static void test_ext_graphql_ex_fired_handle_sends_nothing(void **state) {
    emu *e = *state;
    ext_session *s = xmc_session(e, "");
    ext_cancel *c = ext_cancel_new();
    ext_cancel_fire(c);
    ext_cancel_fire(c); /* idempotent */
    expect_error_and_free(ext_graphql_ex(s, "{ a }", NULL, NULL, c), "cancelled");
    expect_error_and_free(ext_login_ex(s, NULL, c), "cancelled");
    assert_int_equal(counter(e, "xmc_token"), 0);
    assert_int_equal(counter(e, "graphql"), 0);
    ext_cancel_fire(NULL);
    ext_cancel_free(c);
    ext_cancel_free(NULL);
    ext_session_free(s);
}

static void test_ext_request_ex_cancel_ends_a_retry_after_wait(void **state) {
    emu *e = *state;
    ext_session *s = xiq_session(e, "");
    ext_cancel *c = ext_cancel_new();
    cJSON *doc;
    double late_ms;
    assert_int_equal(
        emu_fault(e, "{\"path\":\"/api/busy\",\"kind\":\"status\",\"status\":503,\"retry_after\":\"5\",\"count\":3}"),
        0);
    CANCELLED_AFTER(doc, c, ext_request_ex(s, "GET", "/api/busy", NULL, NULL, c));
    assert_true(late_ms < 1000);
    cJSON_Delete(doc);
    assert_int_equal(counter(e, "api"), 1);
    ext_cancel_free(c);
    ext_session_free(s);
}

struct caller {
    ext_session *s;
    ext_cancel *cancel;
    char *result;
};

/* Until the emulator has seen `n` token requests: the renewer is in its own. */
static void wait_for_token_requests(emu *e, long n) {
    int i;
    for (i = 0; i < 250 && counter(e, "xmc_token") < n; ++i) sleep_ms(20);
    assert_true(counter(e, "xmc_token") >= n);
}

static void *graphql_call(void *arg) {
    struct caller *c = arg;
    c->result = ext_graphql_ex(c->s, "{ a }", NULL, NULL, c->cancel);
    return NULL;
}

/* A waiting caller cancelled: it returns at once, the renewal goes on and
 * the renewing caller gets its token; one token request in all. */
static void test_ext_graphql_ex_cancelled_waiter_leaves_the_renewal_alone(void **state) {
    emu *e = *state;
    ext_session *s = xmc_session(e, "");
    struct caller renewer = {s, NULL, NULL};
    ext_cancel *c = ext_cancel_new();
    pthread_t t;
    cJSON *doc;
    double late_ms;
    assert_int_equal(emu_fault(e, "{\"path\":\"/oauth/token/access-token\",\"kind\":\"delay\",\"delay_ms\":1500}"), 0);
    assert_int_equal(pthread_create(&t, NULL, graphql_call, &renewer), 0);
    wait_for_token_requests(e, 1);
    CANCELLED_AFTER(doc, c, ext_graphql_ex(s, "{ a }", NULL, NULL, c));
    assert_true(late_ms < 1000);
    cJSON_Delete(doc);
    pthread_join(t, NULL);
    expect_ok_and_free(renewer.result);
    assert_int_equal(counter(e, "xmc_token"), 1);
    ext_cancel_free(c);
    ext_session_free(s);
}

/* The renewing caller cancelled: a waiting caller renews instead. */
static void test_ext_graphql_ex_cancelled_renewer_hands_the_renewal_over(void **state) {
    emu *e = *state;
    ext_session *s = xmc_session(e, "");
    ext_cancel *c = ext_cancel_new();
    struct caller renewer = {s, c, NULL}, waiter = {s, NULL, NULL};
    pthread_t first, second;
    assert_int_equal(emu_fault(e, "{\"path\":\"/oauth/token/access-token\",\"kind\":\"delay\",\"delay_ms\":3000}"), 0);
    assert_int_equal(pthread_create(&first, NULL, graphql_call, &renewer), 0);
    wait_for_token_requests(e, 1); /* the renewer's request is delayed at the server */
    assert_int_equal(pthread_create(&second, NULL, graphql_call, &waiter), 0);
    sleep_ms(200); /* the waiter waits on the renewal */
    ext_cancel_fire(c);
    pthread_join(first, NULL);
    pthread_join(second, NULL);
    expect_error_and_free(renewer.result, "cancelled");
    expect_ok_and_free(waiter.result);
    assert_int_equal(counter(e, "xmc_token"), 2); /* the abandoned one, then the waiter's */
    ext_cancel_free(c);
    ext_session_free(s);
}

static void test_ext_request_ex_options_reach_the_wire(void **state) {
    emu *e = *state;
    ext_session *s = xiq_session(e, ",\"headers\":{\"X-Org\":\"session\",\"Cache-Control\":\"no-cache\"}");
    cJSON *doc, *req;
    doc = expect_ok(ext_request_ex(s, "POST", "/api/form?a=1", "name=x&value=y%20z",
                                   "{\"headers\":{\"x-org\":\"call\",\"X-Trace\":\"t1\"},\"query\":{\"q\":\"a b&c\"},"
                                   "\"content_type\":\"application/x-www-form-urlencoded\",\"deadline_ms\":5000}",
                                   NULL));
    cJSON_Delete(doc);
    req = last_request(e, "api");
    assert_string_equal(string_at(req, "query"), "a=1&q=a%20b%26c");
    assert_string_equal(string_at(req, "body"), "name=x&value=y%20z");
    assert_string_equal(string_at(req, "headers.content-type"), "application/x-www-form-urlencoded");
    assert_string_equal(string_at(req, "headers.x-org"), "call"); /* merged over the session's */
    assert_string_equal(string_at(req, "headers.x-trace"), "t1");
    assert_string_equal(string_at(req, "headers.cache-control"), "no-cache");
    assert_int_equal(strncmp(string_at(req, "headers.authorization"), "Bearer ", 7), 0);
    cJSON_Delete(req);
    ext_session_free(s);
}

static void test_ext_graphql_ex_sends_operation_name(void **state) {
    emu *e = *state;
    ext_session *s = xmc_session(e, "");
    cJSON *req, *body;
    expect_ok_and_free(ext_graphql_ex(s, "query Devices { a }", NULL, "{\"operation_name\":\"Devices\"}", NULL));
    req = last_request(e, "graphql");
    body = cJSON_Parse(string_at(req, "body"));
    assert_string_equal(string_at(body, "operationName"), "Devices");
    cJSON_Delete(body);
    cJSON_Delete(req);
    ext_session_free(s);
}

static void test_ext_request_ex_response_text_and_base64(void **state) {
    emu *e = *state;
    ext_session *s = xiq_session(e, "");
    cJSON *doc;
    assert_int_equal(
        emu_fault(e,
                  "{\"path\":\"/api/raw\",\"kind\":\"status\",\"status\":200,\"body\":\"{\\\"a\\\":1}\",\"count\":2}"),
        0);
    doc = expect_ok(ext_request_ex(s, "GET", "/api/raw", NULL, "{\"response\":\"text\"}", NULL));
    assert_string_equal(string_at(doc, "data"), "{\"a\":1}");
    cJSON_Delete(doc);
    doc = expect_ok(ext_request_ex(s, "GET", "/api/raw", NULL, "{\"response\":\"base64\"}", NULL));
    assert_string_equal(string_at(doc, "data"), "eyJhIjoxfQ==");
    cJSON_Delete(doc);
    ext_session_free(s);
}

static void test_ext_request_ex_bad_options_are_invalid_argument(void **state) {
    static const char *bad[][2] = {
        {"{\"deadline\":1}", "options.deadline"},
        {"{\"operation_name\":\"x\"}", "options.operation_name"}, /* graphql only */
        {"{\"headers\":{\"X\":\"a\\r\\nB: c\"}}", "options.headers"},
        {"{\"query\":{\"a\":1}}", "options.query"},
        {"{\"response\":\"xml\"}", "options.response"},
        {"{\"deadline_ms\":0}", "options.deadline_ms"},
    };
    emu *e = *state;
    ext_session *s = xiq_session(e, "");
    size_t i;
    for (i = 0; i < sizeof bad / sizeof *bad; ++i) {
        cJSON *doc = expect_error(ext_request_ex(s, "GET", "/api/x", NULL, bad[i][0], NULL), "invalid_argument");
        assert_string_equal(string_at(doc, "error.key"), bad[i][1]);
        cJSON_Delete(doc);
    }
    expect_error_and_free(ext_request_ex(s, "GET", "/api/x", NULL, "[1]", NULL), "invalid_argument");
    expect_error_and_free(ext_login_ex(s, "{\"headers\":{}}", NULL), "invalid_argument"); /* login: deadline_ms only */
    expect_error_and_free(ext_request_ex(s, "POST", "/api/x", "not json", NULL, NULL), "invalid_argument");
    assert_int_equal(counter(e, "api"), 0);
    ext_session_free(s);
}

static void test_ext_request_ex_deadline_option_bounds_the_call(void **state) {
    emu *e = *state;
    ext_session *s = xiq_session(e, "");
    cJSON *doc;
    assert_int_equal(emu_fault(e, "{\"path\":\"/api/slow\",\"kind\":\"stall\",\"stall_ms\":5000}"), 0);
    doc = expect_error(ext_request_ex(s, "GET", "/api/slow", NULL, "{\"deadline_ms\":300}", NULL), "timeout");
    assert_non_null(strstr(string_at(doc, "error.message"), "deadline_ms"));
    cJSON_Delete(doc);
    ext_session_free(s);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup(test_ext_request_ex_cancel_ends_a_stalled_transfer, reset_emulator),
    cmocka_unit_test_setup(test_ext_graphql_ex_fired_handle_sends_nothing, reset_emulator),
    cmocka_unit_test_setup(test_ext_request_ex_cancel_ends_a_retry_after_wait, reset_emulator),
    cmocka_unit_test_setup(test_ext_graphql_ex_cancelled_waiter_leaves_the_renewal_alone, reset_emulator),
    cmocka_unit_test_setup(test_ext_graphql_ex_cancelled_renewer_hands_the_renewal_over, reset_emulator),
    cmocka_unit_test_setup(test_ext_request_ex_options_reach_the_wire, reset_emulator),
    cmocka_unit_test_setup(test_ext_graphql_ex_sends_operation_name, reset_emulator),
    cmocka_unit_test_setup(test_ext_request_ex_response_text_and_base64, reset_emulator),
    cmocka_unit_test_setup(test_ext_request_ex_bad_options_are_invalid_argument, reset_emulator),
    cmocka_unit_test_setup(test_ext_request_ex_deadline_option_bounds_the_call, reset_emulator),
};

TEST_SUITE(tests, group_start_emulator, group_stop_emulator)
