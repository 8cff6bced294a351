/* profile - named profiles from the tool's configuration file.
 *
 *   {"default_profile": "xmc",
 *    "profiles": {"xmc": {<a SPEC.md session configuration>}, ...}}
 *
 * The file is $XDG_CONFIG_HOME/extapi/config.json unless --config or
 * EXTAPI_CONFIG names another; the profile is --profile, EXTAPI_PROFILE,
 * default_profile, or the only one.  The tool never writes this file. */
#ifndef EXTAPI_CLI_PROFILE_H
#define EXTAPI_CLI_PROFILE_H

typedef struct {
    char *config_path;    /* the file read */
    char *name;           /* the profile chosen */
    char *token_cache;    /* its token cache, NULL for none */
    char *session_config; /* the JSON for ext_session_new: may hold a
                             prompted secret, wiped by profile_free */
} profile_choice;

/* Reads the file and builds the session configuration.  Returns 0, or an
 * exit status (message printed), and then `out` holds nothing to free.
 * `interactive`: a missing secret may be asked for (not for `info`, which
 * needs none). */
int profile_load(const char *config_opt, const char *profile_opt, int interactive, profile_choice *out);

void profile_free(profile_choice *p);

#endif
