#!/bin/sh
# install.sh LIB_BUILD CSHARP_BUILD PREFIX LIBDIR EXAMPLE MONO CMAKE
# Installs the library (LIB_BUILD: its build directory, src/) and the C#
# binding (CSHARP_BUILD) into a scratch PREFIX - only those two, so other
# bindings' state cannot break this test - then runs the example against
# the installed ExtApi.dll alone: no LD_LIBRARY_PATH, so Mono must find
# libextapi_csharp.so next to ExtApi.dll and that must find libextapi
# through its RUNPATH.  Run under with-emulator.sh.
set -eu
lib_build=$1 csharp_build=$2 prefix=$3 libdir=$4 example=$5 mono=$6 cmake=$7
rm -rf "$prefix"
for dir in "$lib_build" "$csharp_build"; do
  "$cmake" --install "$dir" --prefix "$prefix" > /dev/null
done
mkdir "$prefix/consumer"
cp "$example" "$prefix/consumer/"
unset LD_LIBRARY_PATH
MONO_PATH="$prefix/$libdir/cli/extapi" exec "$mono" "$prefix/consumer/Example.exe" "$EXTAPI_EMULATOR_URL"
