#!/usr/bin/env python3
"""The lines of text on every page of PDFs, where Poppler sees them
(`pdftotext -bbox-layout`); tests/it/print.rs finds pages that hold only the
tail of a part with it.

    pdf_pages.py FILE.pdf…

Prints JSON: per file, a list of pages, each with its width and height
and its lines top to bottom (text, top and bottom in points from the top
of the page).
"""
import html
import json
import re
import subprocess
import sys

PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
LINE = re.compile(r'<line xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</line>', re.S)
WORD = re.compile(r"<word [^>]*>(.*?)</word>", re.S)


def pages(path):
    out = subprocess.run(["pdftotext", "-bbox-layout", path, "-"], capture_output=True, text=True, check=True).stdout
    result = []
    for width, height, body in PAGE.findall(out):
        lines = [
            {"text": " ".join(html.unescape(w) for w in WORD.findall(words)), "top": float(top), "bottom": float(bottom)}
            for top, bottom, words in LINE.findall(body)
        ]
        lines.sort(key=lambda l: (l["top"], l["bottom"]))
        result.append({"width": float(width), "height": float(height), "lines": lines})
    return result


if __name__ == "__main__":
    json.dump({path: pages(path) for path in sys.argv[1:]}, sys.stdout)
