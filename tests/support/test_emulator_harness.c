/* Self-test of the emulator and its C harness: every endpoint family, the
 * counters and each fault kind, driven with libcurl directly. */
#define _GNU_SOURCE

#include "emulator_harness.h"

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- a minimal libcurl client -------------------------------------------- */

struct reply {
    CURLcode rc;
    long status;
    char *body;
    size_t body_len;
    char *headers;
    size_t headers_len;
};

struct call {
    const char *method; /* default GET, or POST when body is set */
    const char *path;
    const char *body;
    const char *content_type; /* with body; default application/json */
    const char *bearer;
    const char *userpwd; /* HTTP Basic "user:password" */
    const char *header;  /* one extra raw header line */
    long timeout_ms;     /* default 10 s */
};

static size_t append(char **buf, size_t *len, const char *data, size_t n) {
    char *grown = realloc(*buf, *len + n + 1);
    if (!grown) return 0;
    memcpy(grown + *len, data, n);
    *len += n;
    grown[*len] = '\0';
    *buf = grown;
    return n;
}

static size_t on_body(char *p, size_t size, size_t n, void *ud) {
    struct reply *r = ud;
    return append(&r->body, &r->body_len, p, size * n);
}

static size_t on_header(char *p, size_t size, size_t n, void *ud) {
    struct reply *r = ud;
    return append(&r->headers, &r->headers_len, p, size * n);
}

static struct curl_slist *call_headers(const struct call *c) {
    struct curl_slist *h = NULL;
    char line[512];
    if (c->body) {
        snprintf(line, sizeof line, "Content-Type: %s", c->content_type ? c->content_type : "application/json");
        h = curl_slist_append(h, line);
    }
    if (c->bearer) {
        snprintf(line, sizeof line, "Authorization: Bearer %s", c->bearer);
        h = curl_slist_append(h, line);
    }
    if (c->header) h = curl_slist_append(h, c->header);
    return h;
}

static void set_call_options(CURL *curl, emu *e, const struct call *c, char *url, size_t url_size) {
    snprintf(url, url_size, "%s%s", emu_base_url(e), c->path);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, c->timeout_ms ? c->timeout_ms : 10000L);
    if (emu_ca_file(e)) curl_easy_setopt(curl, CURLOPT_CAINFO, emu_ca_file(e));
    if (c->body) curl_easy_setopt(curl, CURLOPT_POSTFIELDS, c->body);
    if (c->method && strcmp(c->method, "HEAD") == 0)
        curl_easy_setopt(curl, CURLOPT_NOBODY, 1L); /* or curl waits for a body */
    else if (c->method)
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, c->method);
    if (c->userpwd) curl_easy_setopt(curl, CURLOPT_USERPWD, c->userpwd);
}

static struct reply do_call(emu *e, const struct call *c) {
    struct reply r;
    char url[512];
    CURL *curl = curl_easy_init();
    struct curl_slist *headers = call_headers(c);

    memset(&r, 0, sizeof r);
    assert_non_null(curl);
    set_call_options(curl, e, c, url, sizeof url);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &r);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &r);
    r.rc = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r.status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    return r;
}

static void reply_free(struct reply *r) {
    free(r->body);
    free(r->headers);
    memset(r, 0, sizeof *r);
}

static int has_header(const struct reply *r, const char *line_prefix) {
    return r->headers && strcasestr(r->headers, line_prefix) != NULL;
}

/* The numeric value of a header, found by "\nName: "; -1 if absent. */
static long header_long(const struct reply *r, const char *name_with_newline) {
    const char *at = r->headers ? strcasestr(r->headers, name_with_newline) : NULL;
    return at ? strtol(at + strlen(name_with_newline), NULL, 10) : -1;
}

/* A string member of a JSON body, malloc'ed; fails the test if missing. */
static char *json_string(const char *json, const char *key) {
    cJSON *doc = cJSON_Parse(json ? json : "");
    cJSON *item = cJSON_GetObjectItemCaseSensitive(doc, key);
    char *out = cJSON_IsString(item) ? strdup(item->valuestring) : NULL;
    cJSON_Delete(doc);
    if (!out) fail_msg("no string \"%s\" in %s", key, json ? json : "(null)");
    return out;
}

static double json_number(const char *json, const char *key) {
    cJSON *doc = cJSON_Parse(json ? json : "");
    cJSON *item = cJSON_GetObjectItemCaseSensitive(doc, key);
    double v = cJSON_IsNumber(item) ? item->valuedouble : -1e300;
    cJSON_Delete(doc);
    return v;
}

/* ---- fixtures -------------------------------------------------------------- */

static int start_http(void **state) {
    *state = emu_start(0);
    return *state ? 0 : -1;
}

static int stop_emulator(void **state) {
    emu_stop(*state);
    return 0;
}

static int reset_emulator(void **state) { return emu_reset(*state); }

/* ---- protocol flows ---------------------------------------------------------- */

static char *xmc_token(emu *e) {
    struct call c = {"POST", "/oauth/token/access-token?grant_type=client_credentials",
                     "",     "application/x-www-form-urlencoded",
                     NULL,   "xmc-client:xmc-secret+/=!",
                     NULL,   0};
    struct reply r = do_call(e, &c);
    char *token;
    assert_int_equal(r.rc, CURLE_OK);
    assert_int_equal(r.status, 200);
    assert_true(json_number(r.body, "expires_in") == 3600);
    token = json_string(r.body, "access_token");
    reply_free(&r);
    return token;
}

static void check_graphql(emu *e, const char *token) {
    struct call c = {NULL, "/nbi/graphql", "{\"query\":\"{ network { devices { ip } } }\"}", NULL, token, NULL, NULL,
                     0};
    struct reply r = do_call(e, &c);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "\"ip\":\"10.0.0.1\""));
    reply_free(&r);
}

static void xmc_flow(emu *e) {
    char *token = xmc_token(e);
    check_graphql(e, token);
    free(token);
    assert_int_equal(emu_counter(e, "xmc_token"), 1);
    assert_int_equal(emu_counter(e, "graphql"), 1);
}

static void test_xmc_token_then_graphql(void **state) {
    emu *e = *state;
    char *last;
    xmc_flow(e);
    last = emu_last_request(e, "xmc_token");
    assert_non_null(last);
    /* base64("xmc-client:xmc-secret+/=!") */
    assert_non_null(strstr(last, "\"authorization\":\"Basic eG1jLWNsaWVudDp4bWMtc2VjcmV0Ky89IQ==\""));
    assert_non_null(strstr(last, "\"query\":\"grant_type=client_credentials\""));
    free(last);
    assert_null(emu_last_request(e, "never_counted"));
}

