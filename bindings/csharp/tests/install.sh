#!/bin/sh
# install.sh LIB_BUILD CSHARP_BUILD SCRATCH LIBDIR EXAMPLE MONO CMAKE MCS DEFAULT_PREFIX README
# Checks the README's install steps.  Installs the library (LIB_BUILD: its
# build directory, src/) and the C# binding (CSHARP_BUILD) - only those
# two, so other bindings' state cannot break this test - twice:
#  1. with the default prefix, under a DESTDIR: the assembly path the
#     README gives for a default install must be the one installed;
#  2. into a non-default prefix, then compiles the example against the
#     installed ExtApi.dll and runs it with MONO_PATH as the README says,
#     and no LD_LIBRARY_PATH: Mono must find libextapi_csharp.so next to
#     ExtApi.dll and that must find libextapi through its RUNPATH.
# Run under with-emulator.sh.
set -eu
lib_build=$1 csharp_build=$2 scratch=$3 libdir=$4 example=$5 mono=$6 cmake=$7 mcs=$8 default_prefix=$9
readme=${10}
rm -rf "$scratch"
for dir in "$lib_build" "$csharp_build"; do
  DESTDIR="$scratch/destdir" "$cmake" --install "$dir" > /dev/null
done
default_dll="$default_prefix/$libdir/cli/extapi/ExtApi.dll"
test -f "$scratch/destdir$default_dll" || { echo "a default install has no $default_dll" >&2; exit 1; }
grep -qF -- "-r:$default_dll" "$readme" || { echo "$readme does not give -r:$default_dll" >&2; exit 1; }

prefix="$scratch/prefix"
for dir in "$lib_build" "$csharp_build"; do
  "$cmake" --install "$dir" --prefix "$prefix" > /dev/null
done
mkdir "$scratch/consumer"
cd "$scratch/consumer"
cp "$example" Example.cs
"$mcs" -nologo -r:"$prefix/$libdir/cli/extapi/ExtApi.dll" -out:Example.exe Example.cs
unset LD_LIBRARY_PATH
MONO_PATH="$prefix/$libdir/cli/extapi" exec "$mono" Example.exe "$EXTAPI_EMULATOR_URL"
