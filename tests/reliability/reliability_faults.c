/* The fault matrix (issue 9, item 5): every fault the emulator can play,
 * against every profile, through the public API only.  For each case: the
 * outcome (error code, or ok after a retry), the elapsed time against a
 * generous bound, and the session used again once the fault is gone.
 *
 * Output: one tab-separated line per case on stdout (and in --out FILE),
 *   CASE <profile> <fault> <expected> <got> <elapsed_ms> <bound_ms> <after> <PASS|FAIL> <note>
 * followed by one SUMMARY line.  Exit status 0 when every case passed.
 * tests/reliability/gen_doc.py turns the lines into docs/RELIABILITY.md.
 * Leaks: the ctest reliability_faults_valgrind runs this program under
 * valgrind (definite leaks are errors); EXTAPI_UNDER_VALGRIND scales the
 * time bounds.
 *
 * Usage: reliability_faults [--out FILE] [--profile NAME] [--only FAULT] */
#include "reliability_common.h"

#include <stdarg.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef EXTAPI_EMULATOR_PATH
#error "EXTAPI_EMULATOR_PATH must name the extapi-emulator binary"
#endif

extern char **environ;

static emu *E;   /* plain HTTP emulator: most cases */
static emu *TLS; /* HTTPS emulator: TLS cases, cross-origin target */
static FILE *OUT;
static int SCALE = 1; /* time-bound multiplier (valgrind) */
static int cases_run, cases_passed;
static const char *ONLY_PROFILE, *ONLY_FAULT;

/* Per-exchange settings of every matrix session: short timeouts so a stall
 * costs little, the default 2 retries. */
static char COMMON_BUF[160];
#define COMMON COMMON_BUF

/* ---- reporting ----------------------------------------------------------- */

static void report(const rel_profile *p, const char *fault, const char *expected, const char *got, long elapsed,
                   long bound, const char *after, int pass, const char *note) {
    char line[1024];
    cases_run++;
    if (pass) cases_passed++;
    snprintf(line, sizeof line, "CASE\t%s\t%s\t%s\t%s\t%ld\t%ld\t%s\t%s\t%s\n", p ? p->name : "-", fault, expected, got,
             elapsed, bound, after, pass ? "PASS" : "FAIL", note && *note ? note : "-");
    fputs(line, stdout);
    fflush(stdout);
    if (OUT) {
        fputs(line, OUT);
        fflush(OUT);
    }
}

static int wanted(const rel_profile *p, const char *fault) {
    if (ONLY_PROFILE && p && strcmp(ONLY_PROFILE, p->name) != 0) return 0;
    if (ONLY_FAULT && strcmp(ONLY_FAULT, fault) != 0) return 0;
    return 1;
}

static void must(int ok, const char *what) {
    if (!ok) {
        fprintf(stderr, "reliability_faults: harness failure: %s\n", what);
        exit(2);
    }
}

