#!/usr/bin/env python3
"""canary.py DOCUMENTS HEADER CASES

Fails if a document the library returned during the suite is not one strict
JSON object, or carries a secret the suite configured: any CANARY_* secret
of the test header, or a client secret, token or API key of the conformance
cases, anywhere in it; or a value equal to a conformance case's password
(SPEC: a password is redacted where a value equals it, so a weak one such
as "admin" may stand inside "admin-building")."""
import json
import re
import sys


def refuse(constant):
    raise ValueError("not JSON: " + constant)


def string_values(value):
    """Every string value (not object keys: a key equal to a weak password
    is a name, and SPEC redacts values)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for member in value.values():
            yield from string_values(member)
    elif isinstance(value, list):
        for member in value:
            yield from string_values(member)


def case_secrets(cases_path):
    contained, equal = set(), set()

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, str) and key in ("client_secret", "token", "api_key"):
                    contained.add(value)
                elif isinstance(value, str) and key == "password":
                    equal.add(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    with open(cases_path, encoding="utf-8") as f:
        for case in json.load(f)["cases"]:
            walk(case.get("config", {}))
    return contained, equal


def main(documents_path, header_path, cases_path):
    with open(header_path, encoding="utf-8") as f:
        contained = set(re.findall(r'^#define CANARY_[A-Z_]*(?:SECRET|PASSWORD|TOKEN|KEY) "(.*)"$', f.read(), re.M))
    case_contained, equal = case_secrets(cases_path)
    contained |= case_contained
    if len(contained) + len(equal) < 10:
        print(f"canary: only {len(contained) + len(equal)} secrets found to look for; the extraction is broken",
              file=sys.stderr)
        return 1
    problems = 0
    count = 0
    with open(documents_path, encoding="utf-8", errors="strict") as f:
        for number, line in enumerate(f, 1):
            count += 1
            try:
                document = json.loads(line, parse_constant=refuse)
                if not isinstance(document, dict):
                    raise ValueError("not an object")
            except ValueError as e:
                problems += 1
                print(f"canary: document line {number} is not valid JSON ({e})", file=sys.stderr)
                continue
            if any(secret in line for secret in contained) or any(s in equal for s in string_values(document)):
                problems += 1
                print(f"canary: document line {number} carries a secret", file=sys.stderr)
    if count == 0:
        print(f"canary: no returned documents were recorded in {documents_path}", file=sys.stderr)
        return 1
    if problems:
        return 1
    print(f"canary: {len(contained) + len(equal)} secrets, {count} documents, all valid JSON, no secret found")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
