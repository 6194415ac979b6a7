#!/usr/bin/env python3
"""Validates a JSON document against a JSON Schema, as a consumer would.

Usage: json_schema_check.py SCHEMA DOCUMENT

Prints {"errors": [...], "checked": N}: each error with its place in the
document, and N the number of values the document holds (so a test can
tell that something was checked). Uses `jsonschema` with the validator of
the draft the schema declares.
"""
import json
import sys

import jsonschema


def count(value):
    if isinstance(value, dict):
        return 1 + sum(count(v) for v in value.values())
    if isinstance(value, list):
        return 1 + sum(count(v) for v in value)
    return 1


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    with open(sys.argv[2], encoding="utf-8") as f:
        document = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    errors = [f"{'/'.join(str(p) for p in e.absolute_path) or '(top)'}: {e.message}" for e in cls(schema).iter_errors(document)]
    print(json.dumps({"errors": errors, "checked": count(document)}))


if __name__ == "__main__":
    main()
