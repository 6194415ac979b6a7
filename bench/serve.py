#!/usr/bin/env python3
"""framewright serve under load (issue 25): sends per second and p50/p99
latency with 50 concurrent clients, against the machine's raw SQLite insert
rate at the same durability; the results of a collection of 1,000 people
(made in the background after sends: how soon they are ready, then the
lead's results page and exportResponses), and asked for at once after a
send; the idle server's memory; the load average of the shared machine.

Run from the repository root after `cargo build --release`:

    python3 bench/serve.py               # 20 s of sends
    python3 bench/serve.py --seconds 60  # longer

Needs `wrk` (Debian: `apt-get install wrk`), the load generator: written in
C with its own event loop, so the clients cost little of the two cores the
server shares with them, and it reports latency percentiles itself. The
sends are the answers file exactly as "Download my answers" saves it, built
from the served HTML edition's identity and field names with every rating
and text box filled, each signed by another person.

The server runs with `--sends-per-second 1000000`: its per-address limit
(20 a second by default, a minute's worth at once) would otherwise answer
429 to the 50 clients, which all come from 127.0.0.1. Everything else is
as shipped: SQLite in WAL mode, synchronous = FULL, a send acknowledged
only after its commit. Figures are printed as Markdown for
docs/performance.md.
"""
import json, os, re, shutil, sqlite3, statistics, subprocess, sys, tempfile, threading, time, urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from run import BIN, ROOT, platform_line

