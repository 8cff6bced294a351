#!/bin/sh
# Installs, from Debian 12's packages, everything the library, its tests
# and its bindings need.  Run as root (or through sudo).
set -eu
if [ "$(id -u)" -ne 0 ]; then
  exec sudo "$0" "$@"
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends \
  build-essential cmake pkg-config ca-certificates openssl python3 \
  libcurl4-openssl-dev libcjson-dev libssl-dev libcmocka-dev libcpp-httplib-dev \
  valgrind clang-14 clang-format-14 libclang-rt-14-dev swig golang-go mono-mcs mono-runtime lua5.4 liblua5.4-dev lua-cjson \
  nodejs
# C#: Mono's System.Json (the binding's JSON) and nuget (packs the binding's
# NuGet package, restores it in the csharp_nuget test).
apt-get install -y --no-install-recommends libmono-system-json4.0-cil nuget
# npm (tests/thirdparty installs its OAuth server with it) unless the nodejs
# package already brings it: NodeSource's nodejs provides npm and conflicts
# with Debian's npm package.
command -v npm > /dev/null 2>&1 || apt-get install -y --no-install-recommends npm
# The benchmark (bench/run.sh): its server, load generator, the clients it
# compares against, the Lua client's clock, and strace (system calls per
# call).
apt-get install -y --no-install-recommends \
  nginx-light wrk time python3-requests-oauthlib golang-golang-x-oauth2-dev lua-socket strace
# The ABI guard (tests/abi): abidw and abidiff.
apt-get install -y --no-install-recommends abigail-tools
# The extapi tool's packages and their test (cli/tests/packages.sh): dpkg-dev
# for dpkg-shlibdeps, lintian to check them, file for CPack's DEB generator.
apt-get install -y --no-install-recommends dpkg-dev lintian file
# Rust: Debian's toolchain unless one is already installed (e.g. rustup).
command -v cargo > /dev/null 2>&1 || apt-get install -y --no-install-recommends cargo rustc
# The Rust binding's crates (serde, serde_json, pkg-config), used offline from
# /usr/share/cargo/registry with rustup's cargo or Debian's.
apt-get install -y --no-install-recommends librust-serde-dev librust-serde-json-dev librust-pkg-config-dev
# The extapi(3) man page: go-md2man builds it from docs/man/extapi.3.md
# (the build fails without it unless -DEXTAPI_MAN_PAGES=OFF); man-db's man
# renders it in the docs_man test.
apt-get install -y --no-install-recommends go-md2man man-db
# The Lua binding's rockspec test (luarocks make into a throwaway tree).
apt-get install -y --no-install-recommends luarocks
