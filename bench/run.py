#!/usr/bin/env python3
"""framewright benchmark: build speed, overhead over Typst, the stock Typst
compiler per pack, peak memory, validation speed, and the Word packs and the
HTML edition against Pandoc.

Run from the repository root after `cargo build --release`:

    python3 bench/run.py            # everything, 3 repetitions
    python3 bench/run.py --quick    # 1 repetition
    python3 bench/run.py --harvest  # only `harvest` of 1,000 completed packs against pypdf
    python3 bench/run.py --shards   # only `harvest --shard` of 100,000 returns in 2 shards, then --combine

Needs the stock Typst 0.15 CLI (`cargo install --locked typst-cli@0.15.1`)
for the stock comparison, and `pandoc` (Debian) for the Word and HTML comparisons. Figures are printed as a Markdown
table for docs/performance.md. Timings are wall-clock medians; these 2-core
machines are noisy, so compare ratios measured in the same run.
"""
import json, os, resource, shutil, statistics, subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / "target" / "release" / "framewright"
SOURCES = sorted((ROOT / "sources").glob("*.toml"))
REPS = 1 if "--quick" in sys.argv else 3


def run(args, env=None, capture=True):
    return subprocess.run(args, cwd=ROOT, env={**os.environ, **(env or {})}, check=True,
                          stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)


def timed(fn, reps=REPS):
    """Median wall time of `fn`."""
    return interleaved({"": fn}, reps)[""][0]


def pdf_build(out, threads=None, force=True):
    return build("pdf", out, threads, force)


def build(fmt, out, threads=None, force=True):
    """Every pack of every sample in `fmt`; `force` rebuilds files that are
    up to date (so repeated runs measure real builds)."""
    env = {"RAYON_NUM_THREADS": str(threads)} if threads else {}
    r = run([str(BIN), "build", "--format", fmt, "--out", str(out), "--message-format", "json"]
            + (["--force"] if force else []), env)
    return [json.loads(line) for line in r.stdout.splitlines() if line.strip()]


def peak_rss_mib(args):
    r = subprocess.run(["/usr/bin/time", "-f", "%M", *args], cwd=ROOT, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True, check=True)
    return int(r.stderr.strip().splitlines()[-1]) / 1024


def stock_typst(packs, out):
    """The stock Typst CLI, one process per pack (`typst compile`, as the
    README tells template authors), on the same templates and plan JSON.
    Returns two runs of every pack: one after another, as a shell loop
    would, and two at a time on all cores, as `xargs -P` would."""
    proj = out / "proj"
    shutil.copytree(ROOT / "templates", proj / "templates")
    shutil.copytree(ROOT / "fonts", proj / "fonts")
    (proj / "output").mkdir()
    jobs = []
    for i, (source, pack) in enumerate(packs):
        data = proj / "output" / f"plan-{i}.json"
        data.write_text(run([str(BIN), "plan", source, pack]).stdout)
        jobs.append(data)

    def command(i, data):
        return ["typst", "compile", "--root", str(proj), "--font-path", str(proj / "fonts"), "--ignore-system-fonts",
                "--pdf-standard", "ua-1,a-2a", "--input", f"data=/output/{data.name}",
                str(proj / "templates" / "pack.typ"), str(out / f"stock-{i}.pdf")]

    def one_at_a_time():
        for i, data in enumerate(jobs):
            subprocess.run(command(i, data), check=True)

    def all_cores():
        procs = []
        cores = os.cpu_count() or 1
        for i, data in enumerate(jobs):
            procs.append(subprocess.Popen(command(i, data)))
            if len(procs) >= cores:
                procs.pop(0).wait()
        for p in procs:
            p.wait()
    return one_at_a_time, all_cores


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def interleaved(runs, reps=REPS):
    """Median wall time and median CPU time (user + system of the processes
    started) of each of `runs` (name → function), taken in turns so a burst
    of load on this shared machine hits them all."""
    times = {name: [] for name in runs}
    for _ in range(reps):
        for name, fn in runs.items():
            t, cpu = time.perf_counter(), children_cpu()
            fn()
            times[name].append((time.perf_counter() - t, children_cpu() - cpu))
    return {name: (statistics.median(w for w, _ in t), statistics.median(c for _, c in t)) for name, t in times.items()}


