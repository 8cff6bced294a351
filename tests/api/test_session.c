/* The token engine: reuse, renewal before expiry, one re-authentication on
 * 401, forced refresh, and many threads sharing one session. */
#include "test_support.h"

#include <pthread.h>

#define THREADS          8
#define CALLS_PER_THREAD 5

static void test_ext_login_twice_reuses_token(void **state) {
    emu *e = *state;
    ext_session *s = xmc_session(e, "");
    expect_ok_and_free(ext_login(s));
    expect_ok_and_free(ext_login(s));
    assert_int_equal(counter(e, "xmc_token"), 1);
    ext_session_free(s);
}

static void test_ext_graphql_renews_token_near_expiry(void **state) {
    emu *e = *state;
    ext_session *s = xmc_session(e, "");
    cJSON *doc;
    assert_int_equal(emu_configure(e, "{\"token_lifetime_s\":2}"), 0);
    expect_ok_and_free(ext_graphql(s, "{ a }", NULL));
    expect_ok_and_free(ext_graphql(s, "{ a }", NULL));
    assert_int_equal(counter(e, "xmc_token"), 1);
    sleep_ms(1300); /* inside the renewal window (leeway capped at half the lifetime) */
    expect_ok_and_free(ext_graphql(s, "{ a }", NULL));
    assert_int_equal(counter(e, "xmc_token"), 2);
    doc = expect_ok(ext_session_info(s));
    assert_int_equal((int)number_at(doc, "counters.logins"), 2);
    assert_int_equal((int)number_at(doc, "counters.requests"), 3);
    cJSON_Delete(doc);
    ext_session_free(s);
}

static void test_ext_graphql_401_reauthenticates_once_and_retries(void **state) {
    emu *e = *state;
    ext_session *s = xmc_session(e, "");
    expect_ok_and_free(ext_login(s));
    assert_int_equal(emu_fault(e, "{\"path\":\"/nbi/graphql\",\"kind\":\"status\",\"status\":401,\"count\":1}"), 0);
    expect_ok_and_free(ext_graphql(s, "{ a }", NULL));
    assert_int_equal(counter(e, "xmc_token"), 2);
    assert_int_equal(counter(e, "graphql"), 2);
    ext_session_free(s);
}

static void test_ext_graphql_persistent_401_is_auth_failed_after_one_retry(void **state) {
    emu *e = *state;
    ext_session *s = xmc_session(e, "");
    cJSON *doc;
    assert_int_equal(emu_fault(e, "{\"path\":\"/nbi/graphql\",\"kind\":\"status\",\"status\":401,\"count\":10}"), 0);
    doc = expect_error(ext_graphql(s, "{ a }", NULL), "auth_failed");
    assert_int_equal((int)number_at(doc, "status"), 401);
    cJSON_Delete(doc);
    assert_int_equal(counter(e, "graphql"), 2);
    assert_int_equal(counter(e, "xmc_token"), 2);
    ext_session_free(s);
}

static void test_ext_token_refresh_forces_new_token(void **state) {
    emu *e = *state;
    ext_session *s = xmc_session(e, ",\"expose_token\":true");
    cJSON *first = expect_ok(ext_login(s)), *second = expect_ok(ext_token_refresh(s));
    assert_string_not_equal(string_at(first, "token.access_token"), string_at(second, "token.access_token"));
    assert_int_equal(counter(e, "xmc_token"), 2);
    cJSON_Delete(first);
    cJSON_Delete(second);
    ext_session_free(s);
}

