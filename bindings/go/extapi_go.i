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

%include "extapi.i"
