#!/bin/sh
# check.sh SOURCE_DIR [CLANG_FORMAT]
#
# The `format` test: every C and C++ file of the tree is as .clang-format
# (clang-format-14) lays it out; prints the files that are not and fails.
# Fix them with:
#   tests/format/check.sh . clang-format-14 --fix
# Files named in .clang-format-ignore (generated code) are left out.
set -eu
src=$(cd "$1" && pwd)
tool=${2:-clang-format-14}
fix=${3:-}
cd "$src"
if git rev-parse --is-inside-work-tree > /dev/null 2>&1; then
  files=$(git ls-files '*.c' '*.h' '*.cpp' '*.hpp')
else
  files=$(find . -path ./build -prune -o \( -name '*.c' -o -name '*.h' -o -name '*.cpp' -o -name '*.hpp' \) -print | sed 's|^\./||')
fi
ignored=$(grep -v '^#' .clang-format-ignore | grep -v '^$' || true)
bad=0
for f in $files; do
  skip=0
  for pattern in $ignored; do
    case "$f" in $pattern) skip=1 ;; esac
  done
  [ "$skip" -eq 1 ] && continue
  if [ "$fix" = "--fix" ]; then
    "$tool" -i "$f"
  elif ! "$tool" --dry-run --Werror "$f" > /dev/null 2>&1; then
    echo "not formatted: $f"
    bad=$((bad + 1))
  fi
done
if [ "$bad" -ne 0 ]; then
  echo "$bad file(s) differ from .clang-format; run: tests/format/check.sh . $tool --fix"
  exit 1
fi
echo "every C and C++ file is formatted"
