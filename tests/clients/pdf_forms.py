#!/usr/bin/env python3
"""Independent PDF engines read framewright's form fields.

Used by tests/it/forms.rs; every command prints JSON on stdout.

  inspect PDF...     pypdf + pikepdf: fields, widgets, structure problems
  fill IN OUT...     pypdf: fill every field of each IN, save as OUT;
                     prints the values written, per file
  read PDF...        pypdf: every field's value, per file
  pdfium PDF...      PDFium (pypdfium2): form environment, pages rendered
  fill-redraw IN OUT pypdf with its defaults, which ask viewers to redraw
                     the fields (NeedAppearances); prints the values written
  name-values IN OUT pikepdf: each button field's /V as a name (pypdf writes
                     a string, which Poppler reads as no choice; pypdf #3549)
  pdfium-pgm PDF PAGE DPI OUT
                     PDFium: page PAGE (1-based) with its fields, as grey PGM
"""
import json
import logging
import sys

import pikepdf
import pypdf

# Text that must survive filling: Welsh, Arabic and a long evidence text.
WELSH = "Rwy'n gallu dangos tystiolaeth o hyfforddiant diogelu — ŵ ŷ â."
ARABIC = "أستطيع أن أشرح كيف أحمي الأطفال."
LONG = ("Evidence: supervision notes, case records and certificates. " * 40)[:2000]


def name_of(field):
    """The fully qualified name of a pikepdf field dictionary."""
    parts = []
    while field is not None:
        if "/T" in field:
            parts.append(str(field.T))
        field = field.get("/Parent")
    return ".".join(reversed(parts))


def terminal_fields(reader):
    """The fields that hold values (those with a field type), by full name."""
    return {name: f for name, f in (reader.get_fields() or {}).items() if "/FT" in f}


def inspect(path):
    problems = []
    pdf = pikepdf.open(path)
    root = pdf.Root
    acroform = root.get("/AcroForm")
    if acroform is not None and bool(acroform.get("/NeedAppearances", False)):
        problems.append("AcroForm sets NeedAppearances")

    # Fields as pypdf sees them: the terminal ones (a non-terminal field such
    # as `l2-01` only groups `l2-01.rating` and its siblings). No partial
    # name may hold a period (ISO 32000-1 12.7.3.2).
    reader = pypdf.PdfReader(path)
    fields = {}
    for name, f in terminal_fields(reader).items():
        fields[name] = {
            "type": str(f.get("/FT")),
            "tu": f.get("/TU"),
            "flags": int(f.get("/Ff", 0)),
            "states": sorted(str(s) for s in f.get("/_States_", [])),
        }
        if not f.get("/TU"):
            problems.append(f"field {name} has no /TU")

    # Widgets, page by page.
    widgets = {}
    for index, page in enumerate(pdf.pages):
        annots = [a for a in page.obj.get("/Annots", []) if a.get("/Subtype") == "/Widget"]
        if annots and page.obj.get("/Tabs") != "/S":
            problems.append(f"page {index + 1} has fields but no /Tabs /S")
        for a in annots:
            name = name_of(a)
            key = a.objgen
            ap = a.get("/AP")
            if ap is None or "/N" not in ap:
                problems.append(f"widget of {name} has no normal appearance")
            elif set(ap.keys()) != {"/N"}:
                problems.append(f"widget of {name} has appearances other than /N")
            if int(a.get("/F", 0)) & 4 != 4:
                problems.append(f"widget of {name} lacks the Print flag")
            if "/A" in a or "/AA" in a:
                problems.append(f"widget of {name} has an action")
            if "/StructParent" not in a:
                problems.append(f"widget of {name} has no /StructParent")
            node = a
            while node is not None:
                if "/T" in node and "." in str(node.T):
                    problems.append(f"partial field name {node.T} of {name} holds a period")
                node = node.get("/Parent")
            states = []
            if isinstance(ap and ap.get("/N"), pikepdf.Dictionary) and not isinstance(ap.N, pikepdf.Stream):
                states = sorted(str(s) for s in ap.N.keys())
            widgets[key] = {
                "name": name,
                "page": index,
                "rect": [float(v) for v in a.Rect],
                "states": states,
                "struct_parent": int(a.get("/StructParent", -1)),
            }

    # The structure tree: every widget under a /Form element, and the parent
    # tree pointing back at that element.
    tree = root.StructTreeRoot
    form_of = {}
    figures_left = 0
    forms = 0
    stack = [tree]
    seen = set()
    while stack:
        elem = stack.pop()
        if elem.is_indirect:
            if elem.objgen in seen:
                continue
            seen.add(elem.objgen)
        kids = elem.get("/K")
        if kids is None:
            continue
        if not isinstance(kids, pikepdf.Array):
            kids = [kids]
        if elem.get("/S") == "/Form":
            forms += 1
        alt = elem.get("/Alt")
        if alt is not None and str(alt).startswith("FIELD:"):
            figures_left += 1
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                if elem.get("/S") == "/Form":
                    form_of[kid.Obj.objgen] = elem.objgen
            elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                stack.append(kid)
    if figures_left:
        problems.append(f"{figures_left} placeholder figures were not turned into /Form elements")
    # Nor may the page content keep a placeholder's description as the alt
    # text of its marked content, where a screen reader would read it.
    for number, page in enumerate(pdf.pages, 1):
        content = page.obj.get("/Contents")
        streams = content if isinstance(content, pikepdf.Array) else [content] if content is not None else []
        data = b"".join(stream.read_bytes() for stream in streams)
        # ASCII, or UTF-16BE hex when the description is not ASCII.
        left = data.count(b"FIELD:") + data.upper().count(b"FEFF004600490045004C0044003A")
        if left:
            problems.append(f"page {number}: {left} field descriptions left in the content's alt text")
    nums = tree.ParentTree.get("/Nums", [])
    parent_tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    next_key = int(tree.get("/ParentTreeNextKey", 0))
    for key, w in widgets.items():
        if key not in form_of:
            problems.append(f"widget of {w['name']} is not reachable from a /Form element")
            continue
        target = parent_tree.get(w["struct_parent"])
        if target is None or target.objgen != form_of[key]:
            problems.append(f"parent tree entry {w['struct_parent']} of {w['name']} is not its /Form element")
        if w["struct_parent"] >= next_key:
            problems.append(f"ParentTreeNextKey {next_key} is not above {w['struct_parent']}")

    # The field font is embedded.
    if acroform is not None:
        for name, font in acroform.DR.Font.items():
            if "/DescendantFonts" in font:  # a composite font a filler added
                font = font.DescendantFonts[0]
            if not {"/FontFile", "/FontFile2", "/FontFile3"} & set(font.FontDescriptor.keys()):
                problems.append(f"field font {name} is not embedded")

    meta = pdf.open_metadata()
    claims = {
        "pdfua": meta.get("pdfuaid:part"),
        "pdfa": (meta.get("pdfaid:part") or "") + (meta.get("pdfaid:conformance") or ""),
    }
    return {
        "path": path,
        "fields": fields,
        "widgets": sorted(widgets.values(), key=lambda w: (w["page"], -w["rect"][3], w["rect"][0])),
        "forms": forms,
        "claims": claims,
        "problems": problems,
    }


