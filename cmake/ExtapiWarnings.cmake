# extapi_warnings(TARGET [FLAG...]): the warnings the project's own code is
# compiled with (-Wall -Wextra, and any FLAG given, e.g. -Wshadow), fatal
# with -DEXTAPI_WERROR=ON.  Generated code (the SWIG wrappers) and
# third-party code are not given these.
function(extapi_warnings target)
  set(_flags -Wall -Wextra ${ARGN})
  if(EXTAPI_WERROR)
    list(APPEND _flags -Werror)
  endif()
  target_compile_options(${target} PRIVATE ${_flags})
endfunction()