static void fault(emu *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fault(emu *e, const char *fmt, ...) {
    char spec[2048];
    va_list args;
    va_start(args, fmt);
    vsnprintf(spec, sizeof spec, fmt, args);
    va_end(args);
    if (emu_fault(e, spec) != 0) {
        fprintf(stderr, "reliability_faults: fault refused: %s\n", spec);
        exit(2);
    }
}

static void configure(emu *e, const char *json) {
    if (emu_configure(e, json) != 0) {
        fprintf(stderr, "reliability_faults: config refused: %s\n", json);
        exit(2);
    }
}

/* The fault is gone (faults, tokens and configuration reset): the same
 * session must answer a following call. */
static const char *after_call(ext_session *s, int refresh_first) {
    char got[64];
    must(emu_reset(E) == 0, "reset");
    if (refresh_first) {
        rel_outcome(ext_token_refresh(s), got, sizeof got, NULL, NULL);
        if (strcmp(got, "ok") != 0) return "refresh-failed";
    }
    rel_outcome(ext_request(s, "GET", "/api/after", NULL), got, sizeof got, NULL, NULL);
    return strcmp(got, "ok") == 0 ? "ok" : "FAILED";
}

/* ---- table-driven cases: one fault spec on the API or token path --------- */

typedef struct {
    const char *fault;    /* case name */
    const char *target;   /* "api" (GET /api/rel after a login), "token" (the
                             token endpoint, by a call on a fresh session),
                             "graphql" (POST to the GraphQL path) */
    const char *spec;     /* fault JSON members after "path" */
    const char *expected; /* "ok" or an error code */
    int status;           /* expected "status" (0: not checked) */
    long min_ms, bound_ms;
    const char *extra; /* extra session config */
    const char *note;
} table_case;

static const table_case TABLE[] = {
    {"stall_before_headers", "api", "\"kind\":\"stall\",\"stall_ms\":%d", "timeout", 0, 1000, 4000, NULL,
     "stall 4 s, timeout_ms 1500; timeouts are not retried"},
    {"stall_mid_body", "api", "\"kind\":\"stall_body\",\"stall_ms\":%d", "timeout", 0, 1000, 4000, NULL,
     "500 of 1000 bytes, a 4 s pause; timeout_ms 1500"},
    {"reset_mid_body", "api", "\"kind\":\"reset\",\"count\":3", "invalid_response", 0, 0, 5000, NULL,
     "8 of 1000 bytes, then a TCP reset, every attempt: a truncated answer, retried, then reported"},
    {"drop_once", "api", "\"kind\":\"drop\",\"count\":1", "ok", 200, 0, 3000, NULL, "GET retried after a drop"},
    {"drop_burst", "api", "\"kind\":\"drop\",\"count\":4", "network", 0, 0, 5000, NULL,
     "4 drops: libcurl resends once on a reused connection, then 2 retries"},
    {"truncated_body", "api", "\"kind\":\"truncated\",\"count\":3", "invalid_response", 0, 0, 5000, NULL,
     "100 of 1000 bytes, then close"},
    {"oversized_body", "api", "\"kind\":\"oversized\",\"size\":2097152", "invalid_response", 0, 0, 5000, NULL,
     "2 MiB against max_response_bytes 1 MiB"},
    {"malformed_json", "api", "\"kind\":\"malformed\"", "invalid_response", 0, 0, 3000, NULL, "cut JSON, 200"},
    {"malformed_json_status_body", "api", "\"kind\":\"status\",\"status\":200,\"body\":\"{\\\"a\\\":01}\"",
     "invalid_response", 0, 0, 3000, NULL, "200 application/json {\"a\":01} (not strict JSON)"},
    {"wrong_shape_json", "api", "\"kind\":\"status\",\"status\":200,\"body\":[1,2,3]", "ok", 200, 0, 3000, NULL,
     "REST takes any JSON: the array is data"},
    {"graphql_wrong_shape", "graphql", "\"kind\":\"status\",\"status\":200,\"body\":[1,2,3]", "invalid_response", 0, 0,
     3000, NULL, "GraphQL answer that is not an object"},
    {"graphql_no_data", "graphql", "\"kind\":\"status\",\"status\":200,\"body\":{\"unexpected\":true}", "ok", 200, 0,
     3000, NULL, "object without data or errors: data null"},
    {"empty_body", "api", "\"kind\":\"empty\"", "ok", 200, 0, 3000, NULL, "200, empty: data null"},
    {"html_502_once", "api", "\"kind\":\"html\",\"count\":1", "ok", 200, 0, 3000, NULL, "GET retried on 502"},
    {"html_502_burst", "api", "\"kind\":\"html\",\"count\":3", "http", 502, 0, 5000, NULL, "3 x 502 > 2 retries"},
    {"5xx_burst_under_retries", "api", "\"kind\":\"status\",\"status\":503,\"count\":2", "ok", 200, 200, 4000, NULL,
     "2 x 503 <= 2 retries"},
    {"5xx_burst_over_retries", "api", "\"kind\":\"status\",\"status\":503,\"count\":3", "http", 503, 200, 5000, NULL,
     "3 x 503 > 2 retries"},
    {"504_burst_under_retries", "api", "\"kind\":\"status\",\"status\":504,\"count\":2", "ok", 200, 200, 4000, NULL,
     "2 x 504 <= 2 retries"},
    {"500_not_retried", "api", "\"kind\":\"status\",\"status\":500,\"count\":1", "http", 500, 0, 2000, NULL,
     "500 is final"},
    {"429_storm_retry_after_short", "api", "\"kind\":\"status\",\"status\":429,\"retry_after\":1,\"count\":2", "ok",
     200, 1900, 5000, NULL, "2 x 429 Retry-After 1: waits ~2 s, then ok"},
    {"429_storm_retry_after_over", "api", "\"kind\":\"status\",\"status\":429,\"retry_after\":1,\"count\":3",
     "rate_limited", 429, 1900, 5000, NULL, "3 x 429 Retry-After 1 > 2 retries"},
    {"429_storm_no_retry_after", "api", "\"kind\":\"status\",\"status\":429,\"count\":3", "rate_limited", 429, 200,
     5000, NULL, "3 x 429, backoff only"},
    {"429_retry_after_too_long", "api", "\"kind\":\"status\",\"status\":429,\"retry_after\":600,\"count\":1",
     "rate_limited", 429, 0, 1000, NULL, "Retry-After 600 > 120 s cap: returned at once"},
    {"503_retry_after_too_long", "api", "\"kind\":\"status\",\"status\":503,\"retry_after\":600,\"count\":1",
     "rate_limited", 503, 0, 1000, NULL, "Retry-After 600 on 503: returned at once"},
    {"token_stall", "token", "\"kind\":\"stall\",\"stall_ms\":%d", "timeout", 0, 1000, 4000, NULL,
     "token endpoint stalls"},
    {"token_drop", "token", "\"kind\":\"drop\",\"count\":1", "network", 0, 0, 3000, NULL,
     "POST not resent after a drop"},
    {"token_truncated", "token", "\"kind\":\"truncated\",\"count\":3", "invalid_response", 0, 0, 5000, NULL, NULL},
    {"token_oversized", "token", "\"kind\":\"oversized\",\"size\":2097152", "invalid_response", 0, 0, 5000, NULL, NULL},
    {"token_malformed", "token", "\"kind\":\"malformed\"", "invalid_response", 0, 0, 3000, NULL, NULL},
    {"token_empty", "token", "\"kind\":\"empty\"", "invalid_response", 0, 0, 3000, NULL, NULL},
    {"token_html_502", "token", "\"kind\":\"html\",\"count\":1", "http", 502, 0, 3000, NULL, "POST not retried on 502"},
    {"token_wrong_shape", "token", "\"kind\":\"status\",\"status\":200,\"body\":{\"token\":\"abc\"}",
     "invalid_response", 0, 0, 3000, NULL, "200 without access_token"},
    {"token_wrong_type", "token",
     "\"kind\":\"status\",\"status\":200,\"body\":{\"access_token\":42,\"token_type\":\"Bearer\"}", "invalid_response",
     0, 0, 3000, NULL, "access_token a number"},
    {"token_200_oauth_error", "token", "\"kind\":\"status\",\"status\":200,\"body\":{\"error\":\"invalid_client\"}",
     "auth_failed", 0, 0, 3000, NULL, "200 carrying an OAuth error"},
    {"token_5xx_under_retries", "token", "\"kind\":\"status\",\"status\":503,\"count\":2", "ok", 200, 200, 4000, NULL,
     "2 x 503 <= 2 retries"},
    {"token_5xx_over_retries", "token", "\"kind\":\"status\",\"status\":503,\"count\":3", "http", 503, 200, 5000, NULL,
     "3 x 503 > 2 retries"},
    {"token_429_retry_after", "token", "\"kind\":\"status\",\"status\":429,\"retry_after\":1,\"count\":1", "ok", 200,
     900, 4000, NULL, "429 Retry-After 1 on the token endpoint"},
};

static void run_table_case(const rel_profile *p, const table_case *c) {
    char got[64], gotfull[96], path[64];
    const char *after;
    int status = 0, pass;
    long t0, elapsed;
    ext_session *s;
    int token_target = strcmp(c->target, "token") == 0;
    if (token_target && !p->has_token) return;
    if (!wanted(p, c->fault)) return;
    must(emu_reset(E) == 0, "reset");
    s = rel_session(p, emu_base_url(E), c->extra ? c->extra : COMMON);
    must(s != NULL, "session");
    if (!token_target) {
        rel_outcome(ext_login(s), got, sizeof got, NULL, NULL);
        must(strcmp(got, "ok") == 0, "pre-login");
    }
    if (token_target)
        snprintf(path, sizeof path, "%s", p->token_path);
    else if (strcmp(c->target, "graphql") == 0)
        snprintf(path, sizeof path, "%s", strcmp(p->name, "xmc") == 0 ? "/nbi/graphql" : "/graphql");
    else
        snprintf(path, sizeof path, "/api/rel");
    {
        char spec[512];
        snprintf(spec, sizeof spec, c->spec, 4000 * SCALE); /* stall_ms, the only parameter */
        fault(E, "{\"path\":\"%s\",%s}", path, spec);
    }
    t0 = rel_now_ms();
    if (strcmp(c->target, "graphql") == 0)
        rel_outcome(ext_graphql(s, "{ network { devices { ip } } }", NULL), got, sizeof got, &status, NULL);
    else
        rel_outcome(ext_request(s, "GET", "/api/rel", NULL), got, sizeof got, &status, NULL);
    elapsed = rel_now_ms() - t0;
    after = after_call(s, 0);
    pass = strcmp(got, c->expected) == 0 && (!c->status || status == c->status) && elapsed >= c->min_ms &&
           elapsed <= c->bound_ms * SCALE && strcmp(after, "ok") == 0;
    if (status)
        snprintf(gotfull, sizeof gotfull, "%s (%d)", got, status);
    else
        snprintf(gotfull, sizeof gotfull, "%s", got);
    {
        char expected[96];
        if (c->status)
            snprintf(expected, sizeof expected, "%s (%d)", c->expected, c->status);
        else
            snprintf(expected, sizeof expected, "%s", c->expected);
        report(p, c->fault, expected, gotfull, elapsed, c->bound_ms * SCALE, after, pass, c->note);
    }
    ext_session_free(s);
}

/* ---- connection refused, DNS, TLS ------------------------------------------ */

/* A port nothing listens on (bound, then closed). */
static int closed_port(void) {
    struct sockaddr_in a;
    socklen_t len = sizeof a;
    int fd = socket(AF_INET, SOCK_STREAM, 0), port;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    must(fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0, "bind");
    must(getsockname(fd, (struct sockaddr *)&a, &len) == 0, "getsockname");
    port = ntohs(a.sin_port);
    close(fd);
    return port;
}

/* An emulator on a given port (the harness picks its own): the "fault gone"
 * half of the connection-refused case. */
typedef struct {
    pid_t pid;
    int stdin_fd;
} port_emu;

static int port_emu_start(port_emu *pe, int port) {
    int in[2], out[2];
    char port_text[16], line[64];
    char *argv[4];
    posix_spawn_file_actions_t fa;
    size_t n = 0;
    long deadline = rel_now_ms() + 10000;
    snprintf(port_text, sizeof port_text, "%d", port);
    argv[0] = (char *)EXTAPI_EMULATOR_PATH;
    argv[1] = (char *)"--port";
    argv[2] = port_text;
    argv[3] = NULL;
    if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0) return -1;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    if (posix_spawn(&pe->pid, argv[0], &fa, NULL, argv, environ) != 0) return -1;
    posix_spawn_file_actions_destroy(&fa);
    close(in[0]);
    close(out[1]);
    pe->stdin_fd = in[1];
    while (n + 1 < sizeof line && rel_now_ms() < deadline) {
        ssize_t r = read(out[0], line + n, 1);
        if (r <= 0) break;
        if (line[n++] == '\n') break;
    }
    line[n] = '\0';
    close(out[0]);
    return strncmp(line, "PORT ", 5) == 0 ? 0 : -1;
}

