/* json_text - a lossless look at JSON text.
 *
 * The library hands back documents whose "data" is the server's JSON byte
 * for byte (every digit of every number).  A tree parser would round numbers
 * and reorder nothing useful, so the tool never builds a tree: it walks the
 * text, finds members by name and re-indents tokens as they are. */
#ifndef EXTAPI_CLI_JSON_TEXT_H
#define EXTAPI_CLI_JSON_TEXT_H

#include <stddef.h>
#include <stdio.h>

/* A slice of a JSON text: one value, or one member's key or value. */
typedef struct {
    const char *p;
    size_t n;
} json_span;

/* The end of the value starting at p (leading white space skipped), or NULL
 * when the text there is not one well-formed JSON value. */
const char *json_skip_value(const char *p);

/* Whether the whole NUL-terminated text is exactly one JSON value. */
int json_is_value(const char *text);

/* The value of member `key` of the object `obj` (a span of an object's
 * text); 1 and *out set when found, 0 otherwise. */
int json_member(json_span obj, const char *key, json_span *out);

/* A dotted path of members, "error.code": json_member applied in turn. */
int json_path(const char *doc, const char *path, json_span *out);

/* Iterate the members of an object: *cursor starts at NULL; returns 1 with
 * key (the quoted string) and value set, 0 at the end. */
int json_next_member(json_span obj, const char **cursor, json_span *key, json_span *value);

/* Iterate the elements of an array, as json_next_member. */
int json_next_element(json_span arr, const char **cursor, json_span *value);

/* Whether the span is the given literal text ("true", "null"). */
int json_span_is(json_span v, const char *literal);

/* Decode a JSON string value into a new NUL-terminated string (malloc);
 * NULL when the span is not a string or memory ran out. */
char *json_string_dup(json_span v);

/* Write the value re-indented with two spaces (pretty) or with all
 * insignificant white space removed (compact).  Tokens are copied as
 * written.  Returns 0, or -1 when writing failed. */
int json_write(FILE *out, json_span v, int pretty);

#endif
