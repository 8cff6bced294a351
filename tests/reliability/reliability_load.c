/* Load with expiring tokens (issue 9, item 6), through the public API only.
 *
 * Part 1: THREADS threads share one xmc session over HTTPS (the emulator's
 * generated CA as ca_file) and make --calls GET calls between them.  The
 * emulator issues tokens valid for 2 s (token_lifetime_s 2; the session's
 * refresh_leeway_s is 0), so the token expires every 2 s under the load.
 * 1% of the answers are 503: before every 100th call (by a shared call
 * index) the caller queues one status-503 fault (count 1) on the load
 * path, which the next request to reach the emulator receives, whichever
 * thread sent it.  Checked: no call returns an error, the token requests
 * the emulator counted match the expiries (formula below), RSS at the end
 * is within a bound of RSS after warm-up.
 *
 * Part 2: --sessions sessions, each created, used for one call (a login
 * and a GET over HTTPS) and freed, in a loop: RSS flat.
 *
 * Token formula: with lifetime L = 2 s and effective leeway 0 a session
 * renews when its token has lived L on its monotonic clock (from receipt),
 * and single flight means one renewal at a time, whatever the number of
 * threads.  Over a run of T seconds, with a renewal round trip R, that is
 * 1 + floor(T / (L + R)) token requests: the emulator's xmc_token counter
 * must lie within [1 + floor(T / (L + 0.5)), 1 + ceil(T / L)].  The server's
 * clock starts at issue, the session's at receipt, so calls in flight in
 * the R before the session notices the expiry get a 401; each then renews
 * (the session's "reauths" counter), and all of them share the one renewal
 * that is due anyway: reauths cost no extra token request (checked by the
 * same bound), and no failure.
 *
 * Output: tab-separated lines METRIC <name> <value> and CHECK <name>
 * <expected> <got> <PASS|FAIL> (stdout, and --out FILE).  Exit 0 when every
 * CHECK passed.
 *
 * Usage: reliability_load [--calls N] [--threads N] [--sessions N] [--out FILE] */
#include "reliability_common.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>

#define LIFETIME_S   2
#define FAULT_EVERY  100
#define RSS_BOUND_KB (8L * 1024) /* growth allowed after warm-up */

static emu *E;
static ext_session *S;
static long CALLS = 20000;
static int THREADS = 16;
static long SESSIONS = 1000;
static FILE *OUT;
static atomic_long next_call, failures, done_calls, faults_queued;
static atomic_long rss_warm_kb;
static int checks_failed;

