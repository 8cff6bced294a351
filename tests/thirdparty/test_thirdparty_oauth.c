/* The oauth2 profile against a third-party OAuth 2.0 server: panva's
 * oidc-provider (npm, pinned in package.json), run unmodified by
 * oidc-server.mjs on a free 127.0.0.1 port.  Client authentication styles
 * (SPEC "client_auth", "Client authentication: auto"), the refresh-token
 * grant with rotation, and RFC 7009 revocation checked through the server's
 * own RFC 7662 introspection.  Every count below is what reached the server,
 * as the server recorded it.  See README.md beside this file.
 *
 * Run through run.sh (ctest thirdparty_oauth), which installs the server and
 * sets EXTAPI_TP_NODE and EXTAPI_TP_DIR.  Secrets are never printed: no
 * assertion compares a secret or a token with assert_string_equal. */
#define _GNU_SOURCE /* mkdtemp, pipe2 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <extapi.h>

/* ---- the server's clients and user (given to the launcher on stdin) ---- */

/* Nothing form-encoding would change: raw and encoded Basic are the same. */
#define PLAIN_ID              "tp-plain"
#define PLAIN_SECRET          "plainSecret-0123456789"
#define PLAIN_WRONG_SECRET    "plainSecret-wrong"
/* Reserved characters, no '%': oidc-provider form-decodes Basic
 * credentials, so the raw secret reads as another one ('+' becomes a
 * space) and is answered 401 invalid_client. */
#define RESERVED_ID           "tp-reserved"
#define RESERVED_SECRET       "Ab+c/d=e:g h!"
#define RESERVED_WRONG_SECRET "Wr+ng/secret=:x y!"
/* With a '%' not followed by two hex digits the raw secret cannot be
 * form-decoded at all: oidc-provider answers 400 invalid_request. */
#define PERCENT_ID            "tp-percent"
#define PERCENT_SECRET        "Ab+c/d=e%f:g h!"
/* Password and refresh-token grants; refresh tokens rotate. */
#define ROTATING_ID           "tp-rotating"
#define ROTATING_SECRET       "Ro+tat/ing=sec:ret !"
/* The same, with refresh tokens that expire after 2 s. */
#define SHORT_ID              "tp-short-refresh"
#define SHORT_SECRET          "short-refresh-secret"
#define USER_NAME             "alice"
#define USER_PASSWORD         "wonder+land/pa=ss:word %!"
/* The resource server that may introspect (used by the launcher only). */
#define INTROSPECTOR_ID       "tp-resource-server"
#define INTROSPECTOR_SECRET   "rs-secret+/=:-9f1c"

#define SCOPE "offline_access api:read"

static const char *const secrets[] = {
    PLAIN_SECRET,    PLAIN_WRONG_SECRET, RESERVED_SECRET, RESERVED_WRONG_SECRET, PERCENT_SECRET,
    ROTATING_SECRET, SHORT_SECRET,       USER_PASSWORD,   INTROSPECTOR_SECRET,
};

#define START_TIMEOUT_MS 20000
#define REPLY_TIMEOUT_MS 10000
#define STOP_GRACE_MS    5000

/* ---- the launcher as a child process ------------------------------------ */

extern char **environ;

typedef struct server {
    pid_t pid;
    int in_fd;  /* its stdin, held open: it exits when this closes */
    int out_fd; /* its stdout: "PORT n", then one JSON line per command */
    char buf[1 << 16];
    size_t used;
    char base_url[64];
} server;

static server *srv; /* the group's server */

static long now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void sleep_ms(long ms) {
    struct timespec ts;
    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (ms % 1000) * 1000000L;
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {}
}

/* One line from the launcher's stdout (malloc'ed, without the newline), or
 * NULL on EOF or after timeout_ms. */
static char *read_line(server *s, long timeout_ms) {
    long deadline = now_ms() + timeout_ms;
    for (;;) {
        char *nl = memchr(s->buf, '\n', s->used);
        struct pollfd p;
        ssize_t n;
        long left;
        int r;
        if (nl) {
            size_t len = (size_t)(nl - s->buf);
            char *line = malloc(len + 1);
            if (!line) return NULL;
            memcpy(line, s->buf, len);
            line[len] = '\0';
            memmove(s->buf, nl + 1, s->used - len - 1);
            s->used -= len + 1;
            return line;
        }
        if (s->used == sizeof s->buf) return NULL; /* a line longer than the buffer */
        left = deadline - now_ms();
        if (left <= 0) return NULL;
        p.fd = s->out_fd;
        p.events = POLLIN;
        r = poll(&p, 1, (int)left);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return NULL;
        n = read(s->out_fd, s->buf + s->used, sizeof s->buf - s->used);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return NULL;
        s->used += (size_t)n;
    }
}

