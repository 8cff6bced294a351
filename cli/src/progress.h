/* progress - a progress line on stderr while `get --all` fetches pages.
 *
 * ext_paginate() is one blocking call, so the pages are counted from the
 * outside: a thread reads the session's "requests" counter from
 * ext_session_info() (which never blocks and is safe from any thread).
 * Shown only when stderr is a terminal; stdout never sees it. */
#ifndef EXTAPI_CLI_PROGRESS_H
#define EXTAPI_CLI_PROGRESS_H

#include <extapi.h>

typedef struct progress progress;

/* NULL when stderr is not a terminal (nothing is shown then). */
progress *progress_start(ext_session *s, long max_pages);

/* Stops the thread and replaces the line with the outcome, "N pages, M
 * items" taken from the merged document (NULL: just clear). */
void progress_stop(progress *p, const char *doc);

#endif
