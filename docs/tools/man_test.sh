#!/bin/sh
# docs_man: `cmake --install` into a temporary prefix puts the extapi(3) man
# page in share/man/man3, `man 3 extapi` renders it from there without a
# warning, and the page names every function include/extapi.h declares: in
# its SYNOPSIS and as the heading of its own section.
# Usage: man_test.sh BUILD_DIR HEADER
set -u
build=$1 header=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

command -v man > /dev/null 2>&1 || fail "man not installed (Debian: man-db; scripts/install-deps.sh installs it)"
cmake --install "$build" --prefix "$tmp/prefix" --component libextapi-dev > "$tmp/install.log" 2>&1 ||
  { cat "$tmp/install.log"; fail "cmake --install"; }
page=$(find "$tmp/prefix" -path '*/man3/extapi.3*' | head -n 1)
[ -n "$page" ] || fail "cmake --install put no man3/extapi.3 under the prefix"
echo "installed: ${page#$tmp/prefix/}"
chmod -R a+rX "$tmp"   # man may read as the user `man`
MANPATH="$tmp/prefix/share/man" MANPAGER=cat PAGER=cat MANWIDTH=100 LC_ALL=C.UTF-8 \
  man --warnings 3 extapi > "$tmp/page.txt" 2> "$tmp/warnings.txt" || { cat "$tmp/warnings.txt"; fail "man 3 extapi"; }
[ -s "$tmp/warnings.txt" ] && { cat "$tmp/warnings.txt"; fail "man 3 extapi warns"; }
head -n 3 "$tmp/page.txt"

# The functions the header declares (comments left out).
functions=$(python3 - "$header" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
text = re.sub(r"//[^\n]*", "", text)
print(" ".join(sorted(set(re.findall(r"\b(ext_[a-z0-9_]+)\s*\(", text)))))
PY
) || fail "reading $header"
[ -n "$functions" ] || fail "no ext_* function found in $header"
synopsis=$(sed -n '/^SYNOPSIS/,/^[A-Z]/p' "$tmp/page.txt")
headings=$(grep '^[a-z]' "$tmp/page.txt")
status=0
count=0
for f in $functions; do
  count=$((count + 1))
  printf '%s\n' "$synopsis" | grep -q "[ *]$f(" || { echo "FAIL: the SYNOPSIS lacks $f()"; status=1; }
  printf '%s\n' "$headings" | grep -qE "(^|, )$f(,|$)" || { echo "FAIL: no section is headed $f"; status=1; }
done
[ "$status" -eq 0 ] && echo "PASS: man 3 extapi describes all $count functions of $(basename "$header")"
exit "$status"