CLIENTS = 50
SECONDS = int(sys.argv[sys.argv.index("--seconds") + 1]) if "--seconds" in sys.argv else 20
PEOPLE = 1000
# The server makes a collection's results this long after its last send
# (QUIET in crates/serve/src/results.rs).
QUIET = 2
FRAMEWORK, PACK = "london-safeguarding", "level-3"
# wrk's script: cycles through the bodies (one file, bodies separated by
# the ASCII record separator) and counts answers other than 201 Created.
WRK_SCRIPT = r"""
local bodies = {}
local f = assert(io.open(os.getenv("BENCH_BODIES"), "rb"))
for body in f:read("*a"):gmatch("[^\30]+") do bodies[#bodies + 1] = body end
f:close()
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local threads = {}
function setup(thread) thread:set("id", #threads); table.insert(threads, thread) end
function init() n = id * 7919; refused = 0 end
function request() n = n + 1; return wrk.format(nil, nil, nil, bodies[n % #bodies + 1]) end
function response(status) if status ~= 201 then refused = refused + 1 end end
function done(summary, latency, requests)
  local refused = 0
  for _, t in ipairs(threads) do refused = refused + t:get("refused") end
  local e = summary.errors
  io.write(string.format('{"requests": %d, "micros": %d, "p50": %d, "p90": %d, "p99": %d, "max": %d, "refused": %d, "errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    refused, e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def machine():
    mem = next(l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal"))
    df = subprocess.run(["df", "-h", "--output=source,fstype,size", tempfile.gettempdir()], capture_output=True, text=True).stdout.split("\n")[1]
    device = Path("/sys/block") / re.sub(r"^/dev/|\d+$", "", df.split()[0])
    cache = (device / "queue" / "write_cache").read_text().strip() if (device / "queue" / "write_cache").exists() else "?"
    return (f"{os.cpu_count()} cores (`nproc`), {platform_line()}, {int(mem) / 2**20:.1f} GiB memory, "
            f"temp folder on {' '.join(df.split()[:2])} (write cache: {cache})")


class Server:
    """`framewright serve` on a copy of the project, on a loopback port,
    with a lead and an API token."""

    def __init__(self, tmp):
        self.project, self.data = tmp / "project", tmp / "project" / "serve-data"
        for folder in ("sources", "templates", "fonts"):
            shutil.copytree(ROOT / folder, self.project / folder)
        self.cli("user", "add", "lead@bench.example", "--role", "lead", "--setting", "Bench School")
        self.token = self.cli("token", "create", "lead@bench.example").strip()
        self.log = tmp / "serve.log"
        with open(self.log, "w") as log:
            self.process = subprocess.Popen([str(BIN), "serve", "--data", str(self.data), "--listen", "127.0.0.1:0",
                                             "--sends-per-second", "1000000"], cwd=self.project, stderr=log, stdout=log)
        started = time.perf_counter()
        while not (said := re.search(r"listening on (\S+)", self.log.read_text())):
            assert self.process.poll() is None, self.log.read_text()
            assert time.perf_counter() - started < 300, "the server did not start"
            time.sleep(0.05)
        self.started = time.perf_counter() - started
        self.base = f"http://{said.group(1)}"

    def cli(self, *args):
        return subprocess.run([str(BIN), "serve", *args, "--data", str(self.data)], cwd=self.project, check=True,
                              capture_output=True, text=True).stdout

    def call(self, method, path, body=None, token=True):
        """(status, body bytes) of one request."""
        headers = {"Content-Type": "application/json"} if body is not None else {}
        if token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.base + path, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=600) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    def collection(self, title):
        """A new collection of the one pack; its id and share link's path."""
        status, body = self.call("POST", "/api/collections",
                                 json.dumps({"title": title, "framework": FRAMEWORK, "packs": [PACK]}).encode())
        assert status == 201, body
        made = json.loads(body)
        return made["id"], "/s/" + made["link"].rstrip("/").rsplit("/", 1)[1] + "/"

    def status(self, field):
        """A field of the server's /proc status, in MiB (VmRSS, VmHWM)."""
        line = next(l for l in open(f"/proc/{self.process.pid}/status") if l.startswith(field + ":"))
        return int(line.split()[1]) / 1024

    def cpu(self):
        fields = open(f"/proc/{self.process.pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def edition(server, link):
    """The served HTML edition of the pack: its identity (the body's
    data- attributes) and its fields (name → the values a radio offers,
    or None for a text box)."""
    status, chooser = server.call("GET", link, token=False)
    assert status == 200, chooser
    page = next(h for h in re.findall(r'href="([^"]+\.html)"', chooser.decode()) if h.endswith(f"-{PACK}.html"))
    status, html = server.call("GET", link + page, token=False)
    assert status == 200
    html = html.decode()
    body = re.search(r"<body([^>]*)>", html, re.S).group(1)
    identity = {k: v for k, v in re.findall(r'\bdata-(framework|version|pack|plan)="([^"]*)"', body)}
    fields = {}
    for tag, attributes in re.findall(r"<(input|textarea)\b([^>]*)>", html):
        name = re.search(r'\bname="([^"]+)"', attributes)
        if not name:
            continue
        if 'type="radio"' in attributes:
            fields.setdefault(name.group(1), []).append(re.search(r'\bvalue="([^"]*)"', attributes).group(1))
        else:
            fields[name.group(1)] = None
    return identity, fields


def answers(identity, fields, person):
    """One person's answers file, as "Download my answers" saves it
    (formatted, UTF-8): every rating chosen and every box filled."""
    filled = {}
    for i, (name, values) in enumerate(fields.items()):
        if values:
            filled[name] = values[(person + i) % len(values)]
        elif name.startswith("signoff."):
            filled[name] = {"name": f"Person {person:04d} Ó Briain", "role": "Class teacher", "setting": "Bench School",
                            "line_manager": "Zoë Adeyemi"}.get(name[8:], "2026-12-01")
        elif name.endswith(".date"):
            filled[name] = "2027-03-31"
        else:
            filled[name] = (f"Supervision notes from March and a case discussion with the designated lead ({name}); "
                            "a certificate from the local partnership's course.")
    return json.dumps({"framewright": identity, "answers": filled}, indent=2, ensure_ascii=False).encode()


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def sends(server, tmp, bodies, link):
    """CLIENTS connections sending for SECONDS with wrk."""
    (tmp / "bodies").write_bytes(b"\x1e".join(bodies))
    (tmp / "send.lua").write_text(WRK_SCRIPT)
    cpu = server.cpu()
    r = subprocess.run(["wrk", "-t", str(os.cpu_count() or 1), "-c", str(CLIENTS), "-d", f"{SECONDS}s", "--timeout", "30s",
                        "-s", str(tmp / "send.lua"), server.base + link + "answers"],
                       env={**os.environ, "BENCH_BODIES": str(tmp / "bodies")}, capture_output=True, text=True, check=True)
    figures = json.loads(r.stdout.strip().splitlines()[-1])
    figures["server_cpu"] = server.cpu() - cpu
    return figures


def raw_sqlite(path, body, writers):
    """Inserts a second straight into SQLite with Python's sqlite3 at the
    service's durability (WAL, synchronous = FULL, one commit per insert
    of a send's size), from `writers` threads each on its connection, for
    SECONDS / 2; with their p50 and p99."""
    setup = sqlite3.connect(path, isolation_level=None)
    setup.execute("PRAGMA journal_mode = WAL")
    setup.execute("CREATE TABLE submissions (id INTEGER PRIMARY KEY AUTOINCREMENT, collection BIGINT NOT NULL, "
                  "reference TEXT NOT NULL UNIQUE, received BIGINT NOT NULL, body BLOB)")
    setup.close()
    stop = time.perf_counter() + SECONDS / 2
    latencies = [[] for _ in range(writers)]

    def write(k):
        db = sqlite3.connect(path, isolation_level=None, timeout=30, check_same_thread=False)
        db.execute("PRAGMA synchronous = FULL")
        n = 0
        while time.perf_counter() < stop:
            t = time.perf_counter()
            db.execute("INSERT INTO submissions (collection, reference, received, body) VALUES (1, ?, ?, ?)",
                       (f"FW-{k}-{n}", int(time.time()), body))
            latencies[k].append(time.perf_counter() - t)
            n += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=write, args=(k,)) for k in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    every = [l for ls in latencies for l in ls]
    return {"rate": len(every) / (time.perf_counter() - started), "p50": percentile(every, 50) * 1000,
            "p99": percentile(every, 99) * 1000}