static void test_get_answers_405(void **state) {
    emu *e = *state;
    struct call token_get = {NULL, "/oauth/token/access-token", NULL, NULL, NULL, "xmc-client:xmc-secret+/=!", NULL, 0};
    struct call graphql_get = {NULL, "/graphql", NULL, NULL, "static-token", NULL, NULL, 0};
    struct reply r = do_call(e, &token_get);
    assert_int_equal(r.status, 405);
    reply_free(&r);
    r = do_call(e, &graphql_get);
    assert_int_equal(r.status, 405);
    reply_free(&r);
    assert_int_equal(emu_counter(e, "xmc_token_get"), 1);
    assert_int_equal(emu_counter(e, "xmc_token"), 0);
}

static void test_graphql_errors_and_unauthorized(void **state) {
    emu *e = *state;
    struct call errors = {NULL, "/graphql", "{\"query\":\"{ error }\"}", NULL, "static-token", NULL, NULL, 0};
    struct call bad_json = {NULL, "/graphql", "{nope", NULL, "static-token", NULL, NULL, 0};
    struct call no_auth = {NULL, "/graphql", "{\"query\":\"{ x }\"}", NULL, NULL, NULL, NULL, 0};
    struct reply r = do_call(e, &errors);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "\"errors\""));
    assert_non_null(strstr(r.body, "\"partial\":true"));
    reply_free(&r);
    r = do_call(e, &bad_json);
    assert_int_equal(r.status, 400);
    reply_free(&r);
    r = do_call(e, &no_auth);
    assert_int_equal(r.status, 401);
    assert_true(has_header(&r, "WWW-Authenticate: Bearer error=\"invalid_token\""));
    reply_free(&r);
    assert_int_equal(emu_counter(e, "unauthorized"), 1);
    assert_int_equal(emu_counter(e, "graphql"), 3);
}

static char *xiq_login(emu *e) {
    struct call c = {NULL, "/login", "{\"username\":\"admin@cust001.com\",\"password\":\"xiq-password\"}",
                     NULL, NULL,     NULL,
                     NULL, 0};
    struct reply r = do_call(e, &c);
    char *token;
    assert_int_equal(r.status, 200);
    token = json_string(r.body, "access_token");
    assert_non_null(strchr(token, '.')); /* a JWT */
    reply_free(&r);
    return token;
}

static void check_devices_page(emu *e, const char *token, const char *path, int count, int total_pages) {
    struct call c = {NULL, path, NULL, NULL, token, NULL, NULL, 0};
    struct reply r = do_call(e, &c);
    assert_int_equal(r.status, 200);
    assert_true(json_number(r.body, "count") == count);
    assert_true(json_number(r.body, "total_pages") == total_pages);
    assert_true(json_number(r.body, "total_count") == 25);
    reply_free(&r);
}

static long get_status(emu *e, const char *path, const char *token) {
    struct call c = {NULL, path, NULL, NULL, token, NULL, NULL, 0};
    struct reply r = do_call(e, &c);
    long status = r.status;
    reply_free(&r);
    return status;
}

static void test_xiq_login_devices_logout(void **state) {
    emu *e = *state;
    struct call bad = {NULL, "/login", "{\"username\":\"admin@cust001.com\",\"password\":\"x\"}", NULL, NULL, NULL,
                       NULL, 0};
    struct reply r = do_call(e, &bad);
    char *token;
    struct call logout = {"POST", "/logout", NULL, NULL, NULL, NULL, NULL, 0};

    assert_int_equal(r.status, 401);
    assert_non_null(strstr(r.body, "\"error_code\":\"UNAUTHORIZED\""));
    reply_free(&r);

    token = xiq_login(e);
    check_devices_page(e, token, "/devices?page=1&limit=10", 10, 3);
    check_devices_page(e, token, "/devices?page=3&limit=10", 5, 3);
    logout.bearer = token;
    r = do_call(e, &logout); /* bodyless POST: no Content-Length at all */
    assert_int_equal(r.status, 200);
    reply_free(&r);
    assert_int_equal(get_status(e, "/devices?page=1&limit=10", token), 401);
    r = do_call(e, &logout);
    assert_int_equal(r.status, 401);
    reply_free(&r);
    free(token);
    assert_int_equal(emu_counter(e, "xiq_login"), 2);
    assert_int_equal(emu_counter(e, "xiq_logout"), 2);
    assert_int_equal(emu_counter(e, "devices"), 3);
}

static struct reply oauth_token(emu *e, const char *form) {
    struct call c = {
        NULL, "/oauth2/token", form, "application/x-www-form-urlencoded", NULL, "oauth-client:oauth-secret+/=!", NULL,
        0};
    return do_call(e, &c);
}

static void refresh_with(emu *e, const char *refresh, long want_status, char **new_access, char **new_refresh) {
    char form[256];
    struct reply r;
    snprintf(form, sizeof form, "grant_type=refresh_token&refresh_token=%s", refresh);
    r = oauth_token(e, form);
    assert_int_equal(r.status, want_status);
    if (want_status == 200) {
        *new_access = json_string(r.body, "access_token");
        *new_refresh = json_string(r.body, "refresh_token");
    } else {
        assert_non_null(strstr(r.body, "\"error\":\"invalid_grant\""));
    }
    reply_free(&r);
}

static void revoke(emu *e, const char *token) {
    char form[256];
    struct call c = {
        NULL, "/oauth2/revoke", form, "application/x-www-form-urlencoded", NULL, "oauth-client:oauth-secret+/=!", NULL,
        0};
    struct reply r;
    snprintf(form, sizeof form, "token=%s&token_type_hint=refresh_token", token);
    r = do_call(e, &c);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.body_len, 0);
    reply_free(&r);
}

static void test_oauth2_password_refresh_revoke(void **state) {
    emu *e = *state;
    struct reply r = oauth_token(e, "grant_type=password&username=alice&password=alice-password&scope=read");
    char *access1, *refresh1, *access2 = NULL, *refresh2 = NULL;

    assert_int_equal(r.status, 200);
    assert_true(has_header(&r, "Cache-Control: no-store"));
    assert_non_null(strstr(r.body, "\"scope\":\"read\""));
    access1 = json_string(r.body, "access_token");
    refresh1 = json_string(r.body, "refresh_token");
    reply_free(&r);

    refresh_with(e, refresh1, 200, &access2, &refresh2);
    assert_string_not_equal(refresh1, refresh2);
    refresh_with(e, refresh1, 400, NULL, NULL); /* rotated away */
    assert_int_equal(get_status(e, "/api/x", access2), 200);

    revoke(e, refresh2);
    assert_int_equal(get_status(e, "/api/x", access2), 401);
    assert_int_equal(get_status(e, "/api/x", access1), 401);
    refresh_with(e, refresh2, 400, NULL, NULL);
    revoke(e, "unknown-token"); /* RFC 7009: still 200 */

    assert_int_equal(emu_counter(e, "oauth_token"), 4);
    assert_int_equal(emu_counter(e, "oauth_token_password"), 1);
    assert_int_equal(emu_counter(e, "oauth_token_refresh_token"), 3);
    assert_int_equal(emu_counter(e, "oauth_revoke"), 2);
    free(access1);
    free(refresh1);
    free(access2);
    free(refresh2);
}

