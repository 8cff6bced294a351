/* Client authentication at token endpoints (client_auth): raw Basic as
 * every seed's client sends it, form-encoded Basic (RFC 6749 §2.3.1), the
 * form body, and auto's one fallback, remembered for the session and in the
 * token cache.  The canary secrets contain + / = ! which form-encoding
 * changes. */
#include "test_support.h"

#include <unistd.h>

/* The canary secrets, form-encoded (curl_easy_escape). */
#define XMC_SECRET_FORM_ENCODED   "xmc%2Bsecret%2FCANARY%3D7f3a91%21"
#define OAUTH_SECRET_FORM_ENCODED "oauth%2Bsecret%2FCANARY%3Dc41d%21"

static void expect_authorization(emu *e, const char *counter_name, const char *user, const char *password) {
    char expected[256];
    cJSON *req = last_request(e, counter_name);
    basic_header(expected, sizeof expected, user, password);
    assert_string_equal(string_at(req, "headers.authorization"), expected);
    cJSON_Delete(req);
}

static void test_ext_login_auto_against_raw_server_takes_one_request(void **state) {
    emu *e = *state;
    ext_session *s = xmc_session(e, ""); /* client_auth defaults to auto */
    expect_ok_and_free(ext_login(s));
    assert_int_equal(counter(e, "xmc_token"), 1);
    expect_authorization(e, "xmc_token", CANARY_XMC_ID, CANARY_XMC_SECRET);
    expect_ok_and_free(ext_token_refresh(s));
    assert_int_equal(counter(e, "xmc_token"), 2);
    ext_session_free(s);
}

static void test_ext_login_auto_against_form_server_falls_back_once_and_remembers(void **state) {
    emu *e = *state;
    ext_session *s = xmc_session(e, "");
    cJSON *info;
    assert_int_equal(emu_configure(e, "{\"basic_decoding\":\"form\"}"), 0);
    expect_ok_and_free(ext_login(s));
    assert_int_equal(counter(e, "xmc_token"), 2);
    expect_authorization(e, "xmc_token", CANARY_XMC_ID, XMC_SECRET_FORM_ENCODED);
    /* one request per renewal from now on */
    expect_ok_and_free(ext_token_refresh(s));
    expect_ok_and_free(ext_token_refresh(s));
    assert_int_equal(counter(e, "xmc_token"), 4);
    /* the exchange log says why the second request was made */
    info = expect_ok(ext_session_info(s));
    assert_string_equal(string_at(info, "exchanges.0.client_auth"), "basic_raw");
    assert_int_equal((int)number_at(info, "exchanges.0.status"), 401);
    assert_string_equal(string_at(info, "exchanges.0.endpoint"), "token");
    assert_string_equal(string_at(info, "exchanges.1.client_auth"), "basic");
    assert_non_null(string_at(info, "exchanges.1.reason"));
    assert_int_equal((int)number_at(info, "exchanges.1.status"), 200);
    assert_string_equal(string_at(info, "exchanges.2.client_auth"), "basic");
    cJSON_Delete(info);
    ext_session_free(s);
}

/* Credentials of unreserved characters: form-encoding changes nothing, so
 * a refusal is final after one request. */
static void test_ext_login_auto_does_not_retry_when_encoding_changes_nothing(void **state) {
    emu *e = *state;
    ext_session *s = session_from(
        "{\"profile\":\"xmc\",\"base_url\":\"%s\",\"client_id\":\"xmc-client\","
        "\"client_secret\":\"plain-but-wrong\"}",
        emu_base_url(e));
    cJSON *doc = expect_error(ext_login(s), "auth_failed");
    assert_string_equal(string_at(doc, "error.oauth.error"), "invalid_client");
    cJSON_Delete(doc);
    assert_int_equal(counter(e, "xmc_token"), 1);
    ext_session_free(s);
}

static void test_ext_login_auto_wrong_reserved_secret_costs_two_requests_and_fails(void **state) {
    emu *e = *state;
    ext_session *s = session_from("{\"profile\":\"oauth2\",\"base_url\":\"%s\",\"client_id\":\"" CANARY_OAUTH_ID
                                  "\",\"client_secret\":\"wrong+secret\"}",
                                  emu_base_url(e));
    expect_error_and_free(ext_login(s), "auth_failed");
    assert_int_equal(counter(e, "oauth_token"), 2);
    ext_session_free(s);
}

static void test_ext_login_basic_raw_sends_credentials_as_given(void **state) {
    emu *e = *state;
    ext_session *s = oauth2_session(e, ",\"client_auth\":\"basic_raw\"");
    expect_ok_and_free(ext_login(s));
    expect_authorization(e, "oauth_token", CANARY_OAUTH_ID, CANARY_OAUTH_SECRET);
    ext_session_free(s);
    /* ... which a form-decoding server refuses, with no second try */
    assert_int_equal(emu_configure(e, "{\"basic_decoding\":\"form\"}"), 0);
    s = oauth2_session(e, ",\"client_auth\":\"basic_raw\"");
    expect_error_and_free(ext_login(s), "auth_failed");
    assert_int_equal(counter(e, "oauth_token"), 2);
    ext_session_free(s);
}

