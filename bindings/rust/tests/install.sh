#!/bin/sh
# install.sh BUILD_DIR WORK_DIR CARGO CMAKE REGISTRY
# Installs the project from BUILD_DIR into WORK_DIR/prefix (a non-default
# prefix), then builds and runs a throwaway crate that depends on the
# installed extapi and extapi-sys by path, with serde_json and pkg-config
# from REGISTRY (Debian's packaged crates) and the installed library found
# the way the README says: PKG_CONFIG_PATH at build time, LD_LIBRARY_PATH
# (or ldconfig) at run time.  Then checks the build script's error when
# pkg-config cannot find the library.
set -eu
build=$1
work=$2
cargo=$3
cmake=$4
registry=$5
rm -rf "$work"
mkdir -p "$work/consumer/src" "$work/cargo-home"
# The library (runtime and development files) and this binding only: the
# rest of a full `cmake --install` is the other bindings'.
for component in libextapi1 libextapi-dev extapi-rust; do
  "$cmake" --install "$build" --prefix "$work/prefix" --component "$component" > /dev/null
done

crates="$work/prefix/share/extapi/rust"
pcfile=$(find "$work/prefix" -name extapi.pc)
libdir=$(dirname "$(dirname "$pcfile")")
test -f "$crates/Cargo.toml" && test -f "$crates/extapi-sys/build.rs"

cat > "$work/cargo-home/config.toml" <<TOML
[source.crates-io]
replace-with = "packaged"
[source.packaged]
directory = "$registry"
TOML
cat > "$work/consumer/Cargo.toml" <<TOML
[package]
name = "consumer"
version = "0.1.0"
edition = "2021"
[dependencies]
extapi = { path = "$crates" }
extapi-sys = { path = "$crates/extapi-sys" }
TOML
cat > "$work/consumer/src/main.rs" <<'RUST'
use std::ffi::CStr;

fn main() {
    // The safe crate: a bad configuration is an error at construction.
    let err = extapi::Session::new(&extapi::Config {
        profile: "nope".into(),
        ..Default::default()
    })
    .unwrap_err();
    assert_eq!(err.code(), &extapi::ErrorCode::InvalidConfig);
    assert_eq!(err.key(), Some("profile"));
    // The raw crate links the same library.
    let raw = unsafe { CStr::from_ptr(extapi_sys::ext_version()) };
    assert_eq!(raw.to_str().unwrap(), extapi::version());
    println!("extapi {}: {}", extapi::version(), err);
}
RUST

# Only the installed files may be used: no build-tree library directory.
unset EXTAPI_LIB_DIR
export CARGO_HOME="$work/cargo-home" CARGO_TARGET_DIR="$work/target"
cd "$work/consumer"
PKG_CONFIG_PATH="$(dirname "$pcfile")" "$cargo" build --offline
LD_LIBRARY_PATH="$libdir" "$work/target/debug/consumer"

# Without PKG_CONFIG_PATH the build must stop with the error that says
# what to set, not with a linker error.
"$cargo" clean --offline -p extapi-sys
if PKG_CONFIG_PATH= PKG_CONFIG_LIBDIR="$work/empty" "$cargo" build --offline > "$work/no-pc.log" 2>&1; then
  echo "the build succeeded without finding libextapi" >&2
  exit 1
fi
for word in PKG_CONFIG_PATH EXTAPI_LIB_DIR "libextapi >= 1.1 was not found"; do
  grep -q "$word" "$work/no-pc.log" || { echo "the build error does not mention $word:" >&2; cat "$work/no-pc.log" >&2; exit 1; }
done
echo "install test passed"
