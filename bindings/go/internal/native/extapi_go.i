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

/* Returned documents: no Go typemap is needed.  With %newobject, SWIG 4.1's
 * Go module copies the char * into a malloc'd _gostring_
 * (Swig_AllocateString), applies the newfree typemap of extapi.i
 * (ext_string_free) to the original in the C wrapper, and the Go side
 * copies that into a Go string and frees the copy (swigCopyString).  The
 * go_wrapper_frees test checks the generated wrapper for it, and the
 * 10,000-call memory test proves it (it fails with ext_string_free removed
 * from the wrapper). */
%include "extapi.i"
