#!/bin/sh
# The test command of the README: configure, build, and run every test
# (C suites, valgrind, install/consumer check, and the language bindings).
set -eu
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
# EXTAPI_WERROR: a warning in the project's own code fails the build here.
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEXTAPI_WERROR=ON
cmake --build "$build" -j "$(nproc)"
cd "$build"
ctest --output-on-failure -j "$(nproc)"
