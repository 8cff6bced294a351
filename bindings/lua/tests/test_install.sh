#!/bin/sh
# test_install.sh BUILD_DIR SOURCE_DIR PREFIX LIBDIR DATADIR
# Installs the Lua binding the three ways README.md gives, each followed by
# a call against the emulator ($EXTAPI_EMULATOR_URL):
#  1. cmake --install to the configured (default) prefix, staged with
#     DESTDIR: lua5.4's own default package.path/cpath entries for PREFIX,
#     re-rooted under DESTDIR, must find both files, and PREFIX/LIBDIR must
#     be a directory ldconfig searches;
#  2. cmake --install --prefix to a non-default prefix, with the LUA_PATH,
#     LUA_CPATH and LD_LIBRARY_PATH the README gives;
#  3. luarocks make into a throwaway tree, with `luarocks path`.
# Ends with "N passed, N failed".
set -u
build=$1 src=$2 prefix=$3 libdir=$4 datadir=$5
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }

# The call every installation must be able to make (prints "ok 1.1.0").
call='local extapi = require "extapi"
local s = assert(extapi.Session({profile = "xmc", base_url = arg[1], client_id = "xmc-client",
                                 client_secret_env = "XMC_CLIENT_SECRET"}))
local r = assert(s:graphql("{ network { devices { ip } } }"))
assert(r.data.network.devices[1].ip == "10.0.0.1")
print("ok " .. extapi.version(), package.searchpath("extapi.core", package.cpath))'
echo "$call" > "$work/call.lua"
run_call() { # env assignments... ; the output must start with "ok"
  env "$@" lua5.4 "$work/call.lua" "$EXTAPI_EMULATOR_URL" > "$work/out" 2>&1 && grep -q '^ok ' "$work/out"
}

# 1. Default prefix.
stage="$work/stage"
if DESTDIR="$stage" cmake --install "$build" > "$work/install.log" 2>&1; then ok; else fail "DESTDIR install"; cat "$work/install.log"; fi
reroot() { # a search path with its entries under $prefix re-rooted in $stage
  echo "$1" | tr ';' '\n' | sed "s|^$prefix/|$stage$prefix/|" | paste -sd ';'
}
default_path=$(lua5.4 -e 'print(package.path)') default_cpath=$(lua5.4 -e 'print(package.cpath)')
if run_call LUA_PATH="$(reroot "$default_path")" LUA_CPATH="$(reroot "$default_cpath")" \
            LD_LIBRARY_PATH="$stage$prefix/$libdir"; then ok; else fail "default prefix: $(cat "$work/out")"; fi
grep -q "^ok .*$stage$prefix/$libdir/lua/5.4/extapi/core.so" "$work/out" || fail "default prefix: $(cat "$work/out")"
if grep -rqsx "$prefix/$libdir" /etc/ld.so.conf /etc/ld.so.conf.d; then ok
else fail "$prefix/$libdir is not in ld.so.conf: the README's ldconfig step would not find libextapi"; fi

# 2. A non-default prefix, with the README's variables.
p="$work/opt/extapi"
if cmake --install "$build" --prefix "$p" > "$work/install.log" 2>&1; then ok; else fail "--prefix install"; cat "$work/install.log"; fi
if run_call LUA_PATH="$p/$datadir/lua/5.4/?.lua;;" LUA_CPATH="$p/$libdir/lua/5.4/?.so;;" LD_LIBRARY_PATH="$p/$libdir"
then ok; else fail "non-default prefix: $(cat "$work/out")"; fi
grep -q "^ok .*$p/$libdir/lua/5.4/extapi/core.so" "$work/out" || fail "loaded another extapi.core: $(cat "$work/out")"

# 3. luarocks make, from a copy of the sources (the build writes beside the
# rockspec), against the library installed in 2.
mkdir -p "$work/src/bindings" && cp -r "$src/bindings/lua" "$src/bindings/swig" "$work/src/bindings/"
version=$(sed -n 's/^#define EXTAPI_VERSION_\(MAJOR\|MINOR\|PATCH\) \([0-9]*\)$/\2/p' "$src/include/extapi.h" | paste -sd.)
rockspec="extapi-$version-1.rockspec"
[ -f "$work/src/bindings/lua/$rockspec" ] && ok || fail "no $rockspec for library version $version"
tree="$work/tree"
if (cd "$work/src/bindings/lua" && luarocks --lua-version 5.4 make --tree "$tree" "$rockspec" EXTAPI_DIR="$p") \
     > "$work/rock.log" 2>&1; then ok; else fail "luarocks make"; cat "$work/rock.log"; fi
eval "$(luarocks --lua-version 5.4 path --tree "$tree")"
# No LD_LIBRARY_PATH: the rock's core.so carries an rpath to EXTAPI_DIR.
if run_call LUA_PATH="$LUA_PATH" LUA_CPATH="$LUA_CPATH"; then ok; else fail "luarocks tree: $(cat "$work/out")"; fi
grep -q "^ok $version.*$tree/lib/lua/5.4/extapi/core.so" "$work/out" || fail "not the rock's module: $(cat "$work/out")"
if readelf -d "$tree/lib/lua/5.4/extapi/core.so" | grep -q liblua; then fail "the rock links liblua"; else ok; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
