/*
 * extapi.h - libextapi, a client for token-protected management APIs
 * (ExtremeCloud IQ, XMC / Site Engine GraphQL, any OAuth 2.0 service).
 *
 * The whole API is a handful of functions around one opaque handle, the
 * session.  A session owns the configuration, the credentials, the token
 * state and the connection pool.  Every call that talks to the server returns
 * a JSON document (UTF-8, NUL-terminated) describing the outcome:
 *
 *   {"ok": true,  "status": 200, "data": ...}
 *   {"ok": false, "status": 401, "error": {"code": "auth_failed",
 *                                          "message": "..."}}
 *
 * Ownership: every `char *` returned by an ext_* function belongs to the
 * caller and must be released with ext_string_free().  It is never NULL
 * unless the process is out of memory.
 *
 * Threads: one session may be used from any number of threads at once.
 * Their HTTP calls run in parallel; when the token must be renewed, exactly
 * one renewal reaches the server and the other callers wait for its result.
 * The only rule: do not call ext_session_free() while another thread still
 * uses the session.
 *
 * Blocking: every function marked "blocks" may perform network I/O, each
 * exchange bounded by timeout_ms / connect_timeout_ms, and the whole call
 * (retries, waits and a token renewal included) by deadline_ms when given,
 * else by timeout_ms x (retries + 2).
 *
 * error.code is one of the EXT_ERR_* strings defined below.
 *
 * Secrets (passwords, client secrets, refresh tokens and, unless the config
 * sets "expose_token": true, access tokens) never appear in any returned
 * document: a string value that contains one (or equals the password) is
 * replaced as a whole by "[redacted]", so every document stays valid JSON.
 *
 * The server's JSON is returned as it was sent ("data" keeps every digit of
 * every number and every string as written).  API results may also carry
 * "headers" (those named in the config's response_headers), "rate_limit"
 * ({"limit","remaining","reset_s"}) and, on 429/503, "retry_after_s".
 *
 * This header is C89 compatible and may be included from C++.
 */
#ifndef EXTAPI_H
#define EXTAPI_H

/*
 * The version of this header; the single place it is defined (CMake reads
 * it).  EXTAPI_VERSION_NUMBER is MAJOR * 10000 + MINOR * 100 + PATCH, so
 * 1.1.0 is 10100 and code can test for a feature at compile time:
 *
 *   #if EXTAPI_VERSION_NUMBER >= 10100
 *   ... ext_paginate() is declared ...
 *   #endif
 *
 * ext_version() says which library is loaded at run time.
 */
/* Build scripts read these lines as "#define NAME N", one space apart. */
/* clang-format off */
#define EXTAPI_VERSION_MAJOR 1
#define EXTAPI_VERSION_MINOR 1
#define EXTAPI_VERSION_PATCH 0
#define EXTAPI_VERSION_NUMBER \
    (EXTAPI_VERSION_MAJOR * 10000 + EXTAPI_VERSION_MINOR * 100 + EXTAPI_VERSION_PATCH)
#define EXTAPI_QUOTE_(x) #x
#define EXTAPI_EXPAND_AND_QUOTE_(x) EXTAPI_QUOTE_(x)
#define EXTAPI_VERSION_STRING \
    EXTAPI_EXPAND_AND_QUOTE_(EXTAPI_VERSION_MAJOR) "." \
    EXTAPI_EXPAND_AND_QUOTE_(EXTAPI_VERSION_MINOR) "." \
    EXTAPI_EXPAND_AND_QUOTE_(EXTAPI_VERSION_PATCH)
/* clang-format on */

/* The ABI version: the SONAME is libextapi.so.EXTAPI_ABI_VERSION, and every
 * ext_* symbol has the symbol version LIBEXTAPI_<EXTAPI_ABI_VERSION>. */
#define EXTAPI_ABI_VERSION 1

/*
 * Error codes: the "code" of a failed call's "error", compared with
 * strcmp().  A minor version may add codes, so treat one not listed here
 * as a failure of unknown kind.  Each function below lists those it gives.
 */
#define EXT_ERR_INVALID_ARGUMENT   "invalid_argument"   /* a bad argument or per-call option */
#define EXT_ERR_INVALID_CONFIG     "invalid_config"     /* a bad configuration (see error.key) */
#define EXT_ERR_NETWORK            "network"            /* refused, reset or dropped; DNS failure */
#define EXT_ERR_TIMEOUT            "timeout"            /* timeout_ms or deadline_ms elapsed */
#define EXT_ERR_TLS                "tls"                /* certificate or TLS handshake failure */
#define EXT_ERR_INSECURE_TRANSPORT "insecure_transport" /* credentials would go over plain http */
#define EXT_ERR_AUTH_FAILED        "auth_failed"        /* credentials or token rejected */
#define EXT_ERR_HTTP               "http"               /* any other non-2xx answer */
#define EXT_ERR_GRAPHQL            "graphql"            /* the GraphQL answer carries "errors" */
#define EXT_ERR_RATE_LIMITED       "rate_limited"       /* 429 after retries, or too long a wait */
#define EXT_ERR_INVALID_RESPONSE   "invalid_response"   /* an answer that cannot be used */
#define EXT_ERR_OUT_OF_MEMORY      "out_of_memory"      /* an allocation failed */
#define EXT_ERR_INTERNAL           "internal"           /* a bug in the library; please report it */
#define EXT_ERR_CANCELLED          "cancelled"          /* since 1.1: the call's ext_cancel fired */