static void test_oauth2_client_errors(void **state) {
    emu *e = *state;
    struct call bad_client = {NULL,
                              "/oauth2/token",
                              "grant_type=client_credentials",
                              "application/x-www-form-urlencoded",
                              NULL,
                              "oauth-client:wrong",
                              NULL,
                              0};
    struct call json_body = {NULL, "/oauth2/token", "{}", NULL, NULL, "oauth-client:oauth-secret+/=!", NULL, 0};
    struct reply r = do_call(e, &bad_client);
    assert_int_equal(r.status, 401);
    assert_true(has_header(&r, "WWW-Authenticate: Basic realm=\"emulator\""));
    assert_non_null(strstr(r.body, "invalid_client"));
    reply_free(&r);
    r = do_call(e, &json_body);
    assert_int_equal(r.status, 400);
    assert_non_null(strstr(r.body, "invalid_request"));
    reply_free(&r);
    r = oauth_token(e, "grant_type=magic");
    assert_int_equal(r.status, 400);
    assert_non_null(strstr(r.body, "unsupported_grant_type"));
    reply_free(&r);
    /* client_auth=body refuses HTTP Basic */
    assert_int_equal(emu_configure(e, "{\"client_auth\":\"body\"}"), 0);
    r = oauth_token(e, "grant_type=client_credentials");
    assert_int_equal(r.status, 401);
    reply_free(&r);
    r = oauth_token(e, "grant_type=password&username=alice&password=alice-password");
    assert_int_equal(r.status, 401);
    reply_free(&r);
}

/* ---- client authentication: basic_decoding ------------------------------- */

#define XMC_TOKEN_PATH "/oauth/token/access-token?grant_type=client_credentials"
#define FORM_TYPE      "application/x-www-form-urlencoded"
#define INVALID_CLIENT "{\"error\":\"invalid_client\",\"error_description\":\"client authentication failed\"}"

static struct reply post_form(emu *e, const char *path, const char *form, const char *userpwd) {
    struct call c = {"POST", path, form, FORM_TYPE, NULL, userpwd, NULL, 0};
    return do_call(e, &c);
}

/* The status of a form POST; a 401 must be exactly the invalid_client answer. */
static long form_status(emu *e, const char *path, const char *form, const char *userpwd) {
    struct reply r = post_form(e, path, form, userpwd);
    long status = r.status;
    if (status == 401) assert_string_equal(r.body, INVALID_CLIENT);
    reply_free(&r);
    return status;
}

/* 200 or 401 from each endpoint that authenticates clients with Basic. */
static void expect_client_endpoints(emu *e, const char *xmc_userpwd, const char *oauth_userpwd, long want) {
    assert_int_equal(form_status(e, XMC_TOKEN_PATH, "", xmc_userpwd), want);
    assert_int_equal(form_status(e, "/oauth2/token", "grant_type=client_credentials", oauth_userpwd), want);
    assert_int_equal(form_status(e, "/oauth2/revoke", "token=unknown", oauth_userpwd), want);
}

static void test_basic_decoding_raw_default(void **state) {
    emu *e = *state;
    /* curl sends user:password as given: the raw default accepts that... */
    expect_client_endpoints(e, "xmc-client:xmc-secret+/=!", "oauth-client:oauth-secret+/=!", 200);
    /* ...and compares a form-encoded secret literally, so it fails. */
    expect_client_endpoints(e, "xmc-client:xmc-secret%2B%2F%3D%21", "oauth-client:oauth-secret%2B%2F%3D%21", 401);
    /* A '%' in a secret is just a character. */
    assert_int_equal(emu_configure(e, "{\"oauth_client_secret\":\"p%41ss\"}"), 0);
    assert_int_equal(form_status(e, "/oauth2/token", "grant_type=client_credentials", "oauth-client:p%41ss"), 200);
    assert_int_equal(form_status(e, "/oauth2/token", "grant_type=client_credentials", "oauth-client:pAss"), 401);
}

static void test_basic_decoding_form(void **state) {
    emu *e = *state;
    assert_int_equal(emu_configure(e, "{\"basic_decoding\":\"form\"}"), 0);
    expect_client_endpoints(e, "xmc-client:xmc-secret%2B%2F%3D%21", "oauth-client:oauth-secret%2B%2F%3D%21", 200);
    /* Raw, the '+' decodes to a space. */
    expect_client_endpoints(e, "xmc-client:xmc-secret+/=!", "oauth-client:oauth-secret+/=!", 401);
    /* A malformed escape is a failed authentication, nothing worse. */
    expect_client_endpoints(e, "xmc-client:xmc-secret%2", "oauth-client:oauth-secret%zz", 401);
    expect_client_endpoints(e, "xmc%-client:x", "oauth-client%:x", 401);
    assert_int_equal(
        form_status(e, "/oauth2/token", "grant_type=client_credentials", "oauth-client:oauth-secret%2b/%3d!"), 200);
    assert_int_not_equal(emu_configure(e, "{\"basic_decoding\":\"both\"}"), 0);
}

static void test_body_credentials_always_form_decoded(void **state) {
    emu *e = *state;
    const char *form =
        "grant_type=client_credentials&client_id=oauth-client"
        "&client_secret=oauth-secret%2B%2F%3D%21";
    assert_int_equal(form_status(e, "/oauth2/token", form, NULL), 200);
    assert_int_equal(emu_configure(e, "{\"basic_decoding\":\"form\"}"), 0);
    assert_int_equal(form_status(e, "/oauth2/token", form, NULL), 200);
    assert_int_equal(form_status(e, "/oauth2/token",
                                 "grant_type=client_credentials&client_id=oauth-client"
                                 "&client_secret=oauth-secret+/=!",
                                 NULL),
                     401);
}

#define SWITCH_TENANT "urn:cisco:nfv:oauth:grant-type:switch-tenant"
#define SWITCH_USER   "urn:cisco:nfv:oauth:grant-type:switch-user"

