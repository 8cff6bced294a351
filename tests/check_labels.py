#!/usr/bin/env python3
"""check_labels.py CTEST BUILD_DIR

Fails when a test of the build carries none of the labels that say what it
needs (tests/README.md): unit, api, binding, install, slow; or is both unit
and slow (`ctest -L unit` must stay quick)."""
import json
import subprocess
import sys

KINDS = {"unit", "api", "binding", "install", "slow"}


def main(ctest, build_dir):
    listing = subprocess.run([ctest, "--show-only=json-v1"], cwd=build_dir, check=True,
                             capture_output=True, text=True).stdout
    bad = []
    tests = json.loads(listing)["tests"]
    for test in tests:
        labels = set()
        for prop in test.get("properties", []):
            if prop["name"] == "LABELS":
                labels.update(prop["value"])
        if not labels & KINDS:
            bad.append(f"{test['name']}: no label of {sorted(KINDS)} (has {sorted(labels) or 'none'})")
        elif {"unit", "slow"} <= labels:
            bad.append(f"{test['name']}: both unit and slow")
    for line in bad:
        print(line)
    print(f"test_labels: {len(tests)} tests, {len(bad)} without a proper label")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
