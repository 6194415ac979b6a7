#!/usr/bin/env python3
"""Fills framewright's template workbook the way a person would, with openpyxl.

Usage: fill_template.py TEMPLATE.xlsx DUMP.json OUT.xlsx

DUMP.json is `framewright dump SOURCE`. The framework details go on the
Framework sheet (by field name), levels, bands and roles on their sheets,
every statement on one row of the Statements sheet (domain and topic by
title, several levels or bands separated by commas), and the rating scale
on the Scale sheet. Cells are typed as text, as Excel does for the
template's text-formatted columns. Only the first row of each sheet (the
headings) is read to find the columns, so a reordered template still fills.
"""

import json
import sys

import openpyxl


def columns(sheet):
    return {cell.value: cell.column for cell in sheet[1] if cell.value}


def append(sheet, values):
    cols = columns(sheet)
    row = sheet.max_row + 1
    # max_row counts formatted but empty rows; find the first empty one.
    row = next(r for r in range(2, row + 2) if all(sheet.cell(r, c).value in (None, "") for c in cols.values()))
    for header, value in values.items():
        if value not in (None, "", []):
            sheet.cell(row, cols[header]).value = value


def main():
    template, dump_path, out = sys.argv[1:4]
    with open(dump_path, encoding="utf-8") as f:
        fw = json.load(f)
    wb = openpyxl.load_workbook(template)
    meta = fw["framework"]
    sheet = wb["Framework"]
    for row in range(2, sheet.max_row + 1):
        field = sheet.cell(row, 1).value
        if field in meta and meta[field] is not None:
            sheet.cell(row, 2).value = str(meta[field])
    for level in fw["levels"]:
        append(wb["Levels"], {"ID": level["id"], "Name": level["name"], "Audience": level.get("audience"),
                              "Cumulative": "yes" if level["cumulative"] else None})
    for band in fw["bands"]:
        append(wb["Bands"], {"ID": band["id"], "Name": band["name"], "Description": band.get("description")})
    for role in fw["roles"]:
        append(wb["Roles"], {"ID": role["id"], "Name": role["name"], "Level": role["level"],
                             "Example job titles": "; ".join(role["examples"])})
    all_bands = [b["id"] for b in fw["bands"]]
    sheet = wb["Statements"]

    def statement(domain, topic, s):
        bands = "" if s["bands"] == all_bands else ", ".join(s["bands"])
        append(sheet, {"Domain": domain["title"], "Topic": topic["title"] if topic else None, "Sub-heading": s.get("subheading"),
                       "ID": s["id"], "Statement": s["text"], "Level": ", ".join(s["level"]), "Bands": bands,
                       "Kind": s.get("kind"), "Tags": ", ".join(s["tags"]),
                       "Additional needs": "yes" if s["additional_needs"] else None})

    for domain in fw["domains"]:
        for s in domain["statements"]:
            statement(domain, None, s)
        for topic in domain["topics"]:
            for s in topic["statements"]:
                statement(domain, topic, s)
    for point in fw["assessment"]["scale"]:
        append(wb["Scale"], {"Value": str(point["value"]), "Label": point["label"], "Description": point.get("description"),
                             "Met": "yes" if point["met"] else None})
    wb.save(out)


if __name__ == "__main__":
    main()
