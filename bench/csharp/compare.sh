#!/bin/bash
# bench/csharp/compare.sh BUILD_DIR [ROUNDS] [CALLS] [THREADS]
#
# The C# binding against libextapi from C, only: nginx as bench/run.sh sets
# it up, then C and C# interleaved (C C# C C# ...) ROUNDS times, each run
# CALLS timed calls after a warm-up.  Prints each run's requests/s and the
# median ratio C#/C.  For working on the binding; bench/run.sh is the
# benchmark of record.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/lib.sh
source "$here/lib.sh"
build=$(realpath "${1:?usage: compare.sh BUILD_DIR [ROUNDS] [CALLS] [THREADS]}")
rounds=${2:-5} calls=${3:-10000} threads=${4:-1}
PATH=$PATH:/usr/sbin
export BENCH_CLIENT_ID=bench-client BENCH_CLIENT_SECRET=bench-secret
BENCH_TOKEN="bench-token-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
BENCH_WORK=$(mktemp -d "${TMPDIR:-/tmp}/extapi-cs-compare.XXXXXX")
trap 'nginx_stop; rm -rf "$BENCH_WORK"' EXIT
mkdir -p "$BENCH_WORK/nginx"
/usr/bin/python3 "$here/fixtures.py" "$BENCH_WORK/nginx" > /dev/null
nginx_start "$BENCH_WORK/nginx"
cs=$build/bindings/csharp
mcs -nologo -optimize+ -r:"$cs/ExtApi.dll" -out:"$BENCH_WORK/Bench.exe" "$here/csharp/Bench.cs"
export LD_LIBRARY_PATH=$cs:$build/src BENCH_CALLS=$calls BENCH_THREADS=$threads BENCH_WARMUP=300
# "requests/s CPU-µs-per-call" from a client's result line.
rate() {
  sed -n 's/^BENCH calls=\([0-9]*\) seconds=\([0-9.]*\) .*cpu_s=\([0-9.]*\).*/\1 \2 \3/p' |
    awk '{ printf "%.0f %.1f\n", $1 / $2, $3 * 1e6 / $1 }'
}
c_rates=() cs_rates=() c_cpu=() cs_cpu=()
for ((r = 1; r <= rounds; r++)); do
  read -r c cc < <("$build/bench/bench_extapi_c" | rate)
  read -r s sc < <(MONO_PATH=$cs mono "$BENCH_WORK/Bench.exe" | rate)
  echo "round $r: C $c/s ($cc CPU µs/call), C# $s/s ($sc CPU µs/call)"
  c_rates+=("$c") cs_rates+=("$s") c_cpu+=("$cc") cs_cpu+=("$sc")
done
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
mc=$(median "${c_rates[@]}") ms=$(median "${cs_rates[@]}")
echo "median CPU µs per call: C $(median "${c_cpu[@]}"), C# $(median "${cs_cpu[@]}")"
echo "median: C $mc/s, C# $ms/s, ratio $(awk -v a="$ms" -v b="$mc" 'BEGIN { printf "%.2f", a / b }')x ($threads thread(s))"
