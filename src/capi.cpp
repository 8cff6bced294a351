// The C boundary: checks arguments, calls the engine, catches everything,
// and hands back a malloc'ed JSON document.  Nothing else lives here.
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#include "extapi.h"
#include "call_options.hpp"
#include "cancel.hpp"
#include "raw_json.hpp"
#include "result.hpp"
#include "session.hpp"

struct ext_session {
    explicit ext_session(const char *config_json) : engine(config_json) {}
    extapi::Session engine;
};

struct ext_cancel {
    extapi::Cancel flag;
};

namespace {

using extapi::ErrorCode;
using extapi::Failure;

// Secrets are hidden as whole values before the document is printed.
char *finished_document(extapi::JsonPtr doc, const ext_session *s) {
    if (s) s->engine.redact(doc.get());
    return extapi::print_json_malloced(doc.get());
}

// The hot paths print and redact their documents themselves.
char *finished_document(extapi::PrintedDocument doc, const ext_session *) { return doc.release(); }

char *failure_document(const Failure &failure, const ext_session *s) {
    return finished_document(extapi::error_document(failure), s);
}

// Nothing on the out-of-memory path allocates but the one malloc of the
// answer itself (NULL when even that fails, as SPEC allows).
char *out_of_memory_document() noexcept {
    static const char kDocument[] =
        R"({"ok":false,"status":0,"error":{"code":")" EXT_ERR_OUT_OF_MEMORY R"(","message":"out of memory"}})";
    char *out = static_cast<char *>(std::malloc(sizeof kDocument));
    if (out) std::memcpy(out, kDocument, sizeof kDocument);
    return out;
}

Failure invalid_argument(const std::string &message) { return Failure(ErrorCode::InvalidArgument, message); }

// Runs `call` on the session and turns whatever happens into a document.
template <typename Call>
char *guarded(ext_session *s, Call &&call) {
    try {
        if (!s) throw invalid_argument("session is NULL");
        return finished_document(call(s->engine), s);
    } catch (const Failure &failure) {
        try {
            return failure_document(failure, s);
        } catch (...) {
            return out_of_memory_document();
        }
    } catch (const std::bad_alloc &) {
        return out_of_memory_document();
    } catch (...) {
        try {
            return failure_document(Failure(ErrorCode::Internal, "internal error"), s);
        } catch (...) {
            return out_of_memory_document();
        }
    }
}

// The argument's text in place (no copy).
std::string_view utf8_view(const char *value, const char *name) {
    if (!value) throw invalid_argument(std::string(name) + " is NULL");
    const std::string_view text(value);
    if (!extapi::is_valid_utf8(text)) throw invalid_argument(std::string(name) + " is not valid UTF-8");
    return text;
}

std::string utf8_argument(const char *value, const char *name) { return std::string(utf8_view(value, name)); }

// The argument's text, checked to be one strict JSON value (it is sent as
// given, so that no number loses a digit); `parsed` gets the tree.
std::string json_argument(const char *value, const char *name, extapi::JsonPtr *parsed = nullptr) {
    std::string text = utf8_argument(value, name);
    extapi::JsonPtr tree = extapi::parse_json(text);
    if (!tree) throw invalid_argument(std::string(name) + " is not valid JSON");
    if (parsed) *parsed = std::move(tree);
    return text;
}

// The same check with no tree built, for text that is only sent on.
std::string_view json_text(const char *value, const char *name) {
    const std::string_view text = utf8_view(value, name);
    if (!extapi::is_strict_json(text)) throw invalid_argument(std::string(name) + " is not valid JSON");
    return text;
}

const extapi::Cancel *cancel_flag(const ext_cancel *c) { return c ? &c->flag : nullptr; }

std::string http_method(const char *value) {
    std::string method = utf8_argument(value, "method");
    for (char &c : method) c = char(std::toupper(static_cast<unsigned char>(c)));
    for (const char *known : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
        if (method == known) return method;
    throw invalid_argument("unknown HTTP method \"" + std::string(value).substr(0, 32) + "\"");
}

}  // namespace

extern "C" {

const char *ext_version(void) { return EXTAPI_VERSION_STRING; }

ext_session *ext_session_new(const char *config_json) {
    try {
        return new ext_session(config_json);
    } catch (...) {
        return nullptr;  // out of memory: the only way to fail
    }
}

void ext_session_free(ext_session *s) { delete s; }

ext_cancel *ext_cancel_new(void) {
    try {
        return new ext_cancel;
    } catch (...) {
        return nullptr;  // out of memory
    }
}

void ext_cancel_fire(ext_cancel *c) {
    if (c) c->flag.fire();
}

void ext_cancel_free(ext_cancel *c) { delete c; }

char *ext_login(ext_session *s) { return ext_login_ex(s, nullptr, nullptr); }

char *ext_login_ex(ext_session *s, const char *options_json, ext_cancel *c) {
    return guarded(s, [&](extapi::Session &engine) {
        const extapi::CallOptions options = extapi::parse_call_options(options_json, extapi::CallKind::Login);
        return engine.login(options, cancel_flag(c));
    });
}

char *ext_graphql(ext_session *s, const char *query, const char *variables_json) {
    return ext_graphql_ex(s, query, variables_json, nullptr, nullptr);
}

char *ext_graphql_ex(ext_session *s, const char *query, const char *variables_json, const char *options_json,
                     ext_cancel *c) {
    return guarded(s, [&](extapi::Session &engine) {
        const std::string_view q = utf8_view(query, "query");
        std::string variables;
        extapi::JsonPtr tree;
        if (variables_json) {
            variables = json_argument(variables_json, "variables_json", &tree);
            if (!cJSON_IsObject(tree.get()) && !cJSON_IsNull(tree.get()))
                throw invalid_argument("variables_json must be a JSON object");
        }
        const extapi::CallOptions options = extapi::parse_call_options(options_json, extapi::CallKind::Graphql);
        return engine.graphql(q, tree && cJSON_IsObject(tree.get()) ? &variables : nullptr, options, cancel_flag(c));
    });
}

char *ext_request(ext_session *s, const char *method, const char *path, const char *body_json) {
    return ext_request_ex(s, method, path, body_json, nullptr, nullptr);
}

char *ext_request_ex(ext_session *s, const char *method, const char *path, const char *body, const char *options_json,
                     ext_cancel *c) {
    return guarded(s, [&](extapi::Session &engine) {
        std::string m = http_method(method);
        std::string p = utf8_argument(path, "path");
        const extapi::CallOptions options = extapi::parse_call_options(options_json, extapi::CallKind::Request);
        // With a content_type the body is sent as given (form, text, XML), else it must be JSON;
        // either way it is sent from the caller's memory, not copied.
        std::optional<std::string_view> text;
        if (body) text = options.content_type ? std::string_view(body) : json_text(body, "body");
        return engine.request(m, p, text, options, cancel_flag(c));
    });
}

char *ext_paginate(ext_session *s, const char *path, const char *options_json, ext_cancel *c) {
    return guarded(s, [&](extapi::Session &engine) {
        std::string p = utf8_argument(path, "path");
        const extapi::CallOptions options = extapi::parse_call_options(options_json, extapi::CallKind::Paginate);
        return engine.paginate(p, options, cancel_flag(c));
    });
}

char *ext_token_refresh(ext_session *s) {
    return guarded(s, [](extapi::Session &engine) { return engine.token_refresh(); });
}

char *ext_logout(ext_session *s) {
    return guarded(s, [](extapi::Session &engine) { return engine.logout(); });
}

char *ext_session_info(ext_session *s) {
    return guarded(s, [](const extapi::Session &engine) { return engine.info(); });
}

void ext_string_free(char *json) { std::free(json); }

}  // extern "C"
