//! Links libextapi.  Where it is looked for, first match wins:
//! 1. `EXTAPI_LIB_DIR` (CMake sets it to its build tree);
//! 2. the `-L` directories of `pkg-config --libs-only-L extapi`;
//! 3. the linker's default search path.
//!
//! pkg-config runs as a plain process so the crate needs no build dependency.

use std::env;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=EXTAPI_LIB_DIR");
    println!("cargo:rerun-if-env-changed=PKG_CONFIG_PATH");

    match env::var("EXTAPI_LIB_DIR") {
        Ok(dir) if !dir.is_empty() => println!("cargo:rustc-link-search=native={}", dir),
        _ => {
            for dir in pkg_config_lib_dirs() {
                println!("cargo:rustc-link-search=native={}", dir);
            }
        }
    }
    println!("cargo:rustc-link-lib=dylib=extapi");
}

/// The `-L` directories pkg-config knows for extapi; none when pkg-config
/// is missing or does not know the module (the default path may still work).
fn pkg_config_lib_dirs() -> Vec<String> {
    let output = match Command::new("pkg-config")
        .args(["--libs-only-L", "extapi"])
        .output()
    {
        Ok(output) if output.status.success() => output,
        _ => return Vec::new(),
    };
    String::from_utf8_lossy(&output.stdout)
        .split_whitespace()
        .filter_map(|flag| flag.strip_prefix("-L"))
        .map(str::to_owned)
        .collect()
}
