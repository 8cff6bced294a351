/* oom_sweep: the allocation-failure sweep (issue 9, item 2; README.md here).
 *
 * Starts the emulator (not under the failing allocator), counts the
 * allocations of a clean run of oom_driver for each profile, then runs
 * oom_driver under LD_PRELOAD=failmalloc.so once per N (1..count, by
 * --stride) and mode ("one": only allocation N fails; "from": N ..
 * N+window-1 fail, then memory comes back), and asserts for every run:
 *   - no crash or abort (the child's exit status),
 *   - no hang (the child's alarm, and a kill here a little later),
 *   - every document strict JSON, an object with a boolean "ok" (checked
 *     here, outside the failing allocator),
 *   - NULL (a document, or ext_session_new) only from a call during which
 *     an allocation failed, and error.code "out_of_memory" likewise,
 *   - once memory is back, a request and a logout succeed (ok:true).
 * Exit status 0 when every run passed.  Each failure is printed with its
 * profile, mode and N, the step it happened in, the child's stderr (a
 * symbolized backtrace for crashes and hangs) and the command that
 * reproduces it.
 *
 * usage: oom_sweep --driver PATH --preload PATH [--profile xmc|oauth2|all]
 *                  [--mode one|from|both] [--stride S] [--first N] [--last N]
 *                  [--window W] [--alarm S] [--only N] [--max-report K] [--cold] [-v]
 * --cold: libcurl's process-wide initialisation (curl_global_init, OpenSSL)
 * happens inside ext_session_new, under the failing allocator; by default
 * the driver initialises libcurl before counting starts. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "emulator_harness.h"
#include "canary.h"

extern char **environ;

struct output {
    char *data;
    size_t len, cap;
};

struct run {
    int status; /* waitpid status */
    int killed; /* killed here after the alarm did not fire */
    struct output out, err;
};

static const char *driver, *preload;
static int verbose;
static int cold; /* --cold: libcurl's global initialisation is swept too */
static long alarm_s = 20;
static long window = 100;
static long max_report = 40;
static long reported;

static long now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void append(struct output *o, const char *p, size_t n) {
    if (o->len + n + 1 > o->cap) {
        o->cap = (o->len + n + 1) * 2;
        o->data = realloc(o->data, o->cap);
        if (!o->data) abort();
    }
    memcpy(o->data + o->len, p, n);
    o->len += n;
    o->data[o->len] = '\0';
}

/* Runs the driver once; N < 0: without the preload at all. */
static void run_driver(const char *base, const char *profile, long n, const char *mode, struct run *r) {
    int out[2], err[2];
    pid_t pid;
    long deadline;
    char nbuf[32], wbuf[32], abuf[32];
    memset(r, 0, sizeof *r);
    if (pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC)) abort();
    snprintf(nbuf, sizeof nbuf, "%ld", n < 0 ? 0 : n);
    snprintf(wbuf, sizeof wbuf, "%ld", window);
    snprintf(abuf, sizeof abuf, "%ld", alarm_s);
    pid = fork();
    if (pid < 0) abort();
    if (pid == 0) {
        dup2(out[1], 1);
        dup2(err[1], 2);
        setenv("FAILMALLOC_N", nbuf, 1);
        setenv("FAILMALLOC_MODE", mode, 1);
        setenv("FAILMALLOC_WINDOW", wbuf, 1);
        setenv("OOM_ALARM_S", abuf, 1);
        setenv("OOM_PREINIT", cold ? "0" : "1", 1);
        if (n >= 0) setenv("LD_PRELOAD", preload, 1);
        execl(driver, driver, base, profile, (char *)NULL);
        _exit(127);
    }
    close(out[1]);
    close(err[1]);
    deadline = now_ms() + (alarm_s + 5) * 1000L;
    {
        struct pollfd fds[2];
        int open_fds = 2;
        fds[0].fd = out[0];
        fds[1].fd = err[0];
        fds[0].events = fds[1].events = POLLIN;
        while (open_fds > 0) {
            long left = deadline - now_ms();
            int i, rc;
            if (left <= 0) {
                kill(pid, SIGKILL);
                r->killed = 1;
                break;
            }
            rc = poll(fds, 2, (int)left);
            if (rc < 0 && errno == EINTR) continue;
            for (i = 0; i < 2; ++i) {
                if (fds[i].fd >= 0 && (fds[i].revents & (POLLIN | POLLHUP | POLLERR))) {
                    char buf[65536];
                    ssize_t got = read(fds[i].fd, buf, sizeof buf);
                    if (got > 0) {
                        append(i == 0 ? &r->out : &r->err, buf, (size_t)got);
                    } else {
                        close(fds[i].fd);
                        fds[i].fd = -1;
                        --open_fds;
                    }
                }
            }
        }
        if (fds[0].fd >= 0) close(fds[0].fd);
        if (fds[1].fd >= 0) close(fds[1].fd);
    }
    while (waitpid(pid, &r->status, 0) < 0 && errno == EINTR) {}
    if (!r->out.data) append(&r->out, "", 0);
    if (!r->err.data) append(&r->err, "", 0);
}

