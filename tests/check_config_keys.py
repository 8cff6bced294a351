#!/usr/bin/env python3
"""check_config_keys.py PRINT_CONFIG_KEYS SOURCE_DIR - every list of the
configuration keys agrees with the engine's table of keys (src/config.cpp,
kKeys), the one place they are defined; PRINT_CONFIG_KEYS prints its names.

Checked against it: every Markdown table between <!-- config-keys:begin -->
and <!-- config-keys:end --> in any *.md of the tree (the keys are the
`code` names in a row's first cell; the man page copies docs/configuration.md's
at build time), and the typed configurations of the Go, Rust and C#
bindings.  Lua and the CLI pass the caller's table or profile through and
list no keys.
"""
import re
import subprocess
import sys

from list_check import Lists

PRINTER, ROOT = sys.argv[1:3]
KEYS = subprocess.run([PRINTER], check=True, capture_output=True, text=True).stdout.split()
if len(KEYS) < 40:
    sys.exit(f"{PRINTER}: only {len(KEYS)} keys printed")
lists = Lists(ROOT)

for where, body in lists.marked_blocks("config-keys"):
    rows = re.findall(r"^\s*\|([^|]*)\|", body, re.M)
    lists.compare(where, [key for first_cell in rows for key in re.findall(r"`(\w+)`", first_cell)], KEYS)

# Go: the json tag of every field of Config.
go = lists.block(lists.read("bindings/go/config.go"), r"^type Config struct \{", "Go")
lists.compare("bindings/go Config", re.findall(r'`json:"(\w+)[,"]', go), KEYS)

# Rust: every field of Config but `extra` (a later library's keys).
rust = lists.block(lists.read("bindings/rust/src/config.rs"), r"^pub struct Config \{", "Rust")
lists.compare("bindings/rust Config", [f for f in re.findall(r"^\s*pub (\w+):", rust, re.M) if f != "extra"], KEYS)

# C#: the keys ClientOptions.ToJson writes.
csharp = re.search(r"public sealed class ClientOptions \{.*?public string ToJson\(\) \{(.*?)return o\.ToString\(\);",
                   lists.read("bindings/csharp/src/ClientOptions.cs"), re.S)
if not csharp:
    sys.exit("bindings/csharp/src/ClientOptions.cs: no ClientOptions.ToJson: has the file changed shape?")
lists.compare("bindings/csharp ClientOptions.ToJson", re.findall(r'(?:o\[|\(o, )"(\w+)"', csharp.group(1)), KEYS)

sys.exit(lists.finish())
