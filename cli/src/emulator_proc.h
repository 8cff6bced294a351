/* emulator_proc - start and stop the bundled extapi-emulator for
 * `extapi demo` (tests/emulator/PROTOCOL.md: it prints "PORT <n>" once
 * listening and exits when its stdin closes). */
#ifndef EXTAPI_CLI_EMULATOR_PROC_H
#define EXTAPI_CLI_EMULATOR_PROC_H

#include <sys/types.h>

typedef struct {
    pid_t pid;
    int stdin_fd; /* kept open: closing it stops the emulator */
    int port;
} emulator_proc;

/* The emulator: `explicit` (--emulator), $EXTAPI_EMULATOR, next to this
 * program, the build tree's tests/emulator/, <prefix>/libexec/extapi/,
 * then $PATH.  malloc'd, NULL when not found. */
char *emulator_find(const char *explicit_path);

/* Starts it on a free loopback port; 0, or -1 (message printed). */
int emulator_start(const char *path, emulator_proc *out);

void emulator_stop(emulator_proc *e);

#endif