static void port_emu_stop(port_emu *pe) {
    int status;
    close(pe->stdin_fd);
    kill(pe->pid, SIGTERM);
    waitpid(pe->pid, &status, 0);
}

static void run_refused(const rel_profile *p) {
    char base[64], got[64];
    int port = closed_port(), status;
    long t0, elapsed;
    port_emu pe;
    const char *after = "FAILED";
    ext_session *s;
    if (!wanted(p, "connection_refused")) return;
    snprintf(base, sizeof base, "http://127.0.0.1:%d", port);
    s = rel_session(p, base, COMMON);
    t0 = rel_now_ms();
    rel_outcome(ext_request(s, "GET", "/api/rel", NULL), got, sizeof got, &status, NULL);
    elapsed = rel_now_ms() - t0;
    /* The fault is gone: a server now listens on that port. */
    if (port_emu_start(&pe, port) == 0) {
        char again[64];
        rel_outcome(ext_request(s, "GET", "/api/after", NULL), again, sizeof again, NULL, NULL);
        after = strcmp(again, "ok") == 0 ? "ok" : "FAILED";
        port_emu_stop(&pe);
    } else {
        after = "port-taken";
    }
    report(p, "connection_refused", "network", got, elapsed, 5000L * SCALE, after,
           strcmp(got, "network") == 0 && elapsed <= 5000L * SCALE && strcmp(after, "ok") == 0,
           "closed loopback port, retried twice; then an emulator on that port");
    ext_session_free(s);
}

