/* oom_driver BASE_URL PROFILE: one full session sequence under the failing
 * allocator (failmalloc.c, LD_PRELOADed by oom_sweep; issue 9, item 2).
 *
 * Environment: FAILMALLOC_N (0: count only), FAILMALLOC_MODE (one|from),
 * FAILMALLOC_WINDOW (allocations failed in "from" mode), OOM_ALARM_S,
 * OOM_PREINIT (1: curl_global_init before counting starts).
 * Counting starts right before ext_session_new (failmalloc_arm, found with
 * dlsym), so the driver's own start-up is not counted.
 *
 * The sequence: ext_session_new, login, graphql, request, token_refresh,
 * logout, session_info; then memory comes back (failmalloc_disarm) and the
 * session must work again: a request and a logout (a NULL session is
 * created again first).  Every document goes to stdout, unparsed (the
 * parent, which is not under the failing allocator, checks it):
 *   STEP <name>\n                         before each call
 *   DOC <name> <failures during> <allocations during> <len>\n<document>\n
 *   NULL <name> <failures during> <allocations during>\n
 *   SESSION <name> <failures during> <allocations during>\n
 *   COUNT <allocations> <failures>\n      at the end
 * Output uses write(2) and hand-made numbers: nothing here allocates while
 * the allocator is armed.  A crash or the per-run alarm prints the step and
 * a backtrace on stderr (backtrace_symbols_fd does not allocate). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <execinfo.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>
#include <extapi.h>

#include "canary.h" /* the canary credentials */

typedef void (*arm_fn)(long, int, long);
typedef void (*void_fn)(void);
typedef long (*long_fn)(void);

static arm_fn fm_arm;
static void_fn fm_disarm;
static long_fn fm_count, fm_failures;
static const char *volatile current_step = "start";

static void put(int fd, const char *s) {
    size_t len = strlen(s);
    while (len) {
        ssize_t n = write(fd, s, len);
        if (n <= 0) return;
        s += n;
        len -= (size_t)n;
    }
}

