#!/bin/sh
# docs_man: `cmake --install` into a temporary prefix puts the extapi(3) man
# page in share/man/man3, `man 3 extapi` renders it from there without a
# warning, and it shows every function include/extapi.h declares: its
# prototype as declared in the SYNOPSIS, and a section of its own.
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

# Every function the header declares: its prototype, as declared, in the
# SYNOPSIS (white space aside), and a section headed with its name.
python3 - "$header" "$tmp/page.txt" <<'PY'
import re, sys
header, page = (open(path, encoding="utf-8").read() for path in sys.argv[1:3])
code = re.sub(r"/\*.*?\*/", " ", header, flags=re.S)
code = re.sub(r"//[^\n]*|^\s*#[^\n]*", " ", code, flags=re.M)
def norm(text):
    return re.sub(r"\s*([(),*])\s*", r"\1", re.sub(r"\s+", " ", text)).strip()
prototypes = {}
for statement in code.split(";"):
    m = re.search(r"\b(ext_[a-z0-9_]+)\s*\(", statement)
    if m and "typedef" not in statement:
        prototypes[m.group(1)] = norm(re.sub(r"\bEXTAPI_[A-Z_]+\b", " ", re.split(r"[{}]", statement)[-1]))
if not prototypes:
    sys.exit("FAIL: no ext_* function found in the header")
synopsis = page.split("\nSYNOPSIS\n", 1)[-1]
synopsis = norm(re.split(r"\n[A-Z][A-Z -]+\n", synopsis, maxsplit=1)[0])
headings = [line for line in page.splitlines() if re.match(r"^[a-z]", line)]
failures = 0
for name, prototype in sorted(prototypes.items()):
    if prototype + ";" not in synopsis:
        print(f"FAIL: the SYNOPSIS lacks the header's {prototype};")
        failures += 1
    if not any(re.search(rf"(^|, ){name}(,|$)", line) for line in headings):
        print(f"FAIL: no section is headed {name}")
        failures += 1
if failures:
    sys.exit(1)
print(f"PASS: man 3 extapi shows all {len(prototypes)} functions of the header, each as declared, each in its own section")
PY