#if defined(_WIN32) && defined(EXTAPI_BUILDING)
#define EXTAPI_EXPORT __declspec(dllexport)
#elif defined(__GNUC__) && defined(EXTAPI_BUILDING)
#define EXTAPI_EXPORT __attribute__((visibility("default")))
#else
#define EXTAPI_EXPORT
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* An opaque session handle.  Create with ext_session_new(), release with
 * ext_session_free(). */
typedef struct ext_session ext_session;

/*
 * ext_version - the library version as "MAJOR.MINOR.PATCH".
 *
 * Returns a static string: do not free it.  Never blocks.
 *
 * Since 1.0.
 */
EXTAPI_EXPORT const char *ext_version(void);

/*
 * ext_session_new - create a session from a JSON configuration object.
 *
 * config_json: a JSON object (keys: man 3 extapi, CONFIGURATION); may be NULL,
 *   which yields a session answering invalid_config.
 *
 * Never fails on a bad configuration: the returned session then answers
 * every call with {"ok":false,"error":{"code":"invalid_config",...}} naming
 * the offending key, and ext_session_info() says why.  Secrets named through
 * "*_env" keys are read from the environment here, once.
 *
 * Returns a handle owned by the caller (release with ext_session_free()), or
 * NULL only when out of memory.  Never blocks: no connection is made and no
 * token is requested until the first call that needs one.
 *
 * Since 1.0.
 */
EXTAPI_EXPORT ext_session *ext_session_new(const char *config_json);

/*
 * ext_session_free - release a session and wipe every secret it held.
 *
 * NULL is accepted and ignored.  Does not revoke the token (call
 * ext_logout() for that); a token written to the token_cache file stays
 * usable by later sessions.  Must not be called while another thread is
 * still inside a call on the same session.  Never blocks on the network.
 *
 * Since 1.0.
 */
EXTAPI_EXPORT void ext_session_free(ext_session *s);

/*
 * ext_login - obtain a token now (or adopt a valid one from token_cache).
 *
 * Success: {"ok":true,"token":{"type":"Bearer","expires_at":<unix time or
 * null>,"expires_in":<seconds or null>,"scope":<string or null>,
 * "refreshable":<bool>}} plus "access_token" inside "token" when the config
 * sets expose_token.  For the fixed-credential profiles (basic, bearer,
 * apikey) login only validates the configuration.
 *
 * Errors: invalid_argument (NULL session), invalid_config,
 * insecure_transport, auth_failed (credentials rejected, also by a 200
 * carrying an OAuth error; the OAuth "error", "error_description" and
 * "error_uri" are kept in error.oauth, the server's error body in "data"),
 * network, timeout, tls, http, rate_limited, invalid_response (also a token
 * a header could not carry), out_of_memory, internal.
 *
 * Blocks.  Caller frees the result with ext_string_free().
 *
 * Since 1.0.
 */
EXTAPI_EXPORT char *ext_login(ext_session *s);

/*
 * ext_graphql - run a GraphQL query or mutation (POST to graphql_path).
 *
 * query: the GraphQL document, UTF-8, required.
 * variables_json: a JSON object of variables, or NULL for none.
 *
 * Logs in first when no token is held, refreshes a token about to expire,
 * and on a 401 re-authenticates once and retries once (when even the fresh
 * token is refused, 401s are auth_failed without a new login for 30 s, or
 * until ext_token_refresh()).  The variables are sent as given.
 *
 * Success: {"ok":true,"status":200,"data":<the response's "data", as sent>}
 * plus "headers" / "rate_limit" when the answer has them.
 * A response carrying "errors" is {"ok":false,"error":{"code":"graphql",
 * "errors":[...as sent...]},"data":<partial data or null>}.
 *
 * Errors: all of ext_login()'s, plus graphql and invalid_argument (NULL or
 * invalid UTF-8 query, variables not a JSON object).
 *
 * Blocks.  Caller frees the result with ext_string_free().
 *
 * Since 1.0.
 */
EXTAPI_EXPORT char *ext_graphql(ext_session *s, const char *query, const char *variables_json);

