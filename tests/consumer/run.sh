#!/bin/sh
# run.sh BUILD_DIR SOURCE_DIR
# Installs the build into a fresh prefix, then builds and runs the consumer
# three times: with find_package(extapi), against extapi::extapi and
# extapi::extapi_static, and with pkg-config.  Also checks that
# the installed shared library exports nothing but ext_* symbols.
set -eu
build=$1 source=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"
cmake --install "$build" --prefix "$prefix" > "$work/install.log"
lib=$(find "$prefix" -name 'libextapi.so.1' | head -n 1)
libdir=$(dirname "$lib")
extra=$(nm -D --defined-only "$lib" | awk '{print $NF}' | grep -v '^ext_' | grep -v '^LIBEXTAPI_1$' || true)
if [ -n "$extra" ]; then
  echo "exported symbols other than ext_*: $extra" >&2
  exit 1
fi
test -f "$libdir/libextapi.a"

cmake -S "$source/tests/consumer" -B "$work/cmake-build" -DCMAKE_PREFIX_PATH="$prefix" > "$work/configure.log"
cmake --build "$work/cmake-build" > "$work/build.log"
LD_LIBRARY_PATH="$libdir" "$work/cmake-build/consumer"
# The static one needs no libextapi.so at run time, and has none linked.
if readelf -d "$work/cmake-build/consumer_static" | grep -q 'libextapi\.so'; then
  echo "consumer_static links libextapi.so" >&2
  exit 1
fi
"$work/cmake-build/consumer_static"

PKG_CONFIG_PATH="$libdir/pkgconfig" 
export PKG_CONFIG_PATH
cc -std=c89 -pedantic -Wall -Werror -o "$work/consumer-pc" "$source/tests/consumer/consumer.c" \
   $(pkg-config --cflags --libs extapi)
LD_LIBRARY_PATH="$libdir" "$work/consumer-pc"