/* "lib(+0x1f00) [0x...]" lines of backtrace_symbols_fd, symbolized. */
static void print_symbolized(const char *err) {
    const char *line = err;
    while (*line) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        char text[1024], path[512], off[64], cmd[1200];
        const char *open, *plus, *close;
        snprintf(text, sizeof text, "%.*s", (int)(len < 1000 ? len : 1000), line);
        fprintf(stderr, "    %s\n", text);
        open = strchr(text, '(');
        plus = open ? strchr(open, '+') : NULL;
        close = plus ? strchr(plus, ')') : NULL;
        if (open && plus && close && plus == open + 1 && (size_t)(open - text) < sizeof path &&
            (size_t)(close - plus) < sizeof off && strstr(text, "libc.so") == NULL) {
            FILE *p;
            snprintf(path, sizeof path, "%.*s", (int)(open - text), text);
            snprintf(off, sizeof off, "%.*s", (int)(close - plus - 1), plus + 1);
            snprintf(cmd, sizeof cmd, "addr2line -f -C -i -p -e '%s' %s 2>/dev/null", path, off);
            if ((p = popen(cmd, "r"))) {
                char sym[1024];
                while (fgets(sym, sizeof sym, p)) fprintf(stderr, "        = %s", sym);
                pclose(p);
            }
        }
        line += len + (end ? 1 : 0);
    }
}

/* Failures grouped by profile, mode, kind and the step where allocations
 * failed, with their N's, for the summary at the end. */
struct group {
    char key[256];
    long *ns;
    size_t count, cap;
};
static struct group groups[128];
static size_t group_count;
static char failed_in[64]; /* the current run's first step with a failed allocation */

static void remember(const char *profile, const char *mode, long n, const char *what) {
    char key[256];
    size_t i;
    snprintf(key, sizeof key, "%s mode=%s: %s (allocation failed in %s)", profile, mode, what,
             failed_in[0] ? failed_in : "no step");
    for (i = 0; i < group_count && strcmp(groups[i].key, key) != 0; ++i) {}
    if (i == group_count) {
        if (group_count == sizeof groups / sizeof groups[0]) return;
        snprintf(groups[group_count++].key, sizeof groups[0].key, "%s", key);
    }
    if (groups[i].count && groups[i].ns[groups[i].count - 1] == n) return;
    if (groups[i].count == groups[i].cap) {
        groups[i].cap = groups[i].cap ? groups[i].cap * 2 : 16;
        groups[i].ns = realloc(groups[i].ns, groups[i].cap * sizeof(long));
        if (!groups[i].ns) abort();
    }
    groups[i].ns[groups[i].count++] = n;
}

static void print_summary(long stride) {
    size_t i, j;
    if (!group_count) return;
    printf("failures by kind (N ranges with stride %ld):\n", stride);
    for (i = 0; i < group_count; ++i) {
        const struct group *g = &groups[i];
        printf("  %s: %zu runs: N=", g->key, g->count);
        for (j = 0; j < g->count; ++j) {
            size_t k = j;
            while (k + 1 < g->count && g->ns[k + 1] == g->ns[k] + stride) ++k;
            printf("%s%ld", j ? "," : "", g->ns[j]);
            if (k > j) printf("-%ld", g->ns[k]);
            j = k;
        }
        printf("\n");
    }
}

