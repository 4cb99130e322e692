"""The print edition: TEI → HTML for print (xslt/print, with saxonche) → PDF (WeasyPrint).

WeasyPrint sets CSS Paged Media from Python, with no Java and no TeX: footnotes that float to
the page of their call (the apparatus on the page of its lemma), running heads from the text,
page counters for the contents, hyphenation, embedded fonts. The book face, EB Garamond (OFL),
ships with teitools (teitools.resources) and print.css names it by @font-face: no system font
is needed.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError, InvalidInput, Problem, UsageError
from ..files import write_atomic
from ..metadata import Metadata, describe
from ..progress import Progress
from ..project import citation_of, project_of
from ..resources import print_fonts_dir
from ..tei import read_document
from . import pagecheck, pool
from .cache import STALE_SECONDS, code_files, digest, make_folder, tree_files
from .engine import keep_footnotes_with_calls
from .html import (
    distinct_names,
    feature_params,
    features_key,
    labels_param,
    metadata_element,
    sources,
)
from .xslt import XSLT_DIR, document_ref, load, transform, xdm

PRINT = XSLT_DIR / "print"
PAGE_SIZES = ("A5", "letter")
FONT = "EB Garamond"
# The faces print.css names by @font-face.
FONT_FILES = (
    "EBGaramond08-Regular.otf",
    "EBGaramond08-Italic.otf",
    "EBGaramond12-Regular.otf",
    "EBGaramond12-Bold.otf",
)


def _font_missing() -> str | None:
    """The first of the shipped font files that is not there (WeasyPrint would fall back
    silently to another face), or None."""
    for name in FONT_FILES:
        path = print_fonts_dir() / name
        if not path.is_file():
            return str(path)
    return None


def _check_page_size(page_size: str) -> None:
    if page_size not in PAGE_SIZES:
        raise UsageError(
            f"the page size must be A5 or letter, not {page_size!r}", rule="pdf/page-size"
        )


def _fingerprint(source: Path, data: bytes, page_size: str) -> str:
    """What a PDF and its proof findings depend on: its TEI, the stylesheets and CSS, the page
    size, the unit its project cites passages by and the features it turns on, the engine
    (WeasyPrint's version), this code (the change to WeasyPrint, the checks)."""
    import weasyprint

    project = project_of(source)
    labels = [project.labels] if project is not None and project.labels else []
    files = [*tree_files(PRINT, XSLT_DIR / "tei", XSLT_DIR / "common"), *code_files(), *labels]
    settings = [page_size, citation_of(project), features_key(project), weasyprint.__version__]
    return digest(files, settings, {source: data})


def _fetcher():  # -> weasyprint.urls.URLFetcher
    """WeasyPrint's fetcher, limited to the print stylesheets' own files (CSS, the book
    face) and data: URIs: whatever else the HTML names is neither read nor fetched."""
    from weasyprint.urls import URLFetcher

    shipped = (PRINT.resolve(), print_fonts_dir().resolve(), (XSLT_DIR / "tei").resolve())

    class ShippedOnly(URLFetcher):
        def fetch(self, url: str, headers: object = None):  # type: ignore[override]
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file:"):
                from urllib.parse import unquote, urlsplit

                path = Path(unquote(urlsplit(url).path)).resolve()
                if any(path.is_relative_to(s) for s in shipped) and path.is_file():
                    return super().fetch(url, headers)
            raise ValueError(f"not read: {url} (the print edition reads only its own files)")

    return ShippedOnly(allowed_protocols=("file", "data"))


def print_html(
    source: str | os.PathLike[str], page_size: str = "A5", data: bytes | None = None
) -> tuple[str, Metadata]:
    """The HTML the engine sets as a book (xslt/print), and the document's metadata, which
    its head (title, author, the text's language) and the PDF's information are made from.
    Its passages are numbered by the unit its project cites them by (teitools.toml `citation`)."""
    tree, doc = load(source, data)
    described = describe(tree)
    element = metadata_element(tree, document_ref(source), described)
    params = {
        "page-size": page_size,
        "citation": citation_of(project_of(source)),
        "metadata": xdm(element, "file:///metadata.xml"),
    }
    project = project_of(source)
    params.update(feature_params(project))  # its project's features (teitools.toml)
    params.update(labels_param(project))  # and its labels
    return transform(PRINT / "print.xsl", doc, params), described


# Python frames WeasyPrint may use for a deeply nested document (one element nests several
# calls deep; the safe parser allows some 250 levels).
RECURSION_LIMIT = 20_000
# Spaces and tabs that end a line of the print HTML: in preformatted text the layout engine
# fails on them (it expects nothing but the line break there); elsewhere they collapse into the
# break's space anyway, and at the end of a preformatted line they are invisible.
TRAILING_BLANKS = re.compile(r"[ \t]+(?=\n)")


def layout_safe(html: str) -> str:
    """The print HTML without the blanks before a line break, which the layout engine cannot
    break a line at: the same page, set without an internal error."""
    return TRAILING_BLANKS.sub("", html)


def render_pdf(
    source: str | os.PathLike[str], page_size: str = "A5", data: bytes | None = None
) -> tuple[bytes, list[tuple[str, str]]]:
    """One TEI document as a print-ready PDF; and what the proofs would show wrong (a note off
    its call's page, a widow or orphan, a line in the margin) as (rule, message) pairs: none,
    with the WeasyPrint this project is tested with (see `engine`).
    A document the engine cannot lay out is an InvalidInput of one line (pdf/layout), never a
    traceback."""
    import weasyprint

    _check_page_size(page_size)
    keep_footnotes_with_calls()
    html, described = print_html(source, page_size, data)
    html = layout_safe(html)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, RECURSION_LIMIT))
    try:
        try:
            book = weasyprint.HTML(
                string=html, base_url=PRINT.resolve().as_uri() + "/", url_fetcher=_fetcher()
            ).render()
            set_metadata(book.metadata, described)
            pdf = book.write_pdf()
        except RecursionError:
            raise InvalidInput(
                "its elements nest too deep to be set in pages: the print edition cannot lay "
                "it out",
                os.fspath(source),
                rule="pdf/too-deep",
            ) from None
        except Exception as e:  # the engine's own failure: one line, not its traceback
            raise InvalidInput(
                f"the print layout failed: {_one_line(e)}", os.fspath(source), rule="pdf/layout"
            ) from None
        return pdf, pagecheck.check(book)
    finally:
        sys.setrecursionlimit(limit)


