#!/bin/sh
# The README's first command.  Installs the dependencies, builds the library,
# the extapi tool and the emulator (only those: seconds to a minute or two),
# installs the library and the tool into ./build/prefix (their components
# only, so nothing the partial build did not make is wanted), compiles
# examples/demo.c with pkg-config and runs it against the emulator, then
# runs `extapi demo`: login, GraphQL, a paged listing, refresh, logout.
set -eu
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
cmake --build build -j "$(nproc)" --target extapi extapi_static extapi-emulator extapi-cli
for component in libextapi1 libextapi-dev extapi-cli; do
  cmake --install build --prefix "$PWD/build/prefix" --component "$component" > /dev/null
done
libdir=$(dirname "$(find "$PWD/build/prefix" -name libextapi.so.1 | head -n 1)")
PKG_CONFIG_PATH="$libdir/pkgconfig" cc -o build/demo examples/demo.c \
  $(PKG_CONFIG_PATH="$libdir/pkgconfig" pkg-config --cflags --libs extapi)
echo "== examples/demo.c, built with pkg-config against build/prefix"
LD_LIBRARY_PATH="$libdir" tests/emulator/with-emulator.sh build/tests/emulator/extapi-emulator \
  sh -c 'build/demo "$EXTAPI_EMULATOR_URL"'
echo "== build/prefix/bin/extapi demo"
LD_LIBRARY_PATH="$libdir" build/prefix/bin/extapi demo
