"""What the print edition costs beyond the layout engine itself.

    .venv/bin/python bench/print_edition.py [--runs 3] [--page-size A5|letter] [TEI...]

For each document (default: every one in tei/), in this one process, best of --runs:
  baseline   WeasyPrint alone: the print HTML (made once, beforehand) laid out and written;
  teitools   teitools.render.pdf.render_pdf: TEI parsed, XSLT 3.0 (saxonche, compiled once),
             laid out with footnotes kept on their call's page, the proofs checked, written.
The baseline runs first, with WeasyPrint unchanged. The ratio teitools/baseline says what the
XSLT, the change to WeasyPrint (footnotes kept with their calls) and the checks add.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def best(runs: int, job) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    import weasyprint

    from teitools.render.pdf import PRINT, render_pdf
    from teitools.render.xslt import load, transform

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("tei", nargs="*", type=Path)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--page-size", default="A5", choices=["A5", "letter"])
    args = ap.parse_args()
    docs = args.tei or sorted((ROOT / "tei").glob("*.xml"))

    # the print HTML of each document, made beforehand (this compiles the stylesheet once)
    htmls = {}
    for doc in docs:
        _, xdm = load(doc)
        htmls[doc] = transform(PRINT / "print.xsl", xdm, {"page-size": args.page_size})

    def engine_alone(html: str):
        return weasyprint.HTML(string=html, base_url=str(PRINT) + "/")

    engine_alone(htmls[docs[0]]).write_pdf()  # warm up: fonts found and loaded
    # the baseline first: WeasyPrint as it is, before teitools changes it in this process
    baseline = {
        doc: best(args.runs, lambda h=htmls[doc]: engine_alone(h).write_pdf()) for doc in docs
    }
    pages = {doc: len(engine_alone(htmls[doc]).render().pages) for doc in docs}
    ours = {doc: best(args.runs, lambda doc=doc: render_pdf(doc, args.page_size)) for doc in docs}
    print(f"{'document':<24} {'pages':>5} {'baseline':>9} {'teitools':>9} {'ratio':>6}")
    rows = [(doc.stem, pages[doc], baseline[doc], ours[doc]) for doc in docs]
    rows.append(("all", "", sum(baseline.values()), sum(ours.values())))
    for name, n, base, mine in rows:
        print(f"{name:<24} {n:>5} {base:>8.2f}s {mine:>8.2f}s {mine / base:>6.2f}")


if __name__ == "__main__":
    main()
