#!/bin/sh
# ABI guard for libextapi.so (issue 9, item 7).  See README.md here.
#
#   abi.sh check  LIBRARY SOURCE_DIR   compare LIBRARY with the baseline
#   abi.sh update LIBRARY SOURCE_DIR   rewrite the baseline from LIBRARY
#
# check fails when abidiff reports an incompatible change (exit status bit
# 3, ABIDIFF_ABI_INCOMPATIBLE_CHANGE: a removed or re-versioned symbol, a
# changed SONAME), when it reports any changed or removed function or
# variable (bit 2 alone covers a changed parameter or return type, which
# breaks callers too), or when abidiff itself fails (bits 0 and 1).  Added
# functions (a minor version such as 1.1) are compatible and pass.
set -eu
mode=$1 library=$2 source=$3
here="$source/tests/abi"
baseline="$here/libextapi.abi"
# Only what the library exports (ext_*, see extapi.abignore) and the types
# those functions reach are described and compared.
set -- --exported-interfaces-only --suppressions "$here/extapi.abignore"
case $mode in
update)
  abidw --no-corpus-path --no-comp-dir-path --no-show-locs "$@" --out-file "$baseline" "$library"
  echo "wrote $baseline from $library"
  ;;
check)
  status=0
  report=$(abidiff "$@" "$baseline" "$library") || status=$?
  printf '%s\n' "$report"
  if [ $((status & 3)) -ne 0 ]; then
    echo "abi: abidiff failed (exit status $status)" >&2
    exit 1
  fi
  if [ $((status & 8)) -ne 0 ]; then
    echo "abi: INCOMPATIBLE change against tests/abi/libextapi.abi (abidiff exit status $status)" >&2
    exit 1
  fi
  if printf '%s\n' "$report" | grep -Eq '(Functions|Variables) changes summary: ([1-9][0-9]* Removed|[0-9]+ Removed(\s\([^)]*\))?, [1-9][0-9]* Changed)'; then
    echo "abi: a function or variable of the C ABI was removed or changed (abidiff exit status $status)" >&2
    exit 1
  fi
  echo "abi: compatible with the baseline (abidiff exit status $status; additions are fine)"
  ;;
*)
  echo "usage: $0 check|update LIBRARY SOURCE_DIR" >&2
  exit 2
  ;;
esac
