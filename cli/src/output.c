/* output - see output.h. */
#define _GNU_SOURCE
#include "output.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exit_status.h"
#include "interrupt.h"
#include "json_text.h"

void output_error(const char *fmt, ...) {
    va_list ap;
    fputs("extapi: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static char *member_string(const char *doc, const char *path) {
    json_span v;
    return json_path(doc, path, &v) ? json_string_dup(v) : NULL;
}

/* What stdout gets: the document, or its "data" alone. */
static int compose(FILE *out, const output_mode *mode, const char *doc, int ok) {
    json_span v;
    if (!mode->raw) {
        v.p = doc;
        v.n = strlen(doc);
        if (json_write(out, v, mode->pretty)) return -1;
        return fputc('\n', out) == EOF ? -1 : 0;
    }
    /* --raw: a failed call's body is not what a script asked for. */
    if (!ok || !json_path(doc, "data", &v)) return 0;
    if (*v.p == '"') {
        char *text = json_string_dup(v);
        int rc = text && fputs(text, out) != EOF && fputc('\n', out) != EOF ? 0 : -1;
        free(text);
        return rc;
    }
    if (json_write(out, v, mode->pretty)) return -1;
    return fputc('\n', out) == EOF ? -1 : 0;
}

static int write_all(const char *text, size_t len) {
    if (len && fwrite(text, 1, len, stdout) != len) return -1;
    return fflush(stdout) == EOF ? -1 : 0;
}

static void summarize_error(const char *doc, const char *code) {
    char *message = member_string(doc, "error.message");
    json_span retry;
    if (strcmp(code, "rate_limited") == 0 && json_path(doc, "retry_after_s", &retry) && !json_span_is(retry, "null"))
        output_error("%s: %s (retry after %.*s s)", code, message ? message : "", (int)retry.n, retry.p);
    else
        output_error("%s: %s", code, message ? message : "");
    free(message);
}

int output_result(const output_mode *mode, const char *doc) {
    json_span ok_v;
    char *code, *text = NULL;
    size_t len = 0;
    FILE *mem;
    int ok, status, failed;
    if (!doc || !json_path(doc, "ok", &ok_v)) {
        output_error("out of memory or unreadable result");
        return XS_OTHER;
    }
    ok = json_span_is(ok_v, "true");
    code = ok ? NULL : member_string(doc, "error.code");
    status = ok ? XS_OK : exit_status_for(code ? code : "internal");
    /* Interrupted while the call was finishing: still nothing on stdout. */
    if (interrupt_signal()) status = XS_CANCELLED;
    if (status == XS_CANCELLED) {
        output_error("cancelled");
        free(code);
        return status;
    }
    if (!(mem = open_memstream(&text, &len))) {
        free(code);
        return XS_OTHER;
    }
    failed = compose(mem, mode, doc, ok);
    failed |= fclose(mem) == EOF;
    if (failed || write_all(text, len)) {
        output_error("could not write the result");
        if (status == XS_OK) status = XS_OTHER;
    }
    free(text);
    if (!ok) summarize_error(doc, code ? code : "internal");
    free(code);
    return status;
}