static int write_all(int fd, const char *data, size_t len) {
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

static int send_line(server *s, const char *line) {
    return write_all(s->in_fd, line, strlen(line)) == 0 && write_all(s->in_fd, "\n", 1) == 0 ? 0 : -1;
}

static cJSON *client_json(const char *id, const char *secret, const char *grants, int refresh_ttl) {
    cJSON *c = cJSON_CreateObject();
    cJSON_AddStringToObject(c, "client_id", id);
    cJSON_AddStringToObject(c, "client_secret", secret);
    cJSON_AddItemToObject(c, "grant_types", cJSON_Parse(grants));
    if (refresh_ttl) cJSON_AddNumberToObject(c, "refresh_token_ttl", refresh_ttl);
    return c;
}

/* The launcher's first stdin line: clients, users, the introspector. */
static char *server_config(void) {
    cJSON *config = cJSON_CreateObject(), *clients = cJSON_AddArrayToObject(config, "clients");
    cJSON *users = cJSON_AddArrayToObject(config, "users"), *user = cJSON_CreateObject();
    cJSON *introspector = cJSON_AddObjectToObject(config, "introspector");
    char *text;
    const char *cc = "[\"client_credentials\"]", *pw = "[\"password\",\"refresh_token\"]";
    cJSON_AddItemToArray(clients, client_json(PLAIN_ID, PLAIN_SECRET, cc, 0));
    cJSON_AddItemToArray(clients, client_json(RESERVED_ID, RESERVED_SECRET, cc, 0));
    cJSON_AddItemToArray(clients, client_json(PERCENT_ID, PERCENT_SECRET, cc, 0));
    cJSON_AddItemToArray(clients, client_json(ROTATING_ID, ROTATING_SECRET, pw, 0));
    cJSON_AddItemToArray(clients, client_json(SHORT_ID, SHORT_SECRET, pw, 2));
    cJSON_AddStringToObject(user, "username", USER_NAME);
    cJSON_AddStringToObject(user, "password", USER_PASSWORD);
    cJSON_AddItemToArray(users, user);
    cJSON_AddStringToObject(introspector, "client_id", INTROSPECTOR_ID);
    cJSON_AddStringToObject(introspector, "client_secret", INTROSPECTOR_SECRET);
    text = cJSON_PrintUnformatted(config);
    cJSON_Delete(config);
    return text;
}

static int wait_child(pid_t pid, long timeout_ms) {
    long deadline = now_ms() + timeout_ms;
    for (;;) {
        pid_t r = waitpid(pid, NULL, WNOHANG);
        if (r == pid || (r < 0 && errno != EINTR)) return 0;
        if (now_ms() >= deadline) return -1;
        sleep_ms(10);
    }
}

/* Closes its stdin (the launcher exits), then SIGTERM, then SIGKILL. */
static void server_stop(server *s) {
    if (!s) return;
    if (s->in_fd >= 0) close(s->in_fd);
    if (s->pid > 0 && wait_child(s->pid, STOP_GRACE_MS) != 0) {
        kill(s->pid, SIGTERM);
        if (wait_child(s->pid, STOP_GRACE_MS) != 0) {
            kill(s->pid, SIGKILL);
            waitpid(s->pid, NULL, 0);
        }
    }
    if (s->out_fd >= 0) close(s->out_fd);
    free(s);
}

static server *server_start(void) {
    const char *node = getenv("EXTAPI_TP_NODE"), *dir = getenv("EXTAPI_TP_DIR");
    char launcher[4096];
    char *argv[3], *config, *line;
    int in_pipe[2], out_pipe[2], port = 0, rc;
    posix_spawn_file_actions_t actions;
    server *s;

    if (!node || !dir) {
        fprintf(stderr, "EXTAPI_TP_NODE and EXTAPI_TP_DIR are not set: run this through run.sh (ctest)\n");
        return NULL;
    }
    snprintf(launcher, sizeof launcher, "%s/oidc-server.mjs", dir);
    s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->in_fd = s->out_fd = -1;
    /* O_CLOEXEC: no other child inherits these ends and keeps stdin open. */
    if (pipe2(in_pipe, O_CLOEXEC) != 0) {
        free(s);
        return NULL;
    }
    if (pipe2(out_pipe, O_CLOEXEC) != 0) {
        close(in_pipe[0]);
        close(in_pipe[1]);
        free(s);
        return NULL;
    }
    argv[0] = (char *)node;
    argv[1] = launcher;
    argv[2] = NULL;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in_pipe[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
    rc = posix_spawn(&s->pid, node, &actions, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(in_pipe[0]);
    close(out_pipe[1]);
    s->in_fd = in_pipe[1];
    s->out_fd = out_pipe[0];
    if (rc != 0) {
        fprintf(stderr, "cannot run %s: %s\n", node, strerror(rc));
        s->pid = 0;
        server_stop(s);
        return NULL;
    }
    signal(SIGPIPE, SIG_IGN); /* a dead launcher is a failed write, not a dead test */
    config = server_config();
    rc = config ? send_line(s, config) : -1;
    free(config);
    line = rc == 0 ? read_line(s, START_TIMEOUT_MS) : NULL;
    if (!line || sscanf(line, "PORT %d", &port) != 1 || port <= 0) {
        fprintf(stderr, "the oidc-provider launcher did not start\n");
        free(line);
        server_stop(s);
        return NULL;
    }
    free(line);
    snprintf(s->base_url, sizeof s->base_url, "http://127.0.0.1:%d", port);
    return s;
}

/* Sends a command, returns its JSON answer (fails the test otherwise). */
static cJSON *command(const char *line) {
    char *answer;
    cJSON *doc;
    assert_int_equal(send_line(srv, line), 0);
    answer = read_line(srv, REPLY_TIMEOUT_MS);
    assert_non_null(answer);
    doc = cJSON_Parse(answer);
    free(answer);
    assert_non_null(doc);
    return doc;
}

/* ---- what reached the server -------------------------------------------- */

static const char *str(const cJSON *object, const char *key) {
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);
    return cJSON_IsString(item) ? item->valuestring : NULL;
}

static int streq(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

/* The requests the server recorded on `route` ("token", "revocation",
 * "introspection") since the last reset, in order. */
typedef struct requests {
    cJSON *state;
    const cJSON *list[64];
    int count;
} requests;

static requests requests_on(const char *route) {
    requests r;
    const cJSON *entry;
    memset(&r, 0, sizeof r);
    r.state = command("state");
    cJSON_ArrayForEach(entry, cJSON_GetObjectItemCaseSensitive(r.state, "requests")) {
        if (streq(str(entry, "route"), route) && r.count < 64) r.list[r.count++] = entry;
    }
    return r;
}

static const char *req_str(const requests *r, int i, const char *key) {
    assert_true(i < r->count);
    return str(r->list[i], key);
}

static int req_status(const requests *r, int i) {
    const cJSON *status;
    assert_true(i < r->count);
    status = cJSON_GetObjectItemCaseSensitive(r->list[i], "status");
    assert_true(cJSON_IsNumber(status));
    return status->valueint;
}

/* Asserts how many requests there were, listing them when that is wrong
 * (how each authenticated and how it was answered: no secrets). */
static void expect_count(const requests *r, int expected) {
    int i;
    if (r->count == expected) return;
    print_error("expected %d requests, the server saw %d:\n", expected, r->count);
    for (i = 0; i < r->count; i++) {
        const cJSON *status = cJSON_GetObjectItemCaseSensitive(r->list[i], "status");
        const char *grant = str(r->list[i], "grant_type"), *error = str(r->list[i], "error");
        print_error("  %s %s auth=%s grant_type=%s -> %d %s\n", str(r->list[i], "method"), str(r->list[i], "path"),
                    str(r->list[i], "auth"), grant ? grant : "-", cJSON_IsNumber(status) ? status->valueint : -1,
                    error ? error : "");
    }
    fail();
}

/* Asserts request i's client authentication, status and OAuth error. */
static void expect_request(const requests *r, int i, const char *auth, int status, const char *error) {
    const char *got_error = req_str(r, i, "error");
    assert_string_equal(req_str(r, i, "auth"), auth);
    assert_int_equal(req_status(r, i), status);
    if (error) {
        assert_non_null(got_error);
        assert_string_equal(got_error, error);
    } else {
        assert_null(got_error);
    }
}

/* The count of a provider event since the last reset (0 if none). */
static int event_count(const cJSON *state, const char *name) {
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(state, "events"), name);
    return cJSON_IsNumber(n) ? n->valueint : 0;
}

/* RFC 7662: is `token` active, as the server's introspection endpoint says? */
static int introspect_active(const char *token, const char *expect_client_id) {
    char line[1024];
    cJSON *answer, *body;
    const cJSON *status;
    int active;
    assert_non_null(token);
    assert_true(strlen(token) < sizeof line - 16);
    assert_null(strpbrk(token, " \r\n"));
    snprintf(line, sizeof line, "introspect %s", token);
    answer = command(line);
    status = cJSON_GetObjectItemCaseSensitive(answer, "status");
    assert_true(cJSON_IsNumber(status));
    assert_int_equal(status->valueint, 200);
    body = cJSON_GetObjectItemCaseSensitive(answer, "body");
    assert_true(cJSON_IsBool(cJSON_GetObjectItemCaseSensitive(body, "active")));
    active = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(body, "active"));
    if (active && expect_client_id) assert_string_equal(str(body, "client_id"), expect_client_id);
    cJSON_Delete(answer);
    return active;
}

/* ---- sessions and their documents --------------------------------------- */

/* A session on the server; `client_auth` NULL leaves the key out (the
 * default); `extra` is a JSON object merged in (NULL for none). */
static ext_session *session(const char *id, const char *secret, const char *client_auth, const char *extra) {
    cJSON *config = cJSON_CreateObject();
    ext_session *s;
    char *text;
    cJSON_AddStringToObject(config, "profile", "oauth2");
    cJSON_AddStringToObject(config, "base_url", srv->base_url);
    cJSON_AddStringToObject(config, "token_url", "/token");
    cJSON_AddStringToObject(config, "revoke_url", "/token/revocation");
    cJSON_AddStringToObject(config, "client_id", id);
    cJSON_AddStringToObject(config, "client_secret", secret);
    if (client_auth) cJSON_AddStringToObject(config, "client_auth", client_auth);
    cJSON_AddTrueToObject(config, "expose_token");
    if (extra) {
        cJSON *more = cJSON_Parse(extra), *item;
        assert_non_null(more);
        while ((item = more->child) != NULL) {
            cJSON_DetachItemViaPointer(more, item);
            cJSON_AddItemToObject(config, item->string, item);
        }
        cJSON_Delete(more);
    }
    text = cJSON_PrintUnformatted(config);
    cJSON_Delete(config);
    assert_non_null(text);
    s = ext_session_new(text);
    cJSON_free(text);
    assert_non_null(s);
    return s;
}

static ext_session *password_session(const char *id, const char *secret) {
    return session(id, secret, "basic",
                   "{\"grant_type\":\"password\",\"username\":\"" USER_NAME "\",\"password\":\"" USER_PASSWORD
                   "\",\"scope\":\"" SCOPE "\"}");
}

/* The item at a dotted path ("token.access_token"), or NULL. */
static const cJSON *doc_item(const cJSON *doc, const char *dotted) {
    char path[128], *part, *save = NULL;
    const cJSON *item = doc;
    snprintf(path, sizeof path, "%s", dotted);
    for (part = strtok_r(path, ".", &save); part && item; part = strtok_r(NULL, ".", &save))
        item = cJSON_GetObjectItemCaseSensitive(item, part);
    return item;
}

static const char *doc_str(const cJSON *doc, const char *dotted) {
    const cJSON *item = doc_item(doc, dotted);
    return cJSON_IsString(item) ? item->valuestring : NULL;
}

/* Copies of the documents the current test was returned, so that tokens
 * learnt later from the server can be looked for in them. */
static char *seen[256];
static int seen_count;

static void forget_seen(void) {
    while (seen_count > 0) free(seen[--seen_count]);
}

/* No document of this test contains `value` (not printed on failure). */
static void expect_unseen(const char *value) {
    int i;
    assert_non_null(value);
    assert_true(*value != '\0');
    for (i = 0; i < seen_count; i++) assert_null(strstr(seen[i], value));
}

/* Parses and frees a returned document, first checking (without printing
 * them) that it carries none of the configured secrets. */
static cJSON *take(char *document) {
    cJSON *doc;
    size_t i;
    assert_non_null(document);
    for (i = 0; i < sizeof secrets / sizeof secrets[0]; i++) assert_null(strstr(document, secrets[i]));
    assert_true(seen_count < (int)(sizeof seen / sizeof seen[0]));
    seen[seen_count] = strdup(document);
    assert_non_null(seen[seen_count]);
    seen_count++;
    doc = cJSON_Parse(document);
    ext_string_free(document);
    assert_non_null(doc);
    assert_true(cJSON_IsObject(doc));
    return doc;
}

/* ok:true, or the test fails showing error.code and error.message (which,
 * per SPEC, never carry a secret; take() has checked that already). */
static cJSON *expect_ok(char *document) {
    cJSON *doc = take(document);
    if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(doc, "ok"))) {
        const char *code = doc_str(doc, "error.code"), *message = doc_str(doc, "error.message");
        print_error("expected ok:true, got error.code %s: %s\n", code ? code : "(none)", message ? message : "(none)");
        fail();
    }
    return doc;
}

