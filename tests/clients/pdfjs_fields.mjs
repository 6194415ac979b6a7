// pdf.js (Firefox's PDF engine) lists a PDF's form fields.
// Usage: node pdfjs_fields.mjs PDF...  → JSON: one object per file,
// {path, fields: {name: {types: [...], widgets: n}}}.
import { readFileSync } from "node:fs";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

const results = [];
for (const path of process.argv.slice(2)) {
  const data = new Uint8Array(readFileSync(path));
  const doc = await getDocument({ data, verbosity: 0 }).promise;
  const objects = (await doc.getFieldObjects()) ?? {};
  const fields = {};
  for (const [name, widgets] of Object.entries(objects)) {
    // A non-terminal field (`l2-01`, grouping `l2-01.rating` and its
    // siblings) has no type of its own: only fields that hold values count.
    if (widgets.every((w) => !w.type)) continue;
    fields[name] = {
      types: [...new Set(widgets.map((w) => w.type))],
      widgets: widgets.length,
      exports: widgets.map((w) => w.exportValues).filter((e) => e !== undefined),
    };
  }
  results.push({ path, pages: doc.numPages, fields });
  await doc.destroy();
}
process.stdout.write(JSON.stringify(results));
