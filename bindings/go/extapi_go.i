/*
 * extapi_go.i - the Go entry file: `swig -go -cgo -intgosize 64` turns the
 * shared interface into the cgo part of package extapi (the SWIG class
 * Session and NewSession/DeleteSession).  client.go builds the idiomatic
 * Client on top of it.
 */
%module extapi

/* The generated file finds the header and the library itself, so the
 * package builds wherever `pkg-config extapi` works. */
%insert(cgo_comment_typedefs) %{
#cgo pkg-config: extapi
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
