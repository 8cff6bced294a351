/* prompt - read a secret from the terminal without echoing it. */
#ifndef EXTAPI_CLI_PROMPT_H
#define EXTAPI_CLI_PROMPT_H

#include <stddef.h>

/* Whether a prompt is possible: stdin is a terminal. */
int prompt_available(void);

/* Shows `question` on stderr, reads one line from stdin with echo off into
 * buf (the newline removed), restores the terminal.  Returns 0, or -1 on
 * end of input, an error or a line too long for buf.  The caller wipes
 * buf when done with it. */
int prompt_secret(const char *question, char *buf, size_t size);

#endif
