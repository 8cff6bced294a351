//! Links libextapi.  `EXTAPI_LIB_DIR`, when set, names the directory that
//! holds libextapi.so (CMake sets it to its build tree) and pkg-config is
//! not asked; otherwise `pkg-config extapi` (at least 1.1, the version
//! whose functions `src/lib.rs` declares) gives the flags.  Failing both,
//! the build stops with an error saying how to point it at the library,
//! instead of a linker error about `-lextapi` later.

use std::env;

/// The first library version that has every function src/lib.rs declares.
const MIN_VERSION: &str = "1.1";

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=EXTAPI_LIB_DIR");

    if let Some(dir) = env::var_os("EXTAPI_LIB_DIR").filter(|dir| !dir.is_empty()) {
        let dir = dir.to_string_lossy();
        println!("cargo:rustc-link-search=native={}", dir);
        println!("cargo:rustc-link-lib=dylib=extapi");
        // Published to dependents' build scripts as DEP_EXTAPI_LIB_DIR.
        println!("cargo:lib_dir={}", dir);
        return;
    }

    // The pkg-config crate prints the link flags and rerun-if-env-changed
    // lines for PKG_CONFIG_PATH and friends itself.
    match pkg_config::Config::new()
        .atleast_version(MIN_VERSION)
        .probe("extapi")
    {
        Ok(library) => {
            if let Some(dir) = library.link_paths.first() {
                println!("cargo:lib_dir={}", dir.display());
            }
        }
        Err(e) => {
            eprintln!(
                "\nextapi-sys: libextapi >= {min} was not found.\n\
                 Install it (cmake --install, then ldconfig), and if its prefix is not\n\
                 a default one, add <prefix>/lib/<multiarch>/pkgconfig (where extapi.pc is)\n\
                 to PKG_CONFIG_PATH; or set EXTAPI_LIB_DIR to the directory that holds\n\
                 libextapi.so to skip pkg-config.\n\
                 pkg-config said: {e}\n",
                min = MIN_VERSION,
                e = e
            );
            panic!(
                "libextapi >= {} not found: set PKG_CONFIG_PATH or EXTAPI_LIB_DIR (see above)",
                MIN_VERSION
            );
        }
    }
}