def forms_cost(tmp):
    """What fillable fields cost in the biggest pack (Yorkshire and Humber
    level 5), built alone on one thread so no other pack's work overlaps its
    timings. The cost is the whole pack against the same pack from templates
    whose `form-field` only draws its box: that counts the placeholders'
    layout as well as adding the fields to the PDF."""
    plain = tmp / "plain"
    for folder in ("templates", "fonts", "sources"):
        shutil.copytree(ROOT / folder, plain / folder)
    fields_typ = plain / "templates" / "parts" / "fields.typ"
    fields_typ.write_text(fields_typ.read_text() + "\n#let form-field(name, kind, label, width: auto, height: 5mm, outline: none, radius: 0pt, ..rest) = "
                          "box(width: if width == auto { 100% } else { width }, height: height, radius: radius, "
                          "stroke: if outline == none { none } else { outline + black })\n")

    def pack(root, i):
        r = subprocess.run([str(BIN), "build", "sources/yorkshire-humber-pcf.toml", "--level", "5", "--format", "pdf",
                            "--out", str(tmp / f"forms-{i}"), "--message-format", "json"], cwd=root, check=True,
                           env={**os.environ, "RAYON_NUM_THREADS": "1"}, capture_output=True, text=True)
        return json.loads(r.stdout.splitlines()[0])

    # Interleaved, so a burst of load on this shared machine hits both.
    reps = max(REPS, 9)
    with_fields, without = [], []
    for i in range(reps):
        with_fields.append(pack(ROOT, 2 * i))
        without.append(pack(plain, 2 * i + 1))
    med = lambda runs, key: statistics.median(f[key] for f in runs)
    return {"pack": with_fields[0]["pack"], "pages": with_fields[0]["pages"], "fields": with_fields[0]["fields"],
            "plain_fields": without[0]["fields"], "total": med(with_fields, "total_ms"),
            "forms": med(with_fields, "forms_ms"), "plain": med(without, "total_ms")}


def staff_build(tmp, people=500):
    """Personalised packs: one London safeguarding pack (PDF) per person of
    a generated staff list, levels 1-5 in turn, whole process wall time."""
    csv = tmp / "staff.csv"
    rows = ["name,email,level,setting,line_manager"]
    rows += [f"Person {i:03d},p{i}@example.org,{i % 5 + 1},School {i % 40},Manager {i % 25}" for i in range(people)]
    csv.write_text("\n".join(rows) + "\n")
    source = str(ROOT / "sources" / "london-safeguarding.toml")
    start = time.perf_counter()
    run([str(BIN), "build", source, "--staff", str(csv), "--format", "pdf", "--out", str(tmp / "staff"), "--quiet"])
    return people, time.perf_counter() - start
# ---------------------------------------------------------------------------
# Word: framewright's .docx packs against Pandoc making .docx from Markdown
# with the same content (headings, lists, the tables, the contents), which
# is what a council would otherwise script.

MD_SPECIAL = set("\\`*_{}[]()#+-.!|<>$@~^&")


def md_escape(text):
    return "".join("\\" + c if c in MD_SPECIAL else c for c in text).replace("\n", " ")


def md_inline(spans):
    marks = {"plain": "", "em": "*", "strong": "**"}
    return "".join(marks[s["style"]] + md_escape(s["text"]) + marks[s["style"]] for s in spans)


def md_blocks(blocks, level, out):
    for b in blocks:
        if b["kind"] == "paragraph":
            out += [md_inline(b["text"]), ""]
        elif b["kind"] == "heading":
            out += ["#" * min(level, 6) + " " + md_escape(b["text"]), ""]
        elif b["kind"] == "list":
            out += [("1. " if b["ordered"] else "- ") + md_inline(i) for i in b["items"]] + [""]
        else:
            out += ["> " + md_inline(b["text"]), ""]


def md_table(header, rows, out):
    out.append("| " + " | ".join(md_escape(h) for h in header) + " |")
    out.append("|" + "---|" * len(header))
    out += ["| " + " | ".join(c if c else " " for c in row) + " |" for row in rows]
    out.append("")


