/* See emulator_harness.h. */
#define _GNU_SOURCE /* mkdtemp, pipe2, posix_spawn_file_actions_addclosefrom_np */

#include "emulator_harness.h"

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef EXTAPI_EMULATOR_PATH
#error "EXTAPI_EMULATOR_PATH must name the extapi-emulator binary"
#endif

#define START_TIMEOUT_MS   10000
#define STOP_GRACE_MS      5000
#define CONTROL_TIMEOUT_MS 10000L

extern char **environ;

struct emu {
    pid_t pid;
    int stdin_fd; /* held open: the emulator exits when it sees EOF here */
    int port;
    char base_url[64];
    char tls_dir[64]; /* empty without TLS */
    char ca_file[96];
};

struct buffer {
    char *data;
    size_t len;
};

/* ---- child process ------------------------------------------------------ */

static long now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void sleep_ms(long ms) {
    struct timespec ts;
    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (ms % 1000) * 1000000L;
    nanosleep(&ts, NULL);
}

/* The child gets exactly stdin, stdout and the parent's stderr (for
 * diagnostics); default signal handling whatever the test process set. */
static int spawn_emulator(struct emu *e, int child_stdin, int child_stdout) {
    char *argv[4];
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
    sigset_t no_signals, default_signals;
    int rc;

    argv[0] = (char *)EXTAPI_EMULATOR_PATH;
    argv[1] = e->tls_dir[0] ? (char *)"--tls-dir" : NULL;
    argv[2] = e->tls_dir[0] ? e->tls_dir : NULL;
    argv[3] = NULL;

    sigemptyset(&no_signals);
    sigemptyset(&default_signals);
    sigaddset(&default_signals, SIGTERM);
    sigaddset(&default_signals, SIGINT);
    sigaddset(&default_signals, SIGPIPE);

    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, child_stdin, STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, child_stdout, STDOUT_FILENO);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
    /* Descriptors the test opened without O_CLOEXEC stay out of the child. */
    posix_spawn_file_actions_addclosefrom_np(&actions, STDERR_FILENO + 1);
#endif
    posix_spawnattr_init(&attr);
    posix_spawnattr_setsigmask(&attr, &no_signals);
    posix_spawnattr_setsigdefault(&attr, &default_signals);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

    rc = posix_spawn(&e->pid, argv[0], &actions, &attr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    if (rc != 0) {
        fprintf(stderr, "emu_start: cannot run %s: %s\n", argv[0], strerror(rc));
        e->pid = 0;
        return -1;
    }
    return 0;
}

/* Waits for fd to become readable until deadline (ms, monotonic). */
static int wait_readable(int fd, long deadline) {
    for (;;) {
        struct pollfd p;
        long left = deadline - now_ms();
        int r;
        if (left <= 0) return -1;
        p.fd = fd;
        p.events = POLLIN;
        r = poll(&p, 1, (int)left);
        if (r > 0) return 0;
        if (r < 0 && errno != EINTR) return -1;
    }
}

/* Reads the child's stdout until the "PORT n" line or the deadline. */
static int read_port_line(int fd, int *port) {
    char line[128];
    size_t used = 0;
    long deadline = now_ms() + START_TIMEOUT_MS;

    while (used < sizeof line - 1) {
        ssize_t n;
        if (wait_readable(fd, deadline) != 0) return -1;
        n = read(fd, line + used, sizeof line - 1 - used);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1; /* the emulator died before announcing its port */
        used += (size_t)n;
        line[used] = '\0';
        if (strchr(line, '\n')) return sscanf(line, "PORT %d", port) == 1 && *port > 0 ? 0 : -1;
    }
    return -1;
}

static int wait_child(pid_t pid, long timeout_ms) {
    long deadline = now_ms() + timeout_ms;
    int status;

    for (;;) {
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid || (r < 0 && errno != EINTR)) return 0;
        if (now_ms() >= deadline) return -1;
        sleep_ms(10);
    }
}