/* ok:false with this error.code, HTTP status and error.oauth.error. */
static void expect_failure(char *document, const char *code, int status, const char *oauth_error) {
    cJSON *doc = take(document);
    const cJSON *got_status = cJSON_GetObjectItemCaseSensitive(doc, "status");
    assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(doc, "ok")));
    assert_non_null(doc_str(doc, "error.code"));
    assert_string_equal(doc_str(doc, "error.code"), code);
    assert_true(cJSON_IsNumber(got_status));
    assert_int_equal(got_status->valueint, status);
    assert_non_null(doc_str(doc, "error.oauth.error"));
    assert_string_equal(doc_str(doc, "error.oauth.error"), oauth_error);
    cJSON_Delete(doc);
}

/* A login/refresh result: ok, a Bearer token; returns a copy of the
 * access token (expose_token is set). */
static char *expect_token(char *document, int refreshable) {
    cJSON *doc = expect_ok(document);
    const char *access = doc_str(doc, "token.access_token");
    char *copy;
    assert_non_null(doc_str(doc, "token.type"));
    assert_string_equal(doc_str(doc, "token.type"), "Bearer");
    assert_true(cJSON_IsBool(doc_item(doc, "token.refreshable")));
    assert_int_equal(cJSON_IsTrue(doc_item(doc, "token.refreshable")), refreshable);
    assert_non_null(access);
    copy = strdup(access);
    assert_non_null(copy);
    cJSON_Delete(doc);
    return copy;
}

