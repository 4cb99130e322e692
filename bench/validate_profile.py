"""Where validation spends its time, phase by phase, and how it compares with jing.

    python bench/validate_profile.py [CORPUS …] [--copies K] [--repeat N] [--no-phases]

For each corpus (default: ../shared/corpora/fredracor-300 and scta-gracilis):
  phases   one process, the files one after another, each phase timed on its own: read,
           parse, the element and attribute names, cut + compile of tei_all for the corpus's
           names (and the forked probe), RELAX NG validation, the messages of the files the
           cut rejects, the apparatus rules, other Python per file (safety, limits,
           <?xml-model?>, sorting); and the cost of starting a process and importing teitools;
  pool     a real `validate` over the corpus with the pool, each batch timed in its worker;
  commands fresh processes, alternating, median of N: `teitools validate --no-project` cold
           (an empty cache) and warm (results cached), and Debian's jing on tei_all.
--copies K checks K copies of the corpus (symbolic links under new names), for corpus size.
Others may be running on the machine: compare the ratios measured in one run.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("TEITOOLS_SHARED", ROOT.parent / "shared"))
TEI_ALL = ROOT / "schemas" / "tei_all.rng"
CORPORA = [SHARED / "corpora" / "fredracor-300", SHARED / "corpora" / "scta-gracilis"]

# a command-line run with the results cache, for the warm and cold timings
RUN = """
import sys
from teitools.validate import validate
from teitools.validate.report import as_text
r = validate(sys.argv[1:], project=False, cache=True)
sys.stdout.write(as_text(r))
"""


def _files(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.rglob("*.xml") if p.is_file())


def copies(corpus: Path, k: int, into: Path) -> Path:
    """A folder of k copies of the corpus's files (symbolic links under new names)."""
    out = into / f"{corpus.name}-x{k}"
    out.mkdir()
    for i in range(k):
        for f in _files(corpus):
            rel = f.relative_to(corpus)
            link = out / f"{i}" / rel
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(f)
    return out


def phases(corpus: Path) -> None:
    """Each phase of checking the corpus in one process, timed on its own."""
    from lxml import etree

    from teitools.tei import limit_problems, parse_bytes, read_document, safety_problems
    from teitools.validate import _ignored, _xml_models
    from teitools.validate.apparatus import check_apparatus
    from teitools.validate.schemas import (
        _compiles_in_time,
        compile_schema,
        document_names,
        prune_grammar,
    )

    t: dict[str, float] = defaultdict(float)

    def clock(name: str, start: float) -> float:
        now = time.perf_counter()
        t[name] += now - start
        return now

    files = _files(corpus)
    docs = []
    for f in files:
        s = time.perf_counter()
        data = read_document(f)
        s = clock("read", s)
        try:
            tree = parse_bytes(data, str(f))
        except Exception:
            clock("parse", s)
            continue
        s = clock("parse", s)
        names = document_names(tree)  # (validate walks only a file the cut rejects)
        clock("element and attribute names", s)
        docs.append((f, data, tree, names))
    s = time.perf_counter()
    schema = compile_schema(str(TEI_ALL))
    s = clock("load tei_all", s)
    union = frozenset().union(*(d[3] for d in docs))
    elements = {n for n in union if not n.startswith("@")}
    cut = prune_grammar(schema.doc, elements, {n[1:] for n in union if n.startswith("@")})
    s = clock("cut", s)
    probe = _compiles_in_time(cut, 30.0)
    s = clock("probe (forked compile)", s)
    subset = etree.RelaxNG(cut) if probe else None
    clock("compile cut", s)
    rejected = []
    for f, data, tree, _ in docs:
        s = time.perf_counter()
        ok = subset is not None and subset.validate(tree)
        s = clock("RELAX NG (cut)", s)
        if not ok:
            rejected.append(tree)
        if tree.docinfo.doctype:  # as validate does: only where there can be something
            safety_problems(tree, str(f), data)
        limit_problems(tree, str(f), data)
        _xml_models(tree, f, [])
        _ignored(tree)
        s = clock("other Python", s)
        check_apparatus(tree, str(f), data)
        clock("apparatus rules", s)
    if rejected:  # as validate does: the cut's messages, the whole grammar only if need be
        s = time.perf_counter()
        for tree in rejected:
            schema.check(tree, "x.xml")
        clock("messages of the rejected", s)
    whole = "compiled" if schema._full is not None else "not compiled"
    start = _median(3, [sys.executable, "-c", "import teitools.cli, teitools.validate"])
    bare = _median(3, [sys.executable, "-c", "pass"])
    size = sum(f.stat().st_size for f in files) / 1e6
    print(
        f"\n{corpus.name}: {len(files)} files, {size:.1f} MB, {len(elements)} element names, "
        f"{len(union) - len(elements)} attribute names, "
        f"{len(rejected)} rejected by the cut, the whole grammar {whole}"
    )
    total = sum(t.values())
    for name, v in t.items():
        print(f"  {name:28} {v:7.3f} s  {100 * v / total:5.1f} %")
    print(f"  {'(sum, one process)':28} {total:7.3f} s")
    print(f"  {'process start + import':28} {start:7.3f} s  (python alone {bare:.3f} s)")


