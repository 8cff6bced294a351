# cmake -DREADME=... -DEXAMPLE=... -P readme_has_example.cmake
# Fails unless README contains the example program verbatim.
file(READ "${README}" _readme)
file(READ "${EXAMPLE}" _example)
string(FIND "${_readme}" "${_example}" _at)
if(_at EQUAL -1)
  message(FATAL_ERROR "${README} does not contain ${EXAMPLE} verbatim: copy it there")
endif()
