#!/bin/sh
# The main job end to end: install the dependencies, build and install the
# library into ./build/prefix, compile examples/demo.c with pkg-config, and
# run it against the emulator (login, GraphQL, REST, forced refresh, logout).
set -eu
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
cmake --build build -j "$(nproc)" --target extapi extapi_static extapi-emulator
cmake --install build --prefix "$PWD/build/prefix" > /dev/null
libdir=$(dirname "$(find "$PWD/build/prefix" -name libextapi.so.1 | head -n 1)")
PKG_CONFIG_PATH="$libdir/pkgconfig" cc -o build/demo examples/demo.c \
  $(PKG_CONFIG_PATH="$libdir/pkgconfig" pkg-config --cflags --libs extapi)
LD_LIBRARY_PATH="$libdir" tests/emulator/with-emulator.sh build/tests/emulator/extapi-emulator \
  sh -c 'build/demo "$EXTAPI_EMULATOR_URL"'
