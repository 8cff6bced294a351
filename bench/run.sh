#!/bin/bash
# bench/run.sh [--smoke] [--build-dir DIR] [--no-build] [--out FILE] [--keep]
#
# The benchmark of issue 8, in one command: builds what it needs, starts
# nginx on a free loopback port, shows with wrk what the server can do,
# runs every client interleaved and repeated, measures libextapi's
# instructions, heap allocations, cold login and idle-session memory, and
# writes BENCHMARKS.md (see bench/README.md).
#
#   --smoke       small counts, one round: checks that every client runs and
#                 produces figures (ctest bench_smoke); writes no timing claim
#   --build-dir   the CMake build tree (default: build)
#   --no-build    use the build tree as it is (ctest)
#   --out FILE    the report (default: BENCHMARKS.md at the top level)
#   --keep        keep the work directory (latencies, callgrind files, logs)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
# shellcheck source=bench/lib.sh
source "$here/lib.sh"

mode=full build_dir=$root/build do_build=1 out=$root/BENCHMARKS.md keep=0
command_line="bench/run.sh${*:+ $*}"
while [ $# -gt 0 ]; do
  case $1 in
    --smoke) mode=smoke ;;
    --build-dir) build_dir=$(realpath -m "$2"); shift ;;
    --no-build) do_build=0 ;;
    --out) out=$(realpath -m "$2"); shift ;;
    --keep) keep=1 ;;
    *) bench_die "unknown argument $1 (see the top of bench/run.sh)" ;;
  esac
  shift
done

# Counts: BENCH_CALLS_EACH timed calls per run (split between the threads;
# divided by a client's BENCH_CALL_SCALE), BENCH_WARMUP_EACH untimed calls
# per thread first, BENCH_FIXED_CALLS timed calls per thread in the run
# whose process totals are subtracted from the others' (start-up, login and
# warm-up cancel out).  Each may be overridden from the environment.
if [ "$mode" = smoke ]; then
  : "${BENCH_ROUNDS:=1}" "${BENCH_CALLS_EACH:=400}" "${BENCH_WARMUP_EACH:=10}" "${BENCH_FIXED_CALLS:=50}"
  : "${BENCH_CG_CALLS:=10 30}" "${BENCH_DHAT_CALLS:=10 30}" "${BENCH_DHAT_LARGE_CALLS:=2 6}"
  : "${BENCH_SESSIONS:=50}" "${BENCH_WRK_SECONDS:=1}" "${BENCH_DHAT_SESSIONS:=5 15}" "${BENCH_BIND_CG_CALLS:=10 30}"
else
  : "${BENCH_ROUNDS:=5}" "${BENCH_CALLS_EACH:=6000}" "${BENCH_WARMUP_EACH:=300}" "${BENCH_FIXED_CALLS:=200}"
  : "${BENCH_CG_CALLS:=300 900}" "${BENCH_DHAT_CALLS:=300 900}" "${BENCH_DHAT_LARGE_CALLS:=30 90}"
  : "${BENCH_SESSIONS:=1000}" "${BENCH_WRK_SECONDS:=3}" "${BENCH_DHAT_SESSIONS:=50 150}" "${BENCH_BIND_CG_CALLS:=100 300}"
fi
export BENCH_CLIENT_ID=bench-client BENCH_CLIENT_SECRET=bench-secret
BENCH_TOKEN="bench-token-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
started=$(date +%s)

PATH=$PATH:/usr/sbin # nginx
for tool in nginx wrk valgrind /usr/bin/time /usr/bin/python3 cmake; do
  command -v "$tool" > /dev/null 2>&1 || bench_die "$tool is missing: run scripts/install-deps.sh"
done

# --- the library, its bindings and the C clients -------------------------
if [ "$do_build" = 1 ]; then
  bench_log "building into $build_dir"
  cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
  # Only what the benchmark runs (the test suites are not needed).
  targets=(extapi bench_raw_libcurl bench_extapi_c)
  known=$(cmake --build "$build_dir" --target help)
  for t in extapi_go extapi_csharp_assemblies extapi_lua; do # those whose toolchain was found
    if grep -Eq "(^|[ .])$t(:|\$)" <<< "$known"; then targets+=("$t"); fi
  done
  cmake --build "$build_dir" -j "$(nproc)" --target "${targets[@]}" > "$build_dir/bench-build.log" 2>&1 ||
    { tail -n 30 "$build_dir/bench-build.log" >&2; bench_die "build failed"; }
