/* interrupt - see interrupt.h. */
#include "interrupt.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <unistd.h>

#include "exit_status.h"

static ext_cancel *cancel_handle;
static atomic_int received;
static void (*_Atomic prompt_restore)(void);

static void signal_set(sigset_t *set) {
    sigemptyset(set);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGTERM);
}

void interrupt_signals(void *sigset_out) { signal_set(sigset_out); }

static void *watch(void *arg) {
    sigset_t set;
    int sig;
    (void)arg;
    signal_set(&set);
    for (;;) {
        void (*restore)(void);
        if (sigwait(&set, &sig) != 0) continue;
        restore = atomic_load(&prompt_restore);
        if (restore) {
            /* A read from the terminal cannot be cancelled: put echo back
             * and leave, as an interrupted prompt does. */
            restore();
            _exit(128 + sig);
        }
        if (atomic_exchange(&received, sig) != 0) _exit(128 + sig); /* a second Ctrl-C */
        ext_cancel_fire(cancel_handle);
    }
    return NULL;
}

ext_cancel *interrupt_start(void) {
    sigset_t set;
    pthread_t thread;
    signal_set(&set);
    if (!(cancel_handle = ext_cancel_new())) return NULL;
    if (pthread_sigmask(SIG_BLOCK, &set, NULL) != 0) return cancel_handle;
    if (pthread_create(&thread, NULL, watch, NULL) != 0) {
        /* No watcher: let the signals kill the process as usual. */
        pthread_sigmask(SIG_UNBLOCK, &set, NULL);
        return cancel_handle;
    }
    pthread_detach(thread);
    return cancel_handle;
}

int interrupt_signal(void) { return atomic_load(&received); }

void interrupt_on_prompt(void (*restore)(void)) { atomic_store(&prompt_restore, restore); }
