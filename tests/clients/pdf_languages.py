"""The languages a tagged PDF declares, as a screen reader finds them
(tests/it/bilingual.rs): the catalog's /Lang, the /Lang of structure
elements and of marked-content spans, counted by language, and the
accessible name (/TU) of every form field, read with pikepdf and pypdf.

Usage: python3 pdf_languages.py FILE.pdf → JSON {catalog, elements:
{lang: count}, spans: {lang: count}, tooltips: {field: TU}}.
"""

import collections
import json
import sys

import pikepdf
import pypdf


def elements(root):
    counts = collections.Counter()
    seen = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if not isinstance(node, pikepdf.Dictionary) or node.objgen in seen:
            continue
        if node.objgen != (0, 0):
            seen.add(node.objgen)
        if "/Lang" in node and "/S" in node:
            counts[str(node.Lang)] += 1
        kids = node.get("/K")
        if isinstance(kids, pikepdf.Array):
            stack.extend(kids)
        elif isinstance(kids, pikepdf.Dictionary):
            stack.append(kids)
    return counts


def spans(pdf):
    counts = collections.Counter()
    for page in pdf.pages:
        for operands, operator in pikepdf.parse_content_stream(page):
            if str(operator) == "BDC" and len(operands) == 2 and isinstance(operands[1], pikepdf.Dictionary):
                if "/Lang" in operands[1]:
                    counts[str(operands[1].Lang)] += 1
    return counts


def main():
    path = sys.argv[1]
    pdf = pikepdf.open(path)
    reader = pypdf.PdfReader(path)
    tooltips = {name: str(f.get("/TU", "")) for name, f in (reader.get_fields() or {}).items() if f.get("/FT")}
    json.dump(
        {
            "catalog": str(pdf.Root.get("/Lang", "")),
            "elements": elements(pdf.Root.StructTreeRoot),
            "spans": spans(pdf),
            "tooltips": tooltips,
        },
        sys.stdout,
        ensure_ascii=False,
    )


if __name__ == "__main__":
    main()