static void expect_login_ok(ext_session *s, int refreshable) { free(expect_token(ext_login(s), refreshable)); }

/* ext_logout: ok, and the server confirmed the revocation. */
static void expect_revoked(ext_session *s) {
    cJSON *doc = expect_ok(ext_logout(s));
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(doc, "revoked")));
    cJSON_Delete(doc);
}

/* ---- fixtures ------------------------------------------------------------ */

static int group_setup(void **state) {
    (void)state;
    srv = server_start();
    return srv ? 0 : -1;
}

static int group_teardown(void **state) {
    (void)state;
    server_stop(srv);
    srv = NULL;
    forget_seen();
    return 0;
}

/* Per test: the server forgets the requests and events it recorded. */
static int reset(void **state) {
    char *line;
    cJSON *answer;
    int ok;
    (void)state;
    forget_seen();
    if (send_line(srv, "reset") != 0) return -1;
    line = read_line(srv, REPLY_TIMEOUT_MS);
    answer = line ? cJSON_Parse(line) : NULL;
    free(line);
    ok = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(answer, "reset"));
    cJSON_Delete(answer);
    return ok ? 0 : -1;
}

/* ---- a. client credentials: each client_auth style ----------------------- */

/* A plain secret reads the same raw or form-encoded: every style is one
 * request that the server accepts. */