def busy_cores():
    """A spin loop on every core: see `raw_sqlite` under load in main."""
    return [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(os.cpu_count() or 1)]


def timed(server, path):
    """(seconds, body) of one GET that must answer 200."""
    t = time.perf_counter()
    status, body = server.call("GET", path)
    took = time.perf_counter() - t
    assert status == 200, (path, status, body[:300])
    return took, body


def results_of_people(server, identity, fields):
    """A collection of PEOPLE people, each sending once. The server makes
    its results in the background once sends stop: how long after the
    last send they are ready, then the lead's first and later requests of
    the results page (report.html) and exportResponses (responses.csv).
    Then one more person sends and the results page is asked for at once,
    before the background has made them again: it is made on request."""
    collection, link = server.collection("1,000 people")
    started = time.perf_counter()
    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda p: server.call("POST", link + "answers", answers(identity, fields, p), token=False)[0],
                                 range(PEOPLE)))
    last_send = time.perf_counter()
    assert statuses.count(201) == PEOPLE, statuses
    results = server.data / "results" / str(collection)
    # A results folder is named by the state it was made from: newest id, submissions, erased.
    while not any(p.name.split("-")[1:2] == [str(PEOPLE)] and (p / "harvest.json").is_file()
                  for p in (results.iterdir() if results.is_dir() else [])):
        assert time.perf_counter() - last_send < 600, "the results were not made in the background within 10 minutes"
        time.sleep(0.05)
    ready = time.perf_counter() - last_send
    page_path, csv_path = f"/collections/{collection}/results/", f"/api/collections/{collection}/responses.csv"
    first_page, page = timed(server, page_path)
    first_csv, csv = timed(server, csv_path)
    names = {m for m in re.findall(r"Person \d{4}", csv.decode())}
    assert len(names) == PEOPLE, f"{len(names)} people in responses.csv"
    files = {p.name: p.stat().st_size for p in results.rglob("*") if p.is_file()}
    warm_page = [timed(server, page_path)[0] for _ in range(20)]
    warm_csv = [timed(server, csv_path)[0] for _ in range(20)]
    status, _ = server.call("POST", link + "answers", answers(identity, fields, PEOPLE), token=False)
    assert status == 201
    stale_page, _ = timed(server, page_path)
    _, csv = timed(server, csv_path)
    assert f"Person {PEOPLE:04d}" in csv.decode(), "the results asked for after a send do not hold it"
    return {"sending": last_send - started, "ready": ready, "first_page": first_page, "first_csv": first_csv,
            "page_bytes": len(page), "csv_bytes": len(csv), "files": files,
            "page": statistics.median(warm_page), "page_max": max(warm_page),
            "csv": statistics.median(warm_csv), "csv_max": max(warm_csv), "stale_page": stale_page}


