#!/bin/sh
# readme_examples.sh README EXAMPLE...
# Fails unless README shows every example file verbatim: the examples are
# compiled and run by their own tests, so the README cannot go stale.
set -eu
readme=$1
shift
status=0
for example in "$@"; do
  if ! python3 - "$readme" "$example" <<'PY'
import sys
readme, example = (open(path, encoding="utf-8").read() for path in sys.argv[1:3])
sys.exit(0 if example.strip("\n") in readme else 1)
PY
  then
    echo "$readme does not show $example verbatim" >&2
    status=1
  fi
done
[ "$status" -eq 0 ] && echo "$# examples shown verbatim in $readme"
exit "$status"