static void plain_secret_one_request(const char *client_auth, const char *expected_auth) {
    ext_session *s = session(PLAIN_ID, PLAIN_SECRET, client_auth, NULL);
    char *access = expect_token(ext_login(s), 0);
    requests r;
    assert_true(introspect_active(access, PLAIN_ID));
    free(access);
    r = requests_on("token");
    expect_count(&r, 1);
    assert_string_equal(req_str(&r, 0, "grant_type"), "client_credentials");
    expect_request(&r, 0, expected_auth, 200, NULL);
    cJSON_Delete(r.state);
    ext_session_free(s);
}

static void test_ext_login_basic_raw_plain_secret_succeeds(void **state) {
    (void)state;
    plain_secret_one_request("basic_raw", "basic-plain");
}

static void test_ext_login_basic_plain_secret_succeeds(void **state) {
    (void)state;
    plain_secret_one_request("basic", "basic-plain");
}

static void test_ext_login_body_plain_secret_succeeds(void **state) {
    (void)state;
    plain_secret_one_request("body", "body");
}

static void test_ext_login_auto_plain_secret_costs_one_request(void **state) {
    (void)state;
    plain_secret_one_request("auto", "basic-plain");
}

/* SPEC: the auto retry only happens when form-encoding would change the
 * credentials; a wrong plain secret is one rejected request. */
static void test_ext_login_auto_plain_wrong_secret_is_not_retried(void **state) {
    ext_session *s = session(PLAIN_ID, PLAIN_WRONG_SECRET, "auto", NULL);
    requests r;
    (void)state;
    expect_failure(ext_login(s), "auth_failed", 401, "invalid_client");
    r = requests_on("token");
    expect_count(&r, 1);
    expect_request(&r, 0, "basic-plain", 401, "invalid_client");
    cJSON_Delete(r.state);
    ext_session_free(s);
}

/* RFC 7617 raw Basic against a form-decoding server: '+' reads as a space,
 * the secret does not match. */
static void test_ext_login_basic_raw_reserved_secret_fails_invalid_client(void **state) {
    ext_session *s = session(RESERVED_ID, RESERVED_SECRET, "basic_raw", NULL);
    requests r;
    (void)state;
    expect_failure(ext_login(s), "auth_failed", 401, "invalid_client");
    r = requests_on("token");
    expect_count(&r, 1);
    expect_request(&r, 0, "basic-raw", 401, "invalid_client");
    cJSON_Delete(r.state);
    ext_session_free(s);
}

static void test_ext_login_basic_reserved_secret_succeeds(void **state) {
    ext_session *s = session(RESERVED_ID, RESERVED_SECRET, "basic", NULL);
    char *access;
    requests r;
    (void)state;
    access = expect_token(ext_login(s), 0);
    assert_true(introspect_active(access, RESERVED_ID));
    free(access);
    r = requests_on("token");
    expect_count(&r, 1);
    expect_request(&r, 0, "basic-encoded", 200, NULL);
    cJSON_Delete(r.state);
    ext_session_free(s);
}

static void test_ext_login_body_reserved_secret_succeeds(void **state) {
    ext_session *s = session(RESERVED_ID, RESERVED_SECRET, "body", NULL);
    requests r;
    (void)state;
    expect_login_ok(s, 0);
    r = requests_on("token");
    expect_count(&r, 1);
    expect_request(&r, 0, "body", 200, NULL);
    cJSON_Delete(r.state);
    ext_session_free(s);
}

/* SPEC auto: raw first; 401 invalid_client and form-encoding changes the
 * credentials, so exactly one retry, form-encoded, which succeeds. */
static void test_ext_login_auto_reserved_secret_retries_once_form_encoded(void **state) {
    ext_session *s = session(RESERVED_ID, RESERVED_SECRET, "auto", NULL);
    char *access;
    requests r;
    (void)state;
    access = expect_token(ext_login(s), 0);
    assert_true(introspect_active(access, RESERVED_ID));
    free(access);
    r = requests_on("token");
    expect_count(&r, 2);
    expect_request(&r, 0, "basic-raw", 401, "invalid_client");
    expect_request(&r, 1, "basic-encoded", 200, NULL);
    cJSON_Delete(r.state);
    ext_session_free(s);
}

/* ... and the style that worked is remembered: each later token request is
 * one form-encoded request. */
static void test_ext_token_refresh_auto_reserved_secret_reuses_form_encoded(void **state) {
    ext_session *s = session(RESERVED_ID, RESERVED_SECRET, "auto", NULL);
    char *first, *second, *third;
    requests r;
    int i;
    (void)state;
    first = expect_token(ext_login(s), 0);
    second = expect_token(ext_token_refresh(s), 0);
    third = expect_token(ext_token_refresh(s), 0);
    assert_true(strcmp(first, second) != 0 && strcmp(second, third) != 0);
    assert_true(introspect_active(third, RESERVED_ID));
    free(first);
    free(second);
    free(third);
    r = requests_on("token");
    expect_count(&r, 4);
    expect_request(&r, 0, "basic-raw", 401, "invalid_client");
    for (i = 1; i < 4; i++) expect_request(&r, i, "basic-encoded", 200, NULL);
    cJSON_Delete(r.state);
    ext_session_free(s);
}

