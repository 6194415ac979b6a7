#!/usr/bin/env python3
"""Fills framewright packs with programs that are not framewright, as the
people who return them do; tests/it/harvest.rs then harvests the results.

    harvest_fill.py pypdf  IN.pdf OUT.pdf VALUES.json   # pypdf, full rewrite
    harvest_fill.py pikepdf IN.pdf OUT.pdf VALUES.json  # pikepdf (qpdf), full rewrite with object streams
    harvest_fill.py pdfium IN.pdf OUT.pdf VALUES.json   # PDFium (Chrome's engine) typing into the fields, saved incrementally

VALUES maps a field key to its value: a rating key (`l2-01.rating`) to the
scale value to choose, any other key to the text to type. Prints the
number of fields set. (pdf.js: pdfjs_fill.mjs; Word: docx_forms.py.)
"""
import json
import logging
import sys

from pdf_forms import name_of, terminal_fields

RADIO = "/Btn"


def pypdf_fill(src, dst, values):
    import pypdf

    reader = pypdf.PdfReader(src)
    writer = pypdf.PdfWriter(clone_from=reader)
    fields = terminal_fields(reader)
    missing = set(values) - set(fields)
    if missing:
        raise SystemExit(f"no such fields: {sorted(missing)[:5]}")
    # pypdf takes a radio button's state as a name ("/3").
    values = {k: ("/" + v if fields[k].get("/FT") == RADIO else v) for k, v in values.items()}
    for page in writer.pages:
        if "/Annots" in page:
            writer.update_page_form_field_values(page, values, auto_regenerate=False)
    writer.write(dst)
    return len(values)


def pikepdf_fill(src, dst, values):
    import pikepdf
    from pikepdf import Name, String

    pdf = pikepdf.open(src)

    done = 0
    seen = set()
    for page in pdf.pages:
        for annot in page.obj.get("/Annots", []):
            if annot.get("/Subtype") != "/Widget":
                continue
            field = annot if "/T" in annot else annot.get("/Parent")
            name = name_of(field)
            if name not in values:
                continue
            value = values[name]
            kind = field.get("/FT")
            if kind == RADIO:
                states = [str(s) for s in annot.AP.N.keys() if str(s) != "/Off"]
                on = "/" + value
                annot.AS = Name(on) if on in states else Name("/Off")
                field.V = Name(on)
            else:
                field.V = String(value)
            if name not in seen:
                seen.add(name)
                done += 1
    pdf.save(dst, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return done


def pdfium_fill(src, dst, values):
    """Types into each field through PDFium's form filler, as Chrome does
    when a person clicks a box and types, then saves incrementally."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(src)
    env = pdf.init_forms()
    handle = pdf.formenv.raw
    done = 0
    for page in pdf:
        raw.FORM_OnAfterLoadPage(page.raw, handle)
        for i in range(raw.FPDFPage_GetAnnotCount(page.raw)):
            annot = raw.FPDFPage_GetAnnot(page.raw, i)
            if raw.FPDFAnnot_GetSubtype(annot) != raw.FPDF_ANNOT_WIDGET:
                raw.FPDFPage_CloseAnnot(annot)
                continue
            size = raw.FPDFAnnot_GetFormFieldName(handle, annot, None, 0)
            buf = ctypes.create_string_buffer(size)
            raw.FPDFAnnot_GetFormFieldName(handle, annot, ctypes.cast(buf, ctypes.POINTER(raw.FPDF_WCHAR)), size)
            name = buf.raw[: size - 2].decode("utf-16-le")
            if name in values:
                value = values[name]
                kind = raw.FPDFAnnot_GetFormFieldType(handle, annot)
                if kind == raw.FPDF_FORMFIELD_RADIOBUTTON:
                    size = raw.FPDFAnnot_GetFormFieldExportValue(handle, annot, None, 0)
                    buf = ctypes.create_string_buffer(size)
                    raw.FPDFAnnot_GetFormFieldExportValue(handle, annot, ctypes.cast(buf, ctypes.POINTER(raw.FPDF_WCHAR)), size)
                    if buf.raw[: size - 2].decode("utf-16-le") == value:
                        rect = raw.FS_RECTF()
                        raw.FPDFAnnot_GetRect(annot, rect)
                        x, y = (rect.left + rect.right) / 2, (rect.top + rect.bottom) / 2
                        raw.FORM_OnLButtonDown(handle, page.raw, 0, x, y)
                        raw.FORM_OnLButtonUp(handle, page.raw, 0, x, y)
                        done += 1
                else:
                    raw.FORM_SetFocusedAnnot(handle, annot)
                    raw.FORM_SelectAllText(handle, page.raw)
                    text = (value + "\0").encode("utf-16-le")
                    wide = ctypes.create_string_buffer(text, len(text))
                    raw.FORM_ReplaceSelection(handle, page.raw, ctypes.cast(wide, ctypes.POINTER(raw.FPDF_WCHAR)))
                    raw.FORM_ForceToKillFocus(handle)
                    done += 1
            raw.FPDFPage_CloseAnnot(annot)
        raw.FORM_OnBeforeClosePage(page.raw, handle)
    pdf.save(dst, flags=raw.FPDF_INCREMENTAL)
    return done


def main():
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    tool, src, dst, values_path = sys.argv[1:5]
    with open(values_path, encoding="utf-8") as f:
        values = json.load(f)
    fill = {"pypdf": pypdf_fill, "pikepdf": pikepdf_fill, "pdfium": pdfium_fill}[tool]
    print(fill(src, dst, values))


if __name__ == "__main__":
    main()
