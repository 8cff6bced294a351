/* interrupt - Ctrl-C (SIGINT) and SIGTERM become ext_cancel_fire().
 *
 * A signal handler may not call into the library, so the signals are
 * blocked in every thread and one thread waits for them with sigwait() and
 * fires the process's cancel handle from ordinary thread context.  The
 * blocking call then returns "cancelled" within about 100 ms and the tool
 * exits 130 without printing half a document. */
#ifndef EXTAPI_CLI_INTERRUPT_H
#define EXTAPI_CLI_INTERRUPT_H

#include <extapi.h>

/* Blocks SIGINT/SIGTERM and starts the watcher; call before any other
 * thread exists.  Returns the cancel handle every call uses (NULL when it
 * could not be set up: calls then run without one). */
ext_cancel *interrupt_start(void);

/* The signal received so far, 0 for none. */
int interrupt_signal(void);

/* Called by the watcher before firing, when a prompt owns the terminal:
 * the prompt restores echo and the process exits at once. */
void interrupt_on_prompt(void (*restore)(void));

/* The blocked signal set, for child processes that must not inherit it. */
void interrupt_signals(void *sigset_out);

#endif
