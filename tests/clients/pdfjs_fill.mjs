// pdf.js (Firefox's PDF engine) fills a form and saves it, as Firefox does
// when a person fills a PDF and presses Save: values go into the
// annotation storage, then saveDocument() writes an incremental update.
// Usage: node pdfjs_fill.mjs IN.pdf OUT.pdf VALUES.json
// VALUES maps a field name to a value: for a radio group the export value
// of the button to choose, else the text to type. Prints the fields set.
import { readFileSync, writeFileSync } from "node:fs";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

const [src, dst, valuesPath] = process.argv.slice(2);
const values = JSON.parse(readFileSync(valuesPath, "utf8"));
const doc = await getDocument({ data: new Uint8Array(readFileSync(src)), verbosity: 0 }).promise;
const objects = (await doc.getFieldObjects()) ?? {};
let done = 0;
for (const [name, value] of Object.entries(values)) {
  const widgets = (objects[name] ?? []).filter((w) => w.type);
  if (widgets.length === 0) throw new Error(`no field ${name}`);
  for (const w of widgets) {
    if (w.type === "radiobutton" || w.type === "checkbox") {
      doc.annotationStorage.setValue(w.id, { value: w.exportValues === value });
    } else {
      doc.annotationStorage.setValue(w.id, { value });
    }
  }
  done += 1;
}
writeFileSync(dst, await doc.saveDocument());
await doc.destroy();
process.stdout.write(String(done));