static int problem(const char *profile, const char *mode, long n, const char *what, const char *detail,
                   const struct run *r) {
    remember(profile, mode, n, what);
    ++reported;
    if (reported > max_report) {
        if (reported == max_report + 1) fprintf(stderr, "(further failures are counted, not shown)\n");
        return 1;
    }
    fprintf(stderr, "FAIL profile=%s mode=%s N=%ld: %s%s%s\n", profile, mode, n, what, detail ? ": " : "",
            detail ? detail : "");
    if (r && r->err.len) print_symbolized(r->err.data);
    fprintf(stderr,
            "  reproduce: oom_sweep --driver %s --preload %s --profile %s --mode %s --window %ld%s --only %ld -v\n",
            driver, preload, profile, mode, window, cold ? " --cold" : "", n);
    return 1;
}

static const char *last_step(const char *out) {
    static char name[64];
    const char *p = out, *found = NULL;
    while ((p = strstr(p, "STEP ")) != NULL) {
        if (p == out || p[-1] == '\n') found = p + 5;
        p += 5;
    }
    if (!found) return "start";
    snprintf(name, sizeof name, "%.*s", (int)strcspn(found, "\n"), found);
    return name;
}

/* Checks one run; returns the number of problems (0: passed).  *count gets
 * the allocations the run counted. */