static void remove_tls_dir(struct emu *e) {
    char path[128];
    if (!e->tls_dir[0]) return;
    snprintf(path, sizeof path, "%s/cert.pem", e->tls_dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/key.pem", e->tls_dir);
    unlink(path);
    rmdir(e->tls_dir);
    e->tls_dir[0] = '\0';
}

static int make_tls_dir(struct emu *e) {
    const char *tmp = getenv("TMPDIR");
    if (!tmp || !*tmp || strlen(tmp) > 32) tmp = "/tmp";
    snprintf(e->tls_dir, sizeof e->tls_dir, "%s/extapi-emu-XXXXXX", tmp);
    if (!mkdtemp(e->tls_dir)) {
        e->tls_dir[0] = '\0';
        return -1;
    }
    snprintf(e->ca_file, sizeof e->ca_file, "%s/cert.pem", e->tls_dir);
    return 0;
}

/* Launches the child and learns its port; on failure leaves nothing running. */
static int launch(struct emu *e) {
    int in_pipe[2], out_pipe[2];
    int ok;

    /* O_CLOEXEC so that no other child (e.g. a second emulator) inherits
     * these ends and keeps this emulator's stdin open. */
    if (pipe2(in_pipe, O_CLOEXEC) != 0) return -1;
    if (pipe2(out_pipe, O_CLOEXEC) != 0) {
        close(in_pipe[0]);
        close(in_pipe[1]);
        return -1;
    }
    ok = spawn_emulator(e, in_pipe[0], out_pipe[1]) == 0;
    close(in_pipe[0]);
    close(out_pipe[1]);
    e->stdin_fd = in_pipe[1];
    ok = ok && read_port_line(out_pipe[0], &e->port) == 0;
    /* Nothing else is printed after the port; the emulator ignores SIGPIPE. */
    close(out_pipe[0]);
    return ok ? 0 : -1;
}

emu *emu_start(int tls) {
    struct emu *e = calloc(1, sizeof *e);
    if (!e) return NULL;
    e->stdin_fd = -1;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    if ((tls && make_tls_dir(e) != 0) || launch(e) != 0) {
        fprintf(stderr, "emu_start: the emulator did not start\n");
        emu_stop(e);
        return NULL;
    }
    snprintf(e->base_url, sizeof e->base_url, "%s://127.0.0.1:%d", tls ? "https" : "http", e->port);
    return e;
}

void emu_stop(emu *e) {
    if (!e) return;
    if (e->pid > 0) {
        kill(e->pid, SIGTERM);
        if (wait_child(e->pid, STOP_GRACE_MS) != 0) {
            kill(e->pid, SIGKILL);
            waitpid(e->pid, NULL, 0);
        }
    }
    if (e->stdin_fd >= 0) close(e->stdin_fd);
    remove_tls_dir(e);
    curl_global_cleanup();
    free(e);
}

const char *emu_base_url(const emu *e) { return e ? e->base_url : NULL; }

int emu_port(const emu *e) { return e ? e->port : -1; }

const char *emu_ca_file(const emu *e) { return e && e->ca_file[0] ? e->ca_file : NULL; }

/* ---- control requests ----------------------------------------------------- */

static size_t collect(char *ptr, size_t size, size_t nmemb, void *userdata) {
    struct buffer *b = userdata;
    size_t n = size * nmemb;
    char *grown = realloc(b->data, b->len + n + 1);
    if (!grown) return 0; /* makes libcurl fail the transfer */
    memcpy(grown + b->len, ptr, n);
    b->len += n;
    grown[b->len] = '\0';
    b->data = grown;
    return n;
}

static void set_transport_options(CURL *curl, const emu *e) {
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_NOPROXY, "*"); /* never via $http_proxy */
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, CONTROL_TIMEOUT_MS);
    if (emu_ca_file(e)) curl_easy_setopt(curl, CURLOPT_CAINFO, emu_ca_file(e));
}

/* One control request; returns the HTTP status (0 on transport failure) and
 * the body in *out (caller frees out->data). */
static long control_request(const emu *e, const char *path, const char *post_json, struct buffer *out) {
    char url[512];
    long status = 0;
    struct curl_slist *headers = NULL;
    CURL *curl = curl_easy_init();

    out->data = NULL;
    out->len = 0;
    if (!curl) return 0;
    snprintf(url, sizeof url, "%s%s", e->base_url, path);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    set_transport_options(curl, e);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, out);
    if (post_json) {
        headers = curl_slist_append(headers, "Content-Type: application/json");
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, post_json);
    }
    if (curl_easy_perform(curl) == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    return status;
}

static int post_ok(emu *e, const char *path, const char *json) {
    struct buffer body;
    long status;
    if (!e || !json) return -1;
    status = control_request(e, path, json, &body);
    if (status != 200 && body.data) fprintf(stderr, "emulator %s: %ld %s\n", path, status, body.data);
    free(body.data);
    return status == 200 ? 0 : -1;
}

/* GET path: the number `name` in the object answered, 0 if absent, -1 on error. */
static long control_number(emu *e, const char *path, const char *name) {
    struct buffer body;
    cJSON *json, *item;
    long value = -1;

    if (!e || !name) return -1;
    if (control_request(e, path, NULL, &body) == 200 && body.data) {
        json = cJSON_Parse(body.data);
        item = cJSON_GetObjectItemCaseSensitive(json, name);
        if (cJSON_IsObject(json)) value = cJSON_IsNumber(item) ? (long)item->valuedouble : 0;
        cJSON_Delete(json);
    }
    free(body.data);
    return value;
}

long emu_counter(emu *e, const char *name) { return control_number(e, "/_emu/counters", name); }

long emu_open_connections(emu *e) { return control_number(e, "/_emu/connections", "open"); }

int emu_configure(emu *e, const char *json) { return post_ok(e, "/_emu/config", json); }

int emu_fault(emu *e, const char *json) { return post_ok(e, "/_emu/fault", json); }

int emu_reset(emu *e) { return post_ok(e, "/_emu/reset", "{}"); }

char *emu_last_request(emu *e, const char *name) {
    char path[256];
    struct buffer body;
    char *escaped;
    CURL *curl;

    if (!e || !name || !(curl = curl_easy_init())) return NULL;
    escaped = curl_easy_escape(curl, name, 0);
    curl_easy_cleanup(curl);
    if (!escaped) return NULL;
    snprintf(path, sizeof path, "/_emu/last_request?name=%s", escaped);
    curl_free(escaped);
    if (control_request(e, path, NULL, &body) == 200) return body.data;
    free(body.data);
    return NULL;
}
