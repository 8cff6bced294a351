/*
 * extapi_csharp.i - the C# entry file for the shared interface.
 *
 * Generated with: swig -csharp -namespace ExtApi -dllimport extapi_csharp
 * The DllImport names the wrapper library itself (libextapi_csharp.so):
 * "extapi" would resolve to the core libextapi.so, which has none of the
 * CSharp_* entry points, and would need a Mono-only dllmap to redirect it.
 * The generated classes are internal: the public API is the hand-written
 * ExtApi.Client (src/Client.cs), which adds IDisposable semantics that are
 * safe across threads.  SWIG's own naming (Session, Login, ...) is already
 * C#'s, so nothing is renamed.
 *
 * The documents are not turned into .NET strings by SWIG: its default
 * char * "out" typemap calls back into managed code for every document
 * (SWIG_csharp_string_callback, a reverse P/Invoke) and frees the C string
 * after.  Here the calls returning a document hand the C string itself to
 * C# as an IntPtr (the shared newfree typemap is switched off for them),
 * and src/Native.cs copies its UTF-8 bytes and frees it (ExtApi_DocumentLength
 * below, then ExtApi_TakeDocument's memcpy and free); the bytes become
 * a .NET string only when Result.Json is first read.  Version()'s static
 * string and every other string argument keep SWIG's defaults.
 *
 * A GraphQL query goes to C as NUL-terminated UTF-8 bytes the binding
 * encodes (Native.Query, which keeps the last query's bytes: a program
 * sends the same query string again and again), a byte[] Mono passes
 * pinned, without copying; SWIG's default would convert it on every call
 * with Mono's own UTF-16 to UTF-8 routine, the binding's largest cost
 * after the document.
 */
%module extapi

%pragma(csharp) moduleclassmodifiers="internal class"
%typemap(csclassmodifiers) SWIGTYPE "internal class"

%define EXTAPI_DOCUMENT_CALLS
char *Login, char *GraphQL, char *Request, char *TokenRefresh, char *Logout, char *Info,
char *LoginEx, char *GraphQLEx, char *RequestEx, char *Paginate
%enddef
%typemap(ctype) EXTAPI_DOCUMENT_CALLS "char *"
%typemap(imtype) EXTAPI_DOCUMENT_CALLS "global::System.IntPtr"
%typemap(cstype) EXTAPI_DOCUMENT_CALLS "global::System.IntPtr"
%typemap(out) EXTAPI_DOCUMENT_CALLS %{ $result = $1; %}
%typemap(newfree) EXTAPI_DOCUMENT_CALLS ""
%typemap(csout, excode=SWIGEXCODE) EXTAPI_DOCUMENT_CALLS {
    global::System.IntPtr ret = $imcall;$excode
    return ret;
  }

%typemap(ctype) const char *query "char *"
%typemap(imtype) const char *query "byte[]"
%typemap(cstype) const char *query "byte[]"
%typemap(csin) const char *query "$csinput"
%typemap(in) const char *query %{ $1 = ($1_ltype)$input; %}

%{
#include "extapi.h"

#include <string.h>

/* The length in bytes of a document a call above returned, and its release
 * (src/Native.cs). */
SWIGEXPORT size_t SWIGSTDCALL ExtApi_DocumentLength(const char *document) { return strlen(document); }
SWIGEXPORT void SWIGSTDCALL ExtApi_FreeDocument(char *document) { ext_string_free(document); }
/* Copies a document's length bytes into the managed array bytes (pinned by
 * Mono for the call) and frees it: one transition instead of Marshal.Copy
 * and ExtApi_FreeDocument. */
SWIGEXPORT void SWIGSTDCALL ExtApi_TakeDocument(char *document, unsigned char *bytes, size_t length) {
    memcpy(bytes, document, length);
    ext_string_free(document);
}
%}

%include "extapi.i"
