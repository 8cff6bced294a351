#!/bin/sh
# install.sh BUILD_DIR WORK_DIR CARGO CMAKE
# Installs the project from BUILD_DIR into WORK_DIR/prefix, then builds and
# runs a consumer crate that depends on `extapi = "1"` from the installed
# crate sources, served as a directory registry (Debian's arrangement), and
# links the installed library found through pkg-config.
set -eu
build=$1
work=$2
cargo=$3
cmake=$4
rm -rf "$work"
mkdir -p "$work/consumer/src" "$work/consumer/.cargo"
"$cmake" --install "$build" --prefix "$work/prefix" > /dev/null

registry=$(find "$work/prefix" -type d -path '*/cargo/registry')
pcfile=$(find "$work/prefix" -name extapi.pc)
libdir=$(dirname "$(dirname "$pcfile")")
test -f "$registry/extapi-"*/.cargo-checksum.json

cat > "$work/consumer/.cargo/config.toml" <<TOML
[source.crates-io]
replace-with = "installed"
[source.installed]
directory = "$registry"
TOML
cat > "$work/consumer/Cargo.toml" <<'TOML'
[package]
name = "consumer"
version = "0.1.0"
edition = "2021"
[dependencies]
extapi = "1"
TOML
cat > "$work/consumer/src/main.rs" <<'RUST'
fn main() {
    let session = extapi::Session::new(r#"{"profile": "nope"}"#).unwrap();
    let err = session.login().unwrap_err();
    assert_eq!(err.code(), &extapi::ErrorCode::InvalidConfig);
    println!("extapi {}: {}", extapi::version(), err);
}
RUST

# Only the installed files may be used: no build-tree library directory.
unset EXTAPI_LIB_DIR
cd "$work/consumer"
CARGO_HOME="$work/cargo-home" CARGO_TARGET_DIR="$work/target" PKG_CONFIG_PATH="$(dirname "$pcfile")" \
  "$cargo" build --offline
LD_LIBRARY_PATH="$libdir" "$work/target/debug/consumer"
