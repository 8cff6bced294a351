/* secrets - where each credential of a profile comes from.
 *
 * In order: the profile itself (a literal, warned about when the file is
 * readable by others), the profile's *_env indirection (read by the
 * library), the environment variable EXTAPI_<KEY> (EXTAPI_PASSWORD,
 * EXTAPI_CLIENT_SECRET, EXTAPI_TOKEN, EXTAPI_API_KEY), and, when stdin is a
 * terminal, a prompt without echo.  The tool itself never prints, logs or
 * stores a secret: a prompted one lives only in the configuration text
 * handed to ext_session_new, which is wiped afterwards. */
#ifndef EXTAPI_CLI_SECRETS_H
#define EXTAPI_CLI_SECRETS_H

#include "json_text.h"
#include "strbuf.h"

/* The credential keys that are secrets. */
extern const char *const secret_keys[];

/* Whether the profile object has a literal secret in it. */
int secrets_literal_in(json_span profile);

/* Appends to `members` (text of members, each preceded by ",") the
 * secrets `profile` lacks, and sets bit i of *drop when the member
 * "<secret_keys[i]>_env" must be left out (a prompted value replaces it).
 * Without `interactive` nothing is asked and a missing secret is left to
 * the library to report.  Returns 0, or an exit status (message printed). */
int secrets_resolve(json_span profile, const char *name, int interactive, strbuf *members, unsigned *drop);

/* The index of `key` in secret_keys when it is "<secret>_env", else -1. */
int secrets_env_index(const char *key);

#endif
