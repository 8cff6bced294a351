/* files - see files.h. */
#include "files.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "strbuf.h"

char *file_read(const char *path) {
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    strbuf b;
    char chunk[8192];
    size_t n;
    if (!f) return NULL;
    sb_init(&b);
    sb_add(&b, "", 0);
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) sb_add(&b, chunk, n);
    if (ferror(f) || b.failed) {
        int saved = ferror(f) ? errno : ENOMEM;
        if (f != stdin) fclose(f);
        sb_free(&b);
        errno = saved;
        return NULL;
    }
    if (f != stdin) fclose(f);
    return b.p;
}

char *file_xdg_path(const char *kind, const char *leaf) {
    char var[32];
    const char *base, *home = getenv("HOME");
    strbuf b;
    snprintf(var, sizeof var, "XDG_%s_HOME", kind);
    base = getenv(var);
    sb_init(&b);
    if (base && *base == '/')
        sb_printf(&b, "%s/extapi/%s", base, leaf);
    else if (home && *home)
        sb_printf(&b, "%s/%s/extapi/%s", home, strcmp(kind, "CACHE") == 0 ? ".cache" : ".config", leaf);
    else
        return NULL;
    if (b.failed) {
        sb_free(&b);
        return NULL;
    }
    return b.p;
}

int file_make_parents(const char *path) {
    char *copy = strdup(path), *slash;
    if (!copy) return -1;
    for (slash = strchr(copy + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        if (mkdir(copy, 0700) != 0 && errno != EEXIST) {
            free(copy);
            return -1;
        }
        *slash = '/';
    }
    free(copy);
    return 0;
}