def plan_markdown(plan):
    """The pack as Markdown, part by part as the templates lay it out."""
    fw, p, a = plan["framework"], plan["pack"], plan["assessment"]
    out = ["---", "title: " + json.dumps(fw["title"]), "author: " + json.dumps(fw["publisher"]),
           "lang: " + fw["language"], "---", ""]
    for key, label in (("level", "Level"), ("role", "Role"), ("band", "Age band")):
        if p.get(key):
            out += [f"**{label}:** " + md_escape(p[key]["name"]), ""]
    out += ["# How to use this pack", "", "Work through it in three steps.", ""]
    out += ["# About your level", ""]
    for level in plan["levels"]:
        out += ["## " + md_escape(level["name"]), ""]
        md_blocks(level["description"], 3, out)
    md_blocks(fw["introduction"], 2, out)
    out += ["# The framework", ""]
    for d in plan["domains"]:
        out += ["## " + md_escape(d["title"]), ""]
        md_blocks(d["intro"], 3, out)
        for s in d["sections"]:
            if s["topic"]:
                out += ["### " + md_escape(s["topic"]["title"]), ""]
            for g in s["groups"]:
                out += ["#### " + md_escape(g["level"]["name"]), ""]
                for sub in g["subgroups"]:
                    out += ["- " + md_escape(st["text"]) for st in sub["statements"]] + [""]
    if a["rows"]:
        out += ["# Self-assessment", "", "## Rating scale", ""]
        md_table(["Rating", "Label", "What it means", "Met?"],
                 [[str(x["value"]), md_escape(x["label"]), md_escape(x["description"] or ""), "Yes" if x["met"] else "No"]
                  for x in a["scale"]], out)
        out += ["## Your ratings", ""]
        md_table(["Capability"] + [str(x["value"]) for x in a["scale"]] + [a["columns"]["evidence"], a["columns"]["action"]],
                 [[md_escape(r["text"])] + ["☐"] * len(a["scale"]) + ["", ""] for r in a["rows"]], out)
    out += ["# Training options", ""]
    md_table(["Option", "Format", "Duration", "Provider", "Refresh"],
             [[md_escape(t["title"]), t["format_label"], md_escape(t["duration"] or "–"), md_escape(t["provider"] or "–"),
               "Every " + t["refresh_every"]["text"] if t["refresh_every"] else "–"] for t in plan["training"]], out)
    if a["action_plan"]:
        out += ["# Action plan and sign-off", "", "## Action plan", ""]
        md_table(["No.", "What I will do", "Support or training needed", "By when"],
                 [[str(r["number"]), "", "", ""] for r in a["action_plan"]], out)
        out += ["## Sign-off", ""]
        md_table(["", ""], [[md_escape(f["label"]), ""] for f in a["signoff"]], out)
    return "\n".join(out) + "\n"


def run_pandoc(packs, out, to, suffix, options=()):
    """Pandoc, one process per pack on all cores (as a script would run it),
    from Markdown made beforehand from the same plans (not timed): `to` is
    Pandoc's output format, written to files ending in `suffix`."""
    jobs = []
    for i, (source, pack) in enumerate(packs):
        md = out / f"{to}-{i}.md"
        md.write_text(plan_markdown(json.loads(run([str(BIN), "plan", source, pack]).stdout)), encoding="utf-8")
        jobs.append(md)

    def parallel():
        procs, cores = [], os.cpu_count() or 1
        for md in jobs:
            procs.append(subprocess.Popen(["pandoc", *options, "--toc", "--toc-depth=2", "-f", "markdown", "-t", to,
                                           "-o", str(md.with_suffix(suffix)), str(md)]))
            if len(procs) >= cores:
                procs.pop(0).wait()
        for p in procs:
            p.wait()
        for md in jobs:
            if not md.with_suffix(suffix).is_file():
                sys.exit(f"pandoc wrote no {suffix} for {md}")
    return timed(parallel)


