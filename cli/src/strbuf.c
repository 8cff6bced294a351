/* strbuf - see strbuf.h. */
#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sb_init(strbuf *b) {
    b->p = NULL;
    b->len = b->cap = 0;
    b->failed = 0;
}

/* Grows by doubling into a fresh block and wipes the old one, so a secret
 * copied into the buffer is never left behind in freed memory. */
static int reserve(strbuf *b, size_t extra) {
    size_t cap;
    char *p;
    if (b->failed) return 0;
    if (b->len + extra + 1 <= b->cap) return 1;
    cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1) cap *= 2;
    if (!(p = malloc(cap))) {
        b->failed = 1;
        return 0;
    }
    if (b->p) {
        memcpy(p, b->p, b->len + 1);
        explicit_bzero(b->p, b->cap);
        free(b->p);
    }
    b->p = p;
    b->cap = cap;
    return 1;
}

void sb_add(strbuf *b, const char *s, size_t n) {
    if (!reserve(b, n)) return;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void sb_puts(strbuf *b, const char *s) { sb_add(b, s, strlen(s)); }

void sb_printf(strbuf *b, const char *fmt, ...) {
    char small[256];
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = 1;
        return;
    }
    if ((size_t)n < sizeof small) {
        sb_add(b, small, (size_t)n);
        return;
    }
    if (!reserve(b, (size_t)n)) return;
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void sb_json_string(strbuf *b, const char *s) {
    sb_add(b, "\"", 1);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            char esc[2] = {'\\', (char)c};
            sb_add(b, esc, 2);
        } else if (c < 0x20) {
            sb_printf(b, "\\u%04x", c);
        } else {
            sb_add(b, s, 1);
        }
    }
    sb_add(b, "\"", 1);
}

void sb_free(strbuf *b) {
    if (b->p) {
        explicit_bzero(b->p, b->cap);
        free(b->p);
    }
    sb_init(b);
}
