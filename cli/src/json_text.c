/* json_text - see json_text.h.  A small recursive-descent recogniser of
 * RFC 8259 JSON; nesting is bounded so hostile input cannot exhaust the
 * stack. */
#include "json_text.h"

#include <stdlib.h>
#include <string.h>

#define JSON_MAX_DEPTH 512

static const char *skip_ws(const char *p) {
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    return p;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

static int is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

/* p at the opening quote; returns just past the closing quote. */
static const char *skip_string(const char *p) {
    p++;
    for (;;) {
        unsigned char c = (unsigned char)*p;
        if (c == '"') return p + 1;
        if (c < 0x20) return NULL; /* NUL (end of text) or a raw control */
        if (c == '\\') {
            p++;
            if (*p == 'u') {
                int i;
                for (i = 1; i <= 4; i++)
                    if (!is_hex(p[i])) return NULL;
                p += 5;
                continue;
            }
            if (!strchr("\"\\/bfnrt", *p) || !*p) return NULL;
        }
        p++;
    }
}

static const char *skip_number(const char *p) {
    if (*p == '-') p++;
    if (*p == '0')
        p++;
    else if (is_digit(*p))
        while (is_digit(*p)) p++;
    else
        return NULL;
    if (*p == '.') {
        p++;
        if (!is_digit(*p)) return NULL;
        while (is_digit(*p)) p++;
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-') p++;
        if (!is_digit(*p)) return NULL;
        while (is_digit(*p)) p++;
    }
    return p;
}

static const char *skip_value_depth(const char *p, int depth);

/* p at '[' or '{'. */
static const char *skip_container(const char *p, int depth) {
    char close = *p == '[' ? ']' : '}';
    int object = *p == '{';
    if (depth > JSON_MAX_DEPTH) return NULL;
    p = skip_ws(p + 1);
    if (*p == close) return p + 1;
    for (;;) {
        if (object) {
            if (*p != '"' || !(p = skip_string(p))) return NULL;
            p = skip_ws(p);
            if (*p != ':') return NULL;
            p++;
        }
        if (!(p = skip_value_depth(p, depth + 1))) return NULL;
        p = skip_ws(p);
        if (*p == close) return p + 1;
        if (*p != ',') return NULL;
        p = skip_ws(p + 1);
    }
}

static const char *skip_value_depth(const char *p, int depth) {
    p = skip_ws(p);
    switch (*p) {
    case '{':
    case '[': return skip_container(p, depth);
    case '"': return skip_string(p);
    case 't': return strncmp(p, "true", 4) == 0 ? p + 4 : NULL;
    case 'f': return strncmp(p, "false", 5) == 0 ? p + 5 : NULL;
    case 'n': return strncmp(p, "null", 4) == 0 ? p + 4 : NULL;
    default: return skip_number(p);
    }
}

const char *json_skip_value(const char *p) { return skip_value_depth(p, 0); }

int json_is_value(const char *text) {
    const char *end = json_skip_value(text);
    return end && *skip_ws(end) == '\0';
}

static json_span span_of(const char *p) {
    json_span s;
    s.p = skip_ws(p);
    s.n = (size_t)(json_skip_value(s.p) - s.p);
    return s;
}

int json_next_member(json_span obj, const char **cursor, json_span *key, json_span *value) {
    const char *p = *cursor ? *cursor : skip_ws(obj.p);
    if (!*cursor) {
        if (obj.n == 0 || *p != '{') return 0;
        p = skip_ws(p + 1);
    } else {
        p = skip_ws(p);
        if (*p != ',') return 0;
        p = skip_ws(p + 1);
    }
    if (*p != '"') return 0;
    key->p = p;
    key->n = (size_t)(skip_string(p) - p);
    p = skip_ws(key->p + key->n) + 1; /* past ':' */
    *value = span_of(p);
    *cursor = value->p + value->n;
    return 1;
}

int json_next_element(json_span arr, const char **cursor, json_span *value) {
    const char *p = *cursor ? *cursor : skip_ws(arr.p);
    if (!*cursor) {
        if (arr.n == 0 || *p != '[') return 0;
        p = skip_ws(p + 1);
        if (*p == ']') return 0;
    } else {
        p = skip_ws(p);
        if (*p != ',') return 0;
        p++;
    }
    *value = span_of(p);
    *cursor = value->p + value->n;
    return 1;
}

/* Compare a quoted key with a plain name; keys with escapes are decoded. */
static int key_equals(json_span key, const char *name) {
    size_t len = strlen(name);
    if (!memchr(key.p, '\\', key.n)) return key.n == len + 2 && memcmp(key.p + 1, name, len) == 0;
    {
        char *decoded = json_string_dup(key);
        int same = decoded && strcmp(decoded, name) == 0;
        free(decoded);
        return same;
    }
}

int json_member(json_span obj, const char *key, json_span *out) {
    const char *cursor = NULL;
    json_span k, v;
    while (json_next_member(obj, &cursor, &k, &v))
        if (key_equals(k, key)) {
            *out = v;
            return 1;
        }
    return 0;
}

int json_path(const char *doc, const char *path, json_span *out) {
    json_span cur;
    char name[128];
    if (!json_skip_value(doc)) return 0;
    cur = span_of(doc);
    while (*path) {
        size_t len = strcspn(path, ".");
        if (len >= sizeof name) return 0;
        memcpy(name, path, len);
        name[len] = '\0';
        if (!json_member(cur, name, &cur)) return 0;
        path += len + (path[len] == '.');
    }
    *out = cur;
    return 1;
}

int json_span_is(json_span v, const char *literal) { return v.n == strlen(literal) && memcmp(v.p, literal, v.n) == 0; }

static void put_utf8(char **o, unsigned long cp) {
    char *q = *o;
    if (cp < 0x80)
        *q++ = (char)cp;
    else if (cp < 0x800) {
        *q++ = (char)(0xC0 | (cp >> 6));
        *q++ = (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        *q++ = (char)(0xE0 | (cp >> 12));
        *q++ = (char)(0x80 | ((cp >> 6) & 0x3F));
        *q++ = (char)(0x80 | (cp & 0x3F));
    } else {
        *q++ = (char)(0xF0 | (cp >> 18));
        *q++ = (char)(0x80 | ((cp >> 12) & 0x3F));
        *q++ = (char)(0x80 | ((cp >> 6) & 0x3F));
        *q++ = (char)(0x80 | (cp & 0x3F));
    }
    *o = q;
}

static const char *read_u4(const char *p, unsigned long *cp) {
    char hex[5];
    memcpy(hex, p, 4);
    hex[4] = '\0';
    *cp = strtoul(hex, NULL, 16);
    return p + 4;
}

char *json_string_dup(json_span v) {
    const char *p = v.p + 1, *end = v.p + v.n - 1;
    char *out, *o;
    if (v.n < 2 || *v.p != '"') return NULL;
    if (!(out = o = malloc(v.n))) return NULL; /* decoding never grows */
    while (p < end) {
        if (*p != '\\') {
            *o++ = *p++;
            continue;
        }
        p++;
        switch (*p) {
        case 'b':
            *o++ = '\b';
            p++;
            break;
        case 'f':
            *o++ = '\f';
            p++;
            break;
        case 'n':
            *o++ = '\n';
            p++;
            break;
        case 'r':
            *o++ = '\r';
            p++;
            break;
        case 't':
            *o++ = '\t';
            p++;
            break;
        case 'u': {
            unsigned long cp, lo;
            p = read_u4(p + 1, &cp);
            if (cp >= 0xD800 && cp < 0xDC00 && p[0] == '\\' && p[1] == 'u') {
                read_u4(p + 2, &lo);
                if (lo >= 0xDC00 && lo < 0xE000) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    p += 6;
                }
            }
            put_utf8(&o, cp);
            break;
        }
        default: *o++ = *p++; break; /* \" \\ \/ */
        }
    }
    *o = '\0';
    return out;
}

static int indent(FILE *out, int level) {
    int i;
    if (fputc('\n', out) == EOF) return -1;
    for (i = 0; i < level; i++)
        if (fputs("  ", out) == EOF) return -1;
    return 0;
}

/* Copies tokens, dropping white space outside strings and, when pretty,
 * adding newlines and indentation.  An empty container stays on one line. */
int json_write(FILE *out, json_span v, int pretty) {
    const char *p = v.p, *end = v.p + v.n;
    int level = 0;
    while (p < end) {
        char c = *p;
        if (c == '"') {
            const char *q = skip_string(p);
            if (fwrite(p, 1, (size_t)(q - p), out) != (size_t)(q - p)) return -1;
            p = q;
            continue;
        }
        p++;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
        if ((c == '{' || c == '[') && *skip_ws(p) == (c == '{' ? '}' : ']')) {
            if (fputc(c, out) == EOF || fputc(*skip_ws(p), out) == EOF) return -1;
            p = skip_ws(p) + 1;
            continue;
        }
        if (pretty && (c == '}' || c == ']') && indent(out, --level)) return -1;
        if (fputc(c, out) == EOF) return -1;
        if (!pretty) continue;
        if (c == '{' || c == '[') {
            if (indent(out, ++level)) return -1;
        } else if (c == ',') {
            if (indent(out, level)) return -1;
        } else if (c == ':') {
            if (fputc(' ', out) == EOF) return -1;
        }
    }
    return 0;
}