def word_speed(tmp):
    """Per pack on one thread (so packs do not share the cores), the whole
    Word build on all cores, and Pandoc."""
    one = build("docx", tmp / "docx-one", threads=1)
    per_pack = sorted(f["total_ms"] for f in one)
    biggest = max(one, key=lambda f: f["total_ms"])
    full = timed(lambda: build("docx", tmp / "docx-full"))
    pandoc = run_pandoc([(f["source"], f["pack"]) for f in one], tmp, "docx", ".docx") if shutil.which("pandoc") else None
    return {"files": len(one), "median": statistics.median(per_pack), "max": per_pack[-1],
            "biggest": f"{Path(biggest['path']).name} ({biggest['bytes'] // 1024} KiB)",
            "full": full, "pandoc": pandoc}


def html_speed(tmp):
    """The HTML edition: per pack on one thread, the whole HTML side of the
    build on all cores (packs and the download page), and Pandoc."""
    one = build("html", tmp / "html-one", threads=1)
    per_pack = sorted(f["total_ms"] for f in one)
    biggest = max(one, key=lambda f: f["total_ms"])
    full = timed(lambda: build("html", tmp / "html-full"))
    pandoc = run_pandoc([(f["source"], f["pack"]) for f in one], tmp, "html5", ".html", options=("-s",)) if shutil.which("pandoc") else None
    return {"files": len(one), "median": statistics.median(per_pack), "max": per_pack[-1],
            "biggest": f"{Path(biggest['path']).name} ({biggest['bytes'] // 1024} KiB)",
            "full": full, "pandoc": pandoc}


def check_speed(tmp):
    rows = []
    yh = str(ROOT / "sources" / "yorkshire-humber-pcf.toml")
    t = timed(lambda: run([str(BIN), "check", yh]), reps=max(REPS, 5))
    rows.append(("check yorkshire-humber-pcf.toml (802 statements)", t))
    for n in (1000, 5000, 10000):
        path = tmp / f"gen-{n}.toml"
        path.write_text(generated_source(n))
        t = timed(lambda: run([str(BIN), "check", str(path)]), reps=max(REPS, 3))
        rows.append((f"check generated source, {n} statements", t))
    return rows


