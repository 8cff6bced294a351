/* extapi_c: libextapi from C.  One xmc session shared by every thread:
 * ext_login once, then ext_graphql for every call, each result checked to
 * be {"ok":true,...} (the library has validated the server's JSON) and
 * freed.
 *
 * BENCH_MODE=idle: BENCH_SESSIONS sessions instead, resident memory before
 * they exist, after creating them and after the first call of each (a
 * login and a GraphQL POST, leaving an idle session holding its token and
 * its kept-alive connection).  See bench_common.h for the environment. */
#include <extapi.h>

#include "bench_common.h"

static int ok_document(char *doc, const char *what) {
    static int reported;
    int ok = doc && strncmp(doc, "{\"ok\":true", 10) == 0;
    if (!ok && !reported) {
        reported = 1; /* one failure is enough to see what went wrong */
        fprintf(stderr, "extapi_c: %s: %s\n", what, doc ? doc : "(no document)");
    }
    ext_string_free(doc);
    return ok;
}

static int graphql_call(void *state) { return ok_document(ext_graphql(state, BENCH_QUERY, NULL), "graphql"); }

static ext_session *new_session(void) {
    char config[2048];
    snprintf(config, sizeof config,
             "{\"profile\":\"xmc\",\"base_url\":\"%s\",\"client_id\":\"%s\",\"client_secret\":\"%s\","
             "\"graphql_path\":\"%s\"}",
             bench_env("BENCH_URL", NULL), bench_env("BENCH_CLIENT_ID", NULL), bench_env("BENCH_CLIENT_SECRET", NULL),
             bench_env("BENCH_PATH", "/nbi/graphql"));
    return ext_session_new(config);
}

static int idle_sessions(void) {
    long count = bench_env_long("BENCH_SESSIONS", 1000), ok = 0;
    long rss0, rss1, rss2;
    ext_session **sessions;
    /* One session first, so that one-time initialisation (libcurl,
     * OpenSSL) is not counted as the sessions' memory. */
    ext_session *warm = new_session();
    if (!warm || !graphql_call(warm)) return 1;
    rss0 = resident_kb();
    sessions = calloc((size_t)count, sizeof *sessions);
    if (!sessions) return 3;
    for (long i = 0; i < count; i++)
        if (!(sessions[i] = new_session())) return 3;
    rss1 = resident_kb();
    for (long i = 0; i < count; i++) ok += graphql_call(sessions[i]);
    rss2 = resident_kb();
    printf("IDLE sessions=%ld ok=%ld rss_before_kb=%ld rss_new_kb=%ld rss_after_kb=%ld\n", count, ok, rss0, rss1, rss2);
    for (long i = 0; i < count; i++) ext_session_free(sessions[i]);
    ext_session_free(warm);
    free(sessions);
    return ok == count ? 0 : 1;
}

int main(void) {
    struct bench_run run;
    ext_session *session;
    void **states;
    uint64_t begin, cold, loop;
    long ok_calls;
    int status;

    if (strcmp(bench_env("BENCH_MODE", "loop"), "idle") == 0) return idle_sessions();

    bench_run_init(&run);
    states = calloc((size_t)run.threads, sizeof *states);
    if (!states) return 3;

    /* Cold: a new session's login and first call. */
    begin = bench_now_ns();
    session = new_session();
    if (!session || !ok_document(ext_login(session), "login") || !graphql_call(session)) return 1;
    cold = bench_now_ns() - begin;

    for (long i = 0; i < run.threads; i++) states[i] = session;
    loop = bench_run_threads(&run, graphql_call, states, &ok_calls);
    status = bench_report(&run, ok_calls, loop, cold);

    ext_session_free(session);
    free(states);
    free(run.latencies);
    return status;
}