static int check(const char *profile, const char *mode, long n, const struct run *r, long *count) {
    const char *p = r->out.data;
    int bad = 0, saw_count = 0, recovered_request = 0, recovered_logout = 0;
    char detail[512];
    if (count) *count = -1;
    failed_in[0] = '\0';
    {
        /* the first step during which an allocation failed */
        const char *q = r->out.data;
        while (*q) {
            char k[16], st[64];
            long f = 0;
            if (sscanf(q, "%15s %63s %ld", k, st, &f) == 3 && strcmp(k, "COUNT") != 0 && strcmp(k, "STEP") != 0 &&
                f > 0) {
                snprintf(failed_in, sizeof failed_in, "%s", st);
                break;
            }
            q = strchr(q, '\n');
            if (!q) break;
            ++q;
        }
        if (!failed_in[0] && n > 0) snprintf(failed_in, sizeof failed_in, "%s", last_step(r->out.data));
    }
    if (r->killed || (WIFEXITED(r->status) && WEXITSTATUS(r->status) == 124)) {
        snprintf(detail, sizeof detail, "in step %s (alarm %ld s)", last_step(p), alarm_s);
        return problem(profile, mode, n, "hang", detail, r);
    }
    if (WIFSIGNALED(r->status)) {
        snprintf(detail, sizeof detail, "signal %d (%s) in step %s", WTERMSIG(r->status),
                 strsignal(WTERMSIG(r->status)), last_step(p));
        return problem(profile, mode, n, "crash", detail, r);
    }
    if (!WIFEXITED(r->status) || WEXITSTATUS(r->status) != 0) {
        snprintf(detail, sizeof detail, "exit status %d in step %s", WEXITSTATUS(r->status), last_step(p));
        return problem(profile, mode, n, "driver failed", detail, r);
    }
    while (*p) {
        char kind[16], step[64];
        long during = 0, allocs = 0, len = 0;
        int used = 0;
        const char *eol = strchr(p, '\n');
        if (!eol) break;
        if (sscanf(p, "%15s %63s %ld %ld %ld%n", kind, step, &during, &allocs, &len, &used) >= 1 &&
            strcmp(kind, "DOC") == 0) {
            const char *doc = eol + 1;
            cJSON *json;
            const cJSON *ok, *code;
            if ((size_t)(doc - r->out.data) + (size_t)len > r->out.len) {
                bad += problem(profile, mode, n, "truncated output", step, r);
                break;
            }
            json = cJSON_ParseWithLength(doc, (size_t)len);
            ok = cJSON_GetObjectItemCaseSensitive(json, "ok");
            code = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(json, "error"), "code");
            if (!json || !cJSON_IsObject(json) || !cJSON_IsBool(ok) || strlen(doc) < (size_t)len) {
                snprintf(detail, sizeof detail, "step %s returned %.*s", step, (int)(len < 300 ? len : 300), doc);
                bad += problem(profile, mode, n, "not a valid result document", detail, r);
            } else if (cJSON_IsString(code) && strcmp(code->valuestring, "out_of_memory") == 0 && during == 0) {
                snprintf(detail, sizeof detail, "step %s: %.*s", step, (int)(len < 300 ? len : 300), doc);
                bad += problem(profile, mode, n, "out_of_memory while no allocation failed", detail, r);
            } else if (strncmp(step, "recover_", 8) == 0 && !cJSON_IsTrue(ok)) {
                snprintf(detail, sizeof detail, "%s after memory came back: %.*s", step, (int)(len < 300 ? len : 300),
                         doc);
                bad += problem(profile, mode, n, "session not working again", detail, r);
            } else if (n == 0 && !cJSON_IsTrue(ok)) {
                snprintf(detail, sizeof detail, "%s: %.*s", step, (int)(len < 300 ? len : 300), doc);
                bad += problem(profile, mode, n, "clean run failed", detail, r);
            }
            if (json && strcmp(step, "recover_request") == 0 && cJSON_IsTrue(ok)) recovered_request = 1;
            if (json && strcmp(step, "recover_logout") == 0 && cJSON_IsTrue(ok)) recovered_logout = 1;
            if (verbose)
                fprintf(stderr, "  %-20s allocs=%-5ld failed=%-4ld %.*s\n", step, allocs, during,
                        (int)(len < 200 ? len : 200), doc);
            cJSON_Delete(json);
            p = doc + len;
            if (*p == '\n') ++p;
            continue;
        }
        if (strcmp(kind, "NULL") == 0) {
            if (verbose) fprintf(stderr, "  %-20s allocs=%-5ld failed=%-4ld NULL\n", step, allocs, during);
            if (during == 0) {
                snprintf(detail, sizeof detail, "step %s returned NULL", step);
                bad += problem(profile, mode, n, "NULL while no allocation failed", detail, r);
            } else if (strncmp(step, "recover_", 8) == 0) {
                bad += problem(profile, mode, n, "NULL after memory came back", step, r);
            }
        } else if (strcmp(kind, "SESSION") == 0) {
            if (verbose) fprintf(stderr, "  %-20s allocs=%-5ld failed=%-4ld a session\n", step, allocs, during);
        } else if (strcmp(kind, "COUNT") == 0) {
            saw_count = 1;
            if (count) *count = atol(step);
        }
        p = eol + 1;
    }
    if (!bad && !saw_count) bad += problem(profile, mode, n, "driver output incomplete", last_step(r->out.data), r);
    if (!bad && (!recovered_request || !recovered_logout))
        bad += problem(profile, mode, n, "session not working again", "no successful recover_request/logout", r);
    return bad;
}

static void usage(void) {
    fprintf(stderr,
            "usage: oom_sweep --driver PATH --preload PATH [--profile xmc|oauth2|all] "
            "[--mode one|from|both] [--stride S] [--first N] [--last N] [--window W] "
            "[--alarm S] [--only N] [--max-report K] [--cold] [-v]\n");
    exit(2);
}

