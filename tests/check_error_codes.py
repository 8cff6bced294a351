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
import os
import re
import sys

ROOT = sys.argv[1]
BEGIN, END = "<!-- error-codes:begin -->", "<!-- error-codes:end -->"
# A marker is a line of its own (prose may name the markers).
BEGIN_LINE, END_LINE = ("^" + re.escape(marker) + "$" for marker in (BEGIN, END))
failures = []


def read(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return f.read()


def block(text, start, where):
    """The text from the line matching `start` to the next line '}' or '];'."""
    m = re.search(start + r".*?^\s*(\}|\];)", text, re.M | re.S)
    if not m:
        sys.exit(f"{where}: no match for {start!r}: has the file changed shape?")
    return m.group(0)


def compare(where, found, expected):
    found = list(found)
    twice = sorted({x for x in found if found.count(x) > 1})
    missing = sorted(set(expected) - set(found))
    extra = sorted(set(found) - set(expected))
    problems = [f"{what} {items}" for what, items in (("missing", missing), ("unknown", extra), ("twice", twice))
                if items]
    if problems:
        failures.append(f"{where}: " + ", ".join(problems))
    else:
        print(f"ok   {where}")


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
    failures.append(f"tests/conformance/cases.json: unknown codes {unknown}")
else:
    print("ok   tests/conformance/cases.json")

# Markdown: each marked block names every code once, as the first `code` of
# a table row or list item.
blocks = 0
for directory, subdirs, files in os.walk(ROOT):
    # Build trees (and their installed copies) and vendored code are not ours.
    subdirs[:] = [d for d in subdirs if d not in (".git", "thirdparty", "target", "node_modules")
                  and not os.path.exists(os.path.join(directory, d, "CMakeCache.txt"))]
    for name in sorted(f for f in files if f.endswith(".md")):
        path = os.path.join(directory, name)
        where = os.path.relpath(path, ROOT)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        if len(re.findall(BEGIN_LINE, text, re.M)) != len(re.findall(END_LINE, text, re.M)):
            failures.append(f"{where}: {BEGIN} and {END} do not pair up")
        for i, body in enumerate(re.findall(BEGIN_LINE + "(.*?)" + END_LINE, text, re.M | re.S)):
            blocks += 1
            rows = re.findall(r"^\s*(?:\||[-*])\s*`(\w+)`", body, re.M)
            compare(f"{where} (block {i + 1})", rows, CODES)
if not blocks:
    failures.append(f"no *.md has an error-code list between {BEGIN} and {END}")

for failure in failures:
    print("FAIL " + failure)
sys.exit(1 if failures else 0)
