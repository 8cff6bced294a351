/*
 * extapi_go.i - the Go entry file: generate.sh runs
 * `swig -go -cgo -intgosize 64 -package native` on it, turning the shared
 * interface into this internal package (the SWIG classes Session and Cancel).
 * The module's root package builds the exported, idiomatic Client on top;
 * nothing here is reachable from a user's code.
 */
%module extapi

/* The generated file finds the header and the library itself, so the
 * package builds wherever `pkg-config extapi` works. */
%insert(cgo_comment_typedefs) %{
#cgo pkg-config: extapi
%}

/* A Go string cannot be nil, and SWIG would pass "" as an empty C string,
 * which the library rejects as JSON.  For the optional documents an empty
 * Go string therefore means NULL (none); "" is never a valid JSON object,
 * and an empty body is the same as no body on the wire. */
%typemap(in) const char *variables_json, const char *body_json, const char *body,
             const char *options_json %{
  $1 = 0;
  if ($input.n > 0) {
    $1 = (char *)malloc($input.n + 1);
    memcpy($1, $input.p, $input.n);
    $1[$input.n] = '\0';
  }
%}
%typemap(freearg) const char *variables_json, const char *body_json, const char *body,
                  const char *options_json %{
  free($1);
%}

/* Returned documents: the C wrapper hands Go the library's own string (its
 * pointer and strlen; the shared newfree typemap is switched off for these
 * calls) as a Go string header over C memory, and takeDocument (native.go)
 * copies it once into a Go string and frees it with ext_string_free at
 * once.  SWIG's default would copy it twice, into a malloc'd _gostring_ in
 * the C wrapper (Swig_AllocateString) and from that into Go
 * (swigCopyString), with a malloc and a free more.  The go_wrapper_frees
 * test checks the generated code for it, and the 10,000-call memory tests
 * prove it (they fail with ext_string_free removed from takeDocument).
 * Version()'s static const char * keeps SWIG's default. */
%define EXTAPI_DOCUMENT_CALLS
char *Login, char *GraphQL, char *Request, char *TokenRefresh, char *Logout, char *Info,
char *LoginEx, char *GraphQLEx, char *RequestEx, char *Paginate
%enddef
%typemap(out) EXTAPI_DOCUMENT_CALLS %{
  $result.p = $1;
  $result.n = $1 ? (intgo)strlen($1) : 0;
%}
%typemap(newfree) EXTAPI_DOCUMENT_CALLS ""
%typemap(goout) EXTAPI_DOCUMENT_CALLS %{ $result = takeDocument($1) %}

%include "extapi.i"