static void test_oauth2_msx_extension_grants(void **state) {
    emu *e = *state;
    struct reply r = oauth_token(e, "grant_type=" SWITCH_TENANT
                                    "&tenant_id=t-42&scope=read"
                                    "&audience=msx");
    char *access, *refresh, *access2 = NULL, *refresh2 = NULL, *last;
    struct call echo = {NULL, "/api/me", NULL, NULL, NULL, NULL, NULL, 0};

    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "\"scope\":\"read\""));
    assert_null(strstr(r.body, "audience")); /* extra fields are not echoed */
    access = json_string(r.body, "access_token");
    refresh = json_string(r.body, "refresh_token");
    reply_free(&r);
    echo.bearer = access;
    r = do_call(e, &echo);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "\"tenant_id\":\"t-42\""));
    reply_free(&r);
    /* The refreshed grant keeps the tenant. */
    refresh_with(e, refresh, 200, &access2, &refresh2);
    echo.bearer = access2;
    r = do_call(e, &echo);
    assert_non_null(strstr(r.body, "\"tenant_id\":\"t-42\""));
    reply_free(&r);
    /* ...and the request is there for tests to read. */
    last = emu_last_request(e, "oauth_token_" SWITCH_TENANT);
    assert_non_null(last);
    assert_non_null(strstr(last, "audience=msx"));
    free(last);

    r = oauth_token(e, "grant_type=" SWITCH_USER "&username=bob");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "\"refresh_token\""));
    reply_free(&r);
    r = oauth_token(e, "grant_type=" SWITCH_TENANT);
    assert_int_equal(r.status, 400);
    assert_non_null(strstr(r.body, "\"error\":\"invalid_request\""));
    reply_free(&r);
    r = oauth_token(e, "grant_type=" SWITCH_USER "&tenant_id=t-42");
    assert_int_equal(r.status, 400);
    assert_non_null(strstr(r.body, "\"error\":\"invalid_request\""));
    reply_free(&r);
    assert_int_equal(form_status(e, "/oauth2/token", "grant_type=" SWITCH_TENANT "&tenant_id=t", "oauth-client:wrong"),
                     401);
    assert_int_equal(emu_counter(e, "oauth_token_" SWITCH_TENANT), 3);
    assert_int_equal(emu_counter(e, "oauth_token_" SWITCH_USER), 2);
    free(access);
    free(refresh);
    free(access2);
    free(refresh2);
}

/* A password grant's refresh token (and its access token in *access). */
static char *password_grant(emu *e, char **access) {
    struct reply r = oauth_token(e, "grant_type=password&username=alice&password=alice-password");
    char *refresh;
    assert_int_equal(r.status, 200);
    *access = json_string(r.body, "access_token");
    refresh = json_string(r.body, "refresh_token");
    reply_free(&r);
    return refresh;
}

static struct reply revoke_with_hint(emu *e, const char *token, const char *hint) {
    char form[256];
    snprintf(form, sizeof form, "token=%s%s%s", token, hint ? "&token_type_hint=" : "", hint ? hint : "");
    return post_form(e, "/oauth2/revoke", form, "oauth-client:oauth-secret+/=!");
}

static void test_revoke_status_204(void **state) {
    emu *e = *state;
    char *access, *refresh = password_grant(e, &access);
    struct reply r;
    assert_int_equal(emu_configure(e, "{\"revoke_status\":204}"), 0);
    r = revoke_with_hint(e, access, "access_token");
    assert_int_equal(r.status, 204);
    assert_int_equal(r.body_len, 0);
    reply_free(&r);
    assert_int_equal(get_status(e, "/api/x", access), 401); /* still revoked */
    assert_int_not_equal(emu_configure(e, "{\"revoke_status\":201}"), 0);
    free(access);
    free(refresh);
}

static void test_revoke_unsupported_token_type(void **state) {
    emu *e = *state;
    char *access, *refresh = password_grant(e, &access), *access2 = NULL, *refresh2 = NULL;
    struct reply r;
    assert_int_equal(emu_configure(e, "{\"revoke_unsupported\":\"refresh_token\"}"), 0);
    r = revoke_with_hint(e, refresh, "refresh_token");
    assert_int_equal(r.status, 400);
    assert_string_equal(r.body, "{\"error\":\"unsupported_token_type\"}");
    reply_free(&r);
    assert_int_equal(get_status(e, "/api/x", access), 200); /* nothing revoked */
    refresh_with(e, refresh, 200, &access2, &refresh2);
    /* Another hint, or none, is served as usual. */
    r = revoke_with_hint(e, access2, "access_token");
    assert_int_equal(r.status, 200);
    reply_free(&r);
    assert_int_equal(get_status(e, "/api/x", access2), 401);
    r = revoke_with_hint(e, refresh2, NULL);
    assert_int_equal(r.status, 200);
    reply_free(&r);
    refresh_with(e, refresh2, 400, NULL, NULL);
    assert_int_equal(emu_counter(e, "oauth_revoke"), 3);
    free(access);
    free(refresh);
    free(access2);
    free(refresh2);
}

static void test_static_credentials_and_api(void **state) {
    emu *e = *state;
    struct call basic = {"PUT", "/api/items/7?x=1", "{\"a\":1}", NULL, NULL, "basic-user:basic-password", NULL, 0};
    struct call apikey = {"DELETE", "/api/items/7", NULL, NULL, NULL, NULL, "X-API-Key: api-key-value", 0};
    struct call redirect = {NULL, "/api/redirect?to=http://elsewhere.invalid/", NULL, NULL, "static-token", NULL, NULL,
                            0};
    struct reply r = do_call(e, &basic);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "\"method\":\"PUT\""));
    assert_non_null(strstr(r.body, "\"query\":\"x=1\""));
    assert_non_null(strstr(r.body, "\"body\":{\"a\":1}"));
    assert_non_null(strstr(r.body, "\"auth\":\"basic\""));
    reply_free(&r);
    r = do_call(e, &apikey); /* bodyless DELETE must not stall */
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "\"auth\":\"apikey\""));
    reply_free(&r);
    r = do_call(e, &redirect);
    assert_int_equal(r.status, 302);
    assert_true(has_header(&r, "Location: http://elsewhere.invalid/"));
    reply_free(&r);
    assert_int_equal(get_status(e, "/api/status/503", "static-token"), 503);
    assert_int_equal(get_status(e, "/api/x", "wrong-token"), 401);
    assert_int_equal(emu_counter(e, "api"), 5);
}

