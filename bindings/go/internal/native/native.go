// Package native is the SWIG-generated cgo layer over libextapi's C API
// (extapi.go and extapi_wrap.c, written by generate.sh).  It is internal:
// its handles can be freed twice or used after free, so only the module's
// Client, which guards every use, may touch it.
package native

//go:generate sh generate.sh
