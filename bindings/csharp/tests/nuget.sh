#!/bin/sh
# nuget.sh CSHARP_BUILD VERSION EXAMPLE NUGET MCS MONO
# A fresh project consumes ExtApi.VERSION.nupkg as a user would: restores it
# from a local folder feed through packages.config, compiles the example
# against the restored assembly, puts the package's runtimes/linux-x64/native
# libraries beside the program (what MSBuild does for a .NET project; Mono
# with mcs has no build step to do it) and runs it, with no LD_LIBRARY_PATH,
# against the emulator.  Run under with-emulator.sh.
set -eu
out=$1 version=$2 example=$3 nuget=$4 mcs=$5 mono=$6
work=$out/nuget-test
rm -rf "$work"
mkdir -p "$work/feed" "$work/app/bin"
cp "$out/ExtApi.$version.nupkg" "$work/feed/"
# A scratch HOME: no user NuGet.config, no machine cache from an earlier run.
export HOME="$work/home"
cd "$work/app"
cp "$example" Program.cs
cat > packages.config <<XML
<?xml version="1.0" encoding="utf-8"?>
<packages>
  <package id="ExtApi" version="$version" targetFramework="net45" />
</packages>
XML
"$nuget" install packages.config -OutputDirectory packages -Source "$work/feed" -NonInteractive
pkg=packages/ExtApi.$version
for f in lib/net45/ExtApi.dll lib/net45/ExtApi.xml runtimes/linux-x64/native/libextapi_csharp.so; do
  test -f "$pkg/$f" || { echo "the package has no $f" >&2; exit 1; }
done
"$mcs" -nologo -r:"$pkg/lib/net45/ExtApi.dll" -out:bin/Program.exe Program.cs
cp "$pkg/lib/net45/ExtApi.dll" "$pkg"/runtimes/linux-x64/native/* bin/
unset LD_LIBRARY_PATH
exec "$mono" bin/Program.exe "$EXTAPI_EMULATOR_URL"