static void test_quota(void **state) {
    emu *e = *state;
    struct call c = {NULL, "/devices", NULL, NULL, "static-token", NULL, NULL, 0};
    struct reply r;
    assert_int_equal(emu_configure(e, "{\"quota_limit\":2,\"quota_window_s\":30}"), 0);
    assert_int_equal(get_status(e, "/devices", "static-token"), 200);
    assert_int_equal(get_status(e, "/devices", "static-token"), 200);
    r = do_call(e, &c);
    assert_int_equal(r.status, 429);
    assert_true(header_long(&r, "\nRetry-After: ") >= 29);
    assert_true(header_long(&r, "\nRetry-After: ") <= 30);
    reply_free(&r);
    assert_int_equal(emu_counter(e, "rate_limited"), 1);
}

static struct reply get_with_token(emu *e, const char *path, const char *token) {
    struct call c = {NULL, path, NULL, NULL, token, NULL, NULL, 0};
    return do_call(e, &c);
}

/* limit, remaining and reset of one rate-limit header style ("\nRateLimit-"
 * or "\nX-RateLimit-") in a reply. */
static void expect_rate_limit(emu *e, const char *path, const char *prefix, long limit, long remaining, long reset_min,
                              long reset_max) {
    char name[64];
    struct reply r = get_with_token(e, path, "static-token");
    snprintf(name, sizeof name, "%sLimit: ", prefix);
    assert_int_equal(header_long(&r, name), limit);
    snprintf(name, sizeof name, "%sRemaining: ", prefix);
    assert_int_equal(header_long(&r, name), remaining);
    snprintf(name, sizeof name, "%sReset: ", prefix);
    assert_in_range(header_long(&r, name), reset_min, reset_max);
    reply_free(&r);
}

/* A header's value up to the end of its line, malloc'ed; NULL if absent. */
static char *header_value(const struct reply *r, const char *name_with_newline) {
    const char *at = r->headers ? strcasestr(r->headers, name_with_newline) : NULL;
    size_t n;
    char *out;
    if (!at) return NULL;
    at += strlen(name_with_newline);
    n = strcspn(at, "\r\n");
    out = malloc(n + 1);
    assert_non_null(out);
    memcpy(out, at, n);
    out[n] = '\0';
    return out;
}

static char *etag_of(emu *e, const char *method, const char *path) {
    struct call c = {method, path, NULL, NULL, "static-token", NULL, NULL, 0};
    struct reply r = do_call(e, &c);
    char *etag;
    assert_int_equal(r.status, 200);
    etag = header_value(&r, "\nETag: ");
    assert_non_null(etag);
    reply_free(&r);
    return etag;
}

static void test_api_etag(void **state) {
    emu *e = *state;
    char *a = etag_of(e, NULL, "/api/items?x=1");
    char *b = etag_of(e, NULL, "/api/items?x=1");
    char *other_query = etag_of(e, NULL, "/api/items?x=2");
    char *other_method = etag_of(e, "DELETE", "/api/items?x=1");
    char *head = etag_of(e, "HEAD", "/api/items?x=1");
    assert_string_equal(a, b);
    assert_string_equal(a, head);
    assert_int_equal(a[0], '"');
    assert_int_equal(a[strlen(a) - 1], '"');
    assert_true(strlen(a) > 2);
    assert_string_not_equal(a, other_query);
    assert_string_not_equal(a, other_method);
    free(a);
    free(b);
    free(other_query);
    free(other_method);
    free(head);
}

/* The Link header of a /devices page, or NULL without one. */
static char *devices_link(emu *e, const char *path) {
    struct reply r = get_with_token(e, path, "static-token");
    char *link;
    assert_int_equal(r.status, 200);
    link = header_value(&r, "\nLink: ");
    reply_free(&r);
    return link;
}

static void expect_next_link(emu *e, const char *path, const char *next_query) {
    char want[256];
    char *link = devices_link(e, path);
    snprintf(want, sizeof want, "<%s/devices?%s>; rel=\"next\"", emu_base_url(e), next_query);
    assert_non_null(link);
    assert_string_equal(link, want);
    free(link);
}

static void test_devices_link_next(void **state) {
    emu *e = *state;
    expect_next_link(e, "/devices", "page=2&limit=10");
    expect_next_link(e, "/devices?page=2&limit=10", "page=3&limit=10");
    expect_next_link(e, "/devices?limit=24", "page=2&limit=24");
    assert_null(devices_link(e, "/devices?page=3&limit=10"));
    assert_null(devices_link(e, "/devices?limit=25"));
    assert_null(devices_link(e, "/devices?page=9"));
}

static void test_rate_limit_headers_nominal(void **state) {
    emu *e = *state;
    struct reply r = get_with_token(e, "/api/x", "static-token");
    assert_false(has_header(&r, "RateLimit-")); /* "none" by default */
    reply_free(&r);
    assert_int_equal(emu_configure(e, "{\"rate_limit_headers\":\"ietf\"}"), 0);
    /* No quota: limit 1000 over quota_window_s, /api and /devices both count. */
    expect_rate_limit(e, "/api/x", "\nRateLimit-", 1000, 999, 59, 60);
    expect_rate_limit(e, "/devices", "\nRateLimit-", 1000, 998, 59, 60);
    expect_rate_limit(e, "/api/status/204", "\nRateLimit-", 1000, 997, 59, 60);
    r = get_with_token(e, "/api/x", "wrong-token");
    assert_int_equal(r.status, 401);
    assert_false(has_header(&r, "RateLimit-"));
    reply_free(&r);
    assert_int_not_equal(emu_configure(e, "{\"rate_limit_headers\":\"draft\"}"), 0);
}

static void test_rate_limit_headers_quota(void **state) {
    emu *e = *state;
    struct reply r;
    assert_int_equal(emu_configure(e,
                                   "{\"rate_limit_headers\":\"x\",\"quota_limit\":2,"
                                   "\"quota_window_s\":30}"),
                     0);
    expect_rate_limit(e, "/api/x", "\nX-RateLimit-", 2, 2, 30, 30); /* reads only */
    expect_rate_limit(e, "/devices", "\nX-RateLimit-", 2, 1, 29, 30);
    expect_rate_limit(e, "/api/x", "\nX-RateLimit-", 2, 1, 29, 30);
    expect_rate_limit(e, "/devices", "\nX-RateLimit-", 2, 0, 29, 30);
    r = get_with_token(e, "/devices", "static-token");
    assert_int_equal(r.status, 429);
    assert_int_equal(header_long(&r, "\nX-RateLimit-Remaining: "), 0);
    assert_int_equal(header_long(&r, "\nX-RateLimit-Reset: "), header_long(&r, "\nRetry-After: "));
    assert_int_equal(header_long(&r, "\nRateLimit-Limit: "), -1); /* only the x style */
    reply_free(&r);
}