def generated_source(n):
    lines = ['[framework]', 'id = "gen"', 'title = "Generated"', 'publisher = "Bench"', 'version = "1"',
             'published = 2025-01-01', 'language = "en-GB"']
    for lv in ("a", "b", "c"):
        lines += ['[[levels]]', f'id = "{lv}"', f'name = "Level {lv}"']
    for b in ("x", "y"):
        lines += ['[[bands]]', f'id = "{b}"', f'name = "Band {b}"']
    per_domain = 500
    for d in range((n + per_domain - 1) // per_domain):
        lines += ['[[domains]]', f'id = "d{d}"', f'title = "Domain {d}"', 'statements = [']
        for i in range(d * per_domain, min(n, (d + 1) * per_domain)):
            lines.append(f'  {{ id = "s{i}", level = "{"abc"[i % 3]}", text = "Statement number {i} about practice" }},')
        lines.append(']')
    lines += ['[assessment]', 'scale = [ { value = 1, label = "No" }, { value = 2, label = "Yes", met = true } ]',
              '[packs]', '[[packs.build]]', 'levels = "all"']
    return "\n".join(lines) + "\n"


def case_package(n):
    """A CASE 1.1 package of `n` items: 20 domains, the rest statements."""
    doc = "d0000000-0000-4000-8000-000000000000"
    stamp = "2025-01-01T00:00:00+00:00"
    items, assocs = [], []
    for i in range(n):
        ident = f"00000000-0000-4000-8000-{i:012d}"
        parent = doc if i < 20 else f"00000000-0000-4000-8000-{i % 20:012d}"
        code = f"D{i}" if i < 20 else f"D{i % 20}.{i}"
        items.append({"identifier": ident, "uri": f"urn:uuid:{ident}", "humanCodingScheme": code,
                      "fullStatement": f"Statement number {i} about safeguarding practice", "lastChangeDateTime": stamp})
        assocs.append({"identifier": f"10000000-0000-4000-8000-{i:012d}", "uri": "urn:x", "associationType": "isChildOf",
                       "sequenceNumber": i, "originNodeURI": {"identifier": ident, "title": code, "uri": "urn:x"},
                       "destinationNodeURI": {"identifier": parent, "title": "", "uri": "urn:x"}, "lastChangeDateTime": stamp})
    document = {"identifier": doc, "uri": f"urn:uuid:{doc}", "creator": "Bench", "title": "Generated", "lastChangeDateTime": stamp}
    return json.dumps({"CFDocument": document, "CFItems": items, "CFAssociations": assocs})


def interop_speed(tmp):
    """export case of Yorkshire and Humber; import case of 10,000 items;
    import sheet of a 1,000-row template workbook (filled with openpyxl)."""
    rows = []
    yh = str(ROOT / "sources" / "yorkshire-humber-pcf.toml")
    rows.append(("export case yorkshire-humber-pcf.toml (802 statements, 1.1)",
                 timed(lambda: run([str(BIN), "export", "case", yh]), reps=max(REPS, 5)), 100))
    package = tmp / "case-10000.json"
    package.write_text(case_package(10000))
    out = tmp / "case-10000.toml"
    rows.append(("import case, generated 10,000-item package",
                 timed(lambda: run([str(BIN), "import", "case", str(package), "--out", str(out)]), reps=max(REPS, 5)), 100))
    try:
        import openpyxl
    except ImportError:
        return rows
    template = tmp / "template.xlsx"
    run([str(BIN), "import", "sheet", "--template", str(template)])
    wb = openpyxl.load_workbook(template)
    frame = wb["Framework"]
    for r in range(2, frame.max_row + 1):
        value = {"title": "Generated", "publisher": "Bench", "version": "1", "published": "2025-01-01"}.get(frame.cell(r, 1).value)
        if value:
            frame.cell(r, 2).value = value
    wb["Levels"].append(["a", "Level A"])
    sheet = wb["Statements"]
    for i in range(1000):
        for c, v in enumerate([f"Domain {i // 100}", None, None, f"s{i}", f"Statement number {i} about practice", "a"], 1):
            if v:
                sheet.cell(i + 2, c).value = v
    book = tmp / "rows-1000.xlsx"
    wb.save(book)
    rows.append(("import sheet, template workbook with 1,000 statement rows",
                 timed(lambda: run([str(BIN), "import", "sheet", str(book), "--out", str(tmp / "rows.toml")]), reps=max(REPS, 5)), 200))
    return rows


def main():
    if not BIN.exists():
        sys.exit("build first: cargo build --release")
    if "--shards" in sys.argv:
        # Only the sharded harvest: python3 bench/run.py --shards [N returns]
        total = int(sys.argv[sys.argv.index("--shards") + 1]) if len(sys.argv) > sys.argv.index("--shards") + 1 else 100_000
        with tempfile.TemporaryDirectory() as tmp:
            print(f"machine: {os.cpu_count()} cores, {platform_line()}")
            print_shards(shard_speed(Path(tmp), total))
        return
    if "--harvest" in sys.argv:
        # Only the harvest figures: python3 bench/run.py --harvest
        with tempfile.TemporaryDirectory() as tmp:
            print(f"machine: {os.cpu_count()} cores, {platform_line()}")
            print_harvest(harvest_speed(Path(tmp)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        files = pdf_build(tmp / "warm")  # warm the disk cache
        packs = [(f["source"], f["pack"]) for f in files]
        runs = {"full": lambda: pdf_build(tmp / "full"), "one_thread": lambda: pdf_build(tmp / "one", threads=1)}
        if has_stock():
            runs["stock_loop"], runs["stock_cores"] = stock_typst(packs, tmp)
        speed = interleaved(runs)
        full = speed["full"][0]
        noop = timed(lambda: pdf_build(tmp / "full", force=False), reps=max(REPS, 5))
        # Typst parallelises inside a pack with rayon, so pack timings from
        # one process overlap; their ratio (our work per pack against the
        # typesetter's) is still exact, and startup is measured by `check`.
        typeset = sum(f["typeset_ms"] for f in files)
        ours = sum(f["total_ms"] - f["typeset_ms"] - f["forms_ms"] for f in files)
        startup = timed(lambda: run([str(BIN), "check"]))
        rss = peak_rss_mib([str(BIN), "build", "--format", "pdf", "--out", str(tmp / "rss")])
        checks = check_speed(tmp)
        forms = forms_cost(tmp)
        people, staff_time = staff_build(tmp)
        word = word_speed(tmp)
        interop = interop_speed(tmp)
        html = html_speed(tmp)

    cores = os.cpu_count() or 1
    overhead = (startup * 1000 + ours / cores) / (full * 1000)
    print(f"machine: {cores} cores, {platform_line()}")
    print(f"\n| measure | value |\n|---|---|")
    print(f"| packs (PDF) of all samples | {len(files)} |")
    print(f"| full build, all cores, wall | {full * 1000:.0f} ms ({full * 1000 / len(files):.1f} ms per pack; "
          f"CPU {speed['full'][1]:.2f} s) |")
    print(f"| full build, one thread (`RAYON_NUM_THREADS=1`), wall | {speed['one_thread'][0] * 1000:.0f} ms "
          f"(CPU {speed['one_thread'][1]:.2f} s; all cores are {speed['one_thread'][0] / full:.2f}× faster) |")
    print(f"| no-op rebuild (everything up to date) | {noop * 1000:.0f} ms ({noop / full * 100:.1f} % of a full build) |")
    print(f"| framewright's own work per pack (plan + write, fields apart) / typesetting | {ours / typeset * 100:.2f} % |")
    print(f"| startup: load and validate all four sources (`check`) | {startup * 1000:.0f} ms |")
    print(f"| framewright overhead in the full build (startup + plan + write) | {overhead * 100:.1f} % |")
    if "stock_loop" in speed:
        for key, how in (("stock_loop", "one pack after another"), ("stock_cores", f"{cores} packs at a time")):
            wall, cpu = speed[key]
            print(f"| stock Typst 0.15 CLI, one process per pack, {how} | {wall * 1000:.0f} ms "
                  f"(CPU {cpu:.2f} s; framewright / stock: **{full / wall:.2f}**) |")
    print(f"| peak memory, full build | {rss:.0f} MiB |")
    assert forms["plain_fields"] == 0, "the plain templates still place fields"
    print(f"| biggest pack ({forms['pack']} of Yorkshire and Humber, {forms['pages']} pages, {forms['fields']} fields), "
          f"one thread: with fields / without | {forms['total']:.0f} / {forms['plain']:.0f} ms |")
    print(f"| of which adding the fields to the exported PDF | {forms['forms']:.0f} ms |")
    print(f"| fillable fields / whole pack | {(forms['total'] - forms['plain']) / forms['total'] * 100:.1f} % |")
    print(f"| personalised packs: {people} people (London, PDF), `build --staff` | {staff_time:.1f} s "
          f"({staff_time * 1000 / people:.0f} ms per person; target 60 s) |")
    for name, t in checks:
        print(f"| {name} | {t * 1000:.1f} ms |")
    print(f"\n| CASE and spreadsheets (whole process) | time | target |\n|---|---|---|")
    for name, t, target in interop:
        print(f"| {name} | {t * 1000:.1f} ms | {target} ms |")
    print(f"\n| Word (.docx) | value |\n|---|---|")
    print(f"| packs (.docx) of all samples | {word['files']} |")
    print(f"| per pack, one thread (plan, render, zip, write): median | {word['median']:.1f} ms |")
    print(f"| per pack, one thread: slowest, {word['biggest']} | {word['max']:.1f} ms |")
    print(f"| Word side of the full build, all cores, wall | {word['full'] * 1000:.0f} ms |")
    if word["pandoc"] is not None:
        print(f"| Pandoc, Markdown of the same plans → .docx, one process per pack, all cores | {word['pandoc'] * 1000:.0f} ms |")
        print(f"| Pandoc / framewright (Word) | **{word['pandoc'] / word['full']:.1f}×** |")
    print(f"\n| HTML edition | value |\n|---|---|")
    print(f"| HTML files of all samples | {html['files']} |")
    print(f"| per pack, one thread (plan, render, write): median | {html['median']:.2f} ms (target 5 ms) |")
    print(f"| per pack, one thread: slowest, {html['biggest']} | {html['max']:.2f} ms (target 20 ms) |")
    print(f"| HTML side of the full build (with the download page), all cores, wall | {html['full'] * 1000:.0f} ms |")
    if html["pandoc"] is not None:
        print(f"| Pandoc, Markdown of the same plans → standalone HTML, one process per pack, all cores | {html['pandoc'] * 1000:.0f} ms |")
        print(f"| Pandoc / framewright (HTML) | **{html['pandoc'] / html['full']:.1f}×** (target ≥ 10×) |")


def returned_copies(tmp, copies):
    """2 × `copies` completed copies of the biggest pack (Yorkshire and
    Humber level 5), half PDF (filled by pypdf) and half Word (filled as
    Word does), each copy signed by another person, in tmp/returned/{pdf,docx}."""
    import zipfile
    source = "sources/yorkshire-humber-pcf.toml"
    packs = tmp / "harvest-packs"
    files = [json.loads(l) for l in run([str(BIN), "build", source, "--level", "5", "--out", str(packs), "--force",
                                          "--message-format", "json"]).stdout.splitlines() if l.strip()]
    pdf = max((f for f in files if f["path"].endswith(".pdf")), key=lambda f: f["fields"])
    stem = Path(pdf["path"]).stem
    plan = json.loads(run([str(BIN), "plan", source, pdf["pack"]]).stdout)
    scale = [str(p["value"]) for p in plan["assessment"]["scale"]]
    values = {}
    for i, row in enumerate(plan["assessment"]["rows"]):
        values[row["rating_field"]] = scale[i % len(scale)]
        values[row["evidence_field"]] = f"Evidence {i}: supervision notes and a certificate."
    values["signoff.name"] = "Person 00000"
    values["signoff.date"] = "2025-03-12"
    (tmp / "values.json").write_text(json.dumps(values))
    word = {(k + "=" + v if k.endswith(".rating") else k): (True if k.endswith(".rating") else v) for k, v in values.items()}
    (tmp / "word.json").write_text(json.dumps(word))
    filled_pdf, filled_docx = tmp / "filled.pdf", tmp / "filled.docx"
    run([sys.executable, "tests/clients/harvest_fill.py", "pypdf", str(packs / f"{stem}.pdf"), str(filled_pdf), str(tmp / "values.json")])
    run([sys.executable, "tests/clients/docx_forms.py", "fill", str(packs / f"{stem}.docx"), str(filled_docx), str(tmp / "word.json")])
    inputs = tmp / "returned"
    (inputs / "pdf").mkdir(parents=True)
    (inputs / "docx").mkdir(parents=True)
    pdf_bytes = filled_pdf.read_bytes()
    assert pdf_bytes.count(b"Person 00000") >= 1, "the name is not stored uncompressed"
    with zipfile.ZipFile(filled_docx) as z:
        parts = [(i, z.read(i.filename)) for i in z.infolist()]
    for n in range(copies):
        name = f"Person {n:05d}".encode()
        (inputs / "pdf" / f"{n:05d}.pdf").write_bytes(pdf_bytes.replace(b"Person 00000", name))
        with zipfile.ZipFile(inputs / "docx" / f"{n:05d}.docx", "w", zipfile.ZIP_DEFLATED) as z:
            for info, data in parts:
                z.writestr(info, data.replace(b"Person 00000", f"Word {n:05d}".encode()) if info.filename == "word/document.xml" else data)
    return source, pdf, inputs


def harvest_speed(tmp, copies=500):
    """`harvest` of the `returned_copies`; beside it, pypdf's `get_fields`
    over the same PDFs in one Python process."""
    source, pdf, inputs = returned_copies(tmp, copies)
    out = tmp / "harvest-out"

    def harvest(*args):
        r = subprocess.run([str(BIN), "harvest", *args, "--out", str(out), "--source", source, "--no-reports"], cwd=ROOT,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert r.returncode == 0, r.stderr
        return r.stdout

    reader = ("import sys, time, logging, pypdf\nlogging.getLogger('pypdf').setLevel(logging.ERROR)\n"
              "paths = sys.argv[1:]\nt = time.perf_counter()\n"
              "n = sum(len(pypdf.PdfReader(p).get_fields() or {}) for p in paths)\n"
              "print(time.perf_counter() - t, n)")
    pdfs = sorted(str(p) for p in (inputs / "pdf").iterdir())
    speed = interleaved({"both": lambda: harvest(str(inputs)), "pdf": lambda: harvest(str(inputs / "pdf"))})
    stdout = harvest(str(inputs))
    assert f"{2 * copies} people harvested" in stdout, stdout
    pypdf_times = []
    for _ in range(REPS):
        seconds, fields = run([sys.executable, "-c", reader, *pdfs]).stdout.split()
        pypdf_times.append(float(seconds))
    return {"fields": pdf["fields"], "pack": pdf["pack"], "copies": copies, "both": speed["both"], "pdf": speed["pdf"],
            "pypdf": statistics.median(pypdf_times), "pypdf_fields": int(fields)}


def print_harvest(h):
    print(f"\n| harvest | value |\n|---|---|")
    print(f"| {2 * h['copies']} completed copies of {h['pack']} of Yorkshire and Humber ({h['fields']} fields), "
          f"half PDF half Word, `harvest --no-reports`, wall | {h['both'][0]:.2f} s (CPU {h['both'][1]:.2f} s; target 10 s) |")
    print(f"| the {h['copies']} PDFs alone, framewright | {h['pdf'][0]:.2f} s |")
    print(f"| the same {h['copies']} PDFs, pypdf `PdfReader(p).get_fields()` in one Python process | {h['pypdf']:.2f} s |")
    print(f"| pypdf / framewright (PDFs) | **{h['pypdf'] / h['pdf'][0]:.1f}×** (target 10×) |")


def shard_speed(tmp, total=100_000, shards=2):
    """`harvest --shard K/N` of `total` returns on this machine, the N
    shards side by side (each starts a worker per core): returns per second
    per core and the peak memory of each shard, then `--combine` of the
    parts. The returns are hard links to 1,000 distinct completed copies
    (half PDF, half Word), so they cost no disk and every one is read."""
    source, _, distinct = returned_copies(tmp, 500)
    originals = sorted(p for p in distinct.rglob("*") if p.is_file())
    many = tmp / "many"
    for i in range(total):
        folder = many / f"{i // 1000:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        original = originals[i % len(originals)]
        os.link(original, folder / f"{i:06d}{original.suffix}")
    parts = tmp / "parts"
    started = time.perf_counter()
    running = [subprocess.Popen([str(BIN), "harvest", str(many), "--shard", f"{k}/{shards}", "--out", str(parts), "--source", source],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for k in range(1, shards + 1)]
    peaks = []
    for p in running:
        _, status, usage = os.wait4(p.pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
        peaks.append(usage.ru_maxrss / 1024)
    wall = time.perf_counter() - started
    started = time.perf_counter()
    combine = subprocess.Popen([str(BIN), "harvest", "--combine", str(parts), "--out", str(tmp / "all"), "--source", source, "--no-reports"],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(combine.pid, 0)
    return {"total": total, "shards": shards, "wall": wall, "cores": os.cpu_count(), "peaks": peaks,
            "combine": time.perf_counter() - started, "combine_peak": usage.ru_maxrss / 1024,
            "combine_exit": os.waitstatus_to_exitcode(status)}


def print_shards(h):
    print(f"\n| harvest in shards | value |\n|---|---|")
    print(f"| {h['total']:,} returns (half PDF, half Word), {h['shards']} shards side by side, wall | {h['wall']:.1f} s |")
    print(f"| returns per second per core | {h['total'] / h['wall'] / h['cores']:.0f} |")
    print(f"| peak memory of each shard (with its workers) | {', '.join(f'{p:.0f} MiB' for p in h['peaks'])} |")
    print(f"| `--combine` of the parts, `--no-reports`, wall; peak memory | {h['combine']:.1f} s; {h['combine_peak']:.0f} MiB (exit {h['combine_exit']}) |")


def has_stock():
    return shutil.which("typst") is not None


def platform_line():
    try:
        model = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
    except (OSError, StopIteration):
        model = "unknown CPU"
    return model


if __name__ == "__main__":
    main()
