/* emulator_proc - see emulator_proc.h. */
#define _GNU_SOURCE
#include "emulator_proc.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "interrupt.h"
#include "output.h"
#include "strbuf.h"

extern char **environ;

static int executable(const char *path) { return access(path, X_OK) == 0; }

static char *self_dir(void) {
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    char *slash;
    if (n <= 0) return NULL;
    exe[n] = '\0';
    if (!(slash = strrchr(exe, '/'))) return NULL;
    *slash = '\0';
    return strdup(exe);
}

static char *in_path(const char *name) {
    const char *path = getenv("PATH");
    char *copy, *dir, *save = NULL, *found = NULL;
    if (!path || !(copy = strdup(path))) return NULL;
    for (dir = strtok_r(copy, ":", &save); dir && !found; dir = strtok_r(NULL, ":", &save)) {
        strbuf b;
        sb_init(&b);
        sb_printf(&b, "%s/%s", dir, name);
        if (!b.failed && executable(b.p))
            found = b.p;
        else
            sb_free(&b);
    }
    free(copy);
    return found;
}

char *emulator_find(const char *explicit_path) {
    static const char *const beside[] = {
        "extapi-emulator",                   /* a copy next to extapi */
        "../tests/emulator/extapi-emulator", /* build/cli/extapi */
        "../libexec/extapi/extapi-emulator", /* <prefix>/bin/extapi */
        NULL,
    };
    const char *env = getenv("EXTAPI_EMULATOR");
    char *dir;
    int i;
    if (explicit_path) return strdup(explicit_path);
    if (env && *env) return strdup(env);
    if ((dir = self_dir())) {
        for (i = 0; beside[i]; i++) {
            strbuf b;
            sb_init(&b);
            sb_printf(&b, "%s/%s", dir, beside[i]);
            if (!b.failed && executable(b.p)) {
                free(dir);
                return b.p;
            }
            sb_free(&b);
        }
        free(dir);
    }
    return in_path("extapi-emulator");
}

/* Reads the emulator's stdout until "PORT <n>", for at most 10 s. */
static int read_port(int fd) {
    char buf[256];
    size_t used = 0;
    int waited_ms = 0;
    while (waited_ms < 10000 && used + 1 < sizeof buf) {
        struct pollfd p = {fd, POLLIN, 0};
        ssize_t n;
        char *line;
        if (poll(&p, 1, 100) <= 0) {
            waited_ms += 100;
            continue;
        }
        if ((n = read(fd, buf + used, sizeof buf - 1 - used)) <= 0) return -1;
        used += (size_t)n;
        buf[used] = '\0';
        if ((line = strstr(buf, "PORT ")) && strchr(line, '\n')) return atoi(line + 5);
    }
    return -1;
}

/* The child must not inherit the blocked SIGINT/SIGTERM (interrupt.c), or
 * it could not be stopped the ordinary way. */
static int spawn(const char *path, int in_fd, int out_fd, pid_t *pid) {
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
    sigset_t none;
    char *argv[] = {(char *)path, "--port", "0", NULL};
    int rc;
    sigemptyset(&none);
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in_fd, STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, out_fd, STDOUT_FILENO);
    posix_spawnattr_init(&attr);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
    rc = posix_spawn(pid, path, &actions, &attr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    return rc;
}

int emulator_start(const char *path, emulator_proc *out) {
    int in[2], outp[2], rc;
    memset(out, 0, sizeof *out);
    out->pid = -1;
    out->stdin_fd = -1;
    if (pipe2(in, O_CLOEXEC) != 0) return -1;
    if (pipe2(outp, O_CLOEXEC) != 0) {
        close(in[0]);
        close(in[1]);
        return -1;
    }
    rc = spawn(path, in[0], outp[1], &out->pid);
    close(in[0]);
    close(outp[1]);
    out->stdin_fd = in[1];
    if (rc != 0) {
        output_error("cannot start %s: %s", path, strerror(rc));
        out->pid = -1;
        close(outp[0]);
        emulator_stop(out);
        return -1;
    }
    out->port = read_port(outp[0]);
    close(outp[0]);
    if (out->port <= 0) {
        output_error("%s did not report its port", path);
        emulator_stop(out);
        return -1;
    }
    return 0;
}

void emulator_stop(emulator_proc *e) {
    if (e->stdin_fd >= 0) close(e->stdin_fd);
    if (e->pid > 0) {
        kill(e->pid, SIGTERM);
        while (waitpid(e->pid, NULL, 0) < 0 && errno == EINTR) {}
    }
    e->stdin_fd = -1;
    e->pid = -1;
}