static void test_date_skew_and_config_errors(void **state) {
    emu *e = *state;
    struct reply r;
    struct call c = {NULL, "/_emu/counters", NULL, NULL, NULL, NULL, NULL, 0};
    time_t now = time(NULL);
    char *date;
    struct tm tm_date;

    assert_int_equal(emu_configure(e, "{\"date_skew_s\":-86400}"), 0);
    r = do_call(e, &c);
    date = strcasestr(r.headers, "\nDate: ");
    assert_non_null(date);
    memset(&tm_date, 0, sizeof tm_date);
    assert_non_null(strptime(date + 7, "%a, %d %b %Y %H:%M:%S GMT", &tm_date));
    assert_true(labs((long)(timegm(&tm_date) - (now - 86400))) <= 5);
    reply_free(&r);
    assert_int_not_equal(emu_configure(e, "{\"no_such_key\":1}"), 0);
    assert_int_not_equal(emu_configure(e, "{\"expires_in_format\":\"roman\"}"), 0);
    assert_int_not_equal(emu_fault(e, "{\"path\":\"/x\",\"kind\":\"bogus\"}"), 0);
}

static void test_expires_in_formats(void **state) {
    emu *e = *state;
    static const char *const formats[][2] = {{"float", "\"expires_in\":3600.0"},
                                             {"string", "\"expires_in\":\"3600\""},
                                             {"null", "\"expires_in\":null"},
                                             {"huge", "\"expires_in\":1e12"},
                                             {"absent", NULL}};
    size_t i;
    for (i = 0; i < sizeof formats / sizeof formats[0]; ++i) {
        char cfg[64];
        struct reply r;
        snprintf(cfg, sizeof cfg, "{\"expires_in_format\":\"%s\"}", formats[i][0]);
        assert_int_equal(emu_configure(e, cfg), 0);
        r = oauth_token(e, "grant_type=client_credentials");
        assert_int_equal(r.status, 200);
        if (formats[i][1])
            assert_non_null(strstr(r.body, formats[i][1]));
        else
            assert_null(strstr(r.body, "expires_in"));
        reply_free(&r);
    }
}

/* ---- token answer quirks ----------------------------------------------------- */

static int b64url_value(char c) {
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const char *at = c ? strchr(alphabet, c) : NULL;
    return at ? (int)(at - alphabet) : -1;
}

/* The JSON payload of a JWT (the part between the first two dots). */
static char *jwt_payload(const char *jwt) {
    const char *start = strchr(jwt, '.');
    char *out;
    size_t n = 0;
    unsigned long acc = 0;
    int bits = 0;
    assert_non_null(start);
    out = calloc(strlen(jwt) + 1, 1);
    assert_non_null(out);
    for (++start; *start && *start != '.'; ++start) {
        int v = b64url_value(*start);
        assert_true(v >= 0);
        acc = ((acc << 6) | (unsigned long)v) & 0xFFFFFFUL;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[n++] = (char)((acc >> bits) & 0xFF);
        }
    }
    return out;
}

static void test_xiq_jwt_exp_before_date(void **state) {
    emu *e = *state;
    char *token, *payload;
    double iat, exp;
    assert_int_equal(emu_configure(e, "{\"jwt_exp_offset_s\":-120}"), 0);
    token = xiq_login(e);
    payload = jwt_payload(token);
    iat = json_number(payload, "iat");
    exp = json_number(payload, "exp");
    assert_true(exp == iat - 120);
    assert_true(labs((long)iat - (long)time(NULL)) <= 5);
    /* Server-side the token lives for token_lifetime_s all the same. */
    assert_int_equal(get_status(e, "/devices", token), 200);
    free(payload);
    free(token);
}

/* Checks that the member `key` of a token answer ends in (or is) `suffix`;
 * returns the member, malloc'ed. */
static char *token_with_suffix(const char *body, const char *key, const char *suffix) {
    char *value = json_string(body, key);
    size_t n = strlen(value), m = strlen(suffix);
    assert_true(n >= m);
    assert_string_equal(value + n - m, suffix);
    return value;
}

static void test_access_token_suffix(void **state) {
    emu *e = *state;
    const char *crlf = "\r\nX-Injected: 1";
    struct call xmc = {"POST", XMC_TOKEN_PATH, "", FORM_TYPE, NULL, "xmc-client:xmc-secret+/=!", NULL, 0};
    struct call xiq = {NULL, "/login", "{\"username\":\"admin@cust001.com\",\"password\":\"xiq-password\"}",
                       NULL, NULL,     NULL,
                       NULL, 0};
    struct reply r;
    char *token, *refresh;

    assert_int_equal(emu_configure(e, "{\"access_token_suffix\":\"\\r\\nX-Injected: 1\"}"), 0);
    r = do_call(e, &xmc);
    assert_int_equal(r.status, 200);
    free(token_with_suffix(r.body, "access_token", crlf));
    reply_free(&r);
    r = do_call(e, &xiq);
    assert_int_equal(r.status, 200);
    free(token_with_suffix(r.body, "access_token", crlf));
    reply_free(&r);
    r = oauth_token(e, "grant_type=password&username=alice&password=alice-password");
    assert_int_equal(r.status, 200);
    free(token_with_suffix(r.body, "access_token", crlf));
    refresh = json_string(r.body, "refresh_token");
    assert_null(strchr(refresh, '\r')); /* refresh tokens are left alone */
    free(refresh);
    reply_free(&r);

    /* The suffixed token is the registered one: sent back, it is accepted. */
    assert_int_equal(emu_configure(e, "{\"access_token_suffix\":\"~sfx.1\"}"), 0);
    r = oauth_token(e, "grant_type=client_credentials");
    token = token_with_suffix(r.body, "access_token", "~sfx.1");
    reply_free(&r);
    assert_int_equal(get_status(e, "/api/x", token), 200);
    token[strlen(token) - 6] = '\0';
    assert_int_equal(get_status(e, "/api/x", token), 401);
    free(token);
}

/* A status fault with status 200 and a JSON body stands in for a token
 * endpoint's whole answer. */
static void test_token_endpoints_answer_status_faults(void **state) {
    emu *e = *state;
    struct reply r;
    assert_int_equal(emu_fault(e,
                               "{\"path\":\"/oauth2/token\",\"kind\":\"status\",\"status\":200,"
                               "\"body\":{\"error\":\"invalid_client\"}}"),
                     0);
    r = oauth_token(e, "grant_type=client_credentials");
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, "{\"error\":\"invalid_client\"}");
    assert_true(has_header(&r, "Content-Type: application/json"));
    reply_free(&r);
    assert_int_equal(emu_fault(e,
                               "{\"path\":\"/oauth/token/access-token\",\"kind\":\"status\","
                               "\"status\":200,\"body\":{\"access_token\":\"abc\\r\\nX-Injected: 1\","
                               "\"token_type\":\"Bearer\",\"expires_in\":3600}}"),
                     0);
    r = post_form(e, XMC_TOKEN_PATH, "", "xmc-client:xmc-secret+/=!");
    assert_int_equal(r.status, 200);
    free(token_with_suffix(r.body, "access_token", "abc\r\nX-Injected: 1"));
    reply_free(&r);
    assert_int_equal(emu_counter(e, "oauth_token"), 1);
    assert_int_equal(emu_counter(e, "xmc_token"), 1);
    assert_int_equal(emu_counter(e, "fault"), 2);
}

