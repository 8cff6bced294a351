/* profile - see profile.h. */
#include "profile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "exit_status.h"
#include "files.h"
#include "json_text.h"
#include "output.h"
#include "secrets.h"
#include "strbuf.h"

static char *config_path(const char *opt) {
    const char *env = getenv("EXTAPI_CONFIG");
    if (opt) return strdup(opt);
    if (env && *env) return strdup(env);
    return file_xdg_path("CONFIG", "config.json");
}

/* Warns once when a file holding a literal secret can be read by group or
 * others: such a secret is as good as published on a shared machine. */
static void warn_if_exposed(const char *path, json_span profiles) {
    struct stat st;
    const char *cursor = NULL;
    json_span k, v;
    if (stat(path, &st) != 0 || !(st.st_mode & (S_IRGRP | S_IROTH))) return;
    while (json_next_member(profiles, &cursor, &k, &v))
        if (secrets_literal_in(v)) {
            output_error("warning: %s holds a secret and is readable by others (chmod 600 it, or use *_env)", path);
            return;
        }
}

/* --profile, EXTAPI_PROFILE, default_profile, or the only profile. */
static char *choose_name(const char *opt, json_span root, json_span profiles) {
    const char *env = getenv("EXTAPI_PROFILE"), *cursor = NULL;
    json_span v, k, only;
    int count = 0;
    if (opt) return strdup(opt);
    if (env && *env) return strdup(env);
    if (json_member(root, "default_profile", &v) && *v.p == '"') return json_string_dup(v);
    while (json_next_member(profiles, &cursor, &k, &v)) {
        only = k;
        count++;
    }
    return count == 1 ? json_string_dup(only) : NULL;
}

/* A file name from a profile name: anything unusual becomes '_'. */
static char *default_cache(const char *name) {
    strbuf leaf;
    const char *c;
    char *path;
    sb_init(&leaf);
    for (c = name; *c; c++) {
        char ch = *c;
        int plain =
            (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_';
        sb_add(&leaf, plain ? &ch : "_", 1);
    }
    sb_puts(&leaf, ".tokens.json");
    path = leaf.failed ? NULL : file_xdg_path("CACHE", leaf.p);
    sb_free(&leaf);
    return path;
}

/* The profile's members as they are (but the *_env members a prompt
 * replaced), then what the tool adds: resolved secrets, the token cache. */
static int build_config(profile_choice *out, json_span profile, int interactive) {
    strbuf cfg, extra;
    const char *cursor = NULL;
    json_span k, v, cache = {NULL, 0};
    unsigned drop;
    int rc, first = 1;
    sb_init(&cfg);
    sb_init(&extra);
    if ((rc = secrets_resolve(profile, out->name, interactive, &extra, &drop)) != 0) {
        sb_free(&extra);
        return rc;
    }
    /* Each profile its own cache, so consecutive commands log in once;
     * "token_cache": null in the profile turns it off. */
    if (!json_member(profile, "token_cache", &cache)) {
        if ((out->token_cache = default_cache(out->name))) {
            file_make_parents(out->token_cache);
            sb_puts(&extra, ",\"token_cache\":");
            sb_json_string(&extra, out->token_cache);
        }
    } else if (*cache.p == '"') {
        out->token_cache = json_string_dup(cache);
    }
    sb_puts(&cfg, "{");
    while (json_next_member(profile, &cursor, &k, &v)) {
        char *key = json_string_dup(k);
        int index = key ? secrets_env_index(key) : -1;
        free(key);
        if (index >= 0 && (drop & (1u << index))) continue;
        if (!first) sb_puts(&cfg, ",");
        sb_add(&cfg, k.p, k.n);
        sb_puts(&cfg, ":");
        sb_add(&cfg, v.p, v.n);
        first = 0;
    }
    /* extra's members each start with ','. */
    if (extra.len) sb_add(&cfg, first ? extra.p + 1 : extra.p, first ? extra.len - 1 : extra.len);
    sb_puts(&cfg, "}");
    sb_free(&extra);
    if (cfg.failed) {
        sb_free(&cfg);
        return XS_OTHER;
    }
    out->session_config = cfg.p;
    return 0;
}

static int load_file(profile_choice *out, const char *profile_opt, int interactive, char *text) {
    json_span root, profiles, profile;
    if (!json_is_value(text) || !json_path(text, "", &root) || *root.p != '{') {
        output_error("%s is not a JSON object", out->config_path);
        return XS_USAGE;
    }
    if (!json_member(root, "profiles", &profiles) || *profiles.p != '{') {
        output_error("%s has no \"profiles\" object", out->config_path);
        return XS_USAGE;
    }
    warn_if_exposed(out->config_path, profiles);
    if (!(out->name = choose_name(profile_opt, root, profiles))) {
        output_error("no profile chosen: use --profile NAME, EXTAPI_PROFILE or \"default_profile\" in %s",
                     out->config_path);
        return XS_USAGE;
    }
    if (!json_member(profiles, out->name, &profile) || *profile.p != '{') {
        output_error("no profile \"%s\" in %s", out->name, out->config_path);
        return XS_USAGE;
    }
    return build_config(out, profile, interactive);
}

int profile_load(const char *config_opt, const char *profile_opt, int interactive, profile_choice *out) {
    char *text;
    int rc;
    memset(out, 0, sizeof *out);
    if (!(out->config_path = config_path(config_opt))) {
        output_error("no configuration file: set --config, EXTAPI_CONFIG or HOME");
        return XS_USAGE;
    }
    if (!(text = file_read(out->config_path))) {
        output_error("cannot read %s: %s", out->config_path, strerror(errno));
        profile_free(out);
        return XS_USAGE;
    }
    rc = load_file(out, profile_opt, interactive, text);
    explicit_bzero(text, strlen(text)); /* it may hold literal secrets */
    free(text);
    if (rc) profile_free(out); /* a failed load leaves nothing to free */
    return rc;
}

void profile_free(profile_choice *p) {
    if (p->session_config) {
        explicit_bzero(p->session_config, strlen(p->session_config));
        free(p->session_config);
    }
    free(p->config_path);
    free(p->name);
    free(p->token_cache);
    memset(p, 0, sizeof *p);
}
