"""Fills in a translation file the way a translator's tool would, with
translate-toolkit (PyPI `translate-toolkit`): every unit with English gets
a "Welsh" target. The targets are MACHINE-MADE TEST DATA, NOT WELSH FOR
OFFICIAL USE: each is the English after a marker, so placeholders and
emphasis tags are kept as a real translation must keep them.

Usage: translate_fill.py IN OUT  (PO, XLIFF 1.2 or XLIFF 2.x, by content)
Prints {"filled": N} as JSON.
"""

import json
import sys

from translate.storage import factory, xliff2

MARKER = "[prawf cy] "  # "test cy": marks the test data as such


def main(source, out):
    with open(source, encoding="utf-8") as f:
        text = f.read()
    # translate-toolkit's factory takes XLIFF for 1.x; 2.x has its own class.
    if "urn:oasis:names:tc:xliff:document:2.0" in text:
        store = xliff2.Xliff2File.parsefile(source)
    else:
        store = factory.getobject(source)
    filled = 0
    for unit in store.units:
        if unit.isheader() or not unit.source:
            continue
        unit.target = MARKER + unit.source
        filled += 1
    store.savefile(out)
    print(json.dumps({"filled": filled}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
