# lib.sh - the benchmark's shared harness, sourced by bench/run.sh (bash).
#
# nginx: start/stop Debian's nginx on a free loopback port with a config
# generated into the work directory.  Clients: run one client once with the
# environment every client reads (bench/README.md), recording its result
# line, peak RSS and latency file into $BENCH_WORK/results.tsv.

bench_log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
bench_die() { bench_log "error: $*"; exit 1; }

# A free TCP port on 127.0.0.1 (the kernel picks one; nginx binds it a
# moment later).
bench_free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits until something accepts connections on 127.0.0.1:$1.
bench_wait_port() {
  local i
  for i in $(seq 1 100); do
    if (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null; then return 0; fi
    sleep 0.05
  done
  return 1
}

# nginx_start DIR: writes DIR/nginx.conf serving
#   POST /oauth/token/access-token  a fixed token (Basic auth required)
#   POST /nbi/graphql               DIR/devices-2k.json   (401 without a bearer)
#   POST /nbi/graphql-large         DIR/devices-200k.json (401 without a bearer)
# and starts nginx in the foreground (daemon off) in the background.
# Sets NGINX_PORT, NGINX_PID, BENCH_URL.
nginx_start() {
  local dir=$1 user_line=""
  mkdir -p "$dir/logs" "$dir/tmp"
  # A master started as root runs its workers as nobody, who cannot read a
  # private temporary directory: keep them as the invoking user.
  [ "$(id -u)" -eq 0 ] && user_line="user root;"
  NGINX_PORT=$(bench_free_port)
  cat > "$dir/nginx.conf" <<EOF
daemon off;
master_process on;
$user_line
# One worker: both connections of a 2-thread client always land on the
# same process (two workers would split them by chance, run to run).
worker_processes ${BENCH_NGINX_WORKERS:-1};
worker_rlimit_nofile 8192;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  keepalive_requests 10000000;
  keepalive_timeout 300s;
  default_type application/json;
  types { }
  map \$http_authorization \$bench_basic { "~^Basic " 1; default 0; }
  map \$http_authorization \$bench_bearer { "~^Bearer ." 1; default 0; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location = /oauth/token/access-token {
      if (\$bench_basic = 0) { return 401 '{"error":"invalid_client"}'; }
      return 200 '{"access_token":"$BENCH_TOKEN","token_type":"Bearer","expires_in":3600}';
    }
    # The static module refuses POST (405); the 405 page, an internal
    # redirect (a GET), serves the fixed answer after the body is discarded.
    location = /nbi/graphql {
      if (\$bench_bearer = 0) { return 401 '{"error":"no bearer token"}'; }
      error_page 405 =200 /_answers/devices-2k.json;
      return 405;
    }
    location = /nbi/graphql-large {
      if (\$bench_bearer = 0) { return 401 '{"error":"no bearer token"}'; }
      error_page 405 =200 /_answers/devices-200k.json;
      return 405;
    }
    location /_answers/ { internal; alias $dir/; }
  }
}
EOF
  nginx -e "$dir/logs/error.log" -p "$dir" -c "$dir/nginx.conf" &
  NGINX_PID=$!
  bench_wait_port "$NGINX_PORT" || { cat "$dir/logs/error.log" >&2; bench_die "nginx did not start"; }
  BENCH_URL="http://127.0.0.1:$NGINX_PORT"
  export BENCH_URL
}

nginx_stop() {
  if [ -n "${NGINX_PID:-}" ]; then
    kill "$NGINX_PID" 2> /dev/null || true
    wait "$NGINX_PID" 2> /dev/null || true
    NGINX_PID=
  fi
}

# Clients are registered with bench_client NAME COMMAND...; the command is
# run from the repository's top directory.
BENCH_CLIENTS=()
declare -A BENCH_COMMAND BENCH_CALL_SCALE BENCH_PROCS_PER_THREAD
bench_client() {
  local name=$1
  shift
  BENCH_CLIENTS+=("$name")
  BENCH_COMMAND[$name]=$(printf '%q ' "$@")
}

