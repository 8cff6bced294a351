/* strbuf - a growable NUL-terminated byte buffer, for building the JSON
 * texts handed to the library (configurations, options, variables). */
#ifndef EXTAPI_CLI_STRBUF_H
#define EXTAPI_CLI_STRBUF_H

#include <stddef.h>

typedef struct {
    char *p;
    size_t len, cap;
    int failed; /* an allocation failed: the text is incomplete */
} strbuf;

void sb_init(strbuf *b);
void sb_add(strbuf *b, const char *s, size_t n);
void sb_puts(strbuf *b, const char *s);
void sb_printf(strbuf *b, const char *fmt, ...);
/* s as a JSON string literal, quotes included. */
void sb_json_string(strbuf *b, const char *s);
/* Releases the buffer; wiped first, because configurations may hold a
 * prompted secret and every growth would otherwise leave a copy behind. */
void sb_free(strbuf *b);

#endif