def _one_line(error: BaseException, limit: int = 200) -> str:
    """An exception as a short line: its message (else its kind), blanks collapsed, cut."""
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


def set_metadata(info, described: Metadata) -> None:  # info: weasyprint's DocumentMetadata
    """The PDF's document information from the header, as teitools.metadata reads it (names
    without their identifiers, the language of the text); its creation date only where the
    edition is dated in ISO 8601 (a year, a month or a day: nothing made up)."""
    info.title = described.main_title or info.title
    names = described.author_names()
    # one line, as the engine joins them with commas: semicolons where a name has one
    info.authors = ["; ".join(names)] if any("," in n for n in names) else names
    info.description = described.description or None
    info.keywords = list(described.subjects)
    info.lang = described.language or info.lang
    date = described.edition_date.iso() if described.edition_date else ""
    info.created = date if re.fullmatch(r"\d{4}(-\d\d){0,2}", date) else None


def build_pdf(
    paths: Iterable[str | os.PathLike[str]],
    outdir: str | os.PathLike[str],
    page_size: str = "A5",
    problems: list[Problem] | None = None,
    progress: Progress | None = None,
) -> list[Path]:
    """A PDF in `outdir` for each TEI document named (a folder: the .xml files in it; none:
    tei/); an unchanged document is not set again.
    What the laid-out book shows wrong (`pagecheck`) is added to `problems` as warnings;
    `progress` is told of each document set (teitools.progress)."""
    _check_page_size(page_size)
    missing = _font_missing()
    if missing:
        raise InputError(
            f"the print edition's {FONT} font is missing: reinstall teitools",
            missing,
            rule="pdf/font",
        )
    out = Path(outdir)
    files = sources(paths)
    distinct_names(files, ".pdf")
    new_folder = not out.exists()
    make_folder(out)
    made = []
    todo: list[tuple[Path, bytes, str, Path, Path]] = []
    found: dict[Path, list] = {}
    try:  # from reading the documents on: a failure leaves no folder it made
        for src in files:
            pdf = out / f"{src.stem}.pdf"
            stamp = out / f".{src.stem}.pdf.sha256"
            _clean_temporaries(pdf, stamp)
            data = read_document(src)
            key = _fingerprint(src, data, page_size)
            kept = _read_stamp(stamp) if pdf.exists() else [""]
            if kept[0] == key:  # unchanged: what was found when it was set is still true
                found[src] = [tuple(line.split("\t", 1)) for line in kept[1:] if "\t" in line]
            else:
                todo.append((src, data, key, pdf, stamp))
            made.append(pdf)
        for (src, _, key, pdf, stamp), (book, findings) in zip(
            todo, _render_all([(src, page_size, data) for src, data, *_ in todo]), strict=True
        ):
            write_atomic(pdf, book)
            write_atomic(stamp, "\n".join([key, *("\t".join(f) for f in findings)]).encode())
            found[src] = findings
            if progress:
                progress(len(found), len(files), str(src))
    except BaseException:
        if new_folder:  # a first build that set nothing leaves no empty folder behind
            with contextlib.suppress(OSError):
                out.rmdir()
        raise
    for src in files:
        for rule, message in found[src] if problems is not None else ():
            problems.append(Problem(str(src), None, None, message, rule, "warning"))
    return made


def _render_all(
    work: list[tuple[Path, str, bytes]],
) -> Iterator[tuple[bytes, list[tuple[str, str]]]]:
    """Each document set as a book, in order: in a pool of processes, one a core, where there
    are three or more (each worker compiles the stylesheets once), else here."""
    jobs = pool.jobs_for(len(work)) if len(work) >= 3 else 1
    yield from pool.in_order(_render_one, work, jobs)


def _render_one(job: tuple[Path, str, bytes]) -> tuple[bytes, list[tuple[str, str]]]:
    return render_pdf(*job)


def _read_stamp(stamp: Path) -> list[str]:
    """The lines of a PDF's stamp (its fingerprint, then its findings); [""] if unreadable."""
    try:
        return stamp.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return [""]


def _clean_temporaries(*targets: Path) -> None:
    """Remove what killed builds left beside the targets: the temporaries write_atomic
    names `.NAME.*.tmp`, once older than a write could take."""
    for target in targets:
        pattern = f".{glob.escape(target.name)}.*.tmp"
        for p in target.parent.glob(pattern):
            try:
                if time.time() - p.lstat().st_mtime > STALE_SECONDS / 10:
                    p.unlink()
            except OSError:
                pass
