"""The print edition: TEI → HTML for print (xslt/print, with saxonche) → PDF (WeasyPrint).

WeasyPrint sets CSS Paged Media from Python, with no Java and no TeX: footnotes that float to
the page of their call (the apparatus on the page of its lemma), running heads from the text,
page counters for the contents, hyphenation, embedded fonts. The book face, EB Garamond, comes
from Debian's fonts-ebgaramond.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from ..errors import InputError, Problem, UsageError
from ..files import write_atomic
from . import pagecheck
from .cache import code_files, digest, tree_files
from .engine import keep_footnotes_with_calls
from .html import sources
from .xslt import XSLT_DIR, load, transform

PRINT = XSLT_DIR / "print"
PAGE_SIZES = ("A5", "letter")
FONT = "EB Garamond"


def _font_present() -> bool:
    """Whether fontconfig knows the book face (WeasyPrint would fall back silently)."""
    import subprocess

    try:
        out = subprocess.run(
            ["fc-list", f":family={FONT}"], capture_output=True, text=True, timeout=20, check=False
        ).stdout
    except OSError:
        return True  # no fc-list to ask: WeasyPrint's own lookup decides
    return bool(out.strip())


def _check_page_size(page_size: str) -> None:
    if page_size not in PAGE_SIZES:
        raise UsageError(
            f"the page size must be A5 or letter, not {page_size!r}", rule="pdf/page-size"
        )


def _fingerprint(source: Path, page_size: str) -> str:
    """What a PDF and its proof findings depend on: its TEI, the stylesheets and CSS, the page
    size, the engine (WeasyPrint's version), this code (the change to WeasyPrint, the checks)."""
    import weasyprint

    files = [source, *tree_files(PRINT, XSLT_DIR / "common"), *code_files()]
    return digest(files, [page_size, weasyprint.__version__])


def render_pdf(
    source: str | os.PathLike[str], page_size: str = "A5"
) -> tuple[bytes, list[tuple[str, str]]]:
    """One TEI document as a print-ready PDF; and what the proofs would show wrong (a note off
    its call's page, a widow or orphan, a line in the margin) as (rule, message) pairs: none,
    with the WeasyPrint this project is tested with (see `engine`)."""
    import weasyprint

    _check_page_size(page_size)
    keep_footnotes_with_calls()
    _, doc = load(source)
    book = weasyprint.HTML(
        string=transform(PRINT / "print.xsl", doc, {"page-size": page_size}),
        base_url=str(PRINT) + "/",
    ).render()
    return book.write_pdf(), pagecheck.check(book)


def build_pdf(
    paths: Iterable[str | os.PathLike[str]],
    outdir: str | os.PathLike[str],
    page_size: str = "A5",
    problems: list[Problem] | None = None,
) -> list[Path]:
    """A PDF in `outdir` for each TEI document named (a folder: the .xml files in it; none:
    tei/); an unchanged document is not set again.
    What the laid-out book shows wrong (`pagecheck`) is added to `problems` as warnings."""
    _check_page_size(page_size)
    if not _font_present():
        raise InputError(
            f"the print edition needs the {FONT} font: install Debian's fonts-ebgaramond",
            rule="pdf/font",
        )
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for src in sources(paths):
        pdf = out / f"{src.stem}.pdf"
        stamp = out / f".{src.stem}.pdf.sha256"
        key = _fingerprint(src, page_size)
        kept = stamp.read_text().split("\n") if pdf.exists() and stamp.exists() else [""]
        if kept[0] == key:  # unchanged: what was found when it was set is still true
            findings = [tuple(line.split("\t", 1)) for line in kept[1:] if "\t" in line]
        else:
            data, findings = render_pdf(src, page_size)
            write_atomic(pdf, data)
            write_atomic(stamp, "\n".join([key, *("\t".join(f) for f in findings)]).encode())
        for rule, message in findings if problems is not None else ():
            problems.append(Problem(str(src), None, None, message, rule, "warning"))
        made.append(pdf)
    return made
