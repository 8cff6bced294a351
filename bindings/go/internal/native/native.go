// Package native is the SWIG-generated cgo layer over libextapi's C API
// (extapi.go and extapi_wrap.c, written by generate.sh).  It is internal:
// its handles can be freed twice or used after free, so only the module's
// Client, which guards every use, may touch it.
package native

// extapi.go's #cgo pkg-config line gives the whole package the header's
// directory and the library.

/*
#include <extapi.h>
*/
import "C"

import (
	"strings"
	"unsafe"
)

//go:generate sh generate.sh

// takeDocument turns a document the library returned, handed over by the C
// wrapper as a Go string over the C string itself (extapi_go.i), into Go
// memory: one copy, then ext_string_free at once.  A NULL document (the
// library out of memory) gives "".
func takeDocument(document string) string {
	p := *(*unsafe.Pointer)(unsafe.Pointer(&document))
	if p == nil {
		return ""
	}
	text := strings.Clone(document)
	C.ext_string_free((*C.char)(p))
	return text
}
