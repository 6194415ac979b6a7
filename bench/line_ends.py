#!/usr/bin/env python3
"""How ragged the narrow places of A4 PDF packs are, read back with
`pdftotext -bbox-layout`: the figures of docs/packs.md, "Hyphenation".

    python3 bench/line_ends.py grid PACK.pdf...      # the self-assessment grid's statement column
    python3 bench/line_ends.py columns PACK.pdf...   # the statements of a bilingual pack's first column

For each pack: pages; pages holding the place; its lines; the lines that
are not the last of their block (a cell, a list item), which are the ones
a line break could fill; the mean gap at their right end (mm); those whose
gap is more than a quarter of the column ("very ragged"); lines ending in
a soft hyphen (a word broken there); and lines of a multi-line block running past the column. The
column widths are those of templates/parts/assessment.typ and pack.typ
with the margins of templates/layout.toml (165 mm of text on A4).
"""
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

MM = 72 / 25.4
def lines_of(pdf):
    xml = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout
    xml = re.sub(r'<!DOCTYPE[^>]*>', '', xml)
    xml = xml.replace('xmlns="http://www.w3.org/1999/xhtml"', '')
    root = ET.fromstring(xml)
    for pno, page in enumerate(root.iter('page'), 1):
        blocks = []
        for block in page.iter('block'):
            ls = []
            for line in block.iter('line'):
                words = [w.text or '' for w in line.iter('word')]
                if float(line.get('yMin')) > float(page.get('height')) - 26 * MM:
                    continue  # the footer
                ls.append((float(line.get('xMin')), float(line.get('xMax')), ' '.join(words)))
            # A list item starts a paragraph of its own inside a block.
            item = []
            for l in ls:
                if item and l[2].startswith('•'):
                    blocks.append(item)
                    item = []
                item.append(l)
            blocks.append(item)
        yield pno, blocks
def measure(pdf, place):
    stats = dict(lines=0, inner=0, gap=0.0, ragged=0, hyphens=0, over=0)
    grid_pages = 0
    for pno, blocks in lines_of(pdf):
        all_lines = [l for b in blocks for l in b]
        if not all_lines: continue
        left = min(l[0] for l in all_lines)
        if place == "grid":
            head = [l for l in all_lines if l[2].split(' ')[0] in ("Gallu", "Capability")]
            if not head: continue
            grid_pages += 1
            col_left, col_right = head[0][0], left + 73 * MM - 5
            pick = lambda l: abs(l[0] - col_left) < 1.5 and l[1] < col_right + 30
        else:
            english = [l for l in all_lines if abs(l[0] - (left + 86 * MM)) < 3 * MM]
            if len(english) < 3: continue
            grid_pages += 1
            col_left, col_right = left, left + 79 * MM
            pick = lambda l: l[0] < left + 40 * MM and l[1] < left + 83 * MM
        width = col_right - col_left
        for b in blocks:
            ls = [l for l in b if pick(l)]
            if place == "columns" and not (ls and ls[0][2].startswith('\u2022')):
                continue  # only the statements, the text the sample has in Welsh
            stats["lines"] += len(ls)
            for l in ls[:-1]:
                gap = col_right - l[1]
                stats["inner"] += 1
                stats["gap"] += max(gap, 0)
                stats["ragged"] += gap > width / 4
                stats["hyphens"] += l[2].endswith("\u00ad")
            if len(ls) > 1:
                stats["over"] += sum(1 for l in ls if l[1] > col_right + 1)
    n = max(stats["inner"], 1)
    return dict(pages_with_place=grid_pages, lines=stats["lines"], inner_lines=stats["inner"], mean_gap_mm=round(stats["gap"] / n / MM, 1),
                very_ragged=stats["ragged"], words_broken=stats["hyphens"], overflowing=stats["over"])
if __name__ == "__main__":
    place = sys.argv[1]
    for pdf in sys.argv[2:]:
        pages = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
        pages = re.search(r"Pages:\s+(\d+)", pages).group(1)
        print(pdf.split('/')[-1], "pages", pages, measure(pdf, place))
