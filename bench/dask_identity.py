"""Benchmark: the HTML build of a corpus on a Dask cluster, beside the same build here.

    python bench/dask_identity.py [FOLDER] [--workers N] [--json]

Starts a Dask distributed LocalCluster of N worker processes (default 2, one thread each) on
this machine, then builds FOLDER (default ../shared/corpora/fredracor-300, its *.xml) twice,
in fresh processes, each with an empty cache folder: `teitools build --html -o OUT FILES`
(a build here, in its own pool) and `teitools build --html --scheduler ADDRESS -o OUT FILES`
(each edition made by a worker of the cluster and sent back). Reports both times and whether
the two sites hold the same files, byte for byte (the build's own records aside), and exits 1
if they do not. Needs the `dask` extra (pip install 'teitools[dask]').
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("TEITOOLS_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpora" / "fredracor-300"
RECORDS = (".teitools-digest",)  # the build's own: what it was made from, not the site


def build(folder: Path, out: Path, cache: Path, scheduler: str | None) -> float:
    """One build in a fresh process; its wall time. A failed build stops the benchmark."""
    cmd = [sys.executable, "-m", "teitools", "build", "--html", "-o", str(out), str(folder)]
    if scheduler:
        cmd[4:4] = ["--scheduler", scheduler]
    env = {**os.environ, "TEITOOLS_CACHE_DIR": str(cache)}
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"build failed ({done.returncode}): {done.stderr.strip()[-400:]}")
    return took


def differences(one: Path, other: Path) -> list[str]:
    """The files the two sites do not hold alike."""

    def files(site: Path) -> set[str]:
        return {
            str(p.relative_to(site))
            for p in site.rglob("*")
            if p.is_file() and p.name not in RECORDS
        }

    a, b = files(one), files(other)
    out = sorted(a ^ b)
    out += sorted(f for f in a & b if (one / f).read_bytes() != (other / f).read_bytes())
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", nargs="?", type=Path, default=CORPUS, help="a folder of TEI")
    ap.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    ap.add_argument("--json", action="store_true", help="print JSON for machines")
    args = ap.parse_args(argv)
    try:
        from distributed import LocalCluster
    except ImportError:
        print("needs Dask: pip install 'teitools[dask]'", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="teitools-dask-") as tmp_name:
        tmp = Path(tmp_name)
        with LocalCluster(
            n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster:
            here = build(args.folder, tmp / "here", tmp / "cache-here", None)
            there = build(args.folder, tmp / "dask", tmp / "cache-dask", cluster.scheduler_address)
        differ = differences(tmp / "here", tmp / "dask")
        files = sum(1 for p in (tmp / "here").rglob("*") if p.is_file())
    report = {
        "corpus": str(args.folder),
        "documents": len(list(args.folder.glob("*.xml"))),
        "workers": args.workers,
        "seconds_here": round(here, 2),
        "seconds_dask": round(there, 2),
        "files": files,
        "differing": differ[:20],
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(
            f"{report['documents']} documents: here {here:.1f} s, on a {args.workers}-worker "
            f"LocalCluster {there:.1f} s; {files} files, "
            + ("byte-identical" if not differ else f"{len(differ)} differ: {differ[:5]}")
        )
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