def main():
    if not BIN.exists():
        sys.exit("build first: cargo build --release")
    if not shutil.which("wrk"):
        sys.exit("needs wrk, the load generator: apt-get install wrk")
    start_load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        server = Server(tmp)
        try:
            time.sleep(1)
            idle = server.status("VmRSS")
            collection, link = server.collection("Sends")
            identity, fields = edition(server, link)
            # The results first: after the sends below, the server makes
            # that collection's results in the background, which would
            # hold up these.
            people = results_of_people(server, identity, fields)
            time.sleep(QUIET + 1)
            after_results = server.status("VmRSS"), server.status("VmHWM")
            bodies = [answers(identity, fields, 10_000 + p) for p in range(PEOPLE)]
            load = sends(server, tmp, bodies, link)
            status, listed = server.call("GET", f"/api/collections/{collection}/submissions")
            stored = len(json.loads(listed))
            # Before the background harvest of the sends collection starts.
            after_sends = server.status("VmRSS")
        finally:
            server.stop()
        body = bodies[0]
        raw = {writers: raw_sqlite(tmp / f"raw-{writers}.db", body, writers) for writers in (1, CLIENTS)}
        spinning = busy_cores()
        try:
            raw["busy"] = raw_sqlite(tmp / "raw-busy.db", body, 1)
        finally:
            for p in spinning:
                p.kill()
                p.wait()

    rate = load["requests"] / (load["micros"] / 1e6)
    print(f"machine: {machine()}; load average at the start {start_load}")
    print(f"\n| the service (SQLite, WAL, synchronous = FULL) | value |\n|---|---|")
    print(f"| the answers file sent | {FRAMEWORK} {PACK}: {len(fields)} fields, all filled, {len(body):,} bytes |")
    print(f"| start: build the HTML editions, open the database, listen | {server.started:.1f} s |")
    print(f"| sends, {CLIENTS} clients (wrk, {SECONDS} s) | **{rate:.0f} a second** ({load['requests']:,} sends, "
          f"{load['refused']} not 201, {load['errors']} errors; {stored:,} stored) |")
    print(f"| send latency p50 / p90 / p99 / max | {load['p50'] / 1000:.1f} / {load['p90'] / 1000:.1f} / "
          f"**{load['p99'] / 1000:.1f}** / {load['max'] / 1000:.0f} ms |")
    print(f"| the server's CPU per send (user + system) | {load['server_cpu'] / load['requests'] * 1e6:.0f} µs |")
    for key, how in ((1, "1 writer"), (CLIENTS, f"{CLIENTS} threads, a connection each"), ("busy", "1 writer, both cores kept busy by spin loops")):
        r = raw[key]
        print(f"| raw SQLite (Python sqlite3, same durability and body), {how} | {r['rate']:.0f} inserts a second "
              f"(p50 {r['p50']:.2f} ms, p99 {r['p99']:.2f} ms) |")
    print(f"| {PEOPLE:,} people send (8 at a time) | {people['sending']:.1f} s |")
    print(f"| their results made in the background (the harvest, with report.pdf and report.docx): ready after the last send | "
          f"{people['ready']:.1f} s |")
    print(f"| the lead's first request then: the results page (report.html, {people['page_bytes']:,} bytes) / "
          f"exportResponses (responses.csv, {people['csv_bytes']:,} bytes) | **{people['first_page'] * 1000:.1f}** / "
          f"**{people['first_csv'] * 1000:.1f}** ms |")
    print(f"| the same, p50 / slowest of 20 more: results page; responses.csv | {people['page'] * 1000:.1f} / "
          f"{people['page_max'] * 1000:.1f} ms; {people['csv'] * 1000:.1f} / {people['csv_max'] * 1000:.1f} ms |")
    print(f"| the results page asked for at once after one more send (made on request, never the older results) | "
          f"{people['stale_page'] * 1000:,.0f} ms |")
    print(f"| the results kept | {', '.join(f'{n} {s / 1024:,.0f} KiB' for n, s in sorted(people['files'].items()))} |")
    print(f"| server memory (VmRSS): idle after start / after the results of {PEOPLE:,} / right after the sends | {idle:.0f} / "
          f"{after_results[0]:.0f} (peak {after_results[1]:.0f}) / {after_sends:.0f} MiB |")
    print(f"| load average (1, 5, 15 min) at the end | {' '.join(f'{x:.1f}' for x in os.getloadavg())} |")


if __name__ == "__main__":
    main()
