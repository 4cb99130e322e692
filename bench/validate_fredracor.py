"""Benchmark: validate the FreDraCor sample against tei_all, three ways, in one run.

    python bench/validate_fredracor.py [CORPUS] [--repeat N]

Times, each as a fresh process so that every one pays its own start-up and schema
compilation, as a user's command does:
  teitools   `teitools validate --no-project --ignore apparatus --schema tei_all.rng CORPUS`
  lxml       parse every file and validate it with lxml's own RelaxNG (tei_all compiled once)
  jing       Debian's jing on the same files, where it is installed
and prints each time and its ratio to lxml's (the baseline) and to jing's.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("TEITOOLS_SHARED", ROOT.parent / "shared"))
TEI_ALL = SHARED / "schemas" / "tei-p5" / "tei_all.rng"

LXML = """
import sys, glob
from lxml import etree
schema = etree.RelaxNG(etree.parse(sys.argv[1]))
bad = 0
for f in sorted(glob.glob(sys.argv[2] + '/*.xml')):
    bad += not schema.validate(etree.parse(f))
print(bad)
"""


def timed(cmd: list[str], timeout: float = 300) -> tuple[float, subprocess.CompletedProcess]:
    t = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    return time.perf_counter() - t, proc


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("corpus", nargs="?", default=str(SHARED / "corpora" / "fredracor-300"))
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    files = sorted(str(p) for p in Path(args.corpus).glob("*.xml"))
    size = sum(os.path.getsize(f) for f in files) / 1e6
    teitools = [
        sys.executable,
        "-m",
        "teitools",
        "validate",
        "--no-project",
        "--no-cache",  # every repeat checks every file: no result kept from the last
        "--ignore",
        "apparatus",
        "--schema",
        str(TEI_ALL),
        args.corpus,
    ]
    runs = {
        "teitools": teitools,
        "lxml": [sys.executable, "-c", LXML, str(TEI_ALL), args.corpus],
    }
    jing = shutil.which("jing")
    if jing:
        runs["jing"] = [jing, str(TEI_ALL), *files]
    print(f"{len(files)} files, {size:.1f} MB, tei_all; best of {args.repeat} runs each")
    best: dict[str, float] = {}
    for name, cmd in runs.items():
        times = []
        for _ in range(args.repeat):
            t, proc = timed(cmd)
            if proc.returncode not in (0, 1):
                sys.exit(f"{name} failed: {proc.stderr[-500:]}")
            times.append(t)
        best[name] = min(times)
        print(
            f"  {name:9} {best[name]:6.2f} s  (median {statistics.median(times):.2f} s, "
            f"{size / best[name]:.1f} MB/s)"
        )
    print(f"teitools / lxml = {best['teitools'] / best['lxml']:.2f}")
    if "jing" in best:
        print(f"teitools / jing = {best['teitools'] / best['jing']:.2f}")
    else:
        print("jing is not installed (apt-get install jing): no comparison with it")


if __name__ == "__main__":
    main()
