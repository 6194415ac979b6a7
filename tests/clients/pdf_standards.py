#!/usr/bin/env python3
"""Checks PDFs against PDF/UA-1 and PDF/A-2a with page-validation (PyPI,
`import page`), an independent Rust validator that passes the veraPDF
corpus and Isartor; tests/it/conformance.rs runs it over every PDF
framewright writes.

    pdf_standards.py PROFILE[,PROFILE…] FILE.pdf…

PROFILE is one of page's profile names (`ua1`, `2a`, …). Prints JSON: one
object per file and profile, with the validator's version, whether the
file conforms, how many rules were checked and every failure (rule id,
message, object number). Exits 0 whatever the verdicts; the test judges.
"""
import json
import sys

import page


def failure(f):
    obj = f.object_id
    return {
        "rule": f.rule_id,
        "message": f.message,
        "object": obj.object_number if obj is not None else None,
    }


def main():
    profiles = sys.argv[1].split(",")
    results = []
    for path in sys.argv[2:]:
        for profile in profiles:
            report = page.validate_pdf(path, profile=profile)
            results.append(
                {
                    "file": path,
                    "profile": profile,
                    "validator": page.__version__,
                    "compliant": report.is_compliant,
                    "rules": report.rules.total,
                    "failures": [failure(f) for f in report.failures],
                }
            )
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
