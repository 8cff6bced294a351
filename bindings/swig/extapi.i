/*
 * extapi.i - the one SWIG interface shared by every SWIG language.
 *
 * It wraps the unchanged C API of extapi.h in a class `Session`.  Every
 * char * the C API returns is copied into a native string by the target
 * language's typemaps and then released with ext_string_free() (the newfree
 * typemap below), so no caller ever sees or leaks a C string.  An entry
 * file may instead hand the documents' C strings to its language's own
 * code, which copies and frees them (C#, Go: named typemaps for the
 * document-returning methods, which override the ones here).
 *
 * Method names here are the Go/C# spelling (Login, GraphQL, ...); a
 * language's entry file (bindings/<lang>/extapi_<lang>.i) %renames them
 * where its conventions differ, then %includes this file.
 */

%{
#include <stdlib.h>
#include "extapi.h"

/* The wrapped object: the handle is NULL once the session is closed, and
 * every call on a closed session answers invalid_argument. */
typedef struct Session {
    ext_session *handle;
} Session;

/* A 1.1 cancel handle; Fire may be called from any thread. */
typedef struct Cancel {
    ext_cancel *handle;
} Cancel;

static ext_cancel *cancel_handle(Cancel *c) { return c ? c->handle : NULL; }
%}

/* The header's constants, EXTAPI_VERSION_* and the error codes EXT_ERR_*,
 * wrapped from extapi.h itself so that no binding repeats them.  Its
 * functions are wrapped by the classes below, not one by one. */
%rename("$ignore", regextarget=1) "^ext_";
%include "extapi.h"

%typemap(newfree) char * "ext_string_free($1);";

%nodefaultctor Session;
typedef struct Session {} Session;
%nodefaultctor Cancel;
typedef struct Cancel {} Cancel;

%newobject Session::Login;
%newobject Session::GraphQL;
%newobject Session::Request;
%newobject Session::TokenRefresh;
%newobject Session::Logout;
%newobject Session::Info;
%newobject Session::LoginEx;
%newobject Session::GraphQLEx;
%newobject Session::RequestEx;
%newobject Session::Paginate;

%extend Session {
    /* Creates the session; a bad config gives a session answering
     * invalid_config, never an exception. */
    Session(const char *config_json) {
        Session *self_ = (Session *)malloc(sizeof(Session));
        if (self_) self_->handle = ext_session_new(config_json);
        return self_;
    }
    ~Session() {
        ext_session_free($self->handle);
        free($self);
    }
    /* Frees the native session now; later calls answer invalid_argument. */
    void Close() {
        ext_session_free($self->handle);
        $self->handle = NULL;
    }
    char *Login() { return ext_login($self->handle); }
    char *GraphQL(const char *query, const char *variables_json = NULL) {
        return ext_graphql($self->handle, query, variables_json);
    }
    char *Request(const char *method, const char *path, const char *body_json = NULL) {
        return ext_request($self->handle, method, path, body_json);
    }
    /* Version 1.1: per-call options (a JSON object, or NULL) and a Cancel
     * (or NULL); see ext_login_ex and friends in extapi.h. */
    char *LoginEx(const char *options_json, Cancel *cancel) {
        return ext_login_ex($self->handle, options_json, cancel_handle(cancel));
    }
    char *GraphQLEx(const char *query, const char *variables_json, const char *options_json, Cancel *cancel) {
        return ext_graphql_ex($self->handle, query, variables_json, options_json, cancel_handle(cancel));
    }
    char *RequestEx(const char *method, const char *path, const char *body, const char *options_json,
                    Cancel *cancel) {
        return ext_request_ex($self->handle, method, path, body, options_json, cancel_handle(cancel));
    }
    char *Paginate(const char *path, const char *options_json, Cancel *cancel) {
        return ext_paginate($self->handle, path, options_json, cancel_handle(cancel));
    }
    char *TokenRefresh() { return ext_token_refresh($self->handle); }
    char *Logout() { return ext_logout($self->handle); }
    char *Info() { return ext_session_info($self->handle); }
}

%extend Cancel {
    /* A cancel handle, not fired (its handle is NULL only out of memory,
     * and then firing does nothing). */
    Cancel() {
        Cancel *self_ = (Cancel *)malloc(sizeof(Cancel));
        if (self_) self_->handle = ext_cancel_new();
        return self_;
    }
    /* Only after every call using it has returned. */
    ~Cancel() {
        ext_cancel_free($self->handle);
        free($self);
    }
    /* Makes every call using it return "cancelled" within ~100 ms. */
    void Fire() { ext_cancel_fire($self->handle); }
}

%inline %{
/* The library version, "MAJOR.MINOR.PATCH" (static; not freed). */
static const char *Version(void) { return ext_version(); }
%}
