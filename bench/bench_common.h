/* bench_common.h - what the two C clients of the benchmark share: the
 * environment they are configured by, the clock, the per-call latencies
 * and the one line of output the harness reads (see bench/README.md).
 *
 *   BENCH_URL            server base URL, e.g. http://127.0.0.1:8080
 *   BENCH_CLIENT_ID      client id for the token endpoint
 *   BENCH_CLIENT_SECRET  its secret
 *   BENCH_PATH           GraphQL path (default /nbi/graphql)
 *   BENCH_THREADS        threads, each running its share of the calls
 *   BENCH_CALLS          timed calls in total (split between the threads)
 *   BENCH_WARMUP         untimed calls per thread before the timed loop
 *   BENCH_LAT_FILE       where to write each timed call's latency (ns)
 *
 * Output: "BENCH calls=N seconds=S cold_ms=C cpu_s=U" on stdout (U: the
 * process's CPU time, all threads, during the timed loop); exit status 0
 * only when every call succeeded. */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "resident_memory.h"

#define BENCH_QUERY "{ network { devices { ip } } }"
#define BENCH_BODY  "{\"query\":\"" BENCH_QUERY "\"}"

static inline const char *bench_env(const char *name, const char *fallback) {
    const char *value = getenv(name);
    if (value && *value) return value;
    if (fallback) return fallback;
    fprintf(stderr, "bench: %s is not set\n", name);
    exit(2);
}

static inline long bench_env_long(const char *name, long fallback) {
    const char *value = getenv(name);
    return value && *value ? strtol(value, NULL, 10) : fallback;
}

static inline uint64_t bench_clock_ns(clockid_t clock) {
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static inline uint64_t bench_now_ns(void) { return bench_clock_ns(CLOCK_MONOTONIC); }

/* The run's shape, read once from the environment. */
struct bench_run {
    long threads, calls_per_thread, warmup;
    uint64_t *latencies; /* threads * calls_per_thread, thread t at t * calls_per_thread */
    uint64_t cpu_ns;     /* the process's CPU time during the timed loop */
    pthread_barrier_t start;
};

static inline void bench_run_init(struct bench_run *run) {
    run->threads = bench_env_long("BENCH_THREADS", 1);
    if (run->threads < 1) run->threads = 1;
    run->calls_per_thread = bench_env_long("BENCH_CALLS", 1000) / run->threads;
    run->warmup = bench_env_long("BENCH_WARMUP", 0);
    run->latencies = calloc((size_t)(run->threads * run->calls_per_thread) + 1, sizeof *run->latencies);
    if (!run->latencies) exit(3);
    /* The worker threads and the timing main thread. */
    pthread_barrier_init(&run->start, NULL, (unsigned)run->threads + 1);
}

/* One call of the client under test; returns 1 when it succeeded. */
typedef int (*bench_call_fn)(void *state);

struct bench_thread {
    struct bench_run *run;
    long index;
    bench_call_fn call;
    void *state;
    long ok, failed_warmup;
    pthread_t id;
};

static void *bench_thread_main(void *arg) {
    struct bench_thread *t = arg;
    struct bench_run *run = t->run;
    uint64_t *lat = run->latencies + t->index * run->calls_per_thread;
    for (long i = 0; i < run->warmup; i++)
        if (!t->call(t->state)) t->failed_warmup++;
    pthread_barrier_wait(&run->start);
    for (long i = 0; i < run->calls_per_thread; i++) {
        uint64_t begin = bench_now_ns();
        int ok = t->call(t->state);
        lat[i] = bench_now_ns() - begin;
        t->ok += ok;
    }
    return NULL;
}

/* Runs run->threads threads, thread i calling call(states[i]): warm-up,
 * then all start together; returns the timed loop's wall time and sets
 * *ok_calls (0 when a warm-up call failed). */
static inline uint64_t bench_run_threads(struct bench_run *run, bench_call_fn call, void **states, long *ok_calls) {
    struct bench_thread *threads = calloc(run->threads > 0 ? (size_t)run->threads : 1, sizeof *threads);
    uint64_t begin, end, cpu;
    long failed = 0;
    *ok_calls = 0;
    if (!threads) exit(3);
    for (long i = 0; i < run->threads; i++) {
        threads[i] = (struct bench_thread){.run = run, .index = i, .call = call, .state = states[i]};
        if (pthread_create(&threads[i].id, NULL, bench_thread_main, &threads[i]) != 0) exit(3);
    }
    pthread_barrier_wait(&run->start);
    begin = bench_now_ns();
    cpu = bench_clock_ns(CLOCK_PROCESS_CPUTIME_ID);
    for (long i = 0; i < run->threads; i++) {
        pthread_join(threads[i].id, NULL);
        *ok_calls += threads[i].ok;
        failed += threads[i].failed_warmup;
    }
    end = bench_now_ns();
    run->cpu_ns = bench_clock_ns(CLOCK_PROCESS_CPUTIME_ID) - cpu;
    if (failed) {
        fprintf(stderr, "bench: %ld warm-up calls failed\n", failed);
        *ok_calls = 0;
    }
    free(threads);
    return end - begin;
}

/* Writes the latencies and the result line; returns the exit status. */
static inline int bench_report(struct bench_run *run, long ok_calls, uint64_t loop_ns, uint64_t cold_ns) {
    const char *path = getenv("BENCH_LAT_FILE");
    long total = run->threads * run->calls_per_thread;
    if (path && *path) {
        FILE *f = fopen(path, "w");
        if (!f) {
            perror(path);
            return 1;
        }
        for (long i = 0; i < total; i++) fprintf(f, "%llu\n", (unsigned long long)run->latencies[i]);
        fclose(f);
    }
    printf("BENCH calls=%ld seconds=%.6f cold_ms=%.3f cpu_s=%.6f\n", ok_calls, loop_ns / 1e9, cold_ns / 1e6,
           run->cpu_ns / 1e9);
    return ok_calls == total ? 0 : 1;
}

#endif