/* A renewal ahead of expiry that fails leaves the still-valid token in use. */
static void test_ext_graphql_failed_early_renewal_keeps_valid_token(void **state) {
    emu *e = *state;
    ext_session *s = xmc_session(e, ",\"retries\":0");
    assert_int_equal(emu_configure(e, "{\"token_lifetime_s\":6}"), 0);
    expect_ok_and_free(ext_graphql(s, "{ a }", NULL));
    sleep_ms(3300);
    assert_int_equal(
        emu_fault(e, "{\"path\":\"/oauth/token/access-token\",\"kind\":\"html\",\"status\":502,\"count\":1}"), 0);
    expect_ok_and_free(ext_graphql(s, "{ a }", NULL));
    assert_int_equal(counter(e, "xmc_token"), 2); /* the failed attempt */
    assert_int_equal(counter(e, "graphql"), 2);
    /* The next calls do not try again at once: they use the valid token. */
    expect_ok_and_free(ext_graphql(s, "{ a }", NULL));
    expect_ok_and_free(ext_graphql(s, "{ a }", NULL));
    assert_int_equal(counter(e, "xmc_token"), 2);
    ext_session_free(s);
}

static void *force_refresh(void *session) {
    ext_string_free(ext_token_refresh(session));
    return NULL;
}

/* A logout while another thread renews waits for the renewal and revokes
 * its result: no fresh token survives in the session afterwards. */
static void test_ext_logout_during_renewal_leaves_no_token(void **state) {
    emu *e = *state;
    char extra[512];
    ext_session *s;
    pthread_t renewer;
    cJSON *doc;
    snprintf(extra, sizeof extra,
             ",\"grant_type\":\"password\",\"username\":\"" CANARY_OAUTH_USER "\",\"password\":\"" CANARY_OAUTH_PASSWORD
             "\",\"revoke_url\":\"%s/oauth2/revoke\"",
             emu_base_url(e));
    s = oauth2_session(e, extra);
    expect_ok_and_free(ext_login(s));
    assert_int_equal(emu_fault(e, "{\"path\":\"/oauth2/token\",\"kind\":\"delay\",\"delay_ms\":800,\"count\":1}"), 0);
    assert_int_equal(pthread_create(&renewer, NULL, force_refresh, s), 0);
    sleep_ms(200);
    doc = expect_ok(ext_logout(s));
    assert_true(cJSON_IsTrue(at(doc, "revoked")));
    cJSON_Delete(doc);
    pthread_join(renewer, NULL);
    doc = expect_ok(ext_session_info(s));
    assert_false(cJSON_IsTrue(at(doc, "has_token")));
    cJSON_Delete(doc);
    assert_int_equal(counter(e, "oauth_token_refresh_token"), 1);
    ext_session_free(s);
}

static void test_ext_login_html_502_from_token_endpoint_is_http_error(void **state) {
    emu *e = *state;
    ext_session *s = xmc_session(e, "");
    cJSON *doc;
    assert_int_equal(
        emu_fault(e, "{\"path\":\"/oauth/token/access-token\",\"kind\":\"html\",\"status\":502,\"count\":1}"), 0);
    doc = expect_error(ext_login(s), "http");
    assert_int_equal((int)number_at(doc, "status"), 502);
    cJSON_Delete(doc);
    /* Nothing was lost: the next login works. */
    expect_ok_and_free(ext_login(s));
    ext_session_free(s);
}