/*
 * ext_request - make a REST call with the session's credentials.
 *
 * method: GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS (any letter case).
 * path: a path such as "/devices?page=1&limit=10", appended to base_url, or
 *   an absolute URL with the same origin as base_url.  Another origin is
 *   invalid_argument: credentials only ever go to base_url's origin.
 * body_json: a JSON document sent as application/json, or NULL for none.
 *
 * Token handling is as for ext_graphql().
 *
 * Success (2xx): {"ok":true,"status":<code>,"data":<the JSON body as sent,
 * or the body as a string when it is not JSON, or null when empty>} plus
 * "headers" / "rate_limit" when the answer has them.  A non-2xx answer is
 * {"ok":false,"status":<code>,"error":{"code":"http",...},"data":...};
 * 401/403 after re-authentication is auth_failed; 429 after the retries,
 * or a 429/503 asking to wait longer than the call may, is rate_limited
 * (with "retry_after_s").
 *
 * Errors: all of ext_login()'s, plus http and invalid_argument.
 *
 * Blocks.  Caller frees the result with ext_string_free().
 *
 * Since 1.0.
 */
EXTAPI_EXPORT char *ext_request(ext_session *s, const char *method, const char *path, const char *body_json);

/*
 * ext_token_refresh - renew the token now, even if it is still valid.
 *
 * Uses the refresh token where one was issued (keeping a rotated one), else
 * repeats the login; a refresh token the server rejects falls back to a full
 * login.  When another thread is already renewing, waits for and shares its
 * result.  Result and errors as for ext_login().
 *
 * Blocks.  Caller frees the result with ext_string_free().
 *
 * Since 1.0.
 */
EXTAPI_EXPORT char *ext_token_refresh(ext_session *s);

/*
 * ext_logout - revoke the token where the profile can, then forget it.
 *
 * xiq: POST logout_path with the token.  oauth2: RFC 7009 revocation of the
 * refresh and access tokens at revoke_url, when one is configured.  The
 * token is forgotten, wiped, and removed from token_cache even when the
 * revocation fails.
 *
 * Success: {"ok":true,"revoked":<bool: the server confirmed the access
 * token's revocation>}.  Any 2xx confirms; unsupported_token_type is not a
 * failure; the access token is revoked even when the refresh token's
 * revocation failed (that failure is then the result).
 * Errors: invalid_argument, invalid_config, insecure_transport and, when the
 * revocation request itself fails, the transport errors (the token is still
 * forgotten).
 *
 * Blocks.  Caller frees the result with ext_string_free().
 *
 * Since 1.0.
 */
EXTAPI_EXPORT char *ext_logout(ext_session *s);

/*
 * ext_session_info - describe the session, secrets redacted.
 *
 * {"ok":true,"profile":..,"base_url":..,"has_token":<bool>,
 *  "token":{"type","expires_at","expires_in","scope","refreshable"} or null,
 *  "config_error":null or {"key":..,"message":..},
 *  "counters":{"logins","refreshes","requests","retries","reauths",
 *              "cache_hits"},
 *  "exchanges":[{"at_ms","method","url" (no query),"endpoint" ("token",
 *                "revoke" or "api"),"status","duration_ms","reason",
 *                "client_auth","error"}, ... the last 32, oldest first]}
 *
 * Errors: invalid_argument (NULL session).  Never blocks on the network.
 * Caller frees the result with ext_string_free().
 *
 * Since 1.0.
 */
EXTAPI_EXPORT char *ext_session_info(ext_session *s);

/*
 * ext_string_free - release a document returned by this library.
 *
 * NULL is accepted and ignored.  Never blocks.
 *
 * Since 1.0.
 */
EXTAPI_EXPORT void ext_string_free(char *json);

/*
 * Version 1.1: per-call options and cancellation.
 *
 * A cancel handle lets any thread cut a blocking call short: a Go
 * context.Context, a C# CancellationToken, a dropped Rust future or a Lua
 * agent's time budget.  The _ex functions are the functions above with
 * options and a cancel handle; ext_login(s) is ext_login_ex(s, NULL, NULL).
 *
 * options_json (NULL for none) is a JSON object; unknown keys, and keys
 * that do not apply to the call, are invalid_argument naming "options.<key>":
 *   "deadline_ms"    bound on the whole call (all three functions), over
 *                    the session's deadline_ms
 *   "headers"        object of request headers merged over the session's
 *                    "headers" (graphql, request)
 *   "query"          object of query parameters, encoded and appended to
 *                    the URL (graphql, request)
 *   "operation_name" the GraphQL operationName (graphql)
 *   "content_type"   the body is sent as given with this Content-Type
 *                    instead of being checked as JSON: form, text, XML
 *                    (request)
 *   "response"       "json" (default), "text" (data is the body as a
 *                    string) or "base64" (data is the body in base64, for
 *                    binary answers) (request)
 */