/* Config faults: the session cannot recover without a new configuration,
 * so "after" is n/a; a second call must fail the same way, as fast. */
static void run_config_fault(const rel_profile *p, const char *name, const char *base, const char *extra,
                             const char *expected, long bound, const char *note) {
    char got[64], again[64];
    long t0, elapsed;
    ext_session *s;
    if (!wanted(p, name)) return;
    s = rel_session(p, base, extra);
    t0 = rel_now_ms();
    rel_outcome(ext_request(s, "GET", "/api/rel", NULL), got, sizeof got, NULL, NULL);
    elapsed = rel_now_ms() - t0;
    rel_outcome(ext_request(s, "GET", "/api/rel", NULL), again, sizeof again, NULL, NULL);
    {
        char changed[96];
        snprintf(changed, sizeof changed, "CHANGED to %s", again);
        report(p, name, expected, got, elapsed, bound * SCALE,
               strcmp(again, expected) == 0 ? "n/a (same again)" : changed,
               strcmp(got, expected) == 0 && strcmp(again, expected) == 0 && elapsed <= bound * SCALE, note);
    }
    ext_session_free(s);
}

/* A name other than localhost that resolves to 127.0.0.1 without DNS
 * (/etc/hosts: the machine's hostname often does), or NULL. */
static const char *loopback_alias(void) {
    static char name[256];
    struct addrinfo hints, *res = NULL, *ai;
    int found = 0;
    if (gethostname(name, sizeof name) != 0 || !*name || strcmp(name, "localhost") == 0) return NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(name, NULL, &hints, &res) != 0) return NULL;
    for (ai = res; ai; ai = ai->ai_next) {
        const struct sockaddr_in *a = (const struct sockaddr_in *)ai->ai_addr;
        if (ntohl(a->sin_addr.s_addr) == INADDR_LOOPBACK) found = 1;
    }
    freeaddrinfo(res);
    return found ? name : NULL;
}

