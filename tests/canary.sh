#!/bin/sh
# canary.sh DOCUMENTS HEADER CASES
# Fails if any secret the suite configured (the CANARY_* secrets of the test
# header and the secrets of the conformance cases) occurs in any document
# the library returned during the suite, or if any of those documents is
# not one strict JSON object.
set -eu
documents=$1 header=$2 cases=$3
if [ ! -s "$documents" ]; then
  echo "canary: no returned documents were recorded in $documents" >&2
  exit 1
fi
secrets=$(mktemp)
trap 'rm -f "$secrets"' EXIT
sed -n 's/^#define CANARY_[A-Z_]*\(SECRET\|PASSWORD\|TOKEN\|KEY\) "\(.*\)"$/\2/p' "$header" > "$secrets"
grep -o '"\(password\|client_secret\|token\|api_key\)": "[^"]*"' "$cases" | sed 's/^"[a-z_]*": "\(.*\)"$/\1/' >> "$secrets"
sort -u -o "$secrets" "$secrets"
count=$(wc -l < "$secrets")
if [ "$count" -lt 10 ]; then
  echo "canary: only $count secrets found to look for; the extraction is broken" >&2
  exit 1
fi
documents_count=$(wc -l < "$documents")
python3 - "$documents" <<'PY'
import json, sys
def refuse(constant):
    raise ValueError("not JSON: " + constant)
bad = 0
with open(sys.argv[1], encoding="utf-8", errors="strict") as f:
    for number, line in enumerate(f, 1):
        try:
            if not isinstance(json.loads(line, parse_constant=refuse), dict):
                raise ValueError("not an object")
        except ValueError as e:
            bad += 1
            if bad <= 5:
                print(f"canary: document line {number} is not valid JSON ({e})", file=sys.stderr)
sys.exit(1 if bad else 0)
PY
if grep -F -f "$secrets" "$documents" > /dev/null; then
  echo "canary: a secret appears in a returned document:" >&2
  grep -n -o -F -f "$secrets" "$documents" | sed 's/:.*//' | head -5 | sed 's/^/  document line /' >&2
  exit 1
fi
echo "canary: $count secrets, $documents_count documents, all valid JSON, no secret found"
