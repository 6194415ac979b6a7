#!/usr/bin/env python3
"""Reads an OpenSALT-style spreadsheet the way OpenSALT's importers do and
prints the tree as a minimal CASE package (JSON on stdout), so the tests can
check framewright's `import sheet` against a reading that is not its own.

Usage: opensalt_sheet.py FILE.csv|FILE.xlsx

- A workbook (openpyxl) has `CF Doc`, `CF Item` and `CF Association` sheets:
  the tree is the association sheet's "Is Child Of" rows (origin and
  destination identifiers), else each item's `smartLevel` (`1.2.3` is a
  child of `1.2`); a child's sequence number is the last part of its smart
  level.
- A CSV file (csv module) is one item per row: the parent is the "Is Child
  Of" cell (a human coding scheme or identifier), else the human coding
  scheme's prefix (`A.B.C` under `A.B`); the sequence number is the
  "Sequence Number" cell when it is a number.

Headings are compared by their letters only, in any case, as OpenSALT does.
Items without an identifier get `row-N` (N the 1-based row): the tests
compare texts for those, not identifiers.
"""

import csv
import json
import re
import sys


def simple(text):
    return re.sub(r"[^a-z]", "", str(text or "").lower())


def cell(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def table(rows):
    """Rows of text → (column index by simplified heading, data rows with their 1-based row number)."""
    rows = [[cell(v) for v in r] for r in rows]
    heads = {}
    for i, h in enumerate(rows[0] if rows else []):
        heads.setdefault(simple(h), i)
    data = [(n + 2, r) for n, r in enumerate(rows[1:]) if any(v for v in r)]
    return heads, data


def get(heads, row, *names):
    for name in names:
        i = heads.get(simple(name))
        if i is not None and i < len(row) and row[i]:
            return row[i]
    return ""


def seq_of(text):
    return int(text) if re.fullmatch(r"-?\d+", text or "") else None


def package(items, links, doc):
    """items: [(identifier, text, code, type)]; links: [(child, parent, sequence)]."""
    return {
        "CFDocument": {"identifier": doc},
        "CFItems": [{"identifier": i, "fullStatement": t, "humanCodingScheme": c, "CFItemType": k} for i, t, c, k in items],
        "CFAssociations": [
            dict({"associationType": "isChildOf", "originNodeURI": {"identifier": c}, "destinationNodeURI": {"identifier": p}},
                 **({"sequenceNumber": s} if s is not None else {}))
            for c, p, s in links
        ],
    }


def from_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        heads, data = table(list(csv.reader(f)))
    doc = "document"
    items, rows = [], []
    for n, r in data:
        ident = get(heads, r, "identifier") or f"row-{n}"
        code = get(heads, r, "humanCodingScheme")
        items.append((ident, get(heads, r, "fullStatement"), code, get(heads, r, "CFItemType")))
        rows.append((ident, code, get(heads, r, "isChildOf"), get(heads, r, "smartLevel"), seq_of(get(heads, r, "sequenceNumber", "order"))))
    by_code = {code: ident for ident, code, *_ in rows if code}
    by_id = {ident.lower(): ident for ident, *_ in rows}
    by_smart = {smart: ident for ident, _, _, smart, _ in rows if smart}
    links = []
    for ident, code, parent, smart, seq in rows:
        if parent:
            dest = by_code.get(parent) or by_id.get(parent.lower()) or doc
        elif smart:
            dest = by_smart.get(smart.rpartition(".")[0]) or doc
        else:
            dest = by_code.get(code.rpartition(".")[0]) or doc
        if seq is None and smart:
            seq = seq_of(smart.rpartition(".")[2])
        links.append((ident, dest, seq))
    return package(items, links, doc)


def from_xlsx(path):
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    sheets = {simple(ws.title): ws for ws in book.worksheets}
    dh, drows = table(list(sheets["cfdoc"].iter_rows(values_only=True)))
    doc = get(dh, drows[0][1], "identifier")
    ih, irows = table(list(sheets["cfitem"].iter_rows(values_only=True)))
    items, smart_of = [], {}
    for n, r in irows:
        ident = get(ih, r, "identifier") or f"row-{n}"
        items.append((ident, get(ih, r, "fullStatement"), get(ih, r, "humanCodingScheme"), get(ih, r, "CFItemType")))
        smart_of[ident.lower()] = get(ih, r, "smartLevel")
    links = []
    if "cfassociation" in sheets:
        ah, arows = table(list(sheets["cfassociation"].iter_rows(values_only=True)))
        for _, r in arows:
            if simple(get(ah, r, "associationType")) == "ischildof":
                child = get(ah, r, "originNodeIdentifier")
                smart = smart_of.get(child.lower(), "")
                links.append((child, get(ah, r, "destinationNodeIdentifier"), seq_of(smart.rpartition(".")[2]) if smart else None))
    if not links:
        by_smart = {s: i for i, s in smart_of.items() if s}
        for ident, *_ in items:
            smart = smart_of[ident.lower()]
            links.append((ident, by_smart.get(smart.rpartition(".")[0]) or doc, seq_of(smart.rpartition(".")[2]) if smart else None))
    return package(items, links, doc)


def main():
    path = sys.argv[1]
    print(json.dumps(from_csv(path) if path.lower().endswith(".csv") else from_xlsx(path), ensure_ascii=False))


if __name__ == "__main__":
    main()