static void run_transport_faults(const rel_profile *p) {
    char extra[512], base[300]; /* the alias is at most 255 characters */
    const char *alias = loopback_alias();
    run_refused(p);
    run_config_fault(p, "dns_failure", "https://extapi-reliability.invalid", COMMON, "network", 10000,
                     "a name under .invalid (RFC 6761)");
    run_config_fault(p, "tls_untrusted", emu_base_url(TLS), COMMON, "tls", 3000, "self-signed emulator, no ca_file");
    snprintf(extra, sizeof extra, "%s,\"ca_file\":\"%s\"", COMMON, emu_ca_file(TLS));
    if (alias) {
        char note[384];
        snprintf(base, sizeof base, "https://%s:%d", alias, emu_port(TLS));
        snprintf(note, sizeof note,
                 "CA given; host %s resolves to 127.0.0.1 (hosts file) but the cert names "
                 "localhost, 127.0.0.1",
                 alias);
        run_config_fault(p, "tls_wrong_name", base, extra, "tls", 3000, note);
    } else if (wanted(p, "tls_wrong_name")) {
        report(p, "tls_wrong_name", "tls", "skipped", 0, 0, "n/a", 1,
               "no non-localhost name resolves to 127.0.0.1 here without DNS");
    }
    /* The control: the same CA and the cert's own name work. */
    if (wanted(p, "tls_control")) {
        char got[64];
        long t0 = rel_now_ms(), elapsed;
        ext_session *s;
        must(emu_reset(TLS) == 0, "reset tls");
        snprintf(base, sizeof base, "https://localhost:%d", emu_port(TLS));
        s = rel_session(p, base, extra);
        rel_outcome(ext_request(s, "GET", "/api/rel", NULL), got, sizeof got, NULL, NULL);
        elapsed = rel_now_ms() - t0;
        report(p, "tls_control", "ok", got, elapsed, 3000L * SCALE, "n/a",
               strcmp(got, "ok") == 0 && elapsed <= 3000L * SCALE,
               "same CA, host localhost: the TLS cases fail for the named reason only");
        ext_session_free(s);
    }
}

/* ---- redirects ------------------------------------------------------------ */

static void url_encode(const char *in, char *out, size_t size) {
    static const char hex[] = "0123456789ABCDEF";
    size_t n = 0;
    for (; *in && n + 4 < size; in++) {
        unsigned char ch = (unsigned char)*in;
        if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || strchr("-._~", ch)) {
            out[n++] = (char)ch;
        } else {
            out[n++] = '%';
            out[n++] = hex[ch >> 4];
            out[n++] = hex[ch & 15];
        }
    }
    out[n] = '\0';
}

/* A path that redirects `hops` times within base before reaching target. */
static void redirect_chain(const char *base, int hops, const char *target, char *out, size_t size) {
    char url[4096], enc[8192];
    int i;
    snprintf(url, sizeof url, "%s", target);
    for (i = 0; i < hops; i++) {
        url_encode(url, enc, sizeof enc);
        if (snprintf(url, sizeof url, "%s/api/redirect?to=%s", base, enc) >= (int)sizeof url) {
            fprintf(stderr, "redirect_chain: %d hops do not fit in %zu bytes\n", hops, sizeof url);
            exit(2);
        }
    }
    snprintf(out, size, "%s", url + strlen(base));
}

static void run_redirect(const rel_profile *p, const char *name, const char *path, const char *expected, int status_exp,
                         const char *note) {
    char got[64], gotfull[96], expfull[96];
    int status;
    long t0, elapsed;
    const char *after;
    ext_session *s;
    cJSON *doc;
    int target_ok = 1;
    if (!wanted(p, name)) return;
    must(emu_reset(E) == 0, "reset");
    s = rel_session(p, emu_base_url(E), COMMON);
    t0 = rel_now_ms();
    rel_outcome(ext_request(s, "GET", path, NULL), got, sizeof got, &status, &doc);
    elapsed = rel_now_ms() - t0;
    if (strcmp(expected, "ok") == 0) {
        const cJSON *pth = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(doc, "data"), "path");
        target_ok = cJSON_IsString(pth) && strcmp(pth->valuestring, "/api/target") == 0;
    }
    cJSON_Delete(doc);
    after = after_call(s, 0);
    snprintf(gotfull, sizeof gotfull, "%s (%d)%s", got, status, target_ok ? "" : " wrong target");
    snprintf(expfull, sizeof expfull, "%s (%d)", expected, status_exp);
    report(p, name, expfull, gotfull, elapsed, 3000L * SCALE, after,
           strcmp(got, expected) == 0 && status == status_exp && target_ok && elapsed <= 3000L * SCALE &&
               strcmp(after, "ok") == 0,
           note);
    ext_session_free(s);
}

