/* output - how a result document reaches the user: pretty on a terminal,
 * compact when piped, "data" alone with --raw; a one-line summary of an
 * error on stderr; the exit status of the outcome. */
#ifndef EXTAPI_CLI_OUTPUT_H
#define EXTAPI_CLI_OUTPUT_H

typedef struct {
    int pretty; /* re-indent (default: stdout is a terminal) */
    int raw;    /* print only "data"; a string is printed as its text */
} output_mode;

/* Prints `doc` (a document returned by the library, or NULL when it ran
 * out of memory) and returns the exit status.  A cancelled call prints
 * nothing on stdout.  The output is composed in memory and written at
 * once, so an interrupted tool never leaves half a document behind. */
int output_result(const output_mode *mode, const char *doc);

/* A one-line message on stderr, "extapi: ..." */
void output_error(const char *fmt, ...);

#endif
