#!/usr/bin/env python3
"""check_examples.py SOURCE_DIR: every example a doc shows is shown verbatim.

The one check behind the ctest test `docs_examples` (docs/CMakeLists.txt).
Each example program is compiled and run by its own test; a doc shows it
by naming the file in a marker on the line before the fenced block:

    <!-- example: bindings/go/example/main.go -->
    ```go
    ...the file, exactly...
    ```

The block (less the opening fence's indentation, so a block inside a list
item works) must equal the file, trailing newlines aside.  One variant:

    <!-- example: bindings/rust/src/cancel.rs rustdoc -->

shows the first doc test of a Rust file as rustdoc renders it: the code
between the first pair of ``` lines of its `///` or `//!` comments, the
comment prefix removed and rustdoc's hidden `# ` lines left out (the
rust_doc test compiles it).  Paths are relative to the source tree.

Also fails when
  - a marker names a missing file, or is not followed by a fenced block;
  - the block's language does not match the file (c, go, rust, lua, csharp);
  - an example program (examples/*.c, bindings/*/example/*,
    bindings/lua/agent/*.lua) is shown by no doc, or a doc shows one (a
    fenced block starting with the program's first line) without a marker.

The docs checked: README.md, BENCHMARKS.md, docs/**/*.md, cli/**/*.md,
bench/**/*.md, bindings/*/README.md and tests/**/*.md.
"""
import difflib
import glob
import os
import re
import sys

DOC_GLOBS = ["README.md", "BENCHMARKS.md", "docs/**/*.md", "cli/**/*.md", "bench/**/*.md",
             "bindings/*/README.md", "tests/**/*.md"]
EXAMPLE_GLOBS = ["examples/*.c", "bindings/*/example/*", "bindings/lua/agent/*.lua"]
LANGUAGE = {".c": "c", ".go": "go", ".rs": "rust", ".lua": "lua", ".cs": "csharp"}
MARKER = re.compile(r"^\s*<!--\s*example:\s*(\S+)(?:\s+(rustdoc))?\s*-->\s*$")
FENCE = re.compile(r"^(\s*)(```+|~~~+)\s*([\w+#-]*)")


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def fenced_block(lines, start):
    """The fenced block opening at lines[start]: (language, text, end)."""
    m = FENCE.match(lines[start])
    indent, fence, language = m.group(1), m.group(2), m.group(3)
    body = []
    for end in range(start + 1, len(lines)):
        line = lines[end]
        if line.strip().startswith(fence[0] * len(fence)) and line.strip().strip(fence[0]) == "":
            return language, "\n".join(body), end
        body.append(line[len(indent):] if line.startswith(indent) else line.lstrip())
    return language, None, len(lines)


def rustdoc_view(text):
    """The first doc test of a Rust source as rustdoc shows it."""
    shown, inside = [], False
    for line in text.splitlines():
        m = re.match(r"^\s*//[/!] ?(.*)$", line)
        if not m:
            if inside:
                break
            continue
        doc = m.group(1)
        if doc.startswith("```"):
            if inside:
                return "\n".join(shown)
            inside = True
            continue
        if inside and not (doc == "#" or doc.startswith("# ")):
            shown.append(doc)
    return None


def check_block(doc, marker, language, block, shown):
    """Failures of one marked block; records the file in `shown` when it matches."""
    line, path, view = marker
    where = f"{doc}:{line + 1}"
    if not os.path.isfile(path):
        return [f"{where}: {path} does not exist"]
    if block is None:
        return [f"{where}: the block for {path} is not closed"]
    failures = []
    wanted = LANGUAGE.get(os.path.splitext(path)[1])
    if wanted and language != wanted:
        failures.append(f"{where}: the block for {path} is ```{language}, not ```{wanted}")
    expected = read(path)
    if view == "rustdoc":
        expected = rustdoc_view(expected)
        if expected is None:
            return failures + [f"{where}: {path} has no doc test"]
    expected, block = expected.strip("\n"), block.strip("\n")
    if block != expected:
        diff = difflib.unified_diff(expected.splitlines(), block.splitlines(),
                                    path + (" (rustdoc)" if view else ""), where, lineterm="")
        return failures + [f"{where}: does not show {path} verbatim:\n" + "\n".join(diff)]
    if not failures:
        shown.add(path)
        print(f"ok: {where} shows {path}" + (f" ({view})" if view else ""))
    return failures


def main(root):
    os.chdir(root)
    docs = sorted({p for g in DOC_GLOBS for p in glob.glob(g, recursive=True)
                   if "node_modules" not in p.split(os.sep)})
    examples = sorted({p for g in EXAMPLE_GLOBS for p in glob.glob(g) if os.path.isfile(p)})
    first_lines = {}
    for path in examples:
        text = read(path).strip("\n")
        if text:
            first_lines.setdefault(text.splitlines()[0], path)
    failures, checked, shown = [], 0, set()
    for doc in docs:
        lines = read(doc).splitlines()
        pending = None  # (marker line, path, view) waiting for its block
        i = 0
        while i < len(lines):
            line = lines[i]
            m = MARKER.match(line)
            if m:
                if pending:
                    failures.append(f"{doc}:{pending[0] + 1}: the marker for {pending[1]} is not followed by a fenced block")
                pending = (i, m.group(1), m.group(2))
                i += 1
                continue
            if not FENCE.match(line):
                if line.strip() and pending:
                    failures.append(f"{doc}:{pending[0] + 1}: the marker for {pending[1]} is not followed by a fenced block")
                    pending = None
                i += 1
                continue
            language, block, end = fenced_block(lines, i)
            if pending:
                failures += check_block(doc, pending, language, block, shown)
                checked += 1
            else:
                # A copy of an example program without a marker would go stale unseen.
                first = (block or "").strip("\n").splitlines()[:1]
                if first and first[0] in first_lines:
                    failures.append(f"{doc}:{i + 1}: shows {first_lines[first[0]]} without an "
                                    f"<!-- example: {first_lines[first[0]]} --> marker")
            pending = None
            i = end + 1
        if pending:
            failures.append(f"{doc}:{pending[0] + 1}: the marker for {pending[1]} is not followed by a fenced block")
    for path in examples:
        if path not in shown:
            failures.append(f"{path}: no doc shows it (add <!-- example: {path} --> before a fenced block)")
    for failure in failures:
        print("FAIL: " + failure)
    print(f"{checked} marked blocks in {len(docs)} docs; {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