static void run_redirects(const rel_profile *p) {
    char path[8192], target[256];
    snprintf(target, sizeof target, "%s/api/target", emu_base_url(E));
    redirect_chain(emu_base_url(E), 3, target, path, sizeof path);
    run_redirect(p, "redirect_chain_3", path, "ok", 200, "3 same-origin hops");
    redirect_chain(emu_base_url(E), 5, target, path, sizeof path);
    run_redirect(p, "redirect_chain_5", path, "ok", 200, "5 same-origin hops: the limit");
    redirect_chain(emu_base_url(E), 6, target, path, sizeof path);
    run_redirect(p, "redirect_chain_6", path, "http", 302, "6 hops > 5: the last 302 is returned");
    run_redirect(p, "redirect_relative", "/api/redirect?to=%2Fapi%2Ftarget", "ok", 200, "Location: /api/target");
    snprintf(target, sizeof target, "%s/api/target", emu_base_url(TLS));
    redirect_chain(emu_base_url(E), 1, target, path, sizeof path);
    run_redirect(p, "redirect_cross_origin", path, "http", 302, "to another origin: not followed");
}

/* ---- token faults ----------------------------------------------------------- */

typedef struct {
    ext_session *s;
    char got[64];
} waiter;

static void *call_thread(void *arg) {
    waiter *w = arg;
    rel_outcome(ext_request(w->s, "GET", "/api/rel", NULL), w->got, sizeof w->got, NULL, NULL);
    return NULL;
}

/* The token endpoint stalls past timeout_ms while 8 threads need a token:
 * one request reaches the server, every caller gets its timeout. */
static void run_renewal_failure_with_waiters(const rel_profile *p) {
    enum { N = 8 };
    waiter w[N];
    pthread_t t[N];
    int i, same = 1;
    long t0, elapsed, tokens;
    char got[128];
    const char *after;
    ext_session *s;
    if (!p->has_token || !wanted(p, "renewal_fails_with_waiters")) return;
    must(emu_reset(E) == 0, "reset");
    s = rel_session(p, emu_base_url(E), COMMON);
    fault(E, "{\"path\":\"%s\",\"kind\":\"stall\",\"stall_ms\":%d}", p->token_path, 3000 * SCALE);
    t0 = rel_now_ms();
    for (i = 0; i < N; i++) {
        w[i].s = s;
        pthread_create(&t[i], NULL, call_thread, &w[i]);
    }
    for (i = 0; i < N; i++) pthread_join(t[i], NULL);
    elapsed = rel_now_ms() - t0;
    tokens = emu_counter(E, p->token_counter);
    for (i = 1; i < N; i++) same &= strcmp(w[i].got, w[0].got) == 0;
    snprintf(got, sizeof got, "%s x%d, token requests %ld", same ? w[0].got : "mixed", same ? N : 0, tokens);
    after = after_call(s, 0);
    report(
        p, "renewal_fails_with_waiters", "timeout x8, token requests 1", got, elapsed, 4000L * SCALE, after,
        same && strcmp(w[0].got, "timeout") == 0 && tokens == 1 && elapsed <= 4000L * SCALE && strcmp(after, "ok") == 0,
        "token endpoint stalls 3 s (timeout_ms 1500) while 8 threads wait on the one renewal");
    ext_session_free(s);
}

/* The session's token is revoked by someone else: the next call gets a 401,
 * renews once and succeeds. */
static void run_revoked(const rel_profile *p) {
    char got[64], tok[512], gotfull[128];
    cJSON *doc;
    const cJSON *at;
    long t0, elapsed, reauths;
    ext_session *s, *other;
    const char *after, *how;
    if (!p->has_token || !wanted(p, "token_revoked")) return;
    must(emu_reset(E) == 0, "reset");
    {
        char extra[256];
        snprintf(extra, sizeof extra, "%s,\"expose_token\":true", COMMON);
        s = rel_session(p, emu_base_url(E), extra);
    }
    rel_outcome(ext_login(s), got, sizeof got, NULL, &doc);
    at = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(doc, "token"), "access_token");
    must(cJSON_IsString(at), "exposed token");
    snprintf(tok, sizeof tok, "%s", at->valuestring);
    cJSON_Delete(doc);
    if (strcmp(p->name, "oauth2") == 0) {
        /* RFC 7009 at /oauth2/revoke, with the client's Basic credentials. */
        char body[600];
        how = "RFC 7009 revocation by another client session";
        {
            char cfg[512];
            snprintf(cfg, sizeof cfg,
                     "{\"profile\":\"basic\",\"base_url\":\"%s\",\"username\":\"oauth-client\","
                     "\"password\":\"oauth-secret+/=!\"}",
                     emu_base_url(E));
            other = ext_session_new(cfg);
        }
        snprintf(body, sizeof body, "token=%s", tok);
        rel_outcome(ext_request_ex(other, "POST", "/oauth2/revoke", body,
                                   "{\"content_type\":\"application/x-www-form-urlencoded\"}", NULL),
                    got, sizeof got, NULL, NULL);
    } else {
        char cfg[1024];
        how = "POST /logout with the token from another session";
        snprintf(cfg, sizeof cfg, "{\"profile\":\"bearer\",\"base_url\":\"%s\",\"token\":\"%s\"}", emu_base_url(E),
                 tok);
        other = ext_session_new(cfg);
        rel_outcome(ext_request(other, "POST", "/logout", NULL), got, sizeof got, NULL, NULL);
    }
    must(strcmp(got, "ok") == 0, "server-side revocation");
    ext_session_free(other);
    t0 = rel_now_ms();
    rel_outcome(ext_request(s, "GET", "/api/rel", NULL), got, sizeof got, NULL, NULL);
    elapsed = rel_now_ms() - t0;
    reauths = rel_session_counter(s, "reauths");
    snprintf(gotfull, sizeof gotfull, "%s, reauths %ld", got, reauths);
    after = after_call(s, 0);
    report(p, "token_revoked", "ok, reauths 1", gotfull, elapsed, 3000L * SCALE, after,
           strcmp(got, "ok") == 0 && reauths == 1 && elapsed <= 3000L * SCALE && strcmp(after, "ok") == 0, how);
    ext_session_free(s);
}