static void test_ext_login_odd_token_answers(void **state) {
    emu *e = *state;
    static const char *formats[] = {"string", "float", "huge"};
    size_t i;
    for (i = 0; i < sizeof formats / sizeof formats[0]; ++i) {
        char config[128];
        ext_session *s = xmc_session(e, "");
        cJSON *doc;
        snprintf(config, sizeof config, "{\"expires_in_format\":\"%s\"}", formats[i]);
        assert_int_equal(emu_configure(e, config), 0);
        doc = expect_ok(ext_login(s));
        assert_true(number_at(doc, "token.expires_in") > 3000);
        assert_true(number_at(doc, "token.expires_in") <= 366.0 * 24 * 3600);
        cJSON_Delete(doc);
        ext_session_free(s);
    }
    assert_int_equal(emu_configure(e, "{\"expires_in_format\":\"null\"}"), 0);
    {
        ext_session *s = xmc_session(e, "");
        cJSON *doc = expect_ok(ext_login(s));
        assert_true(cJSON_IsNull(at(doc, "token.expires_in")));
        cJSON_Delete(doc);
        ext_session_free(s);
    }
    {
        ext_session *s = xmc_session(e, "");
        assert_int_equal(emu_fault(e, "{\"path\":\"/oauth/token/access-token\",\"kind\":\"empty\",\"count\":1}"), 0);
        expect_error_and_free(ext_login(s), "invalid_response");
        assert_int_equal(emu_fault(e, "{\"path\":\"/oauth/token/access-token\",\"kind\":\"malformed\",\"count\":1}"),
                         0);
        expect_error_and_free(ext_login(s), "invalid_response");
        assert_int_equal(emu_fault(e,
                                   "{\"path\":\"/oauth/token/access-token\",\"kind\":\"status\",\"status\":200,"
                                   "\"body\":\"{\\\"token_type\\\":\\\"Bearer\\\"}\",\"count\":1}"),
                         0);
        expect_error_and_free(ext_login(s), "invalid_response");
        assert_int_equal(
            emu_fault(e,
                      "{\"path\":\"/oauth/token/access-token\",\"kind\":\"status\",\"status\":200,"
                      "\"body\":\"{\\\"access_token\\\":\\\"abcdef\\\",\\\"token_type\\\":\\\"mac\\\"}\",\"count\":1}"),
            0);
        expect_error_and_free(ext_login(s), "invalid_response");
        ext_session_free(s);
    }
}

struct worker {
    ext_session *session;
    int failures;
};

static void *call_graphql(void *arg) {
    struct worker *w = arg;
    int i;
    for (i = 0; i < CALLS_PER_THREAD; ++i) {
        char *doc = ext_graphql(w->session, "{ network { devices { ip } } }", NULL);
        if (!doc || !strstr(doc, "\"ok\":true")) w->failures++;
        ext_string_free(doc);
    }
    return NULL;
}

/* 8 threads share a session across an expiry: all calls succeed and the
 * server sees exactly one renewal. */
static void test_ext_graphql_threads_share_one_renewal(void **state) {
    emu *e = *state;
    ext_session *s = xmc_session(e, "");
    pthread_t threads[THREADS];
    struct worker workers[THREADS];
    int i;
    assert_int_equal(emu_configure(e, "{\"token_lifetime_s\":2}"), 0);
    assert_int_equal(
        emu_fault(e, "{\"path\":\"/oauth/token/access-token\",\"kind\":\"delay\",\"delay_ms\":300,\"count\":5}"), 0);
    expect_ok_and_free(ext_login(s));
    sleep_ms(1300);
    for (i = 0; i < THREADS; ++i) {
        workers[i].session = s;
        workers[i].failures = 0;
        assert_int_equal(pthread_create(&threads[i], NULL, call_graphql, &workers[i]), 0);
    }
    for (i = 0; i < THREADS; ++i) {
        pthread_join(threads[i], NULL);
        assert_int_equal(workers[i].failures, 0);
    }
    assert_int_equal(counter(e, "xmc_token"), 2);
    assert_int_equal(counter(e, "graphql"), THREADS * CALLS_PER_THREAD);
    ext_session_free(s);
}

/* An API that answers 401 to every token: one re-authentication, then no
 * more logins for 30 s (a login rate limit is not burned), until asked. */
static void test_ext_graphql_always_401_pauses_reauthentication(void **state) {
    emu *e = *state;
    ext_session *s = xmc_session(e, "");
    int i;
    assert_int_equal(emu_fault(e, "{\"path\":\"/nbi/graphql\",\"kind\":\"status\",\"status\":401,\"count\":100}"), 0);
    for (i = 0; i < 6; ++i) expect_error_and_free(ext_graphql(s, "{ a }", NULL), "auth_failed");
    assert_int_equal(counter(e, "xmc_token"), 2);
    assert_int_equal(counter(e, "graphql"), 7); /* 2 for the first call, then 1 each */
    /* ext_token_refresh is an explicit new attempt */
    expect_ok_and_free(ext_token_refresh(s));
    expect_error_and_free(ext_graphql(s, "{ a }", NULL), "auth_failed");
    assert_int_equal(counter(e, "xmc_token"), 4);
    ext_session_free(s);
}

