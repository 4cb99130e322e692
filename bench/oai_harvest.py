"""OAI-PMH under load, on loopback only and bounded in time.

    .venv/bin/python bench/oai_harvest.py [--records 100000] [--requests 400] [--budget 300]

Fills a store with synthetic records (one transaction, statements batched), starts `teitools
serve` in a subprocess on 127.0.0.1, and from this process measures, over one keep-alive
connection: requests per second and latency percentiles of GetRecord and of ListIdentifiers
and ListRecords pages (first pages, which count the list, and resumed pages), against a
static file and Identify as baselines; the server's memory (RSS from /proc); and a full
harvest of every record through resumption tokens, RSS sampled all along to show it stays
flat. Every phase is a bounded number of requests, and the whole run stops at --budget
seconds.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from lxml import etree

from teitools.publish import Identity
from teitools.publish.dc import describe
from teitools.publish.formats import disseminate
from teitools.publish.store import Document, Store, create

OAI = "{http://www.openarchives.org/OAI/2.0/}"
REPO = "bench.example.org"
COLLECTIONS = ("letters", "diaries", "speeches", "reviews", "notebooks")
TEMPLATE = """<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en">
  <teiHeader>
    <fileDesc>
      <titleStmt><title type="main">Synthetic document @N@</title>
        <author>Author @N@</author></titleStmt>
      <publicationStmt><publisher>teitools bench</publisher><idno>bench-@N@</idno>
        <availability><licence target="https://creativecommons.org/licenses/by/4.0/">CC BY
        4.0</licence></availability><date when="2026-01-01">2026</date></publicationStmt>
      <seriesStmt><title>@C@</title></seriesStmt>
      <sourceDesc><bibl><title>@C@</title><date>1956</date></bibl></sourceDesc>
    </fileDesc>
    <profileDesc><langUsage><language ident="en">English</language></langUsage></profileDesc>
  </teiHeader>
  <text type="@T@"><body><div><p>The text of document @N@: a paragraph of some length, as
    an edition has, to give the record a realistic size in both formats.</p></div></body></text>
</TEI>"""


class OutOfTime(Exception):
    """The run's time budget is spent: what was measured so far is reported."""


@dataclass
class Budget:
    deadline: float

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise OutOfTime


def documents(n: int) -> Iterator[Document]:
    """n synthetic documents: one template per collection and type, rendered once through
    the real mapping, then numbered by string substitution (fast)."""
    rendered = {}
    for c in COLLECTIONS:
        for t in ("letter", "diary", "essay"):
            tei = TEMPLATE.replace("@C@", c.title()).replace("@T@", t)
            root = etree.fromstring(tei.encode())
            desc = describe(root, "bench-@N@", lambda d: f"oai:{REPO}:{d}")
            rendered[c, t] = (tei.encode(), disseminate(root, desc), desc.sets)
    keys = list(rendered)
    for i in range(n):
        source, metadata, sets = rendered[keys[i % len(keys)]]
        num = f"{i:06d}".encode()
        meta = {p: xml.replace(b"@N@", num) for p, xml in metadata.items()}
        data = source.replace(b"@N@", num)
        digest = hashlib.sha256(data).hexdigest()
        yield Document(f"bench-{i:06d}", "", digest, sets, meta, data)


