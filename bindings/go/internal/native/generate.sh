#!/bin/sh
# generate.sh [OUTDIR] - regenerates extapi.go and extapi_wrap.c, the cgo
# half of the module, from the shared interface bindings/swig/extapi.i and
# the constants of include/extapi.h (EXTAPI_SWIG_DIR and EXTAPI_INCLUDE_DIR
# override where they are).  The output is committed, so that
# building the module needs a C compiler and `pkg-config extapi` but not
# SWIG; the go_generated test runs this into a scratch directory and fails
# when the committed files differ, i.e. when someone forgot to rerun it.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$(mkdir -p "${1:-$here}" && cd "${1:-$here}" && pwd)
swig_dir=${EXTAPI_SWIG_DIR:-$here/../../../swig}
include_dir=${EXTAPI_INCLUDE_DIR:-$here/../../../../include}
cd "$here"
# The same flags `go build` would give SWIG for a .swig file, plus
# -package: the generated code is package native.
${SWIG:-swig} -go -cgo -intgosize 64 -package native -I"$swig_dir" -I"$include_dir" \
  -outdir "$out" -o "$out/extapi_wrap.c" extapi_go.i

# SWIG 4.1's swigCopyString turns a uintptr into an unsafe.Pointer, which
# `go vet` reports.  The same struct with the pointer typed as
# unsafe.Pointer has the same layout and nothing for vet to flag.
go_file="$out/extapi.go"
sed -i \
  -e 's/^type swig_gostring struct { p uintptr; n int }$/type swig_gostring struct { p unsafe.Pointer; n int }/' \
  -e 's/^  r := string((\*\[0x7fffffff\]byte)(unsafe.Pointer(p.p))\[:p.n\])$/  r := string((*[0x7fffffff]byte)(p.p)[:p.n])/' \
  -e 's/^  Swig_free(p.p)$/  Swig_free(uintptr(p.p))/' \
  "$go_file"
# Fail loudly when another SWIG version emits something else.
grep -q 'type swig_gostring struct { p unsafe.Pointer; n int }' "$go_file"
grep -q 'r := string((\*\[0x7fffffff\]byte)(p.p)\[:p.n\])' "$go_file"
grep -q 'Swig_free(uintptr(p.p))' "$go_file"
${GOFMT:-gofmt} -w "$go_file"