/* expires_in variants, set through the emulator's configuration. */
static void run_expires(const rel_profile *p, const char *name, const char *config, const char *expected,
                        long max_tokens, int refresh_after, const char *note) {
    char got[64], gotfull[128];
    long t0, elapsed, tokens;
    const char *after;
    ext_session *s;
    if (!p->has_token || !wanted(p, name)) return;
    must(emu_reset(E) == 0, "reset");
    configure(E, config);
    s = rel_session(p, emu_base_url(E), COMMON);
    t0 = rel_now_ms();
    rel_outcome(ext_request(s, "GET", "/api/rel", NULL), got, sizeof got, NULL, NULL);
    if (strcmp(got, "ok") == 0) /* a second call reuses the token */
        rel_outcome(ext_request(s, "GET", "/api/rel", NULL), got, sizeof got, NULL, NULL);
    elapsed = rel_now_ms() - t0;
    tokens = emu_counter(E, p->token_counter);
    snprintf(gotfull, sizeof gotfull, "%s, token requests %ld", got, tokens);
    after = after_call(s, refresh_after);
    {
        char exp[96];
        snprintf(exp, sizeof exp, "%s, token requests <= %ld", expected, max_tokens);
        report(p, name, exp, gotfull, elapsed, 3000L * SCALE, after,
               strcmp(got, expected) == 0 && tokens <= max_tokens && tokens >= 1 && elapsed <= 3000L * SCALE &&
                   strcmp(after, "ok") == 0,
               note);
    }
    ext_session_free(s);
}

/* A token answer whose access_token is a JWT-looking string the library
 * cannot decode (or with an exp it must not trust): login works, the
 * unregistered token is refused by the API, one re-authentication fixes it. */
static void run_garbage_jwt(const rel_profile *p, const char *name, const char *jwt, const char *note) {
    char got[64], gotfull[128];
    long t0, elapsed, reauths;
    const char *after;
    ext_session *s;
    if (!p->has_token || !wanted(p, name)) return;
    must(emu_reset(E) == 0, "reset");
    s = rel_session(p, emu_base_url(E), COMMON);
    fault(E,
          "{\"path\":\"%s\",\"kind\":\"status\",\"status\":200,\"body\":{\"access_token\":\"%s\","
          "\"token_type\":\"Bearer\",\"expires_in\":3600}}",
          p->token_path, jwt);
    t0 = rel_now_ms();
    rel_outcome(ext_request(s, "GET", "/api/rel", NULL), got, sizeof got, NULL, NULL);
    elapsed = rel_now_ms() - t0;
    reauths = rel_session_counter(s, "reauths");
    snprintf(gotfull, sizeof gotfull, "%s, reauths %ld", got, reauths);
    after = after_call(s, 0);
    report(p, name, "ok, reauths 1", gotfull, elapsed, 3000L * SCALE, after,
           strcmp(got, "ok") == 0 && reauths == 1 && elapsed <= 3000L * SCALE && strcmp(after, "ok") == 0, note);
    ext_session_free(s);
}

/* access_token_suffix: every token issued carries it (and is registered). */
static void run_suffix(const rel_profile *p, const char *name, const char *suffix_json, const char *expected,
                       const char *note) {
    char got[64], cfg[256];
    long t0, elapsed;
    const char *after;
    ext_session *s;
    if (!p->has_token || !wanted(p, name)) return;
    must(emu_reset(E) == 0, "reset");
    snprintf(cfg, sizeof cfg, "{\"access_token_suffix\":%s}", suffix_json);
    configure(E, cfg);
    s = rel_session(p, emu_base_url(E), COMMON);
    t0 = rel_now_ms();
    rel_outcome(ext_request(s, "GET", "/api/rel", NULL), got, sizeof got, NULL, NULL);
    elapsed = rel_now_ms() - t0;
    after = after_call(s, 0);
    report(p, name, expected, got, elapsed, 3000L * SCALE, after,
           strcmp(got, expected) == 0 && elapsed <= 3000L * SCALE && strcmp(after, "ok") == 0, note);
    ext_session_free(s);
}