/* SPEC: client_auth defaults to auto. */
static void test_ext_login_default_client_auth_is_auto(void **state) {
    ext_session *s = session(RESERVED_ID, RESERVED_SECRET, NULL, NULL);
    requests r;
    (void)state;
    expect_login_ok(s, 0);
    r = requests_on("token");
    expect_count(&r, 2);
    expect_request(&r, 0, "basic-raw", 401, "invalid_client");
    expect_request(&r, 1, "basic-encoded", 200, NULL);
    cJSON_Delete(r.state);
    ext_session_free(s);
}

/* A wrong secret with reserved characters: the one retry is made and
 * rejected too; never a third request. */
static void test_ext_login_auto_reserved_wrong_secret_tries_twice(void **state) {
    ext_session *s = session(RESERVED_ID, RESERVED_WRONG_SECRET, "auto", NULL);
    requests r;
    (void)state;
    expect_failure(ext_login(s), "auth_failed", 401, "invalid_client");
    r = requests_on("token");
    expect_count(&r, 2);
    expect_request(&r, 0, "basic-raw", 401, "invalid_client");
    expect_request(&r, 1, "basic-encoded", 401, "invalid_client");
    cJSON_Delete(r.state);
    ext_session_free(s);
}

/* With "%f:" the raw secret is not form-decodable: oidc-provider answers
 * 400 invalid_request, not 401 invalid_client. */
static void test_ext_login_basic_raw_percent_secret_fails_invalid_request(void **state) {
    ext_session *s = session(PERCENT_ID, PERCENT_SECRET, "basic_raw", NULL);
    requests r;
    (void)state;
    expect_failure(ext_login(s), "auth_failed", 400, "invalid_request");
    r = requests_on("token");
    expect_count(&r, 1);
    expect_request(&r, 0, "basic-raw", 400, "invalid_request");
    cJSON_Delete(r.state);
    ext_session_free(s);
}

/* SPEC auto retries only on 401 invalid_client, so against this server a
 * secret with such a '%' is one failed request under auto (use "basic"). */
static void test_ext_login_auto_percent_secret_is_not_retried_on_invalid_request(void **state) {
    ext_session *s = session(PERCENT_ID, PERCENT_SECRET, "auto", NULL);
    requests r;
    (void)state;
    expect_failure(ext_login(s), "auth_failed", 400, "invalid_request");
    r = requests_on("token");
    expect_count(&r, 1);
    expect_request(&r, 0, "basic-raw", 400, "invalid_request");
    cJSON_Delete(r.state);
    ext_session_free(s);
}

static void test_ext_login_basic_percent_secret_succeeds(void **state) {
    ext_session *s = session(PERCENT_ID, PERCENT_SECRET, "basic", NULL);
    requests r;
    (void)state;
    expect_login_ok(s, 0);
    r = requests_on("token");
    expect_count(&r, 1);
    expect_request(&r, 0, "basic-encoded", 200, NULL);
    cJSON_Delete(r.state);
    ext_session_free(s);
}

static void test_ext_login_body_percent_secret_succeeds(void **state) {
    ext_session *s = session(PERCENT_ID, PERCENT_SECRET, "body", NULL);
    requests r;
    (void)state;
    expect_login_ok(s, 0);
    r = requests_on("token");
    expect_count(&r, 1);
    expect_request(&r, 0, "body", 200, NULL);
    cJSON_Delete(r.state);
    ext_session_free(s);
}

/* SPEC: auto remembers the style "in the token_cache entry" too: a second
 * session adopts the cached token (no request) and its refresh is one
 * form-encoded request. */
/* A temporary directory for a token cache, removed by the teardown even
 * when the test failed half-way. */
static char cache_dir[64];

static int remove_cache_dir(void **state) {
    DIR *d;
    struct dirent *e;
    char path[512];
    (void)state;
    if (!cache_dir[0]) return 0;
    d = opendir(cache_dir);
    while (d && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        snprintf(path, sizeof path, "%s/%s", cache_dir, e->d_name);
        unlink(path);
    }
    if (d) closedir(d);
    rmdir(cache_dir);
    cache_dir[0] = '\0';
    return 0;
}

/* SPEC: auto remembers the style "in the token_cache entry" too: a second
 * session adopts the cached token (no request) and its refresh is one
 * form-encoded request. */
static void test_ext_token_refresh_auto_style_survives_in_token_cache(void **state) {
    char extra[192];
    ext_session *a, *b;
    requests r;
    const char *tmp = getenv("TMPDIR");
    (void)state;
    if (!tmp || !*tmp || strlen(tmp) > 32) tmp = "/tmp";
    snprintf(cache_dir, sizeof cache_dir, "%s/extapi-tp-XXXXXX", tmp);
    assert_non_null(mkdtemp(cache_dir));
    snprintf(extra, sizeof extra, "{\"token_cache\":\"%s/tokens.json\"}", cache_dir);

    a = session(RESERVED_ID, RESERVED_SECRET, "auto", extra);
    expect_login_ok(a, 0);
    ext_session_free(a);
    b = session(RESERVED_ID, RESERVED_SECRET, "auto", extra);
    expect_login_ok(b, 0);
    r = requests_on("token");
    expect_count(&r, 2); /* a's two; b adopted the cached token */
    cJSON_Delete(r.state);
    free(expect_token(ext_token_refresh(b), 0));
    r = requests_on("token");
    expect_count(&r, 3);
    expect_request(&r, 2, "basic-encoded", 200, NULL);
    cJSON_Delete(r.state);
    ext_session_free(b);
}

