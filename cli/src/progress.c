/* progress - see progress.h. */
#include "progress.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "json_text.h"

struct progress {
    ext_session *session;
    long max_pages, baseline;
    atomic_int stop;
    pthread_t thread;
};

static long requests_so_far(ext_session *s) {
    char *info = ext_session_info(s);
    json_span v;
    long n = 0;
    if (info && json_path(info, "counters.requests", &v)) n = strtol(v.p, NULL, 10);
    ext_string_free(info);
    return n;
}

static void draw(const progress *p, long pages) {
    enum { WIDTH = 30 };
    char bar[WIDTH + 1];
    long filled = p->max_pages > 0 ? pages * WIDTH / p->max_pages : 0, i;
    for (i = 0; i < WIDTH; i++) bar[i] = i < filled ? '#' : '.';
    bar[WIDTH] = '\0';
    fprintf(stderr, "\r\033[Kextapi: [%s] %ld page%s of at most %ld", bar, pages, pages == 1 ? "" : "s", p->max_pages);
    fflush(stderr);
}

static void *run(void *arg) {
    progress *p = arg;
    struct timespec tick = {0, 100 * 1000 * 1000};
    while (!atomic_load(&p->stop)) {
        draw(p, requests_so_far(p->session) - p->baseline);
        nanosleep(&tick, NULL);
    }
    return NULL;
}

progress *progress_start(ext_session *s, long max_pages) {
    progress *p;
    if (!isatty(STDERR_FILENO) || !(p = calloc(1, sizeof *p))) return NULL;
    p->session = s;
    p->max_pages = max_pages;
    p->baseline = requests_so_far(s);
    if (pthread_create(&p->thread, NULL, run, p) != 0) {
        free(p);
        return NULL;
    }
    return p;
}

static long count_items(const char *doc) {
    json_span data, v;
    const char *cursor = NULL;
    long n = 0;
    if (!json_path(doc, "data", &data)) return 0;
    while (json_next_element(data, &cursor, &v)) n++;
    return n;
}

void progress_stop(progress *p, const char *doc) {
    json_span pages;
    if (!p) return;
    atomic_store(&p->stop, 1);
    pthread_join(p->thread, NULL);
    fputs("\r\033[K", stderr);
    if (doc && json_path(doc, "pages", &pages))
        fprintf(stderr, "extapi: %.*s pages, %ld items\n", (int)pages.n, pages.p, count_items(doc));
    fflush(stderr);
    free(p);
}