static void emit(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void emit(const char *fmt, ...) {
    char line[512];
    va_list args;
    va_start(args, fmt);
    vsnprintf(line, sizeof line, fmt, args);
    va_end(args);
    fputs(line, stdout);
    fflush(stdout);
    if (OUT) {
        fputs(line, OUT);
        fflush(OUT);
    }
}

static void metric_l(const char *name, long value) { emit("METRIC\t%s\t%ld\n", name, value); }

static void check(const char *name, const char *expected, const char *got, int pass) {
    if (!pass) checks_failed++;
    emit("CHECK\t%s\t%s\t%s\t%s\n", name, expected, got, pass ? "PASS" : "FAIL");
}

static void *worker(void *arg) {
    char got[64];
    (void)arg;
    for (;;) {
        long i = atomic_fetch_add(&next_call, 1);
        if (i >= CALLS) break;
        if (i % FAULT_EVERY == FAULT_EVERY - 1) {
            if (emu_fault(E, "{\"path\":\"/api/load\",\"kind\":\"status\",\"status\":503,\"count\":1}") == 0)
                atomic_fetch_add(&faults_queued, 1);
        }
        rel_outcome(ext_request(S, "GET", "/api/load", NULL), got, sizeof got, NULL, NULL);
        if (strcmp(got, "ok") != 0) {
            long n = atomic_fetch_add(&failures, 1);
            if (n < 10) fprintf(stderr, "reliability_load: call %ld returned %s\n", i, got);
        }
        if (atomic_fetch_add(&done_calls, 1) + 1 == CALLS / 10) atomic_store(&rss_warm_kb, resident_kb());
    }
    return NULL;
}

static int load_part(void) {
    char config[1024], expected[128], got[128];
    pthread_t *t = calloc((size_t)THREADS, sizeof *t);
    long t0, elapsed, tokens, reauths, low, high, rss_end, api, faults;
    double secs;
    int i;
    if (!t) return -1;
    if (emu_configure(E, "{\"token_lifetime_s\":2}") != 0) return -1;
    snprintf(config, sizeof config,
             "{\"profile\":\"xmc\",\"base_url\":\"%s\",\"client_id\":\"xmc-client\","
             "\"client_secret\":\"xmc-secret+/=!\",\"ca_file\":\"%s\",\"refresh_leeway_s\":0,"
             "\"retries\":3,\"timeout_ms\":10000}",
             emu_base_url(E), emu_ca_file(E));
    S = ext_session_new(config);
    if (!S) return -1;
    t0 = rel_now_ms();
    for (i = 0; i < THREADS; i++) pthread_create(&t[i], NULL, worker, NULL);
    for (i = 0; i < THREADS; i++) pthread_join(t[i], NULL);
    elapsed = rel_now_ms() - t0;
    rss_end = resident_kb();
    free(t);
    tokens = emu_counter(E, "xmc_token");
    api = emu_counter(E, "api");
    faults = emu_counter(E, "fault");
    reauths = rel_session_counter(S, "reauths");
    secs = elapsed / 1000.0;

    metric_l("threads", THREADS);
    metric_l("calls", CALLS);
    metric_l("elapsed_ms", elapsed);
    metric_l("calls_per_s", elapsed > 0 ? (long)(CALLS * 1000.0 / elapsed) : 0);
    metric_l("api_requests_at_server", api);
    metric_l("faults_queued", atomic_load(&faults_queued));
    metric_l("faults_served", faults);
    metric_l("failures_returned", atomic_load(&failures));
    metric_l("token_lifetime_s", LIFETIME_S);
    metric_l("token_requests", tokens);
    metric_l("expiries", (long)(secs / LIFETIME_S));
    metric_l("session_logins", rel_session_counter(S, "logins"));
    metric_l("session_retries", rel_session_counter(S, "retries"));
    metric_l("session_reauths", reauths);
    metric_l("rss_warm_kb", atomic_load(&rss_warm_kb));
    metric_l("rss_end_kb", rss_end);

    snprintf(got, sizeof got, "%ld", atomic_load(&failures));
    check("failures_returned", "0", got, atomic_load(&failures) == 0);
    snprintf(expected, sizeof expected, ">= %ld", CALLS / FAULT_EVERY / 2);
    snprintf(got, sizeof got, "%ld", faults);
    check("503_answers_served", expected, got, faults >= CALLS / FAULT_EVERY / 2);
    low = 1 + (long)(secs / (LIFETIME_S + 0.5));
    high = 1 + (long)(secs / LIFETIME_S + 0.999);
    snprintf(expected, sizeof expected, "%ld..%ld (T %.1f s)", low, high, secs);
    snprintf(got, sizeof got, "%ld (reauths %ld)", tokens, reauths);
    check("token_requests_vs_expiries", expected, got, tokens >= low && tokens <= high);
    snprintf(expected, sizeof expected, "end - warm <= %ld kB", RSS_BOUND_KB);
    snprintf(got, sizeof got, "%+ld kB", rss_end - atomic_load(&rss_warm_kb));
    check("rss_flat_under_load", expected, got, rss_end - atomic_load(&rss_warm_kb) <= RSS_BOUND_KB);
    ext_session_free(S);
    return 0;
}

static int sessions_part(void) {
    char config[1024], got[64], expected[96];
    long i, rss_warm = -1, rss_end, bad = 0, t0 = rel_now_ms();
    if (emu_reset(E) != 0) return -1;
    snprintf(config, sizeof config,
             "{\"profile\":\"xmc\",\"base_url\":\"%s\",\"client_id\":\"xmc-client\","
             "\"client_secret\":\"xmc-secret+/=!\",\"ca_file\":\"%s\"}",
             emu_base_url(E), emu_ca_file(E));
    for (i = 0; i < SESSIONS; i++) {
        ext_session *s = ext_session_new(config);
        if (!s) return -1;
        rel_outcome(ext_request(s, "GET", "/api/session", NULL), got, sizeof got, NULL, NULL);
        if (strcmp(got, "ok") != 0) bad++;
        ext_session_free(s);
        if (i + 1 == SESSIONS / 10) rss_warm = resident_kb();
    }
    rss_end = resident_kb();
    metric_l("sessions", SESSIONS);
    metric_l("sessions_elapsed_ms", rel_now_ms() - t0);
    metric_l("sessions_failed_calls", bad);
    metric_l("sessions_rss_warm_kb", rss_warm);
    metric_l("sessions_rss_end_kb", rss_end);
    snprintf(got, sizeof got, "%ld", bad);
    check("sessions_calls_failed", "0", got, bad == 0);
    snprintf(expected, sizeof expected, "end - warm <= %ld kB", RSS_BOUND_KB / 2);
    snprintf(got, sizeof got, "%+ld kB", rss_end - rss_warm);
    check("rss_flat_over_sessions", expected, got, rss_end - rss_warm <= RSS_BOUND_KB / 2);
    return 0;
}

int main(int argc, char **argv) {
    const char *out_path = NULL;
    int a;
    for (a = 1; a < argc; a++) {
        if (strcmp(argv[a], "--calls") == 0 && a + 1 < argc)
            CALLS = atol(argv[++a]);
        else if (strcmp(argv[a], "--threads") == 0 && a + 1 < argc)
            THREADS = atoi(argv[++a]);
        else if (strcmp(argv[a], "--sessions") == 0 && a + 1 < argc)
            SESSIONS = atol(argv[++a]);
        else if (strcmp(argv[a], "--out") == 0 && a + 1 < argc)
            out_path = argv[++a];
        else {
            fprintf(stderr, "usage: %s [--calls N] [--threads N] [--sessions N] [--out FILE]\n", argv[0]);
            return 2;
        }
    }
    if (CALLS < 100 || THREADS < 1 || SESSIONS < 10) {
        fprintf(stderr, "reliability_load: --calls >= 100, --threads >= 1, --sessions >= 10\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    if (out_path && !(OUT = fopen(out_path, "w"))) return 2;
    E = emu_start(1);
    if (!E) return 2;
    if (load_part() != 0 || sessions_part() != 0) {
        fprintf(stderr, "reliability_load: harness failure\n");
        emu_stop(E);
        return 2;
    }
    emit("SUMMARY\tload\tchecks_failed %d\n", checks_failed);
    if (OUT) fclose(OUT);
    emu_stop(E);
    return checks_failed == 0 ? 0 : 1;
}
