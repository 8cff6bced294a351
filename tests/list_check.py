"""What the tests/check_*.py scripts share: each compares the lists of one
thing kept in several places (the error codes, the configuration keys) with
the one place that defines it, and fails naming every list that disagrees."""
import os
import re
import sys


class Lists:
    def __init__(self, root):
        self.root = root
        self.failures = []

    def read(self, path):
        with open(os.path.join(self.root, path), encoding="utf-8") as f:
            return f.read()

    @staticmethod
    def block(text, start, where):
        """The text from the line matching `start` to the next line '}' or '];'."""
        m = re.search(start + r".*?^\s*(\}|\];)", text, re.M | re.S)
        if not m:
            sys.exit(f"{where}: no match for {start!r}: has the file changed shape?")
        return m.group(0)

    def compare(self, where, found, expected):
        found = list(found)
        twice = sorted({x for x in found if found.count(x) > 1})
        missing = sorted(set(expected) - set(found))
        extra = sorted(set(found) - set(expected))
        problems = [f"{what} {items}" for what, items in (("missing", missing), ("unknown", extra), ("twice", twice))
                    if items]
        if problems:
            self.failures.append(f"{where}: " + ", ".join(problems))
        else:
            print(f"ok   {where}")

    def marked_blocks(self, name):
        """(where, text) of each block between the lines <!-- NAME:begin -->
        and <!-- NAME:end --> in any *.md of the tree; at least one must exist."""
        begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
        # A marker is a line of its own (prose may name the markers).
        begin_line, end_line = ("^" + re.escape(marker) + "$" for marker in (begin, end))
        found = []
        for directory, subdirs, files in os.walk(self.root):
            # Build trees (and their installed copies) and vendored code are not ours.
            subdirs[:] = [d for d in subdirs if d not in (".git", "thirdparty", "target", "node_modules")
                          and not os.path.exists(os.path.join(directory, d, "CMakeCache.txt"))]
            for file_name in sorted(f for f in files if f.endswith(".md")):
                where = os.path.relpath(os.path.join(directory, file_name), self.root)
                text = self.read(where)
                if len(re.findall(begin_line, text, re.M)) != len(re.findall(end_line, text, re.M)):
                    self.failures.append(f"{where}: {begin} and {end} do not pair up")
                for i, body in enumerate(re.findall(begin_line + "(.*?)" + end_line, text, re.M | re.S)):
                    found.append((f"{where} (block {i + 1})", body))
        if not found:
            self.failures.append(f"no *.md has a list between {begin} and {end}")
        return found

    def finish(self):
        for failure in self.failures:
            print("FAIL " + failure)
        return 1 if self.failures else 0
