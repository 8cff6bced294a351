#!/bin/sh
# cli_packages: builds the three Debian packages with cpack, runs lintian
# on them (its findings are printed; errors fail the test), extracts them
# with dpkg -x into a throwaway root, and builds and runs a C program there
# with pkg-config (PKG_CONFIG_SYSROOT_DIR), then the packaged tool.
# Usage: packages.sh BUILD_DIR SOURCE_DIR EMULATOR
set -u
build=$1 src=$2 emulator=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

cmake --build "$build" --target extapi extapi_static extapi-cli extapi-emulator > "$tmp/build.log" 2>&1 ||
  { cat "$tmp/build.log"; fail "build"; }
(cd "$tmp" && cpack --config "$build/CPackConfig.cmake" -B "$tmp/out" > "$tmp/cpack.log" 2>&1) ||
  { cat "$tmp/cpack.log"; fail "cpack"; }
for pkg in libextapi1 libextapi-dev extapi-cli; do
  deb=$(ls "$tmp/out/${pkg}_"*.deb 2> /dev/null | head -n 1)
  [ -n "$deb" ] || fail "no $pkg package"
  eval "deb_$(echo $pkg | tr -- - _)=\$deb"
  echo "== $pkg: $(basename "$deb")"
  dpkg-deb -f "$deb" Package Version Architecture Depends
done

# Contents and dependencies.
has() { dpkg-deb -c "$1" | grep -q "$2" || fail "$(basename "$1") lacks $2"; }
has "$deb_libextapi1" './usr/lib/\(.*/\)\{0,1\}libextapi.so.1.[0-9.]*$'
has "$deb_libextapi_dev" './usr/include/extapi.h'
has "$deb_libextapi_dev" './usr/lib/.*libextapi.a'
has "$deb_libextapi_dev" './usr/lib/.*pkgconfig/extapi.pc'
has "$deb_libextapi_dev" './usr/lib/.*cmake/extapi/extapiConfig.cmake'
has "$deb_libextapi_dev" './usr/share/man/man3/extapi.3.gz'
has "$deb_extapi_cli" './usr/bin/extapi$'
has "$deb_extapi_cli" './usr/share/man/man1/extapi.1.gz'
has "$deb_extapi_cli" './usr/share/bash-completion/completions/extapi'
dpkg-deb -c "$deb_libextapi1" | grep -q 'include/\|\.a$\|bin/' && fail "libextapi1 carries development files or programs"
dpkg-deb -f "$deb_libextapi1" Depends | grep -q 'libcurl4' || fail "libextapi1 does not depend on libcurl4"
dpkg-deb -f "$deb_libextapi1" Depends | grep -q 'libcjson1' || fail "libextapi1 does not depend on libcjson1"
dpkg-deb -f "$deb_libextapi_dev" Depends | grep -q 'libextapi1 (= ' || fail "libextapi-dev does not depend on libextapi1 (= version)"
dpkg-deb -f "$deb_extapi_cli" Depends | grep -q 'libextapi1' || fail "extapi-cli does not depend on libextapi1"

# lintian, where Debian's checks apply to a package built outside a source
# package; an error fails the test, the rest is reported.
if command -v lintian > /dev/null 2>&1; then
  for deb in "$deb_libextapi1" "$deb_libextapi_dev" "$deb_extapi_cli"; do
    lintian --tag-display-limit 0 "$deb" > "$tmp/lintian.log" 2>&1
    echo "== lintian $(basename "$deb"):"; cat "$tmp/lintian.log"
    grep -q '^E: ' "$tmp/lintian.log" && fail "lintian errors in $(basename "$deb")"
  done
else
  echo "lintian not installed: skipped (scripts/install-deps.sh installs it)"
fi

# A throwaway root: the packages' files only, no dpkg database touched.
root="$tmp/root"
for deb in "$deb_libextapi1" "$deb_libextapi_dev" "$deb_extapi_cli"; do dpkg -x "$deb" "$root"; done
pcdir=$(dirname "$(find "$root" -name extapi.pc | head -n 1)")
libdir=$(dirname "$(find "$root" -name libextapi.so.1 | head -n 1)")
cat > "$tmp/consumer.c" <<'C'
#include <stdio.h>
#include <string.h>
#include <extapi.h>
int main(int argc, char **argv) {
    char config[256];
    ext_session *s;
    char *r;
    int ok;
    snprintf(config, sizeof config, "{\"profile\":\"basic\",\"base_url\":\"%s\","
             "\"username\":\"basic-user\",\"password_env\":\"BASIC_PASSWORD\"}", argc > 1 ? argv[1] : "");
    s = ext_session_new(config);
    r = ext_request(s, "GET", "/api/packaged", NULL);
    ok = strncmp(r, "{\"ok\":true", 10) == 0;
    printf("libextapi %s: %s\n", ext_version(), r);
    ext_string_free(r);
    ext_session_free(s);
    return ok ? 0 : 1;
}
C
flags=$(PKG_CONFIG_SYSROOT_DIR="$root" PKG_CONFIG_LIBDIR="$pcdir" pkg-config --cflags --libs extapi) ||
  fail "pkg-config does not find extapi in the root"
echo "pkg-config: $flags"
# The .pc file is relocatable (paths from its own place), so the flags point
# into the root whether or not the sysroot is applied.
incdir=$(echo "$flags" | tr ' ' '\n' | sed -n 's/^-I//p' | head -n 1)
[ "$(realpath "$incdir")" = "$(realpath "$root/usr/include")" ] || fail "pkg-config's -I ($incdir) is not the root's"
cc -o "$tmp/consumer" "$tmp/consumer.c" $flags || fail "the consumer does not build"
readelf -d "$tmp/consumer" | grep -q 'libextapi.so.1' || fail "the consumer is not linked to libextapi.so.1"
BASIC_PASSWORD=basic-password LD_LIBRARY_PATH="$libdir" "$src/tests/emulator/with-emulator.sh" "$emulator" \
  sh -c '"$0" "$EXTAPI_EMULATOR_URL"' "$tmp/consumer" > "$tmp/run.log" 2>&1 || { cat "$tmp/run.log"; fail "the consumer failed"; }
cat "$tmp/run.log"
grep -q '"path":"/api/packaged"' "$tmp/run.log" || fail "the consumer's call did not reach the emulator"
LD_LIBRARY_PATH="$libdir" ldd "$tmp/consumer" | grep libextapi | grep -q "$root" || fail "the consumer ran with another libextapi"

# The packaged tool, with its packaged emulator.
LD_LIBRARY_PATH="$libdir" "$root/usr/bin/extapi" demo > "$tmp/demo.log" 2>&1 || { cat "$tmp/demo.log"; fail "packaged extapi demo"; }
grep -q "libexec/extapi/extapi-emulator" "$tmp/demo.log" || fail "the packaged demo did not use the packaged emulator"
grep -q "every step succeeded" "$tmp/demo.log" || fail "packaged extapi demo output"
echo PASS