/* ---- b. refresh-token grant with rotation -------------------------------- */

static void test_ext_login_password_grant_issues_refresh_token(void **state) {
    ext_session *s = password_session(ROTATING_ID, ROTATING_SECRET);
    cJSON *doc;
    requests r;
    (void)state;
    doc = expect_ok(ext_login(s));
    assert_true(cJSON_IsTrue(doc_item(doc, "token.refreshable")));
    assert_non_null(doc_str(doc, "token.scope"));
    assert_string_equal(doc_str(doc, "token.scope"), SCOPE);
    cJSON_Delete(doc);
    r = requests_on("token");
    expect_count(&r, 1);
    assert_string_equal(req_str(&r, 0, "grant_type"), "password");
    expect_request(&r, 0, "basic-encoded", 200, NULL);
    assert_int_equal(event_count(r.state, "refresh_token.saved"), 1);
    cJSON_Delete(r.state);
    ext_session_free(s);
}

/* The server consumes each refresh token it is shown and issues a new one;
 * showing a consumed one again would be invalid_grant (and revoke the
 * grant).  Three refreshes in a row must each present the newest one. */
static void test_ext_token_refresh_follows_rotated_refresh_tokens(void **state) {
    ext_session *s = password_session(ROTATING_ID, ROTATING_SECRET);
    char *tokens[4];
    requests r;
    const cJSON *rt;
    int i;
    (void)state;
    tokens[0] = expect_token(ext_login(s), 1);
    for (i = 1; i < 4; i++) {
        tokens[i] = expect_token(ext_token_refresh(s), 1);
        assert_true(strcmp(tokens[i], tokens[i - 1]) != 0);
    }
    r = requests_on("token");
    expect_count(&r, 4);
    assert_string_equal(req_str(&r, 0, "grant_type"), "password");
    for (i = 0; i < 4; i++) expect_request(&r, i, "basic-encoded", 200, NULL);
    for (i = 1; i < 4; i++) assert_string_equal(req_str(&r, i, "grant_type"), "refresh_token");
    assert_int_equal(event_count(r.state, "refresh_token.saved"), 4);
    assert_int_equal(event_count(r.state, "refresh_token.consumed"), 3);
    assert_int_equal(event_count(r.state, "grant.revoked"), 0);
    /* No result carried a refresh token the server issued. */
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(r.state, "refresh_tokens")), 4);
    cJSON_ArrayForEach(rt, cJSON_GetObjectItemCaseSensitive(r.state, "refresh_tokens")) {
        assert_true(cJSON_IsString(rt));
        expect_unseen(rt->valuestring);
    }
    cJSON_Delete(r.state);
    assert_true(introspect_active(tokens[3], ROTATING_ID));
    for (i = 0; i < 4; i++) free(tokens[i]);
    ext_session_free(s);
}

/* SPEC: a refresh token the server rejects (invalid_grant) falls back to a
 * full login. */
static void test_ext_token_refresh_expired_refresh_token_falls_back_to_login(void **state) {
    ext_session *s = password_session(SHORT_ID, SHORT_SECRET);
    requests r;
    (void)state;
    expect_login_ok(s, 1);
    sleep_ms(3100); /* the server's refresh-token lifetime for this client is 2 s */
    free(expect_token(ext_token_refresh(s), 1));
    r = requests_on("token");
    expect_count(&r, 3);
    assert_string_equal(req_str(&r, 0, "grant_type"), "password");
    assert_string_equal(req_str(&r, 1, "grant_type"), "refresh_token");
    expect_request(&r, 1, "basic-plain", 400, "invalid_grant");
    assert_string_equal(req_str(&r, 2, "grant_type"), "password");
    expect_request(&r, 2, "basic-plain", 200, NULL);
    cJSON_Delete(r.state);
    ext_session_free(s);
}

/* ---- c. RFC 7009 revocation, checked by RFC 7662 introspection ----------- */

static void test_ext_logout_client_credentials_revokes_access_token(void **state) {
    ext_session *s = session(PLAIN_ID, PLAIN_SECRET, "basic", NULL);
    char *access;
    requests r;
    (void)state;
    access = expect_token(ext_login(s), 0);
    assert_true(introspect_active(access, PLAIN_ID));
    expect_revoked(s);
    r = requests_on("revocation");
    expect_count(&r, 1);
    expect_request(&r, 0, "basic-plain", 200, NULL);
    assert_int_equal(event_count(r.state, "client_credentials.destroyed"), 1);
    cJSON_Delete(r.state);
    assert_false(introspect_active(access, NULL));
    free(access);
    ext_session_free(s);
}

/* Both tokens: the refresh token (which ends its grant on this server) and
 * the access token; each introspected active before, inactive after. */
