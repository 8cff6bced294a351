# Install components and Debian packages (cpack -G DEB):
#   libextapi1     the shared library
#   libextapi-dev  header, static library, pkg-config and CMake files, the
#                  extapi(3) man page (installed by docs/CMakeLists.txt)
#   extapi-cli     the extapi tool, its man page, bash completion, and the
#                  emulator `extapi demo` runs
# The library's install rules (src/CMakeLists.txt, the top level, docs/)
# name these components; `cmake --install --component X` (scripts/demo.sh)
# then installs exactly the library, without the bindings' generated
# files.  Included last from the top-level CMakeLists.txt.

# Debian wants the copyright file in every package's doc directory.
foreach(_pkg libextapi1 libextapi-dev extapi-cli)
  install(FILES "${PROJECT_SOURCE_DIR}/packaging/copyright"
          DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/${_pkg}" COMPONENT ${_pkg})
  install(FILES "${PROJECT_BINARY_DIR}/packaging/changelog.Debian.gz"
          DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/${_pkg}" COMPONENT ${_pkg})
endforeach()

# changelog.Debian.gz, generated (gzip -9n: reproducible, as lintian asks).
file(MAKE_DIRECTORY "${PROJECT_BINARY_DIR}/packaging")
string(TIMESTAMP _extapi_pkg_date "%a, %d %b %Y %H:%M:%S +0000" UTC)
file(WRITE "${PROJECT_BINARY_DIR}/packaging/changelog.Debian"
"libextapi (${PROJECT_VERSION}-1) unstable; urgency=medium\n\n  * Package libextapi ${PROJECT_VERSION}.\n\n -- libextapi maintainers <maintainers@libextapi.invalid>  ${_extapi_pkg_date}\n")
find_program(EXTAPI_GZIP gzip)
if(EXTAPI_GZIP)
  execute_process(COMMAND ${EXTAPI_GZIP} -9nf "${PROJECT_BINARY_DIR}/packaging/changelog.Debian")
endif()

set(CPACK_PACKAGE_NAME "libextapi")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_VENDOR "libextapi")
# Empty: each package's synopsis is the first line of its own description
# (CPack would otherwise put the project's in front, duplicated).
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "")
set(CPACK_PACKAGE_CONTACT "libextapi maintainers <maintainers@libextapi.invalid>")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_GENERATOR "DEB")
set(CPACK_COMPONENTS_ALL libextapi1 libextapi-dev extapi-cli)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION "libs")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://libextapi.invalid/")
# Shared-library dependencies from dpkg-shlibdeps; the shlibs file lets
# other packages' shlibdeps find libextapi1.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The tool links the libextapi.so.1 being packaged, which is not installed
# on the build machine: shlibdeps finds it in the build tree (extapi-cli's
# dependency on libextapi1 comes from the component dependency below).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS "${PROJECT_BINARY_DIR}/src")
# Debian ships stripped binaries (lintian: unstripped-binary-or-object).
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS_POLICY ">=")
set(CPACK_DEBIAN_ENABLE_COMPONENT_DEPENDS ON)

set(CPACK_DEBIAN_LIBEXTAPI1_PACKAGE_NAME "libextapi1")
set(CPACK_DEBIAN_LIBEXTAPI1_PACKAGE_SECTION "libs")
# ldconfig through the trigger (lintian: lacks-ldconfig-trigger), not
# through the maintainer scripts CPack would otherwise generate.
set(CPACK_DEBIAN_LIBEXTAPI1_PACKAGE_CONTROL_EXTRA
    "${PROJECT_SOURCE_DIR}/packaging/triggers;${PROJECT_SOURCE_DIR}/packaging/postinst;${PROJECT_SOURCE_DIR}/packaging/postrm")
set(CPACK_DEBIAN_LIBEXTAPI1_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_COMPONENT_LIBEXTAPI1_DESCRIPTION
"client library for token-protected management APIs
libextapi logs in to ExtremeCloud IQ, XMC / Site Engine GraphQL and OAuth 2.0
services, keeps the token fresh, retries, honours rate limits, caches tokens
between processes and logs out, behind a small stable C ABI.

This package contains the shared library.")

set(CPACK_DEBIAN_LIBEXTAPI-DEV_PACKAGE_NAME "libextapi-dev")
set(CPACK_DEBIAN_LIBEXTAPI-DEV_PACKAGE_SECTION "libdevel")
set(CPACK_DEBIAN_LIBEXTAPI-DEV_PACKAGE_ARCHITECTURE_DEPENDS ON)
set(CPACK_COMPONENT_LIBEXTAPI-DEV_DEPENDS libextapi1)
# The static library needs these at link time (pkg-config Requires.private).
set(CPACK_DEBIAN_LIBEXTAPI-DEV_PACKAGE_DEPENDS "libcurl4-openssl-dev | libcurl-dev, libcjson-dev, libssl-dev")
set(CPACK_COMPONENT_LIBEXTAPI-DEV_DESCRIPTION
"client library for token-protected management APIs (development files)
libextapi logs in to ExtremeCloud IQ, XMC / Site Engine GraphQL and OAuth 2.0
services behind a small stable C ABI.

This package contains the header, the static library, the pkg-config
and CMake files, and the extapi(3) man page.")

set(CPACK_DEBIAN_EXTAPI-CLI_PACKAGE_NAME "extapi-cli")
set(CPACK_DEBIAN_EXTAPI-CLI_PACKAGE_SECTION "net")
set(CPACK_COMPONENT_EXTAPI-CLI_DEPENDS libextapi1)
set(CPACK_COMPONENT_EXTAPI-CLI_DESCRIPTION
"command-line client for token-protected management APIs
extapi logs in, runs GraphQL queries and REST calls (following pagination)
against ExtremeCloud IQ, XMC / Site Engine and OAuth 2.0 services, with
named profiles, a token cache and distinct exit statuses per error family.
It includes an emulator of those services for `extapi demo`.")

include(CPack)
