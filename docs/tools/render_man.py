#!/usr/bin/env python3
"""render_man.py IN.md DOCS_DIR VERSION OUT.md: the man page's Markdown, whole.

Run at build time (docs/CMakeLists.txt) before go-md2man.  Replaces each
`<!-- include: FILE NAME -->` line with the table between
`<!-- NAME:begin -->` and `<!-- NAME:end -->` in DOCS_DIR/FILE, written as
a definition list (a man page has no room for wide tables): the first
column is the term, the column headed "meaning" or "when" its text, the
other columns follow as "header: value".  So the configuration keys and
the error codes are kept in one place, the docs, and the man page cannot
drift from them.  Links become their text (the docs are not installed);
other HTML comments (the `<!-- example: -->` markers) are dropped;
@PROJECT_VERSION@ becomes VERSION.
"""
import re
import sys


def cells(row):
    return [c.strip() for c in row.strip().strip("|").split("|")]


def definition_list(table, where):
    rows = [line for line in table.splitlines() if line.strip().startswith("|")]
    if len(rows) < 3:
        sys.exit(f"{where}: no table between the markers")
    header = cells(rows[0])
    main = next((i for i, h in enumerate(header) if h in ("meaning", "when")), 1)
    out = []
    for row in rows[2:]:
        values = cells(row)
        if len(values) != len(header):
            sys.exit(f"{where}: a row has {len(values)} cells, the header {len(header)}: {row}")
        text = [values[main]] if values[main] else []
        text += [f"{h}: {v}" for i, (h, v) in enumerate(zip(header, values)) if i not in (0, main) and v]
        out += [values[0], ": " + "; ".join(text) if text else ": (see above)", ""]
    return "\n".join(out)


def main(source, docs, version, output):
    lines = []
    for line in open(source, encoding="utf-8").read().splitlines():
        m = re.match(r"^<!--\s*include:\s*(\S+)\s+(\S+)\s*-->$", line.strip())
        if m:
            path = f"{docs}/{m.group(1)}"
            text = open(path, encoding="utf-8").read()
            begin, end = f"<!-- {m.group(2)}:begin -->", f"<!-- {m.group(2)}:end -->"
            if text.count(begin) != 1 or text.count(end) != 1:
                sys.exit(f"{path}: wants one {begin} and one {end}")
            table = text.split(begin, 1)[1].split(end, 1)[0]
            lines.append(definition_list(table, path))
        elif re.match(r"^\s*<!--.*-->\s*$", line):
            continue
        else:
            lines.append(line)
    text = "\n".join(lines) + "\n"
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = text.replace("@PROJECT_VERSION@", version)
    with open(output, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    main(*sys.argv[1:])
