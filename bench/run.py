#!/usr/bin/env python3
"""framewright benchmark: build speed, overhead over Typst, the stock Typst
compiler per pack, peak memory, and validation speed.

Run from the repository root after `cargo build --release`:

    python3 bench/run.py            # everything, 3 repetitions
    python3 bench/run.py --quick    # 1 repetition

Needs the PyPI package `typst` (the stock Typst 0.15 compiler, a Python
binding; the Typst CLI binary is not installable from the registries this
project may use) for the stock comparison. Figures are printed as a Markdown
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
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def pdf_build(out, threads=None, force=True):
    """Every PDF pack of every sample; `force` rebuilds files that are up to
    date (so repeated runs measure real builds)."""
    env = {"RAYON_NUM_THREADS": str(threads)} if threads else {}
    r = run([str(BIN), "build", "--format", "pdf", "--out", str(out), "--message-format", "json"]
            + (["--force"] if force else []), env)
    return [json.loads(line) for line in r.stdout.splitlines() if line.strip()]


def peak_rss_mib(args):
    r = subprocess.run(["/usr/bin/time", "-f", "%M", *args], cwd=ROOT, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True, check=True)
    return int(r.stderr.strip().splitlines()[-1]) / 1024


def stock_typst(packs, out):
    """The stock Typst compiler, one process per pack, like `typst compile`."""
    proj = out / "proj"
    shutil.copytree(ROOT / "templates", proj / "templates")
    shutil.copytree(ROOT / "fonts", proj / "fonts")
    (proj / "output").mkdir()
    jobs = []
    for i, (source, pack) in enumerate(packs):
        data = proj / "output" / f"plan-{i}.json"
        data.write_text(run([str(BIN), "plan", source, pack]).stdout)
        jobs.append(data)
    script = ("import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2], root=sys.argv[3], "
              "font_paths=[sys.argv[4]], ignore_system_fonts=True, sys_inputs={'data': sys.argv[5]}, "
              "pdf_standards=['ua-1', 'a-2a'])")

    # Run the packs on all cores, as a shell script would with xargs -P.
    def parallel():
        procs = []
        cores = os.cpu_count() or 1
        for i, data in enumerate(jobs):
            procs.append(subprocess.Popen([sys.executable, "-c", script, str(proj / "templates" / "pack.typ"),
                                           str(out / f"stock-{i}.pdf"), str(proj), str(proj / "fonts"),
                                           f"/output/{data.name}"]))
            if len(procs) >= cores:
                procs.pop(0).wait()
        for p in procs:
            p.wait()
    return timed(parallel)


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
    fields_typ.write_text(fields_typ.read_text() + "\n#let form-field(name, kind, label, width: auto, height: 5mm, ..rest) = "
                          "box(width: if width == auto { 100% } else { width }, height: height)\n")

    def pack(root, i):
        r = subprocess.run([str(BIN), "build", "sources/yorkshire-humber-pcf.toml", "--level", "5", "--format", "pdf",
                            "--out", str(tmp / f"forms-{i}"), "--message-format", "json"], cwd=root, check=True,
                           env={**os.environ, "RAYON_NUM_THREADS": "1"}, capture_output=True, text=True)
        return json.loads(r.stdout.splitlines()[0])

    reps = max(REPS, 5)
    with_fields = [pack(ROOT, i) for i in range(reps)]
    without = [pack(plain, reps + i) for i in range(reps)]
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


def main():
    if not BIN.exists():
        sys.exit("build first: cargo build --release")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        files = pdf_build(tmp / "warm")  # warm the disk cache
        packs = [(f["source"], f["pack"]) for f in files]
        full = timed(lambda: pdf_build(tmp / "full"))
        noop = timed(lambda: pdf_build(tmp / "full", force=False), reps=max(REPS, 5))
        # Typst parallelises inside a pack with rayon, so pack timings from
        # one process overlap; their ratio (our work per pack against the
        # typesetter's) is still exact, and startup is measured by `check`.
        typeset = sum(f["typeset_ms"] for f in files)
        ours = sum(f["total_ms"] - f["typeset_ms"] - f["forms_ms"] for f in files)
        startup = timed(lambda: run([str(BIN), "check"]))
        rss = peak_rss_mib([str(BIN), "build", "--format", "pdf", "--out", str(tmp / "rss")])
        stock = stock_typst(packs, tmp) if has_stock() else None
        checks = check_speed(tmp)
        forms = forms_cost(tmp)
        people, staff_time = staff_build(tmp)

    cores = os.cpu_count() or 1
    overhead = (startup * 1000 + ours / cores) / (full * 1000)
    print(f"machine: {cores} cores, {platform_line()}")
    print(f"\n| measure | value |\n|---|---|")
    print(f"| packs (PDF) of all samples | {len(files)} |")
    print(f"| full build, all cores, wall | {full * 1000:.0f} ms ({full * 1000 / len(files):.1f} ms per pack) |")
    print(f"| no-op rebuild (everything up to date) | {noop * 1000:.0f} ms ({noop / full * 100:.1f} % of a full build) |")
    print(f"| framewright's own work per pack (plan + write, fields apart) / typesetting | {ours / typeset * 100:.2f} % |")
    print(f"| startup: load and validate all four sources (`check`) | {startup * 1000:.0f} ms |")
    print(f"| framewright overhead in the full build (startup + plan + write) | {overhead * 100:.1f} % |")
    if stock is not None:
        print(f"| stock Typst 0.15 compiler, one process per pack, all cores | {stock * 1000:.0f} ms |")
        print(f"| framewright full build / stock Typst | {full / stock:.2f} |")
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


def has_stock():
    return subprocess.run([sys.executable, "-c", "import typst"], capture_output=True).returncode == 0


def platform_line():
    try:
        model = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
    except (OSError, StopIteration):
        model = "unknown CPU"
    return model


if __name__ == "__main__":
    main()