static void test_ext_logout_password_grant_revokes_refresh_and_access_tokens(void **state) {
    ext_session *s = password_session(ROTATING_ID, ROTATING_SECRET);
    char *access, *refresh;
    requests r;
    const cJSON *issued;
    (void)state;
    access = expect_token(ext_login(s), 1);
    r = requests_on("token");
    issued = cJSON_GetObjectItemCaseSensitive(r.state, "refresh_tokens");
    assert_int_equal(cJSON_GetArraySize(issued), 1);
    assert_true(cJSON_IsString(cJSON_GetArrayItem(issued, 0)));
    refresh = strdup(cJSON_GetArrayItem(issued, 0)->valuestring);
    assert_non_null(refresh);
    cJSON_Delete(r.state);
    assert_true(introspect_active(access, ROTATING_ID));
    assert_true(introspect_active(refresh, ROTATING_ID));

    expect_revoked(s);
    r = requests_on("revocation");
    expect_count(&r, 2);
    expect_request(&r, 0, "basic-encoded", 200, NULL);
    expect_request(&r, 1, "basic-encoded", 200, NULL);
    assert_int_equal(event_count(r.state, "refresh_token.destroyed"), 1);
    cJSON_Delete(r.state);
    assert_false(introspect_active(access, NULL));
    assert_false(introspect_active(refresh, NULL));
    expect_unseen(refresh);
    free(access);
    free(refresh);
    ext_session_free(s);
}

/* The revocation endpoint authenticates the client too: auto uses the
 * style it learned at login, one request, no raw attempt. */
static void test_ext_logout_auto_reserved_secret_revokes_with_learned_style(void **state) {
    ext_session *s = session(RESERVED_ID, RESERVED_SECRET, "auto", NULL);
    char *access;
    requests r;
    (void)state;
    access = expect_token(ext_login(s), 0);
    assert_true(introspect_active(access, RESERVED_ID));
    expect_revoked(s);
    r = requests_on("revocation");
    expect_count(&r, 1);
    expect_request(&r, 0, "basic-encoded", 200, NULL);
    cJSON_Delete(r.state);
    assert_false(introspect_active(access, NULL));
    free(access);
    ext_session_free(s);
}

static void test_ext_logout_body_revokes_access_token(void **state) {
    ext_session *s = session(PERCENT_ID, PERCENT_SECRET, "body", NULL);
    char *access;
    requests r;
    (void)state;
    access = expect_token(ext_login(s), 0);
    assert_true(introspect_active(access, PERCENT_ID));
    expect_revoked(s);
    r = requests_on("revocation");
    expect_count(&r, 1);
    expect_request(&r, 0, "body", 200, NULL);
    cJSON_Delete(r.state);
    assert_false(introspect_active(access, NULL));
    free(access);
    ext_session_free(s);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_ext_login_basic_raw_plain_secret_succeeds, reset),
        cmocka_unit_test_setup(test_ext_login_basic_plain_secret_succeeds, reset),
        cmocka_unit_test_setup(test_ext_login_body_plain_secret_succeeds, reset),
        cmocka_unit_test_setup(test_ext_login_auto_plain_secret_costs_one_request, reset),
        cmocka_unit_test_setup(test_ext_login_auto_plain_wrong_secret_is_not_retried, reset),
        cmocka_unit_test_setup(test_ext_login_basic_raw_reserved_secret_fails_invalid_client, reset),
        cmocka_unit_test_setup(test_ext_login_basic_reserved_secret_succeeds, reset),
        cmocka_unit_test_setup(test_ext_login_body_reserved_secret_succeeds, reset),
        cmocka_unit_test_setup(test_ext_login_auto_reserved_secret_retries_once_form_encoded, reset),
        cmocka_unit_test_setup(test_ext_token_refresh_auto_reserved_secret_reuses_form_encoded, reset),
        cmocka_unit_test_setup(test_ext_login_default_client_auth_is_auto, reset),
        cmocka_unit_test_setup(test_ext_login_auto_reserved_wrong_secret_tries_twice, reset),
        cmocka_unit_test_setup(test_ext_login_basic_raw_percent_secret_fails_invalid_request, reset),
        cmocka_unit_test_setup(test_ext_login_auto_percent_secret_is_not_retried_on_invalid_request, reset),
        cmocka_unit_test_setup(test_ext_login_basic_percent_secret_succeeds, reset),
        cmocka_unit_test_setup(test_ext_login_body_percent_secret_succeeds, reset),
        cmocka_unit_test_setup_teardown(test_ext_token_refresh_auto_style_survives_in_token_cache, reset,
                                        remove_cache_dir),
        cmocka_unit_test_setup(test_ext_login_password_grant_issues_refresh_token, reset),
        cmocka_unit_test_setup(test_ext_token_refresh_follows_rotated_refresh_tokens, reset),
        cmocka_unit_test_setup(test_ext_token_refresh_expired_refresh_token_falls_back_to_login, reset),
        cmocka_unit_test_setup(test_ext_logout_client_credentials_revokes_access_token, reset),
        cmocka_unit_test_setup(test_ext_logout_password_grant_revokes_refresh_and_access_tokens, reset),
        cmocka_unit_test_setup(test_ext_logout_auto_reserved_secret_revokes_with_learned_style, reset),
        cmocka_unit_test_setup(test_ext_logout_body_revokes_access_token, reset),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
