"""Writes returned files made to hurt `harvest`, each carrying a real pack's
identity so it gets past the identity check (tests/it/harvest.rs):

    python3 hostile_returns.py IDENTITY.json PACK.docx OUT_DIR

IDENTITY.json holds {"framework", "version", "pack"}. Every file is small
on disk (the biggest a few megabytes; the 300 MB answers file is sparse)
and is named for what it does; the test knows what each must become.
"""

import io
import json
import sys
import zipfile
import zlib
from pathlib import Path


def pdf(objects, identity, extra_trailer=b""):
    """A PDF from `objects` (bytes bodies, numbered from 1; object 1 is the
    catalog), with the identity in the document information's keywords
    and a correct cross-reference table."""
    keywords = ", ".join(f"framewright:{k}={identity[k]}" for k in ("framework", "version", "pack"))
    info_number = len(objects) + 1
    objects = list(objects) + [b"<< /Keywords (" + keywords.encode() + b") >>"]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R " % (len(objects) + 1, info_number) + extra_trailer + b">>\n")
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def stream(data, dictionary=b""):
    return b"<< /Length %d " % len(data) + dictionary + b" >>\nstream\n" + data + b"\nendstream"


def flate_of_zeros(size):
    """zlib data that inflates to `size` zero bytes, made without holding them."""
    z = zlib.compressobj(9)
    chunk = bytes(1 << 20)
    parts = [z.compress(chunk) for _ in range(size >> 20)]
    parts.append(z.flush())
    return b"".join(parts)


def objstm_pdf(objects_data, identity):
    """A PDF whose object 4 (the only field) lives in an ASCIIHex-encoded
    object stream, found through a cross-reference stream."""
    keywords = ", ".join(f"framewright:{k}={identity[k]}" for k in ("framework", "version", "pack"))
    hexed = objects_data.hex().encode() + b">"
    bodies = {
        1: catalog(b"[4 0 R]"),
        2: PAGES,
        3: stream(hexed, b"/Type /ObjStm /N 1 /First 4 /Filter /ASCIIHexDecode"),
        5: b"<< /Keywords (" + keywords.encode() + b") >>",
    }
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = {}
    for number, body in bodies.items():
        offsets[number] = out.tell()
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    offsets[6] = out.tell()
    rows = [b"\x00" + (0).to_bytes(4, "big") + b"\xff\xff"]
    for number in range(1, 7):
        if number == 4:
            rows.append(b"\x02" + (3).to_bytes(4, "big") + (0).to_bytes(2, "big"))
        else:
            rows.append(b"\x01" + offsets[number].to_bytes(4, "big") + b"\x00\x00")
    data = b"".join(rows)
    xref = stream(data, b"/Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Info 5 0 R")
    out.write(b"6 0 obj\n" + xref + b"\nendobj\nstartxref\n%d\n%%%%EOF\n" % offsets[6])
    return out.getvalue()


def catalog(fields_ref=b"2 0 R"):
    return b"<< /Type /Catalog /Pages 3 0 R /AcroForm << /Fields " + fields_ref + b" >> >>"


PAGES = b"<< /Type /Pages /Kids [] /Count 0 >>"