/* An opaque, thread-safe cancel handle (since 1.1). */
typedef struct ext_cancel ext_cancel;

/*
 * ext_cancel_new - a cancel handle, not fired.
 *
 * Returns a handle owned by the caller (release with ext_cancel_free()), or
 * NULL only when out of memory.  One handle may serve any number of calls,
 * at once or one after another; once fired it stays fired.  Never blocks.
 *
 * Since 1.1.
 */
EXTAPI_EXPORT ext_cancel *ext_cancel_new(void);

/*
 * ext_cancel_fire - cancel every call using `c`, from any thread, at any
 * time; firing twice is harmless, NULL is ignored.
 *
 * Each such call returns within about 100 ms with error code "cancelled":
 * a transfer in progress is aborted, and so is a wait for a Retry-After or
 * for another thread's token renewal.  A renewal other calls wait on is not
 * abandoned because a waiting caller was cancelled; when the caller doing
 * the renewal is cancelled, a waiting caller renews instead.  A call
 * started with an already fired handle sends nothing.  Never blocks.
 *
 * Since 1.1.
 */
EXTAPI_EXPORT void ext_cancel_fire(ext_cancel *c);

/*
 * ext_cancel_free - release a cancel handle.  Only after every call using
 * it has returned.  NULL is accepted and ignored.  Never blocks.
 *
 * Since 1.1.
 */
EXTAPI_EXPORT void ext_cancel_free(ext_cancel *c);

/*
 * ext_login_ex - ext_login() with options ("deadline_ms") and a cancel
 * handle (NULL for none).  Errors: those of ext_login(), invalid_argument
 * for bad options, cancelled.  Blocks.  Free the result with
 * ext_string_free().
 *
 * Since 1.1.
 */
EXTAPI_EXPORT char *ext_login_ex(ext_session *s, const char *options_json, ext_cancel *c);

/*
 * ext_graphql_ex - ext_graphql() with options ("deadline_ms", "headers",
 * "query", "operation_name") and a cancel handle (NULL for none).  Errors:
 * those of ext_graphql(), invalid_argument for bad options, cancelled.
 * Blocks.  Free the result with ext_string_free().
 *
 * Since 1.1.
 */
EXTAPI_EXPORT char *ext_graphql_ex(ext_session *s, const char *query, const char *variables_json,
                                   const char *options_json, ext_cancel *c);

/*
 * ext_request_ex - ext_request() with options ("deadline_ms", "headers",
 * "query", "content_type", "response") and a cancel handle (NULL for none).
 * body: JSON, or with "content_type" any text sent as given; NULL for none.
 * Errors: those of ext_request(), invalid_argument for bad options,
 * cancelled; with "response": "text" a body that is not UTF-8 is
 * invalid_response.  Blocks.  Free the result with ext_string_free().
 *
 * Since 1.1.
 */
EXTAPI_EXPORT char *ext_request_ex(ext_session *s, const char *method, const char *path, const char *body,
                                   const char *options_json, ext_cancel *c);

/*
 * ext_paginate - GET every page of a listing and return all its items in
 * one document.
 *
 * path: the first page, as for ext_request() ("/devices?limit=100").  The
 * pagination style is recognised from the first answer:
 *   "xiq"   the body has "page" and "total_pages" (ExtremeCloud IQ): the
 *           next page is the same URL with page=page+1;
 *   "msx"   the body has "page" and "hasNext" (Cisco MSX, items in
 *           "contents"): page=page+1 while hasNext is true;
 *   "link"  an RFC 8288 Link header with rel="next" (resolved against the
 *           page's URL; a next page on another origin is refused);
 *   "single" none of these: the one page is the listing.
 * Items are a top-level array, or the first array among the members
 * "data", "contents", "content", "items", "results"; they are spliced as
 * the server sent them.
 * options_json: as for ext_request_ex() ("deadline_ms" bounds all pages,
 * "headers", "query" for the first URL) plus "max_pages" (1..100000,
 * default 100).
 *
 * Success: {"ok":true,"status":<last page's status>,"data":[...every
 * item...],"pages":<pages fetched>,"complete":<false when max_pages
 * stopped it>,"style":"xiq"|"msx"|"link"|"single"}.
 * Errors: those of ext_request_ex(); a failing page fails the call (its
 * answer in "data"); invalid_response when a page holds no list of items.
 * Blocks.  Free the result with ext_string_free().
 *
 * Since 1.1.
 */
EXTAPI_EXPORT char *ext_paginate(ext_session *s, const char *path, const char *options_json, ext_cancel *c);

#ifdef __cplusplus
}
#endif

#endif /* EXTAPI_H */
