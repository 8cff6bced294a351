/* files - reading whole files and the default places of the tool's own. */
#ifndef EXTAPI_CLI_FILES_H
#define EXTAPI_CLI_FILES_H

/* The whole file ("-" is stdin), NUL-terminated, malloc'd; NULL with errno
 * set on failure. */
char *file_read(const char *path);

/* $XDG_<kind>_HOME/extapi/<leaf> or ~/.config / ~/.cache fallback
 * (kind "CONFIG" or "CACHE"); malloc'd, NULL when neither is known. */
char *file_xdg_path(const char *kind, const char *leaf);

/* mkdir -p of path's parent directories, mode 0700 (the token cache's
 * directory is nobody else's business). */
int file_make_parents(const char *path);

#endif