def main(identity_path, docx_path, out_dir):
    identity = json.loads(Path(identity_path).read_text())
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    deep = 300_000

    # /Fields nested a few hundred thousand arrays deep (~0.6 MB).
    (out / "pdf-deep-fields.pdf").write_bytes(pdf([catalog(), b"[" * deep + b"]" * deep, PAGES], identity))
    # A field's /V nested as dictionaries.
    field = b"<< /T (signoff) /Kids [<< /T (name) /FT /Tx /V " + b"<< /A " * deep + b">>" * deep + b" >>] >>"
    (out / "pdf-deep-value.pdf").write_bytes(pdf([catalog(b"[4 0 R]"), b"[]", PAGES, field], identity))
    # The same depth hidden in a compressed object stream.
    inner = b"[" * deep + b"]" * deep
    header = b"4 0 "
    objstm = stream(zlib.compress(header + inner), b"/Type /ObjStm /N 1 /First %d /Filter /FlateDecode" % len(header))
    (out / "pdf-deep-objstm.pdf").write_bytes(pdf([catalog(b"[4 0 R]"), b"[]", PAGES, b"null", objstm], identity))
    # The same again behind a filter the nesting scan does not undo (only
    # the worker process can stand between this file and the harvest).
    (out / "pdf-deep-objstm-hex.pdf").write_bytes(objstm_pdf(header + inner, identity))
    # A text field whose /V is a Flate stream of 1 GiB (1 MB on disk).
    value = stream(flate_of_zeros(1 << 30), b"/Filter /FlateDecode")
    field = b"<< /T (signoff) /Kids [<< /T (name) /FT /Tx /V 5 0 R >>] >>"
    (out / "pdf-value-bomb.pdf").write_bytes(pdf([catalog(b"[4 0 R]"), b"[]", PAGES, field, value], identity))
    # /Kids that loop back to their parent.
    loop = b"<< /T (l2-01) /Kids [4 0 R] >>"
    (out / "pdf-kids-cycle.pdf").write_bytes(pdf([catalog(b"[4 0 R]"), b"[]", PAGES, loop], identity))
    # A trailer whose /Prev points at itself, and a cross-reference stream
    # that claims two billion entries.
    body = pdf([catalog(b"[4 0 R]"), b"[]", PAGES, b"<< /T (signoff) /Kids [5 0 R] >>", b"null"], identity)
    xref_at = int(body.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    (out / "pdf-xref-loop.pdf").write_bytes(body.replace(b"trailer\n<< ", b"trailer\n<< /Prev %d " % xref_at))
    xref_stream = stream(zlib.compress(b"\x00" * 7), b"/Type /XRef /Size 2000000000 /W [1 4 2] /Root 1 0 R /Filter /FlateDecode")
    head = b"%PDF-1.7\n"
    xs = head + b"1 0 obj\n" + xref_stream + b"\nendobj\nstartxref\n%d\n%%%%EOF\n" % len(head)
    (out / "pdf-xref-two-billion.pdf").write_bytes(xs)

    # A 300 MB answers file (sparse on disk).
    answers = json.dumps({"framewright": identity, "answers": {"signoff.name": "x"}}).encode()
    with open(out / "answers-huge.json", "wb") as f:
        f.write(answers[:-1] + b", \"pad\": \"")
        f.truncate(300 * 1024 * 1024)
    # Answers nested deeper than any JSON parser should follow.
    nested = b'{"framewright": ' + json.dumps(identity).encode() + b', "answers": ' + b"[" * deep + b"]" * deep + b"}"
    (out / "answers-deep.json").write_bytes(nested)

    # A Word pack whose document.xml inflates to 1 GiB (1 MB on disk), and
    # one whose document nests 50,000 elements deep (under 1 MiB, so the
    # compression ratio is not what stops it).
    with zipfile.ZipFile(docx_path) as real:
        parts = {name: real.read(name) for name in real.namelist()}

    def word(name, document, compress=zipfile.ZIP_DEFLATED):
        with zipfile.ZipFile(out / name, "w", compress) as z:
            for part, data in parts.items():
                if part == "word/document.xml":
                    continue
                z.writestr(part, data)
            if document is not None:
                z.writestr("word/document.xml", document)

    bomb = io.BytesIO()
    with zipfile.ZipFile(docx_path) as real, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        for part in real.namelist():
            if part != "word/document.xml":
                z.writestr(part, real.read(part))
        with z.open("word/document.xml", "w", force_zip64=True) as w:
            w.write(b"<w:document>")
            chunk = b" " * (1 << 20)
            for _ in range(1024):
                w.write(chunk)
    (out / "docx-document-bomb.docx").write_bytes(bomb.getvalue())
    doc = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' + b"<w:p>" * 50_000
    doc += b"</w:p>" * 50_000 + b"</w:document>"
    word("docx-deep-xml.docx", doc)
    # A zip of many thousands of entries.
    with zipfile.ZipFile(out / "docx-many-entries.docx", "w", zipfile.ZIP_STORED) as z:
        for part, data in parts.items():
            z.writestr(part, data)
        for i in range(5000):
            z.writestr(f"word/media/x{i}.bin", b"")


if __name__ == "__main__":
    main(*sys.argv[1:])