static void test_ext_login_basic_form_encodes_credentials_first(void **state) {
    emu *e = *state;
    ext_session *s;
    assert_int_equal(emu_configure(e, "{\"basic_decoding\":\"form\"}"), 0);
    s = oauth2_session(e, ",\"client_auth\":\"basic\"");
    expect_ok_and_free(ext_login(s));
    expect_authorization(e, "oauth_token", CANARY_OAUTH_ID, OAUTH_SECRET_FORM_ENCODED);
    assert_int_equal(counter(e, "oauth_token"), 1);
    ext_session_free(s);
}

static void test_ext_login_xmc_honours_client_auth_body(void **state) {
    emu *e = *state;
    ext_session *s = xmc_session(e, ",\"client_auth\":\"body\"");
    cJSON *req;
    /* the XMC endpoint wants Basic: body credentials are refused, and the
     * request shows they were sent in the body */
    expect_error_and_free(ext_login(s), "auth_failed");
    req = last_request(e, "xmc_token");
    assert_null(at(req, "headers.authorization"));
    assert_non_null(strstr(string_at(req, "body"), "client_secret=" XMC_SECRET_FORM_ENCODED));
    cJSON_Delete(req);
    ext_session_free(s);
}

/* A second process adopts the style the first one learned, through the
 * token cache: its renewal takes one request. */
static void test_ext_token_refresh_learned_style_survives_in_token_cache(void **state) {
    emu *e = *state;
    char cache[64], extra[128];
    ext_session *first, *second;
    snprintf(cache, sizeof cache, "/tmp/extapi-client-auth-%d.json", (int)getpid());
    unlink(cache);
    snprintf(extra, sizeof extra, ",\"token_cache\":\"%s\"", cache);
    assert_int_equal(emu_configure(e, "{\"basic_decoding\":\"form\"}"), 0);
    first = xmc_session(e, extra);
    expect_ok_and_free(ext_login(first));
    assert_int_equal(counter(e, "xmc_token"), 2);
    ext_session_free(first);

    second = xmc_session(e, extra);
    expect_ok_and_free(ext_login(second)); /* adopted from the cache */
    assert_int_equal(counter(e, "xmc_token"), 2);
    expect_ok_and_free(ext_token_refresh(second));
    assert_int_equal(counter(e, "xmc_token"), 3);
    expect_authorization(e, "xmc_token", CANARY_XMC_ID, XMC_SECRET_FORM_ENCODED);
    ext_session_free(second);
    unlink(cache);
    {
        char lock[80];
        snprintf(lock, sizeof lock, "%s.lock", cache);
        unlink(lock);
    }
}

static void test_ext_logout_revocation_uses_learned_style(void **state) {
    emu *e = *state;
    ext_session *s =
        oauth2_session(e,
                       ",\"revoke_url\":\"/oauth2/revoke\",\"grant_type\":\"password\","
                       "\"username\":\"" CANARY_OAUTH_USER "\",\"password\":\"" CANARY_OAUTH_PASSWORD "\"");
    cJSON *doc;
    assert_int_equal(emu_configure(e, "{\"basic_decoding\":\"form\"}"), 0);
    expect_ok_and_free(ext_login(s));
    assert_int_equal(counter(e, "oauth_token"), 2);
    doc = expect_ok(ext_logout(s));
    assert_true(cJSON_IsTrue(at(doc, "revoked")));
    cJSON_Delete(doc);
    assert_int_equal(counter(e, "oauth_revoke"), 2); /* refresh and access token, one request each */
    expect_authorization(e, "oauth_revoke", CANARY_OAUTH_ID, OAUTH_SECRET_FORM_ENCODED);
    ext_session_free(s);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup(test_ext_login_auto_against_raw_server_takes_one_request, reset_emulator),
    cmocka_unit_test_setup(test_ext_login_auto_against_form_server_falls_back_once_and_remembers, reset_emulator),
    cmocka_unit_test_setup(test_ext_login_auto_does_not_retry_when_encoding_changes_nothing, reset_emulator),
    cmocka_unit_test_setup(test_ext_login_auto_wrong_reserved_secret_costs_two_requests_and_fails, reset_emulator),
    cmocka_unit_test_setup(test_ext_login_basic_raw_sends_credentials_as_given, reset_emulator),
    cmocka_unit_test_setup(test_ext_login_basic_form_encodes_credentials_first, reset_emulator),
    cmocka_unit_test_setup(test_ext_login_xmc_honours_client_auth_body, reset_emulator),
    cmocka_unit_test_setup(test_ext_token_refresh_learned_style_survives_in_token_cache, reset_emulator),
    cmocka_unit_test_setup(test_ext_logout_revocation_uses_learned_style, reset_emulator),
};

TEST_SUITE(tests, group_start_emulator, group_stop_emulator)
