/* secrets - see secrets.h. */
#include "secrets.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exit_status.h"
#include "output.h"
#include "prompt.h"

const char *const secret_keys[] = {"password", "client_secret", "token", "api_key", NULL};

/* Which secrets each library profile needs to log in.  oauth2's client
 * secret is optional (public clients), so it is taken from the
 * environment but never prompted for; its password only with the
 * password grant. */
enum { NEED = 1, FROM_ENV_ONLY = 2 };

static int need_of(const char *type, const char *grant, const char *key) {
    if (!type) return 0;
    if (strcmp(key, "password") == 0)
        return strcmp(type, "xiq") == 0 || strcmp(type, "basic") == 0 ||
                       (strcmp(type, "oauth2") == 0 && grant && strcmp(grant, "password") == 0)
                   ? NEED
                   : 0;
    if (strcmp(key, "client_secret") == 0)
        return strcmp(type, "xmc") == 0 ? NEED : strcmp(type, "oauth2") == 0 ? FROM_ENV_ONLY : 0;
    if (strcmp(key, "token") == 0) return strcmp(type, "bearer") == 0 ? NEED : 0;
    if (strcmp(key, "api_key") == 0) return strcmp(type, "apikey") == 0 ? NEED : 0;
    return 0;
}

static int has_value(json_span obj, const char *key, json_span *v) {
    return json_member(obj, key, v) && !json_span_is(*v, "null");
}

int secrets_literal_in(json_span profile) {
    int i;
    json_span v;
    for (i = 0; secret_keys[i]; i++)
        if (has_value(profile, secret_keys[i], &v)) return 1;
    return 0;
}

int secrets_env_index(const char *key) {
    int i;
    for (i = 0; secret_keys[i]; i++) {
        size_t n = strlen(secret_keys[i]);
        if (strncmp(key, secret_keys[i], n) == 0 && strcmp(key + n, "_env") == 0) return i;
    }
    return -1;
}

static char *member_dup(json_span obj, const char *key) {
    json_span v;
    return has_value(obj, key, &v) ? json_string_dup(v) : NULL;
}

/* EXTAPI_CLIENT_SECRET for client_secret. */
static void conventional_var(const char *key, char *out, size_t size) {
    size_t i = 0;
    snprintf(out, size, "EXTAPI_%s", key);
    for (i = 7; out[i]; i++) out[i] = (char)toupper((unsigned char)out[i]);
}

static int prompt_into(const char *name, const char *key, strbuf *members) {
    char question[200], secret[1024];
    snprintf(question, sizeof question, "%s for profile %s: ", key, name);
    if (prompt_secret(question, secret, sizeof secret) != 0) {
        output_error("no %s for profile %s: nothing was typed", key, name);
        return XS_USAGE;
    }
    sb_printf(members, ",\"%s\":", key);
    sb_json_string(members, secret);
    explicit_bzero(secret, sizeof secret);
    return 0;
}

/* One secret: see the order in secrets.h. */
static int resolve_one(json_span profile, const char *name, int index, int need, int interactive, strbuf *members,
                       unsigned *drop) {
    const char *key = secret_keys[index];
    char env_key[64], var[64];
    json_span v;
    char *env_name;
    if (has_value(profile, key, &v)) return 0;
    snprintf(env_key, sizeof env_key, "%s_env", key);
    if ((env_name = member_dup(profile, env_key))) {
        int set = getenv(env_name) != NULL;
        free(env_name);
        if (set || need != NEED || !interactive || !prompt_available()) return 0; /* the library reads or reports it */
        *drop |= 1u << index;
        return prompt_into(name, key, members);
    }
    conventional_var(key, var, sizeof var);
    if (getenv(var)) {
        sb_printf(members, ",\"%s\":\"%s\"", env_key, var);
        return 0;
    }
    if (need != NEED || !interactive) return 0;
    if (!prompt_available()) {
        output_error("profile %s has no %s: set %s or %s in the profile, or %s, or run on a terminal to be asked", name,
                     key, key, env_key, var);
        return XS_USAGE;
    }
    return prompt_into(name, key, members);
}

int secrets_resolve(json_span profile, const char *name, int interactive, strbuf *members, unsigned *drop) {
    char *type = member_dup(profile, "profile"), *grant = member_dup(profile, "grant_type");
    int i, rc = 0;
    *drop = 0;
    for (i = 0; secret_keys[i] && rc == 0; i++) {
        int need = need_of(type, grant, secret_keys[i]);
        if (need) rc = resolve_one(profile, name, i, need, interactive, members, drop);
    }
    free(type);
    free(grant);
    return rc;
}