static void run_token_faults(const rel_profile *p) {
    run_renewal_failure_with_waiters(p);
    run_revoked(p);
    run_expires(p, "expires_in_0", "{\"token_lifetime_s\":0}", "auth_failed", 2, 1,
                "lifetime 0: expires_in 0, the token dead on arrival server-side; one re-auth, then auth_failed "
                "(recovery: ext_token_refresh)");
    run_expires(p, "expires_in_negative", "{\"token_lifetime_s\":-30}", "auth_failed", 2, 1,
                "expires_in -30, token dead server-side; as above");
    run_expires(p, "expires_in_huge", "{\"expires_in_format\":\"huge\"}", "ok", 1, 0, "expires_in 1e12 (clamped)");
    run_expires(p, "expires_in_missing", "{\"expires_in_format\":\"absent\"}", "ok", 1, 0,
                "no expires_in: used until a 401");
    run_expires(p, "expires_in_null", "{\"expires_in_format\":\"null\"}", "ok", 1, 0, NULL);
    run_expires(p, "expires_in_string", "{\"expires_in_format\":\"string\"}", "ok", 1, 0, "\"3600\"");
    run_expires(p, "expires_in_float", "{\"expires_in_format\":\"float\"}", "ok", 1, 0, "3600.0");
    run_garbage_jwt(p, "jwt_garbage_payload", "eyJhbGciOiJIUzI1NiJ9.bm90LWpzb24.c2ln",
                    "payload base64url of not-json, unregistered token");
    run_garbage_jwt(p, "jwt_exp_not_a_number", "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOiJuZXZlciJ9.c2ln",
                    "payload {\"exp\":\"never\"}");
    run_garbage_jwt(p, "jwt_exp_in_1970", "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2ln",
                    "payload {\"exp\":1}: ignored, expires_in governs");
    run_suffix(p, "token_extra_jwt_parts", "\".garbage.parts\"", "ok",
               "access_token_suffix .garbage.parts (5 dot-separated parts, registered)");
    run_suffix(p, "token_with_space", "\" two words\"", "invalid_response",
               "access_token_suffix ' two words': cannot go in a header");
    run_suffix(p, "token_with_crlf", "\"\\r\\nX-Injected: 1\"", "invalid_response",
               "access_token_suffix CR LF header injection");
}

int main(int argc, char **argv) {
    size_t i, k;
    const char *out_path = NULL;
    long t0 = rel_now_ms();
    int a;
    for (a = 1; a < argc; a++) {
        if (strcmp(argv[a], "--out") == 0 && a + 1 < argc)
            out_path = argv[++a];
        else if (strcmp(argv[a], "--profile") == 0 && a + 1 < argc)
            ONLY_PROFILE = argv[++a];
        else if (strcmp(argv[a], "--only") == 0 && a + 1 < argc)
            ONLY_FAULT = argv[++a];
        else {
            fprintf(stderr, "usage: %s [--out FILE] [--profile NAME] [--only FAULT]\n", argv[0]);
            return 2;
        }
    }
    if (getenv("EXTAPI_UNDER_VALGRIND")) SCALE = 4;
    /* Valgrind slows the client (TLS handshakes, loading the system CAs)
     * about fourfold: timeouts, stalls and bounds scale together. */
    snprintf(COMMON_BUF, sizeof COMMON_BUF,
             ",\"timeout_ms\":%d,\"connect_timeout_ms\":%d,\"max_response_bytes\":1048576", 1500 * SCALE, 1500 * SCALE);
    signal(SIGPIPE, SIG_IGN);
    if (out_path) {
        OUT = fopen(out_path, "w");
        must(OUT != NULL, "open --out");
    }
    E = emu_start(0);
    TLS = emu_start(1);
    must(E && TLS, "emulators");
    for (i = 0; i < REL_PROFILE_COUNT; i++) {
        const rel_profile *p = &REL_PROFILES[i];
        run_transport_faults(p);
        for (k = 0; k < sizeof TABLE / sizeof TABLE[0]; k++) run_table_case(p, &TABLE[k]);
        run_token_faults(p);
        run_redirects(p);
    }
    {
        char line[256];
        snprintf(line, sizeof line, "SUMMARY\tfaults\tcases %d\tpassed %d\tfailed %d\telapsed_ms %ld\tvalgrind %d\n",
                 cases_run, cases_passed, cases_run - cases_passed, rel_now_ms() - t0, SCALE > 1);
        fputs(line, stdout);
        if (OUT) fputs(line, OUT);
    }
    if (OUT) fclose(OUT);
    emu_stop(TLS);
    emu_stop(E);
    return cases_run > 0 && cases_passed == cases_run ? 0 : 1;
}
