#!/usr/bin/env python3
"""check_error_codes.py SOURCE_DIR - every list of the error codes agrees
with include/extapi.h, the one place they are defined (EXT_ERR_*).

Checked against the header: the engine (src/error.cpp), the C#, Rust and
Go bindings' lists, the codes the conformance cases expect, and every
Markdown table or list between <!-- error-codes:begin --> and
<!-- error-codes:end --> in any *.md of the tree (at least one must exist).
Lua and SWIG need no check: they take the constants from the header.
"""
import json
import re
import sys

from list_check import Lists

lists = Lists(sys.argv[1])
read, block, compare = lists.read, lists.block, lists.compare


HEADER = dict(re.findall(r'^#define EXT_ERR_(\w+) +"(\w+)"', read("include/extapi.h"), re.M))
CODES = set(HEADER.values())
if len(CODES) < 14:
    sys.exit(f"include/extapi.h: only {len(CODES)} EXT_ERR_* constants found")

# The engine: one case per code, each returning the header's constant.
compare("src/error.cpp", [HEADER[n] for n in re.findall(r"case ErrorCode::\w+: return EXT_ERR_(\w+);",
                                                        read("src/error.cpp"))], CODES)

# C#: the text-to-enum table covers every code and every enum member.
enum = block(read("bindings/csharp/src/ExtApiException.cs"), r"public enum ExtApiErrorCode \{", "C#")
members = set(re.findall(r"^\s*(\w+)(?: = \d+)?,$", enum, re.M)) - {"None", "Unknown"}
table = re.findall(r'\{ "(\w+)", ExtApiErrorCode\.(\w+) \}', read("bindings/csharp/src/Result.cs"))
compare("bindings/csharp/src/Result.cs (codes)", [code for code, _ in table], CODES)
compare("bindings/csharp ExtApiErrorCode (members)", [member for _, member in table], members)

# Rust: as_str spells every code; KNOWN_CODES lists every variant.
rust = read("bindings/rust/src/result.rs")
arms = re.findall(r'ErrorCode::(\w+) => "(\w+)"', rust)
compare("bindings/rust ErrorCode::as_str", [code for _, code in arms], CODES)
compare("bindings/rust KNOWN_CODES", re.findall(r"ErrorCode::(\w+)", block(rust, r"const KNOWN_CODES", "Rust")),
        [variant for variant, _ in arms])

# Go: a Code constant and an errors.Is sentinel per code ("closed" is the
# binding's own, for a closed Client).
go = read("bindings/go/errors.go")
constants = dict(re.findall(r'^\s*(Code\w+)\s+Code = "(\w+)"', go, re.M))
compare("bindings/go Code constants", constants.values(), CODES | {"closed"})
compare("bindings/go Err sentinels", re.findall(r"^\s*Err\w+\s+= &Error\{Code: (Code\w+)", go, re.M), constants)

# The conformance cases expect only codes the header defines.
def expected_codes(node):
    if isinstance(node, dict):
        if isinstance(node.get("expect"), dict) and "code" in node["expect"]:
            yield node["expect"]["code"]
        for value in node.values():
            yield from expected_codes(value)
    elif isinstance(node, list):
        for value in node:
            yield from expected_codes(value)

unknown = sorted(set(expected_codes(json.loads(read("tests/conformance/cases.json")))) - CODES)
if unknown:
    lists.failures.append(f"tests/conformance/cases.json: unknown codes {unknown}")
else:
    print("ok   tests/conformance/cases.json")

# Markdown: each marked block names every code once, as the first `code` of
# a table row or list item.
for where, body in lists.marked_blocks("error-codes"):
    compare(where, re.findall(r"^\s*(?:\||[-*])\s*`(\w+)`", body, re.M), CODES)

sys.exit(lists.finish())