/* ---- faults ------------------------------------------------------------------ */

static struct reply faulted_get(emu *e, const char *fault_json, long timeout_ms) {
    struct call c = {NULL, "/api/f", NULL, NULL, "static-token", NULL, NULL, timeout_ms};
    assert_int_equal(emu_fault(e, fault_json), 0);
    return do_call(e, &c);
}

static void test_fault_status_html_malformed_empty(void **state) {
    emu *e = *state;
    struct reply r = faulted_get(e,
                                 "{\"path\":\"/api/f\",\"kind\":\"status\",\"status\":503,"
                                 "\"retry_after\":\"2\",\"body\":\"{}\"}",
                                 0);
    assert_int_equal(r.status, 503);
    assert_true(has_header(&r, "Retry-After: 2"));
    assert_string_equal(r.body, "{}");
    reply_free(&r);
    r = faulted_get(e, "{\"path\":\"*\",\"method\":\"GET\",\"kind\":\"html\"}", 0);
    assert_int_equal(r.status, 502);
    assert_true(has_header(&r, "Content-Type: text/html"));
    reply_free(&r);
    r = faulted_get(e, "{\"path\":\"/api/f\",\"kind\":\"malformed\"}", 0);
    assert_int_equal(r.status, 200);
    assert_null(cJSON_Parse(r.body));
    reply_free(&r);
    r = faulted_get(e, "{\"path\":\"/api/f\",\"kind\":\"empty\"}", 0);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.body_len, 0);
    reply_free(&r);
    assert_int_equal(emu_counter(e, "fault"), 4);
    assert_int_equal(emu_counter(e, "api"), 4);
    assert_int_equal(get_status(e, "/api/f", "static-token"), 200); /* used up */
}

/* How often a header line "\nName: " occurs in a reply. */
static int header_count(const struct reply *r, const char *name_with_newline) {
    int n = 0;
    const char *at = r->headers;
    while (at && (at = strcasestr(at, name_with_newline)) != NULL) {
        ++n;
        at += strlen(name_with_newline);
    }
    return n;
}

static void test_fault_status_headers(void **state) {
    emu *e = *state;
    struct reply r = faulted_get(e,
                                 "{\"path\":\"/api/f\",\"kind\":\"status\",\"status\":429,"
                                 "\"retry_after\":\"7\",\"headers\":{\"RateLimit-Limit\":\"100\","
                                 "\"RateLimit-Remaining\":\"0\",\"RateLimit-Reset\":\"7\"}}",
                                 0);
    assert_int_equal(r.status, 429);
    assert_true(header_long(&r, "\nRetry-After: ") == 7);
    assert_true(header_long(&r, "\nRateLimit-Limit: ") == 100);
    assert_true(header_long(&r, "\nRateLimit-Remaining: ") == 0);
    assert_true(header_long(&r, "\nRateLimit-Reset: ") == 7);
    reply_free(&r);
    /* A Date of the fault's own replaces the emulator's. */
    r = faulted_get(e,
                    "{\"path\":\"/api/f\",\"kind\":\"status\",\"status\":200,"
                    "\"headers\":{\"Date\":\"Mon, 01 Jan 2001 00:00:00 GMT\"}}",
                    0);
    assert_int_equal(header_count(&r, "\nDate: "), 1);
    assert_true(has_header(&r, "\nDate: Mon, 01 Jan 2001 00:00:00 GMT"));
    reply_free(&r);

    assert_int_not_equal(emu_fault(e,
                                   "{\"path\":\"/api/f\",\"kind\":\"status\","
                                   "\"headers\":{\"X-N\":7}}"),
                         0);
    assert_int_not_equal(emu_fault(e,
                                   "{\"path\":\"/api/f\",\"kind\":\"status\","
                                   "\"headers\":{\"X-N\":\"a\\r\\nX-Injected: 1\"}}"),
                         0);
    assert_int_not_equal(emu_fault(e,
                                   "{\"path\":\"/api/f\",\"kind\":\"status\","
                                   "\"headers\":{\"X-N\\nX-Injected\":\"1\"}}"),
                         0);
    assert_int_not_equal(emu_fault(e,
                                   "{\"path\":\"/api/f\",\"kind\":\"status\","
                                   "\"headers\":{\"Content-Length\":\"1\"}}"),
                         0);
    assert_int_not_equal(emu_fault(e,
                                   "{\"path\":\"/api/f\",\"kind\":\"status\","
                                   "\"headers\":[\"X-N: 1\"]}"),
                         0);
    assert_int_not_equal(emu_fault(e,
                                   "{\"path\":\"/api/f\",\"kind\":\"delay\","
                                   "\"headers\":{\"X-N\":\"1\"}}"),
                         0);
    assert_int_equal(get_status(e, "/api/f", "static-token"), 200); /* none was queued */
}

static void test_fault_truncated_drop(void **state) {
    emu *e = *state;
    struct reply r = faulted_get(e, "{\"path\":\"/api/f\",\"kind\":\"truncated\"}", 0);
    assert_int_equal(r.rc, CURLE_PARTIAL_FILE);
    assert_int_equal(r.body_len, 100);
    reply_free(&r);
    r = faulted_get(e, "{\"path\":\"/api/f\",\"kind\":\"drop\"}", 0);
    assert_int_equal(r.rc, CURLE_GOT_NOTHING);
    assert_int_equal(r.status, 0);
    reply_free(&r);
}

static void test_fault_oversized(void **state) {
    emu *e = *state;
    /* 8 MiB: a minute, not the default 10 s, for a sanitized build on a busy machine. */
    struct reply r = faulted_get(e, "{\"path\":\"/api/f\",\"kind\":\"oversized\"}", 60000);
    cJSON *doc;
    assert_int_equal(r.rc, CURLE_OK);
    assert_int_equal(r.body_len, 8u * 1024u * 1024u);
    doc = cJSON_Parse(r.body);
    assert_true(cJSON_IsArray(doc));
    cJSON_Delete(doc);
    reply_free(&r);
    r = faulted_get(e, "{\"path\":\"/api/f\",\"kind\":\"oversized\",\"size\":1000}", 0);
    assert_int_equal(r.body_len, 1000);
    doc = cJSON_Parse(r.body);
    assert_true(cJSON_IsArray(doc));
    cJSON_Delete(doc);
    reply_free(&r);
}