fi
[ -x "$build_dir/bench/bench_extapi_c" ] || bench_die "$build_dir is not built (drop --no-build)"
built=$(date +%s)

BENCH_WORK=$(mktemp -d "${TMPDIR:-/tmp}/extapi-bench.XXXXXX")
export BENCH_WORK
cleanup() {
  nginx_stop
  if [ "$keep" = 1 ]; then bench_log "work directory kept: $BENCH_WORK"; else rm -rf "$BENCH_WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$BENCH_WORK"/{runs,lat,bin,callgrind,dhat,nginx}
: > "$BENCH_WORK/results.tsv"
: > "$BENCH_WORK/measures.tsv"
bench_measure mode "$mode"
bench_measure command "$command_line"
bench_measure build_type "$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build_dir/CMakeCache.txt")"
bench_measure library_version "$(sed -n 's/^CMAKE_PROJECT_VERSION:[A-Z]*=//p' "$build_dir/CMakeCache.txt")"
bench_measure commit "$(git -C "$root" rev-parse --short HEAD 2> /dev/null || echo unknown)"
bench_measure worktree_changes "$(git -C "$root" status --porcelain --untracked-files=no -- src include 2> /dev/null | wc -l)"
bench_measure build_seconds $((built - started))
for k in ROUNDS CALLS_EACH WARMUP_EACH FIXED_CALLS CG_CALLS DHAT_CALLS DHAT_LARGE_CALLS SESSIONS WRK_SECONDS DHAT_SESSIONS \
  BIND_CG_CALLS; do
  v=BENCH_$k
  bench_measure "param_$k" "${!v}"
done

