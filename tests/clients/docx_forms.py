#!/usr/bin/env python3
"""Fills and reads the content controls of a framewright .docx with nothing
but the standard library (zipfile + xml.etree), as a harvest script would.

    docx_forms.py read FILE.docx            -> JSON on stdout (see read())
    docx_forms.py text FILE.docx            -> the text of every paragraph
    docx_forms.py fill IN.docx OUT.docx VALUES.json

Filling edits the XML the way Word does when a person fills the form: a
check box gets w14:checked = 1 and the ticked glyph; a text or date control
gets its text (a date control also w:fullDate); every other part of the
package is copied byte for byte.

Keys: a control's w:tag, else the bracketed end of its alias ("Evidence for
l1-01 [l1-01.evidence]"), which LibreOffice keeps when it re-saves a file
and drops the tag. LibreOffice also wraps a check box in a second content
control that carries the alias: a control without a key of its own takes
the key of the nearest enclosing control that has one.
"""
import json
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
NS = {"w": W, "w14": W14}
CHECKED = "\u2612"
UNCHECKED = "\u2610"


def q(prefix, name):
    return "{%s}%s" % (NS[prefix], name)


def alias_key(alias):
    m = re.search(r"\[([^\[\]]+)\]$", alias or "")
    return m.group(1) if m else None


def control_kind(pr):
    if pr.find("w14:checkbox", NS) is not None:
        return "checkbox"
    if pr.find("w:date", NS) is not None:
        return "date"
    if pr.find("w:text", NS) is not None:
        return "text"
    return None


def walk(element, inherited, out):
    """Every content control under `element`: (sdt, kind, tag, alias key)."""
    for child in element:
        if child.tag == q("w", "sdt"):
            pr = child.find("w:sdtPr", NS)
            tag_el = pr.find("w:tag", NS) if pr is not None else None
            alias_el = pr.find("w:alias", NS) if pr is not None else None
            tag = tag_el.get(q("w", "val")) if tag_el is not None else None
            key = alias_key(alias_el.get(q("w", "val"))) if alias_el is not None else None
            kind = control_kind(pr) if pr is not None else None
            if kind:
                out.append((child, kind, tag, key or inherited))
            walk(child, key or inherited, out)
        else:
            walk(child, inherited, out)


def text_of(sdt):
    content = sdt.find("w:sdtContent", NS)
    return "\n".join(text_of_paragraph(p) for p in content.findall(".//w:p", NS) or [content])


def read(path):
    """{"controls": [{kind, tag, key, value}], "core": {name: text}, "custom": {name: value}}"""
    with zipfile.ZipFile(path) as z:
        doc = ET.fromstring(z.read("word/document.xml"))
        core = {el.tag.split("}")[1]: el.text for el in ET.fromstring(z.read("docProps/core.xml"))}
        custom = {}
        if "docProps/custom.xml" in z.namelist():
            for prop in ET.fromstring(z.read("docProps/custom.xml")):
                custom[prop.get("name")] = "".join(prop.itertext())
    found = []
    walk(doc, None, found)
    controls = []
    for sdt, kind, tag, key in found:
        pr = sdt.find("w:sdtPr", NS)
        date = pr.find("w:date", NS)
        if kind == "checkbox":
            checked = pr.find("w14:checkbox/w14:checked", NS)
            value = checked is not None and checked.get(q("w14", "val")) in ("1", "true")
        elif kind == "date" and date.get(q("w", "fullDate")):
            # Word and LibreOffice keep the picked date here.
            value = date.get(q("w", "fullDate"))[:10]
        else:
            value = text_of(sdt)
        controls.append({"kind": kind, "tag": tag, "key": key, "value": value})
    return {"controls": controls, "core": core, "custom": custom}


def paragraphs(path):
    """The text of every paragraph of the body and the footers, in order."""
    out = []
    with zipfile.ZipFile(path) as z:
        names = ["word/document.xml"] + sorted(n for n in z.namelist() if re.match(r"word/footer\d+\.xml$", n))
        for name in names:
            for p in ET.fromstring(z.read(name)).iter(q("w", "p")):
                out.append(text_of_paragraph(p))
    return out


def text_of_paragraph(p):
    parts = []
    for el in p.iter():
        if el.tag == q("w", "t"):
            parts.append(el.text or "")
        elif el.tag in (q("w", "br"), q("w", "cr")):
            parts.append("\n")
        elif el.tag == q("w", "tab"):
            parts.append("\t")
    return "".join(parts)


def set_text(sdt, text):
    """Replaces the control's content with one run holding `text` (line
    breaks as w:br), in the first paragraph if it has paragraphs."""
    content = sdt.find("w:sdtContent", NS)
    p = content.find(".//w:p", NS)
    holder = p if p is not None else content
    for r in holder.findall("w:r", NS):
        holder.remove(r)
    run = ET.SubElement(holder, q("w", "r"))
    for i, line in enumerate(text.split("\n")):
        if i:
            ET.SubElement(run, q("w", "br"))
        t = ET.SubElement(run, q("w", "t"))
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        t.text = line


def fill(src, dst, values):
    """`values` maps a key to True (tick) or a string (text, or a date
    "YYYY-MM-DD"). Every key must exist; returns how many were set."""
    with zipfile.ZipFile(src) as z:
        items = [(info, z.read(info.filename)) for info in z.infolist()]
    for prefix, uri in [("w", W), ("w14", W14)]:
        ET.register_namespace(prefix, uri)
    raw = dict((i.filename, b) for i, b in items)["word/document.xml"]
    # Keep every namespace declaration of the root (ElementTree drops the
    # unused ones, and mc:Ignorable names some of them).
    for prefix, uri in re.findall(rb'xmlns:(\w+)="([^"]+)"', raw):
        ET.register_namespace(prefix.decode(), uri.decode())
    doc = ET.fromstring(raw)
    found = []
    walk(doc, None, found)
    by_key = {}
    for sdt, kind, tag, key in found:
        by_key.setdefault(tag or key, []).append((sdt, kind))
    done = 0
    for key, value in values.items():
        if key not in by_key:
            raise SystemExit(f"no content control with key {key!r}")
        for sdt, kind in by_key[key]:
            pr = sdt.find("w:sdtPr", NS)
            if kind == "checkbox":
                pr.find("w14:checkbox/w14:checked", NS).set(q("w14", "val"), "1" if value else "0")
                for t in sdt.find("w:sdtContent", NS).iter(q("w", "t")):
                    t.text = CHECKED if value else UNCHECKED
            elif kind == "date":
                pr.find("w:date", NS).set(q("w", "fullDate"), value + "T00:00:00Z")
                set_text(sdt, value)
            else:
                set_text(sdt, value)
            done += 1
    xml = ET.tostring(doc, encoding="UTF-8", xml_declaration=True)
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            z.writestr(info, xml if info.filename == "word/document.xml" else data)
    return done


if __name__ == "__main__":
    if sys.argv[1] == "read":
        json.dump(read(sys.argv[2]), sys.stdout, ensure_ascii=False)
    elif sys.argv[1] == "text":
        json.dump(paragraphs(sys.argv[2]), sys.stdout, ensure_ascii=False)
    elif sys.argv[1] == "fill":
        with open(sys.argv[4], encoding="utf-8") as f:
            print(fill(sys.argv[2], sys.argv[3], json.load(f)))
    else:
        raise SystemExit(__doc__)
