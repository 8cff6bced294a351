#!/bin/sh
# with-emulator.sh EMULATOR COMMAND [ARGS...]
# Starts the emulator on a free 127.0.0.1 port, runs COMMAND with
# EXTAPI_EMULATOR_URL=http://127.0.0.1:PORT in its environment, stops the
# emulator, and exits with COMMAND's status.  Used by the binding tests.
set -eu
emulator=$1
shift
dir=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; kill "$feeder" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$dir"' EXIT INT TERM
mkfifo "$dir/stdin"
# The emulator exits when its stdin closes; keep it open while we run.
sleep 86400 > "$dir/stdin" &
feeder=$!
"$emulator" --port 0 < "$dir/stdin" > "$dir/out" &
pid=$!
tries=0
until grep -q '^PORT ' "$dir/out" 2>/dev/null; do
  tries=$((tries + 1))
  if [ "$tries" -gt 100 ] || ! kill -0 "$pid" 2>/dev/null; then
    echo "with-emulator: the emulator did not start" >&2
    exit 1
  fi
  sleep 0.1
done
port=$(sed -n 's/^PORT \([0-9]*\)$/\1/p' "$dir/out" | head -n 1)
EXTAPI_EMULATOR_URL="http://127.0.0.1:$port"
export EXTAPI_EMULATOR_URL
set +e
"$@"
status=$?
set -e
exit "$status"