/* Extra request headers go to the API, never to the token endpoint. */
static void test_ext_graphql_sends_configured_headers_to_the_api_only(void **state) {
    emu *e = *state;
    ext_session *s = xmc_session(e,
                                 ",\"headers\":{\"Cache-Control\":\"no-cache\",\"X-Org-Id\":\"42\",\"Accept\":"
                                 "\"application/graphql-response+json\"}");
    cJSON *req;
    expect_ok_and_free(ext_graphql(s, "{ a }", NULL));
    req = last_request(e, "graphql");
    assert_string_equal(string_at(req, "headers.cache-control"), "no-cache");
    assert_string_equal(string_at(req, "headers.x-org-id"), "42");
    assert_string_equal(string_at(req, "headers.accept"), "application/graphql-response+json");
    cJSON_Delete(req);
    req = last_request(e, "xmc_token");
    assert_null(at(req, "headers.x-org-id"));
    cJSON_Delete(req);
    ext_session_free(s);
}

/* deadline_ms bounds the whole call: a stalled server, and retries that
 * would wait past it. */
static void test_ext_request_deadline_bounds_the_whole_call(void **state) {
    emu *e = *state;
    ext_session *s = xiq_session(e, ",\"deadline_ms\":400");
    cJSON *doc;
    expect_ok_and_free(ext_login(s));
    assert_int_equal(emu_fault(e, "{\"path\":\"/api/slow\",\"kind\":\"stall\",\"stall_ms\":5000,\"count\":1}"), 0);
    doc = expect_error(ext_request(s, "GET", "/api/slow", NULL), "timeout");
    assert_non_null(strstr(string_at(doc, "error.message"), "deadline_ms"));
    cJSON_Delete(doc);
    /* 503s with a 1 s Retry-After: the first retry would pass the deadline */
    assert_int_equal(
        emu_fault(e, "{\"path\":\"/api/busy\",\"kind\":\"status\",\"status\":503,\"retry_after\":\"1\",\"count\":3}"),
        0);
    doc = expect_error(ext_request(s, "GET", "/api/busy", NULL), "rate_limited");
    assert_int_equal((int)number_at(doc, "retry_after_s"), 1);
    cJSON_Delete(doc);
    doc = expect_ok(ext_session_info(s));
    assert_int_equal((int)number_at(doc, "counters.retries"), 0);
    cJSON_Delete(doc);
    ext_session_free(s);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup(test_ext_login_twice_reuses_token, reset_emulator),
    cmocka_unit_test_setup(test_ext_graphql_renews_token_near_expiry, reset_emulator),
    cmocka_unit_test_setup(test_ext_graphql_401_reauthenticates_once_and_retries, reset_emulator),
    cmocka_unit_test_setup(test_ext_graphql_persistent_401_is_auth_failed_after_one_retry, reset_emulator),
    cmocka_unit_test_setup(test_ext_token_refresh_forces_new_token, reset_emulator),
    cmocka_unit_test_setup(test_ext_graphql_failed_early_renewal_keeps_valid_token, reset_emulator),
    cmocka_unit_test_setup(test_ext_logout_during_renewal_leaves_no_token, reset_emulator),
    cmocka_unit_test_setup(test_ext_login_html_502_from_token_endpoint_is_http_error, reset_emulator),
    cmocka_unit_test_setup(test_ext_login_odd_token_answers, reset_emulator),
    cmocka_unit_test_setup(test_ext_graphql_threads_share_one_renewal, reset_emulator),
    cmocka_unit_test_setup(test_ext_graphql_always_401_pauses_reauthentication, reset_emulator),
    cmocka_unit_test_setup(test_ext_graphql_sends_configured_headers_to_the_api_only, reset_emulator),
    cmocka_unit_test_setup(test_ext_request_deadline_bounds_the_whole_call, reset_emulator),
};

TEST_SUITE(tests, group_start_emulator, group_stop_emulator)