static void put_long(int fd, long v) {
    char buf[32];
    int i = sizeof buf - 1;
    int neg = v < 0;
    unsigned long u = neg ? 0UL - (unsigned long)v : (unsigned long)v;
    buf[i] = '\0';
    do {
        buf[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (neg) buf[--i] = '-';
    put(fd, buf + i);
}

static void on_signal(int sig) {
    void *frames[64];
    int n = backtrace(frames, 64);
    put(2, sig == SIGALRM ? "oom_driver: HANG (alarm) in step " : "oom_driver: SIGNAL ");
    if (sig != SIGALRM) {
        put_long(2, sig);
        put(2, " in step ");
    }
    put(2, current_step);
    put(2, "\n");
    backtrace_symbols_fd(frames, n, 2);
    if (sig == SIGALRM) _exit(124);
    signal(sig, SIG_DFL);
    raise(sig);
}

static long failures(void) { return fm_failures ? fm_failures() : 0; }
static long allocations(void) { return fm_count ? fm_count() : 0; }
static long step_allocations; /* allocations counted when the step began */

static void step(const char *name) {
    current_step = name;
    step_allocations = allocations();
    put(1, "STEP ");
    put(1, name);
    put(1, "\n");
}

static void put_head(const char *kind, const char *name, long during) {
    put(1, kind);
    put(1, " ");
    put(1, name);
    put(1, " ");
    put_long(1, during);
    put(1, " ");
    put_long(1, allocations() - step_allocations);
}

static void report(const char *name, char *doc, long failures_before) {
    long during = failures() - failures_before;
    if (!doc) {
        put_head("NULL", name, during);
        put(1, "\n");
        return;
    }
    put_head("DOC", name, during);
    put(1, " ");
    put_long(1, (long)strlen(doc));
    put(1, "\n");
    put(1, doc);
    put(1, "\n");
    ext_string_free(doc);
}

#define CALL(name, expr)               \
    do {                               \
        long before_;                  \
        step(name);                    \
        before_ = failures();          \
        report(name, (expr), before_); \
    } while (0)

static ext_session *new_session(const char *name, const char *config) {
    long before;
    ext_session *s;
    step(name);
    before = failures();
    s = ext_session_new(config);
    put_head(s ? "SESSION" : "NULL", name, failures() - before);
    put(1, "\n");
    return s;
}

int main(int argc, char **argv) {
    static char config[2048];
    const char *base, *profile, *env;
    long n = 0, window = 100;
    int mode = 0;
    ext_session *s;
    void *warm[4];
    int sigs[] = {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL, SIGALRM};
    size_t i;

    if (argc < 3) {
        put(2, "usage: oom_driver BASE_URL xmc|oauth2\n");
        return 2;
    }
    base = argv[1];
    profile = argv[2];
    if (strcmp(profile, "xmc") == 0) {
        if (strlen(base) > 512) return 2;
        strcpy(config, "{\"profile\":\"xmc\",\"base_url\":\"");
        strcat(config, base);
        strcat(config, "\",\"client_id\":\"" CANARY_XMC_ID "\",\"client_secret\":\"" CANARY_XMC_SECRET
                       "\",\"timeout_ms\":3000,\"connect_timeout_ms\":2000,\"retries\":1}");
    } else if (strcmp(profile, "oauth2") == 0) {
        strcpy(config, "{\"profile\":\"oauth2\",\"base_url\":\"");
        strcat(config, base);
        strcat(config, "\",\"client_id\":\"" CANARY_OAUTH_ID "\",\"client_secret\":\"" CANARY_OAUTH_SECRET
                       "\",\"grant_type\":\"password\",\"username\":\"" CANARY_OAUTH_USER
                       "\",\"password\":\"" CANARY_OAUTH_PASSWORD
                       "\",\"revoke_url\":\"/oauth2/revoke\""
                       ",\"timeout_ms\":3000,\"connect_timeout_ms\":2000,\"retries\":1}");
    } else {
        put(2, "oom_driver: unknown profile\n");
        return 2;
    }
    if ((env = getenv("FAILMALLOC_N"))) n = atol(env);
    if ((env = getenv("FAILMALLOC_MODE")) && strcmp(env, "from") == 0) mode = 1;
    if ((env = getenv("FAILMALLOC_WINDOW"))) window = atol(env);

    /* Load libgcc's unwinder now: backtrace() in a signal handler must not
     * dlopen (and allocate) then. */
    backtrace(warm, 4);
    for (i = 0; i < sizeof sigs / sizeof sigs[0]; ++i) signal(sigs[i], on_signal);
    alarm((env = getenv("OOM_ALARM_S")) ? (unsigned)atoi(env) : 20);

    /* OOM_PREINIT=1: libcurl's (and OpenSSL's) process-wide initialisation
     * happens before counting, as in a host that calls curl_global_init at
     * start-up; the session sequence then gets the whole sweep. */
    if ((env = getenv("OOM_PREINIT")) && strcmp(env, "1") == 0) curl_global_init(CURL_GLOBAL_DEFAULT);

    fm_arm = (arm_fn)dlsym(RTLD_DEFAULT, "failmalloc_arm");
    fm_disarm = (void_fn)dlsym(RTLD_DEFAULT, "failmalloc_disarm");
    fm_count = (long_fn)dlsym(RTLD_DEFAULT, "failmalloc_count");
    fm_failures = (long_fn)dlsym(RTLD_DEFAULT, "failmalloc_failures");
    if (!fm_arm)
        put(2, "oom_driver: failmalloc is not preloaded: nothing fails\n");
    else
        fm_arm(n, mode, window);

    s = new_session("session_new", config);
    if (s) {
        CALL("login", ext_login(s));
        CALL("graphql", ext_graphql(s, "query($n: Int) { network { devices { ip } } }", "{\"n\":3}"));
        CALL("request", ext_request(s, "GET", "/api/devices?page=1&limit=10", NULL));
        CALL("token_refresh", ext_token_refresh(s));
        CALL("logout", ext_logout(s));
        CALL("session_info", ext_session_info(s));
    }

    /* Memory is back: the session must work again. */
    if (fm_disarm) fm_disarm();
    if (!s) s = new_session("recover_session_new", config);
    if (s) {
        CALL("recover_request", ext_request(s, "GET", "/api/devices?page=2&limit=5", NULL));
        CALL("recover_logout", ext_logout(s));
        step("session_free");
        ext_session_free(s);
    }
    step("end");
    put(1, "COUNT ");
    put_long(1, fm_count ? fm_count() : 0);
    put(1, " ");
    put_long(1, failures());
    put(1, "\n");
    return 0;
}
