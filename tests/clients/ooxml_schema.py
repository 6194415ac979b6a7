"""Validates the WordprocessingML parts of .docx files against the ECMA-376
transitional XML schemas with xmllint (libxml2), as a second reading of the
schema beside openxml-audit.

    python3 ooxml_schema.py FILE.docx...

prints JSON: {"schemas": DIR, "parts": N, "errors": {"FILE.docx!word/x.xml": [LINE, ...]}}.

The schemas are those of ECMA-376 Part 4 (5th edition, transitional), as
the PyPI package mdhtml2docx 0.1.4 ships them (mdhtml2docx/schemas, see its
SOURCES.md); .ci/run installs it without its dependencies, for the files
only. Its package is found without importing it.

Each part is first read as a consumer that understands only ECMA-376 Part 1
reads it (ECMA-376 Part 3, Markup Compatibility and Extensibility, clause
"Ignorable Attribute"): elements and attributes in a namespace the part
declares ignorable (`mc:Ignorable`, e.g. Word 2010's `w14`) are treated as
if they did not exist, so they are removed, with the `mc:` attributes
themselves. The packs use no mc:ProcessContent, mc:MustUnderstand or
mc:AlternateContent; a part that did is refused here, as this reader keeps
no content of an ignored element. What is left must be valid against
wml.xsd. The
parts checked: document, styles, numbering, settings, the font table, and
every header and footer.
"""

import importlib.util
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile
import xml.etree.ElementTree as ET

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PARTS = re.compile(r"word/(document|styles|numbering|settings|fontTable|header\d*|footer\d*)\.xml")


def schema_dir():
    spec = importlib.util.find_spec("mdhtml2docx")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("the ECMA-376 schemas are missing: pip install --no-deps mdhtml2docx==0.1.4 (.ci/run installs it)")
    return os.path.join(spec.submodule_search_locations[0], "schemas")


def namespace(name):
    return name[1 : name.index("}")] if name.startswith("{") else ""


def ignorable(xml):
    """The namespaces the root's mc:Ignorable names (prefixes resolved with
    the declarations in the part)."""
    declared = {}
    for _, (prefix, uri) in ET.iterparse(io.BytesIO(xml), events=("start-ns",)):
        declared.setdefault(prefix, uri)
    root = ET.fromstring(xml)
    names = set()
    for element in root.iter():
        for prefix in element.get(f"{{{MC}}}Ignorable", "").split():
            if prefix not in declared:
                raise ValueError(f"mc:Ignorable names the undeclared prefix {prefix}")
            names.add(declared[prefix])
    return root, names


def mce_process(xml):
    """The part as a consumer that knows no extension reads it."""
    root, ignored = ignorable(xml)
    drop = lambda name: namespace(name) in ignored or namespace(name) == MC
    for element in root.iter():
        unsupported = [a for a in element.attrib if namespace(a) == MC and not a.endswith("}Ignorable")]
        if element.tag == f"{{{MC}}}AlternateContent" or unsupported:
            raise ValueError(f"markup compatibility this reader does not process: {element.tag} {unsupported}")
        for attribute in [a for a in element.attrib if drop(a)]:
            del element.attrib[attribute]
        for child in [c for c in element if drop(c.tag)]:
            element.remove(child)
    if drop(root.tag):
        raise ValueError("the root element is in an ignorable namespace")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def main(files):
    schemas = schema_dir()
    with tempfile.TemporaryDirectory() as tmp:
        names = {}
        for n, path in enumerate(files):
            with zipfile.ZipFile(path) as z:
                for part in z.namelist():
                    if PARTS.fullmatch(part):
                        out = os.path.join(tmp, f"{n}-{part.replace('/', '-')}")
                        with open(out, "wb") as f:
                            f.write(mce_process(z.read(part)))
                        names[out] = f"{path}!{part}"
        run = subprocess.run(
            ["xmllint", "--noout", "--nonet", "--schema", os.path.join(schemas, "wml.xsd"), *sorted(names)],
            capture_output=True,
            text=True,
        )
        errors = {}
        validated = set()
        for line in run.stderr.splitlines():
            if line.endswith(" validates"):
                validated.add(line[: -len(" validates")])
                continue
            file = next((f for f in names if line.startswith(f + ":") or line.startswith(f + " ")), None)
            if file is None:
                errors.setdefault("xmllint", []).append(line)
            elif not line.endswith(" fails to validate"):
                errors.setdefault(names[file], []).append(line[len(file) + 1 :])
        for file, name in names.items():
            if file not in validated and name not in errors:
                errors[name] = [f"xmllint did not validate it (exit {run.returncode})"]
    print(json.dumps({"schemas": schemas, "parts": len(names), "validated": len(validated), "errors": errors}, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
