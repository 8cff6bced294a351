# Helpers for the directories that register tests.

# extapi_label_tests(LABEL...): appends LABELs to every test this directory
# has added so far (call it last).  For directories whose tests all carry
# the same label (bindings/*: binding); tests/README.md lists the labels.
function(extapi_label_tests)
  get_property(_tests DIRECTORY PROPERTY TESTS)
  foreach(_test IN LISTS _tests)
    set_property(TEST ${_test} APPEND PROPERTY LABELS ${ARGN})
  endforeach()
endfunction()
