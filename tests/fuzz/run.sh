#!/bin/sh
# The fuzz tests' driver (see README.md here).
#
#   run.sh build SOURCE_DIR FUZZ_BUILD_DIR
#       configures a fuzz build (clang-14, -DEXTAPI_BUILD_FUZZERS=ON, the
#       library and the fuzzers only) and builds every fuzz target with
#       CMake (cmake --build --target fuzzers).
#   run.sh run SOURCE_DIR FUZZ_BUILD_TESTS_DIR TARGET SECONDS [libFuzzer flags...]
#       replays tests/fuzz/crashes/TARGET/* (every reproducer once), then
#       fuzzes TARGET for SECONDS from a scratch copy of
#       tests/fuzz/corpus/TARGET/.  Fails on any crash, leak, timeout or
#       broken invariant; the input is left in FUZZ_BUILD_TESTS_DIR/artifacts/.
set -eu
mode=$1 source=$2 dir=$3
case $mode in
build)
  cmake -S "$source" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
    -DEXTAPI_BUILD_FUZZERS=ON -DEXTAPI_BUILD_TESTS=OFF -DEXTAPI_BUILD_BINDINGS=OFF -DEXTAPI_BUILD_CLI=OFF \
    -DEXTAPI_MAN_PAGES=OFF > "$dir.configure.log" 2>&1 ||
    { cat "$dir.configure.log"; exit 1; }
  exec cmake --build "$dir" --target fuzzers -j "${EXTAPI_FUZZ_JOBS:-2}"
  ;;
run)
  target=$4 seconds=$5
  shift 5
  binary="$dir/fuzz_$target"
  corpus="$dir/corpus/$target"
  artifacts="$dir/artifacts"
  mkdir -p "$corpus" "$artifacts"
  cp "$source/tests/fuzz/corpus/$target"/* "$corpus/"
  export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
  export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
  failed=0
  if [ -d "$source/tests/fuzz/crashes/$target" ]; then
    for reproducer in "$source/tests/fuzz/crashes/$target"/*; do
      [ -f "$reproducer" ] || continue
      echo "replaying $reproducer"
      "$binary" -timeout=10 -rss_limit_mb=2048 "$reproducer" || { echo "FAILED: $reproducer"; failed=1; }
    done
  fi
  dict="$source/tests/fuzz/dict/$target.dict"
  [ -f "$dict" ] && set -- -dict="$dict" "$@"
  "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
    -print_final_stats=1 -artifact_prefix="$artifacts/$target-" "$@" "$corpus" || failed=1
  exit $failed
  ;;
*)
  echo "usage: $0 build SOURCE FUZZ_BUILD_DIR | run SOURCE FUZZ_BUILD_TESTS_DIR TARGET SECONDS" >&2
  exit 2
  ;;
esac