def fill(db: Path, n: int, withdrawn: int) -> tuple[float, float]:
    """Publish n records in one transaction, then withdraw some; the seconds each took."""
    create(str(db), Identity(REPO))
    with Store(db, readonly=False) as store:
        t = time.perf_counter()
        store.publish(documents(n))
        filled = time.perf_counter() - t
        t = time.perf_counter()
        step = max(1, n // max(1, withdrawn))
        store.publish([], [f"bench-{i:06d}" for i in range(0, n, step)][:withdrawn])
        return filled, time.perf_counter() - t


def rss_kib(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) of a process in KiB."""
    status = Path(f"/proc/{pid}/status").read_text()
    rss = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
    hwm = int(re.search(r"VmHWM:\s+(\d+)", status).group(1))
    return rss, hwm


class Client:
    """One keep-alive HTTP connection to the server under test."""

    def __init__(self, base: str):
        parts = urlsplit(base)
        assert parts.hostname in ("127.0.0.1", "localhost", "::1"), "loopback only"
        self.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)

    def get(self, target: str) -> tuple[float, bytes]:
        t = time.perf_counter()
        self.conn.request("GET", target)
        resp = self.conn.getresponse()
        body = resp.read()
        elapsed = time.perf_counter() - t
        if resp.status != 200:
            raise RuntimeError(f"{target}: HTTP {resp.status}")
        return elapsed, body

    def oai(self, **args: str) -> tuple[float, etree._Element]:
        elapsed, body = self.get("/oai?" + urlencode(args))
        root = etree.fromstring(body)
        if root.find(f"{OAI}error") is not None:
            raise RuntimeError(f"{args}: {etree.tostring(root.find(f'{OAI}error'))}")
        return elapsed, root


@dataclass
class Row:
    name: str
    latencies: list[float]
    size: int

    def figures(self) -> tuple[float, float, float, float, float]:
        lat = sorted(self.latencies)
        q = statistics.quantiles(lat, n=100, method="inclusive") if len(lat) > 1 else lat * 99
        return len(lat) / sum(lat), q[49] * 1e3, q[89] * 1e3, q[98] * 1e3, lat[-1] * 1e3


def measure(name: str, client: Client, targets: list[str], budget: Budget) -> Row:
    """One request per target, one after another, on the keep-alive connection."""
    latencies, size = [], 0
    for target in targets:
        budget.check()
        elapsed, body = client.get(target)
        latencies.append(elapsed)
        size += len(body)
    return Row(name, latencies, size // max(1, len(targets)))


def tokens(client: Client, verb: str, prefix: str, count: int, budget: Budget) -> list[str]:
    """Resumption tokens from all along a list, to request resumed pages at random."""
    found, step = [], 0
    _, root = client.oai(verb=verb, metadataPrefix=prefix)
    while len(found) < count:
        budget.check()
        token = root.find(f".//{OAI}resumptionToken")
        if token is None or not token.text:
            break
        if step % 7 == 0:
            found.append(token.text)
        step += 1
        _, root = client.oai(verb=verb, resumptionToken=token.text)
    return found


def harvest(client: Client, pid: int, expected: int, budget: Budget) -> dict:
    """Every record through resumption tokens; RSS sampled every 50 ms meanwhile."""
    samples: list[int] = []
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            samples.append(rss_kib(pid)[0])
            stop.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    seen: set[str] = set()
    deleted = pages = 0
    t = time.perf_counter()
    try:
        _, root = client.oai(verb="ListRecords", metadataPrefix="oai_dc")
        while True:
            budget.check()
            pages += 1
            for header in root.iter(f"{OAI}header"):
                seen.add(header.findtext(f"{OAI}identifier"))
                deleted += header.get("status") == "deleted"
            token = root.find(f".//{OAI}resumptionToken")
            if token is None or not token.text:
                break
            _, root = client.oai(verb="ListRecords", resumptionToken=token.text)
    finally:
        stop.set()
        sampler.join()
    seconds = time.perf_counter() - t
    tenth = max(1, len(samples) // 10)
    return {
        "records": len(seen),
        "expected": expected,
        "deleted": deleted,
        "pages": pages,
        "seconds": seconds,
        "rss_first_mib": statistics.mean(samples[:tenth]) / 1024,
        "rss_last_mib": statistics.mean(samples[-tenth:]) / 1024,
        "rss_min_mib": min(samples) / 1024,
        "rss_max_mib": max(samples) / 1024,
        "samples": len(samples),
    }


def start_server(db: Path, html: Path) -> tuple[subprocess.Popen, str]:
    code = "from teitools.publish.command import serve_command; serve_command()"
    args = ["--db", str(db), "--html", str(html), "--host", "127.0.0.1", "--port", "0"]
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args, "--no-access-log"],
        stderr=subprocess.PIPE,
        text=True,
    )
    line = proc.stderr.readline()
    found = re.search(r"(http://127\.0\.0\.1:\d+)/oai", line)
    if not found:
        proc.kill()
        raise RuntimeError(f"the server did not start: {line}")
    # drain the server's log so that it never blocks on a full pipe
    threading.Thread(target=proc.stderr.read, daemon=True).start()
    deadline = time.monotonic() + 10
    while True:
        try:
            Client(found.group(1)).get("/index.html")
            return proc, found.group(1)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--requests", type=int, default=400, help="requests per small-request row")
    ap.add_argument("--pages", type=int, default=60, help="requests per list-page row")
    ap.add_argument("--budget", type=float, default=300, help="seconds for the whole run")
    opts = ap.parse_args()
    budget = Budget(time.monotonic() + opts.budget)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="oai-bench-") as tmp:
        db, html = Path(tmp) / "bench.db", Path(tmp) / "html"
        html.mkdir()
        (html / "index.html").write_text("<!DOCTYPE html><title>bench</title>" + "x" * 1000)
        withdrawn = opts.records // 100
        filled, withdrew = fill(db, opts.records, withdrawn)
        size_mib = db.stat().st_size / 2**20
        print(
            f"store: {opts.records:,} records in {filled:.1f} s (one transaction), "
            f"{withdrawn:,} withdrawn in {withdrew:.2f} s; {size_mib:.0f} MiB"
        )
        proc, base = start_server(db, html)
        try:
            client = Client(base)
            rss_idle = rss_kib(proc.pid)
            rng = random.Random(7)
            n, p = opts.requests, opts.pages

            def oai(**args: str) -> str:
                return "/oai?" + urlencode(args)

            def get_record(prefix: str) -> str:
                doc = f"bench-{rng.randrange(opts.records):06d}"
                return oai(verb="GetRecord", identifier=f"oai:{REPO}:{doc}", metadataPrefix=prefix)

            try:
                rows.append(measure("static file (baseline)", client, ["/index.html"] * n, budget))
                rows.append(measure("Identify", client, [oai(verb="Identify")] * n, budget))
                for prefix in ("oai_dc", "tei"):
                    targets = [get_record(prefix) for _ in range(n)]
                    rows.append(measure(f"GetRecord {prefix}", client, targets, budget))
                for verb in ("ListIdentifiers", "ListRecords"):
                    first = [oai(verb=verb, metadataPrefix="oai_dc")] * max(5, p // 4)
                    rows.append(measure(f"{verb} first page", client, first, budget))
                    found = tokens(client, verb, "oai_dc", p, budget)
                    resumed = [oai(verb=verb, resumptionToken=t) for t in found]
                    rows.append(measure(f"{verb} resumed page", client, resumed, budget))
                rss_loaded = rss_kib(proc.pid)
                full = harvest(client, proc.pid, opts.records, budget)
            except OutOfTime:
                print(f"stopped at the time budget ({opts.budget:.0f} s): partial figures")
                rss_loaded, full = rss_kib(proc.pid), None
        finally:
            proc.terminate()
            proc.wait(10)
    report(rows, rss_idle, rss_loaded, full)


def report(
    rows: list[Row], idle: tuple[int, int], loaded: tuple[int, int], full: dict | None
) -> None:
    base_rps, _ = rows[0].figures()[:2] if rows else (1.0, 1.0)
    print()
    columns = ("n", "bytes", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "req/s ×static")
    head = f"{'request':<28}" + "".join(f"{c:>9}" for c in columns[:-1]) + f"{columns[-1]:>15}"
    print(head)
    print("-" * len(head))
    for row in rows:
        rps, p50, p90, p99, mx = row.figures()
        print(
            f"{row.name:<28}{len(row.latencies):>9}{row.size:>9,}{rps:>9.0f}{p50:>9.2f}{p90:>9.2f}"
            f"{p99:>9.2f}{mx:>9.2f}{rps / base_rps:>15.2f}"
        )
    print()
    print(
        f"server RSS: idle {idle[0] / 1024:.1f} MiB; after the request rows "
        f"{loaded[0] / 1024:.1f} MiB (peak {loaded[1] / 1024:.1f} MiB)"
    )
    if full:
        ok = "all" if full["records"] == full["expected"] else "ONLY"
        print(
            f"full harvest (ListRecords oai_dc): {ok} {full['records']:,} of "
            f"{full['expected']:,} records ({full['deleted']:,} deleted) in {full['pages']:,} "
            f"pages, {full['seconds']:.1f} s = {full['records'] / full['seconds']:,.0f} records/s"
        )
        print(
            f"server RSS during the harvest ({full['samples']} samples): first tenth "
            f"{full['rss_first_mib']:.1f} MiB, last tenth {full['rss_last_mib']:.1f} MiB, "
            f"min {full['rss_min_mib']:.1f}, max {full['rss_max_mib']:.1f} MiB"
        )


if __name__ == "__main__":
    main()