static void test_fault_delay_stall(void **state) {
    emu *e = *state;
    struct timespec t0, t1;
    double elapsed;
    struct reply r;

    clock_gettime(CLOCK_MONOTONIC, &t0);
    r = faulted_get(e, "{\"path\":\"/api/f\",\"kind\":\"delay\",\"delay_ms\":300}", 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    elapsed = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    assert_int_equal(r.status, 200);
    assert_true(elapsed >= 0.3);
    reply_free(&r);
    r = faulted_get(e, "{\"path\":\"/api/f\",\"kind\":\"stall\"}", 500);
    assert_int_equal(r.rc, CURLE_OPERATION_TIMEDOUT);
    reply_free(&r);
    /* The stalled worker must not block other requests. */
    assert_int_equal(get_status(e, "/api/f", "static-token"), 200);
}

static void test_fault_count_and_reset(void **state) {
    emu *e = *state;
    assert_int_equal(emu_fault(e, "{\"path\":\"/api/f\",\"kind\":\"status\",\"status\":500,\"count\":2}"), 0);
    assert_int_equal(get_status(e, "/api/f", "static-token"), 500);
    assert_int_equal(get_status(e, "/api/f", "static-token"), 500);
    assert_int_equal(get_status(e, "/api/f", "static-token"), 200);
    assert_int_equal(emu_fault(e, "{\"path\":\"/api/f\",\"kind\":\"status\"}"), 0);
    assert_int_equal(emu_reset(e), 0);
    assert_int_equal(get_status(e, "/api/f", "static-token"), 200);
    assert_int_equal(emu_counter(e, "api"), 1);
    assert_int_equal(emu_counter(e, "fault"), 0);
}

/* ---- TLS ------------------------------------------------------------------- */

static void test_tls(void **state) {
    emu *e = emu_start(1);
    struct call c = {NULL, "/api/x", NULL, NULL, "static-token", NULL, NULL, 0};
    struct reply r;
    CURL *curl;
    char url[128];

    (void)state;
    assert_non_null(e);
    assert_non_null(emu_ca_file(e));
    assert_int_equal(strncmp(emu_base_url(e), "https://127.0.0.1:", 18), 0);
    xmc_flow(e); /* control requests verify against the generated CA */
    r = do_call(e, &c);
    assert_int_equal(r.status, 200);
    reply_free(&r);
    expect_next_link(e, "/devices", "page=2&limit=10"); /* https://127.0.0.1:PORT */

    /* Without the CA the certificate must not verify. */
    curl = curl_easy_init();
    snprintf(url, sizeof url, "%s/_emu/counters", emu_base_url(e));
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
    curl_easy_setopt(curl, CURLOPT_CAINFO, "/dev/null");
    curl_easy_setopt(curl, CURLOPT_CAPATH, NULL);
    assert_int_not_equal(curl_easy_perform(curl), CURLE_OK);
    curl_easy_cleanup(curl);
    emu_stop(e);
}

static void test_start_stop_many(void **state) {
    emu *a = emu_start(0), *b = emu_start(0);
    (void)state;
    assert_non_null(a);
    assert_non_null(b);
    assert_int_not_equal(emu_port(a), emu_port(b));
    emu_stop(a);
    assert_int_equal(emu_counter(b, "xmc_token"), 0);
    emu_stop(b);
    emu_stop(NULL);
}

int main(void) {
    const struct CMUnitTest http_tests[] = {
        cmocka_unit_test_setup(test_xmc_token_then_graphql, reset_emulator),
        cmocka_unit_test_setup(test_get_answers_405, reset_emulator),
        cmocka_unit_test_setup(test_graphql_errors_and_unauthorized, reset_emulator),
        cmocka_unit_test_setup(test_xiq_login_devices_logout, reset_emulator),
        cmocka_unit_test_setup(test_oauth2_password_refresh_revoke, reset_emulator),
        cmocka_unit_test_setup(test_oauth2_msx_extension_grants, reset_emulator),
        cmocka_unit_test_setup(test_oauth2_client_errors, reset_emulator),
        cmocka_unit_test_setup(test_basic_decoding_raw_default, reset_emulator),
        cmocka_unit_test_setup(test_basic_decoding_form, reset_emulator),
        cmocka_unit_test_setup(test_body_credentials_always_form_decoded, reset_emulator),
        cmocka_unit_test_setup(test_revoke_status_204, reset_emulator),
        cmocka_unit_test_setup(test_revoke_unsupported_token_type, reset_emulator),
        cmocka_unit_test_setup(test_static_credentials_and_api, reset_emulator),
        cmocka_unit_test_setup(test_quota, reset_emulator),
        cmocka_unit_test_setup(test_api_etag, reset_emulator),
        cmocka_unit_test_setup(test_devices_link_next, reset_emulator),
        cmocka_unit_test_setup(test_rate_limit_headers_nominal, reset_emulator),
        cmocka_unit_test_setup(test_rate_limit_headers_quota, reset_emulator),
        cmocka_unit_test_setup(test_date_skew_and_config_errors, reset_emulator),
        cmocka_unit_test_setup(test_expires_in_formats, reset_emulator),
        cmocka_unit_test_setup(test_xiq_jwt_exp_before_date, reset_emulator),
        cmocka_unit_test_setup(test_access_token_suffix, reset_emulator),
        cmocka_unit_test_setup(test_token_endpoints_answer_status_faults, reset_emulator),
        cmocka_unit_test_setup(test_fault_status_html_malformed_empty, reset_emulator),
        cmocka_unit_test_setup(test_fault_status_headers, reset_emulator),
        cmocka_unit_test_setup(test_fault_truncated_drop, reset_emulator),
        cmocka_unit_test_setup(test_fault_oversized, reset_emulator),
        cmocka_unit_test_setup(test_fault_delay_stall, reset_emulator),
        cmocka_unit_test_setup(test_fault_count_and_reset, reset_emulator),
    };
    const struct CMUnitTest standalone_tests[] = {
        cmocka_unit_test(test_tls),
        cmocka_unit_test(test_start_stop_many),
    };
    int failed;

    curl_global_init(CURL_GLOBAL_DEFAULT);
    failed = cmocka_run_group_tests_name("emulator over http", http_tests, start_http, stop_emulator);
    failed += cmocka_run_group_tests_name("emulator lifecycle and tls", standalone_tests, NULL, NULL);
    curl_global_cleanup();
    return failed ? 1 : 0;
}