export LD_LIBRARY_PATH=$build_dir/src${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
bin=$BENCH_WORK/bin
cache=$build_dir/bench
mkdir -p "$cache"

# --- clients ----------------------------------------------------------------
# A client that cannot be built is reported as not run, with the reason.
not_run() {
  bench_log "$1 not run: $2"
  bench_measure "not_run_$1" "$2"
}

bench_client raw_libcurl "$build_dir/bench/bench_raw_libcurl"
bench_client extapi_c "$build_dir/bench/bench_extapi_c"
# The same C client as one process per thread, one session each: what the
# Lua client (no threads) is compared with at 2.
bench_client extapi_c_procs "$build_dir/bench/bench_extapi_c"
BENCH_PROCS_PER_THREAD[extapi_c_procs]=1

# Go, offline.  The binding's client in module mode (bench/go/go.mod
# replaces the module by the checkout); the x/oauth2 client in GOPATH mode
# against Debian's /usr/share/gocode, bench/go linked in as extapi-bench.
mkdir -p "$cache/gopath/src"
ln -sfn "$here/go" "$cache/gopath/src/extapi-bench"
go_env=(env GOPROXY=off CGO_ENABLED=1 "GOCACHE=$cache/go-cache" "GOTMPDIR=$BENCH_WORK"
  "PKG_CONFIG_PATH=$build_dir/pkgconfig")
go_build() { # NAME PACKAGE GO111MODULE GOPATH GOFLAGS
  if ! command -v go > /dev/null; then
    not_run "$1" "no go toolchain"
  elif (cd "$here/go" && "${go_env[@]}" GO111MODULE="$3" GOPATH="$4" GOFLAGS="$5" \
    go build -o "$bin/$1" "$2") > "$BENCH_WORK/runs/build-$1.log" 2>&1; then
    bench_client "$1" "$bin/$1"
  else
    not_run "$1" "go build failed: $(tail -n 3 "$BENCH_WORK/runs/build-$1.log" | tr '\n' ' ')"
  fi
}
go_build extapi_go ./extapi on "$cache/gopath-modules" "-mod=mod -buildvcs=false"
# The same Go client with one P more than it has goroutines: what Go's
# scheduler costs a goroutine that blocks in C (bench/README.md).
if [ -n "${BENCH_COMMAND[extapi_go]:-}" ]; then
  bench_client extapi_go_spare env BENCH_SPARE_PROCS=1 "$bin/extapi_go"
else
  not_run extapi_go_spare "extapi_go was not built"
fi

csharp_dir=$build_dir/bindings/csharp
if [ ! -f "$csharp_dir/ExtApi.dll" ]; then
  not_run extapi_csharp "the C# binding is not built (mono-mcs or swig missing)"
elif mcs -nologo -optimize+ -r:"$csharp_dir/ExtApi.dll" -out:"$bin/Bench.exe" "$here/csharp/Bench.cs" \
  > "$BENCH_WORK/runs/build-extapi_csharp.log" 2>&1; then
  bench_client extapi_csharp env "MONO_PATH=$csharp_dir" "LD_LIBRARY_PATH=$csharp_dir:$LD_LIBRARY_PATH" \
    mono "$bin/Bench.exe"
else
  not_run extapi_csharp "mcs failed: $(tail -n 3 "$BENCH_WORK/runs/build-extapi_csharp.log" | tr '\n' ' ')"
fi

lua_env=(env "LUA_CPATH=$build_dir/bindings/lua/?.so;;" "LUA_PATH=$root/bindings/lua/?.lua;;")
if ! command -v lua5.4 > /dev/null || ! "${lua_env[@]}" lua5.4 -e 'require "extapi"' 2> /dev/null; then
  not_run extapi_lua "the Lua binding is not built (lua5.4, liblua5.4-dev or swig missing)"
elif ! lua5.4 -e 'require "socket"' 2> /dev/null; then
  not_run extapi_lua "LuaSocket (lua-socket) is missing: it gives the Lua client its clock"
else
  bench_client extapi_lua "${lua_env[@]}" lua5.4 "$here/lua/bench.lua"
  # Lua has no threads: "2 threads" is two processes, one session each.
  BENCH_PROCS_PER_THREAD[extapi_lua]=1
fi

# The crate's dependencies come from the directory of packaged crate
# sources the binding builds from (Debian's librust-*-dev), offline.
registry=$(sed -n 's/^EXTAPI_CARGO_REGISTRY:[A-Z]*=//p' "$build_dir/CMakeCache.txt")
mkdir -p "$cache/cargo-home"
cat > "$cache/cargo-home/config.toml" <<EOF
# Written by bench/run.sh: crates from ${registry:=/usr/share/cargo/registry} only.
[source.crates-io]
replace-with = "packaged"
[source.packaged]
directory = "$registry"
EOF
if ! command -v cargo > /dev/null; then
  not_run extapi_rust "no cargo"
elif env CARGO_TARGET_DIR="$cache/rust-target" CARGO_HOME="$cache/cargo-home" EXTAPI_LIB_DIR="$build_dir/src" \
  cargo build --release --offline --quiet --manifest-path "$here/rust/Cargo.toml" \
  > "$BENCH_WORK/runs/build-extapi_rust.log" 2>&1; then
  bench_client extapi_rust "$cache/rust-target/release/extapi-bench"
else
  not_run extapi_rust "cargo build failed: $(tail -n 3 "$BENCH_WORK/runs/build-extapi_rust.log" | tr '\n' ' ')"
fi

if /usr/bin/python3 -c 'import requests_oauthlib' 2> /dev/null; then
  bench_client python_oauthlib /usr/bin/python3 "$here/python/requests_oauthlib_client.py"
  BENCH_CALL_SCALE[python_oauthlib]=10 # an order of magnitude slower: keep its runs as long as the others'
else
  not_run python_oauthlib "python3-requests-oauthlib is missing"
fi

if [ -d /usr/share/gocode/src/golang.org/x/oauth2 ]; then
  go_build go_oauth2 extapi-bench/oauth2 off "$cache/gopath:/usr/share/gocode" -buildvcs=false
else
  not_run go_oauth2 "golang-golang-x-oauth2-dev is missing"
fi
bench_measure clients "${BENCH_CLIENTS[*]}"
prepared=$(date +%s)
bench_measure prepare_seconds $((prepared - built))

# --- the server -----------------------------------------------------------
/usr/bin/python3 "$here/fixtures.py" "$BENCH_WORK/nginx" | while IFS=$'\t' read -r name size; do
  bench_measure "answer_bytes_${name%.json}" "$size"
done
ulimit -n 8192 2> /dev/null || true
if [ "$(ulimit -n)" -lt $((BENCH_SESSIONS + 64)) ]; then
  BENCH_SESSIONS=$(($(ulimit -n) - 64))
  bench_measure param_SESSIONS "$BENCH_SESSIONS"
fi
nginx_start "$BENCH_WORK/nginx"
bench_measure nginx_workers "${BENCH_NGINX_WORKERS:-1}"
bench_log "nginx on $BENCH_URL, clients: ${BENCH_CLIENTS[*]}"

# wrk: the server alone, with as many connections as the clients use and
# with many; before the clients and again after them, since the machine's
# speed may drift.
cat > "$BENCH_WORK/wrk-post.lua" <<EOF
wrk.method = "POST"
wrk.body = '{"query":"{ network { devices { ip } } }"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $BENCH_TOKEN"
EOF
run_wrk() { # WHEN
  local shape threads connections rps bad file
  for shape in 1:1 2:2 2:32; do
    threads=${shape%:*} connections=${shape#*:}
    file=$BENCH_WORK/runs/wrk-$1-c$connections.txt
    wrk -t "$threads" -c "$connections" -d "${BENCH_WRK_SECONDS}s" -s "$BENCH_WORK/wrk-post.lua" \
      "$BENCH_URL/nbi/graphql" > "$file" 2>&1 || true
    rps=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$file")
    bad=$(sed -n 's/^ *Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' "$file")
    bench_measure "wrk_$1_c${connections}_rps" "${rps:-0}"
    bench_measure "wrk_$1_c${connections}_non2xx" "${bad:-0}"
    bench_log "wrk ($1) $connections connection(s): ${rps:-?} requests/s"
  done
}
run_wrk before

# --- the clients, interleaved and repeated --------------------------------
cpu0=() cpu1=()
bench_cpu_snapshot cpu0
wall0=$(date +%s.%N)
bench_interleave "$BENCH_ROUNDS" 1 2
wall1=$(date +%s.%N)
bench_cpu_snapshot cpu1
bench_measure clients_wall_seconds "$(awk -v a="$wall0" -v b="$wall1" 'BEGIN { printf "%.1f", b - a }')"
bench_measure other_cpu_seconds "$(awk -v a="${cpu0[0]}" -v b="${cpu1[0]}" -v c="${cpu0[1]}" -v d="${cpu1[1]}" \
  'BEGIN { v = (b - a) - (d - c); printf "%.1f", v < 0 ? 0 : v }')"
bench_measure host_steal_seconds "$(awk -v a="${cpu0[2]}" -v b="${cpu1[2]}" 'BEGIN { printf "%.1f", b - a }')"
bench_measure loadavg "$(cut -d' ' -f1-3 /proc/loadavg)"
run_wrk after
looped=$(date +%s)
bench_measure loop_seconds $((looped - prepared))

# --- libextapi (and raw libcurl as reference) under valgrind --------------
# Per call = (figure at the larger count - at the smaller) / difference, so
# that start-up and login cancel out.  DHAT's per-site figures go to
# OUTFILE.json (report.py splits the allocations between libextapi,
# libcurl and cJSON with them).
# tool_run OUTFILE CLIENT CALLS PATH TOOL...: the client on one thread,
# CALLS calls and no warm-up, under TOOL (valgrind, strace); its output in
# OUTFILE.stdout and OUTFILE.stderr.  Fails as the client does.
tool_run() {
  local file=$1 name=$2 calls=$3 path=$4
  shift 4
  (
    export BENCH_THREADS=1 BENCH_CALLS=$calls BENCH_WARMUP=0 BENCH_PATH=$path BENCH_LAT_FILE=
    eval "exec timeout 600 $* ${BENCH_COMMAND[$name]}"
  ) > "$file.stdout" 2> "$file.stderr"
}
valgrind_run() { # TOOL OUTFILE CLIENT CALLS [PATH]: fails as the client does
  local tool=$1 file=$2 name=$3 calls=$4 path=${5:-/nbi/graphql}
  local args=(--tool="$tool" --trace-children=yes) # a binding's client may start through env
  case $tool in
    callgrind) args+=(--callgrind-out-file="$file") ;;
    dhat) args+=(--dhat-out-file="$file.json") ;;
  esac
  tool_run "$file" "$name" "$calls" "$path" valgrind "${args[@]}"
}
valgrind_client() { # as valgrind_run, but a failure ends the benchmark
  valgrind_run "$@" || { cat "$2.stderr" >&2; bench_die "$3 under $1 failed"; }
}
for name in raw_libcurl extapi_c; do
  for n in $BENCH_CG_CALLS; do
    valgrind_client callgrind "$BENCH_WORK/callgrind/$name-$n.out" "$name" "$n"
    bench_measure "callgrind_${name}_$n" "$BENCH_WORK/callgrind/$name-$n.out"
  done
  for size in 2k 200k; do
    counts=$BENCH_DHAT_CALLS path=/nbi/graphql
    [ "$size" = 200k ] && counts=$BENCH_DHAT_LARGE_CALLS path=/nbi/graphql-large
    for n in $counts; do
      file=$BENCH_WORK/dhat/$name-$size-$n
      valgrind_client dhat "$file" "$name" "$n" "$path"
      # "==PID== Total:     12,345 bytes in 678 blocks"
      totals=$(sed -n 's/.*Total: *\([0-9,]*\) bytes in \([0-9,]*\) blocks.*/\1 \2/p' "$file.stderr" | tr -d ,)
      [ -n "$totals" ] || bench_die "no DHAT totals in $file.stderr"
      bench_measure "dhat_${name}_${size}_${n}_bytes" "${totals% *}"
      bench_measure "dhat_${name}_${size}_${n}_blocks" "${totals#* }"
      bench_measure "dhatjson_${name}_${size}_${n}" "$file.json"
    done
  done
  # What an idle session holds, by allocation site: live bytes at the
  # heap's peak (right after the first call of every session).
  for n in $BENCH_DHAT_SESSIONS; do
    file=$BENCH_WORK/dhat/$name-idle-$n
    BENCH_MODE=idle BENCH_SESSIONS=$n valgrind_client dhat "$file" "$name" 0
    bench_measure "dhatidle_${name}_$n" "$file.json"
  done
  bench_log "$name: callgrind and dhat done"
