"""Benchmark: the checks of tests/test_corpora.py over the whole of each shared corpus.

    python bench/corpora.py [--pdf-every N] [--corpus NAME ...] [--quiet]

For every XML file of fredracor-300/, tei-stylesheets-tests/ and scta-gracilis/ (in
../shared/corpora, or $TEITOOLS_SHARED/corpora): `teitools build --html` (built, refused with
its rule, or failed), the share of the text's words shown on the page, every `<l>` one line
element and every `<speaker>` one element with the same words; `build --pdf` for every Nth
file (default 1: all; PDFs take seconds each). Prints the counts per corpus, the worst
coverage, the files that fail a check, and the time.
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_corpora import (  # noqa: E402
    CORPORA,
    build,
    coverage,
    html_page,
    parse,
    units,
)

NAMES = ["fredracor-300", "tei-stylesheets-tests", "scta-gracilis"]
# What a file that is not a TEI document teitools can render faithfully is refused for.
REFUSALS = {"xml/well-formed", "xml/id-unique", "tei/root"}
RULE = re.compile(r"\[([\w/.-]+)\]\s*$")


@dataclass
class Tally:
    """What one corpus gave."""

    files: int = 0
    built: int = 0
    refused: collections.Counter = field(default_factory=collections.Counter)
    failed: list[str] = field(default_factory=list)
    worst: tuple[float, str] = (1.0, "")
    low: list[str] = field(default_factory=list)  # under 98 % of the words
    lines: list[str] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)
    counts: collections.Counter = field(default_factory=collections.Counter)
    pdf_built: int = 0
    pdf_refused: int = 0
    pdf_failed: list[str] = field(default_factory=list)
    html_seconds: float = 0.0
    pdf_seconds: float = 0.0


def refusal(result) -> str | None:
    """The rule of a clean one-line refusal of what is not a TEI document to render, or None
    (a crash, several errors, a valid document refused)."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        return None
    output = result.output
    lines = [ln for ln in output.strip().splitlines() if ": error: " in ln]
    if len(lines) != 1 or "Traceback" in output:
        return None
    found = RULE.search(lines[0])
    return found.group(1) if found and found.group(1) in REFUSALS else None


def run_html(path: Path, name: str, out: Path, tally: Tally) -> None:
    t = time.perf_counter()
    result = build("html", path, out)
    tally.html_seconds += time.perf_counter() - t
    if result.exit_code != 0:
        rule = refusal(result)
        if result.exit_code == 1 and rule:
            tally.refused[rule] += 1
        else:
            crash = repr(result.exception)[:200] if result.exception else ""
            tally.failed.append(
                f"{name}: exit {result.exit_code}: {crash} {result.output[-300:]!r}"
            )
        return
    try:
        tree, page = parse(path), html_page(out, path)
    except StopIteration:
        tally.failed.append(f"{name}: exit 0 but no page of the text")
        return
    tally.built += 1
    found, wanted = coverage(tree, page)
    share = found / wanted if wanted else 1.0
    tally.worst = min(tally.worst, (share, name))
    if share < 0.98:
        tally.low.append(f"{name}: {found} of {wanted} words")
    for u in (units(tree, page, "l"), units(tree, page, "speaker")):
        tally.counts[f"{u.name} tei"] += u.tei
        tally.counts[f"{u.name} same"] += u.same if u.tei == u.html else 0
        if not u.ok:
            bad = tally.lines if u.name == "l" else tally.speakers
            bad.append(f"{name}: {u.tei} in TEI, {u.html} on the page, {u.same} the same")


def run_pdf(path: Path, name: str, out: Path, tally: Tally) -> None:
    t = time.perf_counter()
    result = build("pdf", path, out)
    tally.pdf_seconds += time.perf_counter() - t
    pdf = out / f"{path.stem}.pdf"
    if result.exit_code == 0 and pdf.exists() and pdf.read_bytes()[:5] == b"%PDF-":
        tally.pdf_built += 1
    elif result.exit_code == 1 and refusal(result):
        tally.pdf_refused += 1
    else:
        crash = repr(result.exception)[:200] if result.exception else ""
        tail = result.output.strip()[-240:]
        tally.pdf_failed.append(f"{name}: exit {result.exit_code}: {crash} {tail!r}")


def run(corpus: Path, pdf_every: int, quiet: bool) -> Tally:
    tally = Tally()
    files = sorted(corpus.rglob("*.xml"))
    with tempfile.TemporaryDirectory() as tmp:
        for i, path in enumerate(files):
            name = str(path.relative_to(corpus))
            tally.files += 1
            run_html(path, name, Path(tmp) / f"h{i}", tally)
            if pdf_every and i % pdf_every == 0:
                run_pdf(path, name, Path(tmp) / f"p{i}", tally)
            if not quiet:
                print(f"\r{corpus.name}: {i + 1}/{len(files)}", end="", file=sys.stderr)
    if not quiet:
        print(file=sys.stderr)
    return tally


def report(name: str, t: Tally) -> None:
    refused = ", ".join(f"{n} {rule}" for rule, n in sorted(t.refused.items())) or "none"
    print(f"== {name}: {t.files} files")
    print(
        f"  html: {t.built} built, {sum(t.refused.values())} refused ({refused}), "
        f"{len(t.failed)} failed, {t.html_seconds:.1f} s"
    )
    print(
        f"  words shown: worst {t.worst[0]:.2%} ({t.worst[1] or '-'}), "
        f"{len(t.low)} files under 98 %"
    )
    for unit, bad in (("l", t.lines), ("speaker", t.speakers)):
        total, same = t.counts[f"{unit} tei"], t.counts[f"{unit} same"]
        print(
            f"  <{unit}>: {total} in the TEI, {same} one element with the same words; "
            f"{len(bad)} files off"
        )
    print(
        f"  pdf: {t.pdf_built} built, {t.pdf_refused} refused, {len(t.pdf_failed)} failed, "
        f"{t.pdf_seconds:.1f} s"
    )
    for line in [*t.failed, *t.low, *t.lines, *t.speakers, *t.pdf_failed][:40]:
        print(f"    {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--pdf-every",
        type=int,
        default=1,
        metavar="N",
        help="build the PDF of every Nth file (0: none)",
    )
    parser.add_argument("--corpus", action="append", choices=NAMES, help="only these corpora")
    parser.add_argument(
        "--quiet", action="store_true", help="no progress on stderr (none when piped either)"
    )
    args = parser.parse_args()
    start = time.perf_counter()
    for name in args.corpus or NAMES:
        corpus = CORPORA / name
        if not corpus.is_dir():
            print(f"== {name}: missing ({corpus})")
            continue
        report(name, run(corpus, args.pdf_every, args.quiet or not sys.stderr.isatty()))
    print(f"total {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
