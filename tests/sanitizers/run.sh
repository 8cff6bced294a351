#!/bin/sh
# run.sh asan|tsan SOURCE_DIR TREE_DIR
#
# Configures (once) and builds a sanitized build tree of the project in
# TREE_DIR, then runs its tests with ctest.  Used by the asan_suite and
# tsan_concurrency tests (tests/sanitizers/CMakeLists.txt); also by hand:
#   tests/sanitizers/run.sh asan . build-asan
#   tests/sanitizers/run.sh tsan . build-tsan
# EXTAPI_SANITIZER_JOBS (default 2) bounds the build's and ctest's jobs.
#
# asan: -fsanitize=address,undefined -fno-sanitize-recover=undefined on the
#   library, the emulator and every C suite; ctest runs every test of that
#   tree except:
#     valgrind_*, reliability_faults_valgrind
#                       valgrind cannot run an ASan binary (both replace
#                       the allocator and shadow memory);
#     fuzz_*            build their own clang-14 libFuzzer+ASan binaries
#                       (already sanitized), in the main tree;
#     reliability_load, reliability_doc
#                       the timed load test and the document generated from
#                       the main tree's figures: timing under ASan means
#                       nothing (reliability_faults, the fault matrix, runs);
#     install_consumer  installs and links an unsanitized consumer;
#     cli_fresh_clone, cli_packages
#                       build unsanitized trees of their own (a clone, the
#                       Debian packages); every other cli_* test runs the
#                       sanitized tool (cli/tests/harness.py passes the
#                       *SAN_OPTIONS through its scrubbed environment);
#     docs_examples, docs_man  text checks of the docs, nothing to sanitize;
#     thirdparty_oauth  needs npm at test time (registry access); it runs
#                       in the main tree;
#   and the bindings (EXTAPI_BUILD_BINDINGS=OFF): the Go, C#, Lua and Rust
#   runtimes are not ASan-instrumented and would have to LD_PRELOAD
#   libasan ahead of their own allocators (Go and Mono reserve address
#   ranges ASan needs), so they are not run here; bench_smoke needs them.
# tsan: -fsanitize=thread; builds the library, the emulator and the
#   concurrency/stress suites (test_session: the threaded tests; test_cancel;
#   the conformance runner) and runs c_session, c_cancel, c_conformance
#   (and the fixtures they require: test_emulator_harness, canary_reset,
#   c_canary), with suppressions.tsan (every entry says why; none names a libextapi
#   frame).
set -eu
mode=$1
src=$(cd "$2" && pwd)
tree=$3
jobs=${EXTAPI_SANITIZER_JOBS:-2}
here=$(cd "$(dirname "$0")" && pwd)

case "$mode" in
  asan)
    flags="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g -O1"
    targets=""
    exclude='^(valgrind_|reliability_.*valgrind|fuzz_|install_consumer$|docs_|thirdparty_oauth$|bench_|reliability_load$|reliability_doc$|cli_fresh_clone$|cli_packages$)'
    include='.'
    repeat=""
    # detect_leaks: LeakSanitizer reports definite leaks at exit (the
    # valgrind tests' criterion).  The emulator is a child of each suite
    # and inherits these options.
    # EXTAPI_UNDER_VALGRIND: the suites' only switch for skipping
    # test_ext_request_out_of_memory_is_reported (tests/api/test_http_transport.c),
    # which caps RLIMIT_AS at 256 MiB: ASan reserves terabytes of shadow
    # address space and aborts ("Failed to mmap") under that cap, as valgrind
    # cannot honour it either.  Nothing else reads it.
    EXTAPI_UNDER_VALGRIND=1
    export EXTAPI_UNDER_VALGRIND
    LSAN_OPTIONS="suppressions=$here/lsan.supp:print_suppressions=0"
    export LSAN_OPTIONS
    ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1:exitcode=23"
    UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:exitcode=24"
    export ASAN_OPTIONS UBSAN_OPTIONS
    ;;
  tsan)
    flags="-fsanitize=thread -fno-omit-frame-pointer -g -O1"
    # test_emulator_harness: the emulator fixture's setup, which ctest
    # runs before the suites (tests/README.md, fixtures).
    targets="extapi extapi-emulator test_emulator_harness test_session test_cancel test_conformance"
    exclude='^$'
    include='^c_(session|cancel|conformance)$'
    # Races show up by chance: each suite runs EXTAPI_TSAN_REPEAT times.
    repeat="--repeat until-fail:${EXTAPI_TSAN_REPEAT:-3}"
    TSAN_OPTIONS="suppressions=$here/suppressions.tsan:halt_on_error=0:exitcode=66:second_deadlock_stack=1:history_size=4"
    export TSAN_OPTIONS
    ;;
  *)
    echo "usage: $0 asan|tsan SOURCE_DIR TREE_DIR" >&2
    exit 2
    ;;
esac

start=$(date +%s)
if [ ! -f "$tree/CMakeCache.txt" ]; then
  cmake -S "$src" -B "$tree" -DCMAKE_BUILD_TYPE=Debug \
    -DEXTAPI_BUILD_BINDINGS=OFF -DEXTAPI_SANITIZER_TREE=ON \
    "-DCMAKE_C_FLAGS=$flags" "-DCMAKE_CXX_FLAGS=$flags" \
    "-DCMAKE_EXE_LINKER_FLAGS=$flags" "-DCMAKE_SHARED_LINKER_FLAGS=$flags"
fi
if [ -n "$targets" ]; then
  # shellcheck disable=SC2086
  cmake --build "$tree" -j "$jobs" --target $targets
else
  cmake --build "$tree" -j "$jobs"
fi
built=$(date +%s)
echo "run.sh $mode: built in $((built - start)) s"
cd "$tree"
set +e
# shellcheck disable=SC2086
ctest --output-on-failure -j "$jobs" $repeat -R "$include" -E "$exclude"
status=$?
set -e
echo "run.sh $mode: tests ran in $(( $(date +%s) - built )) s (status $status)"
exit "$status"