int main(int argc, char **argv) {
    const char *profile_arg = "all", *mode_arg = "both";
    const char *profiles[] = {"xmc", "oauth2"};
    const char *modes[] = {"one", "from"};
    long stride = 1, first = 1, last = 0, only = -1;
    long total_runs = 0, total_bad = 0;
    long started = now_ms();
    emu *e;
    int i, pi, mi;

    for (i = 1; i < argc; ++i) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "-v") == 0) {
            verbose = 1;
            continue;
        }
        if (strcmp(a, "--cold") == 0) {
            cold = 1;
            continue;
        }
        if (!v) usage();
        if (strcmp(a, "--driver") == 0)
            driver = v;
        else if (strcmp(a, "--preload") == 0)
            preload = v;
        else if (strcmp(a, "--profile") == 0)
            profile_arg = v;
        else if (strcmp(a, "--mode") == 0)
            mode_arg = v;
        else if (strcmp(a, "--stride") == 0)
            stride = atol(v);
        else if (strcmp(a, "--first") == 0)
            first = atol(v);
        else if (strcmp(a, "--last") == 0)
            last = atol(v);
        else if (strcmp(a, "--window") == 0)
            window = atol(v);
        else if (strcmp(a, "--alarm") == 0)
            alarm_s = atol(v);
        else if (strcmp(a, "--only") == 0)
            only = atol(v);
        else if (strcmp(a, "--max-report") == 0)
            max_report = atol(v);
        else
            usage();
        ++i;
    }
    if (!driver || !preload || stride < 1 || first < 1) usage();
    signal(SIGPIPE, SIG_IGN);

    e = emu_start(0);
    if (!e || emu_configure(
                  e, "{\"xmc_client_id\":\"" CANARY_XMC_ID "\",\"xmc_client_secret\":\"" CANARY_XMC_SECRET "\","
                     "\"oauth_client_id\":\"" CANARY_OAUTH_ID "\",\"oauth_client_secret\":\"" CANARY_OAUTH_SECRET "\","
                     "\"oauth_users\":{\"" CANARY_OAUTH_USER "\":\"" CANARY_OAUTH_PASSWORD "\"}}") != 0) {
        fprintf(stderr, "oom_sweep: the emulator did not start\n");
        return 1;
    }

    for (pi = 0; pi < 2; ++pi) {
        const char *profile = profiles[pi];
        struct run r;
        long clean, n, end, runs = 0, bad_runs = 0;
        long t0;
        if (strcmp(profile_arg, "all") != 0 && strcmp(profile_arg, profile) != 0) continue;
        /* The clean run: armed with N = 0, it counts without failing. */
        run_driver(emu_base_url(e), profile, 0, "one", &r);
        if (check(profile, "one", 0, &r, &clean) || clean <= 0) {
            fprintf(stderr, "oom_sweep: the clean %s run failed\n%s", profile, r.err.data);
            return 1;
        }
        free(r.out.data);
        free(r.err.data);
        end = last > 0 && last < clean ? last : clean;
        printf("%s: a clean run makes %ld allocations; sweeping N=%ld..%ld stride %ld, window %ld\n", profile, clean,
               only >= 0 ? only : first, only >= 0 ? only : end, stride, window);
        fflush(stdout);
        for (mi = 0; mi < 2; ++mi) {
            const char *mode = modes[mi];
            long mode_bad = 0, mode_runs = 0;
            if (strcmp(mode_arg, "both") != 0 && strcmp(mode_arg, mode) != 0) continue;
            t0 = now_ms();
            for (n = only >= 0 ? only : first; n <= (only >= 0 ? only : end); n += stride) {
                long count;
                int bad;
                run_driver(emu_base_url(e), profile, n, mode, &r);
                bad = check(profile, mode, n, &r, &count);
                if (verbose)
                    fprintf(stderr, "%s %s N=%ld: %s (%ld allocations)\n", profile, mode, n, bad ? "FAIL" : "ok",
                            count);
                mode_bad += bad != 0;
                ++mode_runs;
                free(r.out.data);
                free(r.err.data);
            }
            printf("%s mode=%s: %ld runs, %ld failed, %.1f s\n", profile, mode, mode_runs, mode_bad,
                   (now_ms() - t0) / 1000.0);
            fflush(stdout);
            runs += mode_runs;
            bad_runs += mode_bad;
        }
        total_runs += runs;
        total_bad += bad_runs;
    }
    emu_stop(e);
    print_summary(stride);
    printf("oom_sweep: %ld runs, %ld failed, %.1f s\n", total_runs, total_bad, (now_ms() - started) / 1000.0);
    return total_bad ? 1 : 0;
}