def pool(corpus: Path) -> None:
    """A real validate over the corpus, each batch timed in the worker that ran it."""
    import teitools.validate as V

    log = Path(tempfile.mkstemp(suffix=".log")[1])
    real = V.check_files

    def timed(*args, **kw):  # noqa: ANN002, ANN003, ANN202 (a wrapper of check_files)
        s = time.perf_counter()
        out = real(*args, **kw)
        with open(log, "a") as f:
            f.write(f"{os.getpid()} {len(args[0])} {s:.4f} {time.perf_counter():.4f}\n")
        return out

    V.check_files = timed  # workers are forked: they run the wrapper too
    try:
        s = time.perf_counter()
        report = V.validate([corpus], project=False)
        wall = time.perf_counter() - s
    finally:
        V.check_files = real
    rows = [line.split() for line in log.read_text().splitlines()]
    log.unlink()
    by: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for pid, n, a, b in rows:
        by[pid].append((int(n), float(b) - float(a)))
    print(f"  pool: {len(report.results)} files in {wall:.2f} s, {len(rows)} batches")
    for pid, batches in by.items():
        busy = sum(b for _, b in batches)
        sizes = [n for n, _ in batches]
        print(f"    worker {pid}: {len(batches)} batches {sizes}, busy {busy:.2f} s")


CPU: dict[str, list[float]] = defaultdict(list)  # processor seconds (user + system) by command


def _run(cmd: list[str], env: dict[str, str] | None = None) -> float:
    """The wall time of a command; its processor time (all its processes and threads) is
    noted in CPU: the work done, whatever else the machine was doing."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    s = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, env=env, check=False)
    wall = time.perf_counter() - s
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        sys.exit(f"{cmd[0]} failed: {proc.stderr.decode()[-500:]}")
    used = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    CPU[" ".join(cmd)].append(used)
    return wall


def _median(n: int, cmd: list[str]) -> float:
    return statistics.median(_run(cmd) for _ in range(n))


def commands(corpus: Path, repeat: int) -> None:
    """teitools cold and warm, and jing, alternating, as fresh processes."""
    files = [str(f) for f in _files(corpus)]
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "TEITOOLS_CACHE_DIR": tmp}
        cli = [sys.executable, "-m", "teitools", "validate", "--no-project"]
        helps = subprocess.run([*cli, "--help"], capture_output=True, text=True, check=False)
        if "--no-cache" in helps.stdout:  # a command that caches by default is told not to
            cli.append("--no-cache")
        runs: dict[str, tuple[list[str], dict[str, str] | None]] = {
            "teitools (no cache)": ([*cli, str(corpus)], env),
            "teitools (results cached)": ([sys.executable, "-c", RUN, str(corpus)], env),
        }
        jing = shutil.which("jing")
        if jing:
            runs["jing tei_all"] = ([jing, str(TEI_ALL), *files], None)
        _run(*runs["teitools (results cached)"])  # fill the cache
        times: dict[str, list[float]] = defaultdict(list)
        for _ in range(repeat):
            for name, (cmd, e) in runs.items():
                times[name].append(_run(cmd, e))
    print(f"  commands, median of {repeat}, alternating (wall; processor time, all threads):")
    cpu = {name: statistics.median(CPU[" ".join(cmd)][-repeat:]) for name, (cmd, _) in runs.items()}
    for name, ts in times.items():
        ratio = ""
        if "jing tei_all" in times:
            ratio = f"  ×{statistics.median(ts) / statistics.median(times['jing tei_all']):.2f}"
            ratio += f"; cpu {cpu[name]:.2f} s ×{cpu[name] / cpu['jing tei_all']:.2f}"
        print(f"    {name:26} {statistics.median(ts):6.2f} s{ratio}  {[round(x, 2) for x in ts]}")
    if not jing:
        print("    jing is not installed (apt-get install jing): no comparison")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpora", nargs="*", type=Path, default=CORPORA)
    ap.add_argument("--copies", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-phases", action="store_true")
    args = ap.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        for corpus in args.corpora:
            if args.copies > 1:
                corpus = copies(corpus, args.copies, Path(tmp))
            if not args.no_phases:
                phases(corpus)
            else:
                print(f"\n{corpus.name}: {len(_files(corpus))} files")
            pool(corpus)
            commands(corpus, args.repeat)


if __name__ == "__main__":
    main()