done
# The bindings: how much of a call is the library (ext_graphql_ex,
# inclusive) and how much the language's own work around it (the FFI and
# making the result object).  A runtime valgrind cannot run is noted.
# Callgrind asserts on the signals Go preempts goroutines with (SIGURG):
# they are off under it, which changes no instruction of a call.
export GODEBUG=asyncpreemptoff=1
for name in extapi_go extapi_csharp extapi_lua extapi_rust; do
  [ -n "${BENCH_COMMAND[$name]:-}" ] || continue
  for n in $BENCH_BIND_CG_CALLS; do
    file=$BENCH_WORK/callgrind/$name-$n.out
    if valgrind_run callgrind "$file" "$name" "$n" && [ -s "$file" ]; then
      bench_measure "callgrind_${name}_$n" "$file"
    else
      bench_measure "bindcg_failed_$name" "$(grep -v '^==' "$file.stderr" | tail -n 2 | tr '\n' ' ')"
      break
    fi
  done
  bench_log "$name: callgrind done"
done

# System calls per call of libextapi from C and of each binding (strace -c
# at two counts, the same difference): a binding that makes the library's
# calls and no others adds no kernel work of its own.
if command -v strace > /dev/null; then
  mkdir -p "$BENCH_WORK/strace"
  for name in extapi_c extapi_go extapi_csharp extapi_lua extapi_rust; do
    [ -n "${BENCH_COMMAND[$name]:-}" ] || continue
    for n in $BENCH_BIND_CG_CALLS; do
      file=$BENCH_WORK/strace/$name-$n.txt
      if tool_run "$file" "$name" "$n" /nbi/graphql strace -f -c -o "$file"; then
        bench_measure "strace_${name}_$n" "$file"
      fi
    done
  done
  bench_log "strace done"
else
  bench_measure strace_missing "strace is not installed"
fi
profiled=$(date +%s)
bench_measure valgrind_seconds $((profiled - looped))

# --- memory per idle session -------------------------------------------------
for name in raw_libcurl extapi_c; do
  line=$(
    export BENCH_MODE=idle BENCH_SESSIONS BENCH_THREADS=1 BENCH_LAT_FILE=
    eval "exec ${BENCH_COMMAND[$name]}" | grep '^IDLE '
  ) || bench_die "$name idle sessions failed"
  bench_measure "idle_$name" "$line"
  bench_log "$name: $line"
done

nginx_stop
bench_measure total_seconds $(($(date +%s) - started))
bench_measure date "$(date -u '+%Y-%m-%d %H:%M UTC')"
/usr/bin/python3 "$here/report.py" "$BENCH_WORK" "$out"
bench_log "wrote $out in $(($(date +%s) - started)) s"