# bench_run_once NAME THREADS ROUND [CALLS]: one run, appended to results.tsv as
#   name threads round calls seconds cold_ms peak_rss_kb latency_files status cpu_s
#   user_s system_s voluntary_switches involuntary_switches
# the last four for the whole process (/usr/bin/time), start-up included.
# CALLS replaces the run's count of timed calls (round 0: the run that
# report.py subtracts from the others to leave out start-up, login and
# warm-up).  A client whose BENCH_PROCS_PER_THREAD is set (a language
# without threads) runs THREADS processes of one thread each at once instead.
bench_run_once() {
  local name=$1 threads=$2 round=$3
  local calls=${4:-$((BENCH_CALLS_EACH / ${BENCH_CALL_SCALE[$name]:-1}))}
  local procs=1 per_proc_threads=$threads tag i status=ok
  if [ -n "${BENCH_PROCS_PER_THREAD[$name]:-}" ]; then
    procs=$threads
    per_proc_threads=1
    calls=$((calls / threads))
  fi
  tag="$name-t$threads-r$round"
  local pids=()
  for i in $(seq 1 "$procs"); do
    (
      export BENCH_THREADS=$per_proc_threads BENCH_CALLS=$calls BENCH_WARMUP=$BENCH_WARMUP_EACH
      export BENCH_LAT_FILE="$BENCH_WORK/lat/$tag-p$i.txt"
      eval "exec /usr/bin/time -f '%M %U %S %w %c' -o $BENCH_WORK/runs/$tag-p$i.rss ${BENCH_COMMAND[$name]}" \
        > "$BENCH_WORK/runs/$tag-p$i.out" 2> "$BENCH_WORK/runs/$tag-p$i.err"
    ) &
    pids+=($!)
  done
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || status=failed
  done
  # Several processes: calls, CPU times and switches add up, the slowest
  # one's time counts, peak RSS is the largest one's; cold is the first
  # process's.
  local total_calls=0 seconds=0 cold="" rss=0 lats="" cpu=0 line c s k u
  local process=(0 0 0 0) r pu ps pw pc
  for i in $(seq 1 "$procs"); do
    line=$(grep '^BENCH ' "$BENCH_WORK/runs/$tag-p$i.out" | tail -n 1 || true)
    if [ -z "$line" ]; then
      status=failed
      continue
    fi
    c=$(sed -n 's/.* calls=\([0-9]*\).*/\1/p' <<< "$line")
    s=$(sed -n 's/.* seconds=\([0-9.]*\).*/\1/p' <<< "$line")
    k=$(sed -n 's/.* cold_ms=\([0-9.]*\).*/\1/p' <<< "$line")
    u=$(sed -n 's/.* cpu_s=\([0-9.]*\).*/\1/p' <<< "$line")
    read -r r pu ps pw pc < <(tail -n 1 "$BENCH_WORK/runs/$tag-p$i.rss" 2> /dev/null || echo 0 0 0 0 0)
    total_calls=$((total_calls + c))
    seconds=$(awk -v a="$seconds" -v b="$s" 'BEGIN { print (b > a) ? b : a }')
    cpu=$(awk -v a="$cpu" -v b="${u:-0}" 'BEGIN { print a + b }')
    read -r -a process < <(awk -v a="${process[*]}" -v b="$pu $ps $pw $pc" \
      'BEGIN { split(a, x); split(b, y); print x[1] + y[1], x[2] + y[2], x[3] + y[3], x[4] + y[4] }')
    [ -z "$cold" ] && cold=$k
    [ "$r" -gt "$rss" ] 2> /dev/null && rss=$r
    lats="$lats${lats:+,}$BENCH_WORK/lat/$tag-p$i.txt"
  done
  if [ "$status" != ok ]; then
    bench_log "$tag FAILED:"
    cat "$BENCH_WORK/runs/$tag"-p*.err >&2
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$threads" "$round" "$total_calls" \
    "$seconds" "${cold:-0}" "$rss" "${lats:--}" "$status" "$cpu" "${process[@]}" >> "$BENCH_WORK/results.tsv"
  bench_log "$tag: $total_calls calls in ${seconds}s, peak RSS ${rss} kB, $status"
}

# bench_interleave ROUNDS THREADS...: A B C ... B C A ... C A B ..., every
# client at every thread count in each round, so that drift hits all of
# them alike, each round starting one client later so that no client always
# follows the same one (the machine's speed also varies within a round);
# first round 0, every client with BENCH_FIXED_CALLS timed calls per thread.
bench_interleave() {
  local rounds=$1 round threads name i count=${#BENCH_CLIENTS[@]}
  shift
  for threads in "$@"; do
    for name in "${BENCH_CLIENTS[@]}"; do
      bench_run_once "$name" "$threads" 0 "$((BENCH_FIXED_CALLS * threads))"
    done
  done
  for round in $(seq 1 "$rounds"); do
    for threads in "$@"; do
      for i in $(seq 0 $((count - 1))); do
        bench_run_once "${BENCH_CLIENTS[$(((i + round - 1) % count))]}" "$threads" "$round"
      done
    done
  done
}

# bench_cpu_snapshot NAME: sets the array NAME to "MACHINE OURS STEAL" in
# CPU seconds so far: the time the machine was busy (/proc/stat user, nice,
# system, irq and softirq: a process's time includes the interrupts handled
# while it ran, such as the loopback traffic it sends), the part this
# harness accounts for (its reaped children, clients included, and nginx's
# processes), and the time the host took from this virtual machine (steal:
# its vCPUs were ready but not run).  The difference between two snapshots
# of the first two is what other processes used meanwhile.  Call it as a
# command, never in $(...): `times` in a subshell sees none of this shell's
# children.
bench_cpu_snapshot() {
  local -n snapshot=$1
  local hz busy steal nginx=0 pid ticks
  hz=$(getconf CLK_TCK)
  read -r busy steal < <(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $9 }' /proc/stat)
  times > "$BENCH_WORK/times.txt"
  for pid in ${NGINX_PID:-} $(pgrep -P "${NGINX_PID:-0}" 2> /dev/null); do
    ticks=$(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2> /dev/null || echo 0)
    nginx=$((nginx + ticks))
  done
  read -r -a snapshot < <(awk -v busy="$busy" -v steal="$steal" -v nginx="$nginx" -v hz="$hz" 'NR == 2 {
      gsub(/[ms]/, " ")
      printf "%.2f %.2f %.2f\n", busy / hz, $1 * 60 + $2 + $3 * 60 + $4 + nginx / hz, steal / hz
    }' "$BENCH_WORK/times.txt")
}

# bench_measure KEY VALUE: a figure for the report (measures.tsv).
bench_measure() { printf '%s\t%s\n' "$1" "$2" >> "$BENCH_WORK/measures.tsv"; }