def fill(src, dst, redraw=False):
    reader = pypdf.PdfReader(src)
    writer = pypdf.PdfWriter(clone_from=reader)
    values = {}
    texts = [WELSH, ARABIC]
    for i, (name, f) in enumerate(sorted(terminal_fields(reader).items())):
        if f.get("/FT") == "/Btn":
            states = sorted(str(s) for s in f.get("/_States_", []) if str(s) != "/Off")
            values[name] = states[i % len(states)]
        elif name.endswith(".evidence") and not any(v == LONG for v in values.values()):
            values[name] = LONG
        else:
            values[name] = texts[i % 2]
    for page in writer.pages:
        if "/Annots" in page:
            if redraw:
                writer.update_page_form_field_values(page, values)
            else:
                writer.update_page_form_field_values(page, values, auto_regenerate=False)
    writer.write(dst)
    return values


def name_values(src, dst):
    pdf = pikepdf.open(src)
    for page in pdf.pages:
        for annot in page.obj.get("/Annots", []):
            field = annot.get("/Parent")
            if field is not None and field.get("/FT") == "/Btn" and isinstance(field.get("/V"), pikepdf.String):
                field.V = pikepdf.Name(str(field.V))
    pdf.save(dst)
    return {}


def pdfium_pgm(path, page, dpi, out):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    pdf.init_forms()
    image = pdf[int(page) - 1].render(scale=float(dpi) / 72, may_draw_forms=True).to_pil().convert("L")
    image.save(out, format="PPM")
    return {"width": image.width, "height": image.height}


def read(path):
    return {name: str(f.get("/V")) for name, f in terminal_fields(pypdf.PdfReader(path)).items()}


def pdfium(paths):
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    out = []
    for path in paths:
        pdf = pdfium.PdfDocument(path)
        pdf.init_forms()
        widgets = 0
        inked = 0
        for page in pdf:
            for i in range(raw.FPDFPage_GetAnnotCount(page.raw)):
                annot = raw.FPDFPage_GetAnnot(page.raw, i)
                if raw.FPDFAnnot_GetSubtype(annot) == raw.FPDF_ANNOT_WIDGET:
                    widgets += 1
                raw.FPDFPage_CloseAnnot(annot)
            image = page.render(scale=0.5, may_draw_forms=True).to_pil().convert("L")
            if image.getextrema()[0] < 128:
                inked += 1
        out.append({"path": path, "formtype": pdf.get_formtype(), "acroform": pdf.get_formtype() == raw.FORMTYPE_ACRO_FORM, "widgets": widgets, "pages": len(pdf), "inked_pages": inked})
    return out


def main():
    # pypdf warns that Arabic is outside the field font's encoding when it
    # draws the filled appearance; the value itself is what the tests read.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    command, args = sys.argv[1], sys.argv[2:]
    if command == "inspect":
        result = [inspect(p) for p in args]
    elif command == "fill":
        result = [fill(src, dst) for src, dst in zip(args[::2], args[1::2])]
    elif command == "fill-redraw":
        result = [fill(src, dst, redraw=True) for src, dst in zip(args[::2], args[1::2])]
    elif command == "name-values":
        result = [name_values(src, dst) for src, dst in zip(args[::2], args[1::2])]
    elif command == "pdfium-pgm":
        result = pdfium_pgm(*args)
    elif command == "read":
        result = [read(p) for p in args]
    elif command == "pdfium":
        result = pdfium(args)
    else:
        sys.exit(f"unknown command {command}")
    json.dump(result, sys.stdout, ensure_ascii=False, default=str)


if __name__ == "__main__":
    main()
