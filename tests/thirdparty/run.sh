#!/bin/sh
# run.sh DIR NODE NPM TEST [ARGS...]
# Installs the pinned third-party OAuth server (package.json and
# package-lock.json, copied into DIR by CMake) from the npm registry into
# DIR/node_modules, then runs TEST with EXTAPI_TP_NODE and EXTAPI_TP_DIR set.
# No registry, no node or no npm is a failure, never a skip.
set -eu
dir=$1 node=$2 npm=$3
shift 3
for tool in "$node" "$npm"; do
  if ! command -v "$tool" > /dev/null 2>&1; then
    echo "thirdparty: '$tool' not found (scripts/install-deps.sh installs nodejs and npm)" >&2
    exit 1
  fi
done
start=$(date +%s)
# npm ci: exactly the versions in package-lock.json, integrity-checked.
# Short fetch timeouts so that an unreachable registry fails in about a
# minute instead of npm's default five.
if ! "$npm" ci --prefix "$dir" --no-audit --no-fund --loglevel=error \
       --fetch-timeout=20000 --fetch-retries=1 --fetch-retry-mintimeout=2000 --fetch-retry-maxtimeout=5000 > "$dir/npm-ci.log" 2>&1; then
  cat "$dir/npm-ci.log" >&2
  echo "thirdparty: npm ci failed: the npm registry is needed for this test" >&2
  exit 1
fi
echo "thirdparty: oidc-provider $("$node" -p "require('$dir/node_modules/oidc-provider/package.json').version") installed in $(( $(date +%s) - start )) s; node $("$node" --version)"
EXTAPI_TP_NODE=$(command -v "$node")
EXTAPI_TP_DIR=$dir
export EXTAPI_TP_NODE EXTAPI_TP_DIR
exec "$@"
