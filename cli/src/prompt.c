/* prompt - see prompt.h.  Echo is turned off with termios on stdin (the
 * terminal the user types on); the typed text never reaches the screen,
 * and Ctrl-C during the prompt restores echo before the tool exits. */
#include "prompt.h"

#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "interrupt.h"

static struct termios saved;

static void restore_terminal(void) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    (void)!write(STDERR_FILENO, "\n", 1);
}

int prompt_available(void) { return isatty(STDIN_FILENO); }

/* Reads byte by byte so nothing past the line is consumed from stdin. */
static int read_line(char *buf, size_t size) {
    size_t n = 0;
    for (;;) {
        char c;
        ssize_t got = read(STDIN_FILENO, &c, 1);
        if (got <= 0) return -1;
        if (c == '\n' || c == '\r') break;
        if (n + 1 >= size) return -1;
        buf[n++] = c;
    }
    buf[n] = '\0';
    return 0;
}

int prompt_secret(const char *question, char *buf, size_t size) {
    struct termios quiet;
    int rc;
    if (tcgetattr(STDIN_FILENO, &saved) != 0) return -1;
    quiet = saved;
    quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
    quiet.c_lflag |= ICANON;
    /* Echo goes off before the question appears: what is typed as soon as
     * it shows is never echoed. */
    interrupt_on_prompt(restore_terminal);
    if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) != 0) {
        interrupt_on_prompt(NULL);
        return -1;
    }
    fprintf(stderr, "%s", question);
    fflush(stderr);
    rc = read_line(buf, size);
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    interrupt_on_prompt(NULL);
    fputc('\n', stderr);
    if (rc != 0) explicit_bzero(buf, size);
    return rc;
}
