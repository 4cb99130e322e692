"""The HTML edition: a static site of the TEI documents, made by the stylesheets of
xslt/html (which import the one mapping of TEI elements, xslt/tei, and xslt/common), that
works from the file system and any web server. An element the mapping does not know is shown
with its content and reported once per name as a warning.

For each document: a page per witness (the base text at <stem>.html), a page per pair of
witnesses compared, its TEI and each witness's text and TEI to download; then the index of
the editions, the search page and its index. The layout is decided here, once, and told to
the stylesheets as the $site document.
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import hashlib
import itertools
import json
import os
import re
import shutil
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import quote_from_bytes

from lxml import etree
from saxonche import PyXdmNode

from .. import __version__, metadata
from ..errors import InputError, Problem, TeitoolsError
from ..progress import Progress
from ..project import FEATURES, Project, citation_of, has_feature, project_of
from ..tei import read_document
from ..witnesses import Apparatus, derive_tei
from . import cache, pool, search, xslt
from .quotations import Quotation, find_quotations

DEFAULT_SOURCES = Path("tei")
DEFAULT_OUT = Path("build/html")
HTML = xslt.XSLT_DIR / "html"
ASSETS = HTML / "assets"
MAPPING_CSS = xslt.XSLT_DIR / "tei" / "mapping.css"  # the mapping's styles, every output's
SITE_NS = "urn:teitools:site"
T = "{http://www.tei-c.org/ns/1.0}"
S = f"{{{SITE_NS}}}"


@dataclass(eq=False)
class Document:
    """One TEI document of the site as a build plans it: its witnesses and pages, and what the
    site's layout says of it, without its tree. Made from the tree once (`summarize`), then
    kept between builds by the document's content, so that a build parses only the documents
    that changed and holds no tree but those of the editions it is making."""

    path: Path
    witnesses: list[str]
    base: str  # the witness that reads every lemma ('' if none): the page <stem>.html
    digest: str = ""  # the SHA-256 of the file as the build read it: what it is made from
    size: int = 0  # its length in bytes
    citation: str = "auto"  # the unit its passages are cited by (its project's `citation`)
    features: dict[str, bool | str] = field(default_factory=lambda: feature_params(None))
    metadata: bytes = b""  # its header as the site's layout gives it (metadata_element)
    faced: str | None = None  # the document it faces page by page (its pb/@corresp), if any
    points: tuple[str, ...] = ()  # the documents it names ("name.xml#…")

    @property
    def stem(self) -> str:
        return self.path.stem

    @cached_property
    def source(self) -> str:
        """The document's name as pointers and the stylesheets know it (%-escaped)."""
        return xslt.document_ref(self.path)

    def page(self, siglum: str = "") -> str:
        """The page of the text as `siglum` reads it (the base text's is <stem>.html)."""
        return f"{self.stem}.html" if siglum in ("", self.base) else f"{self.stem}.{siglum}.html"

    def texts(self) -> list[str]:
        """Whose text each page of the edition shows: each witness's; and first, where no
        witness reads every lemma (a negative apparatus: lemmas without @wit), the edited
        text itself, '' (the lemma everywhere), which is then the base page <stem>.html."""
        if not self.witnesses:
            return [""]
        return self.witnesses if self.base else ["", *self.witnesses]

    def compare_page(self, a: str = "", b: str = "") -> str:
        """The page that sets any two witnesses side by side (one page, whatever the number
        of witnesses: the reader picks the two; `a` and `b` are those it opens with)."""
        return f"{self.stem}.compare.html"

    def pairs(self) -> list[tuple[str, str]]:
        """The pair the compare page opens with (a witness beside the base text), if there
        are two witnesses to compare."""
        order = sorted(self.witnesses, key=lambda s: s == self.base)
        return [(order[0], order[-1])] if len(order) > 1 else []

    def record(self) -> dict:
        """What is kept of it between builds (see `Document.known`)."""
        return {
            "witnesses": self.witnesses,
            "base": self.base,
            "metadata": self.metadata.decode("utf-8"),
            "faced": self.faced,
            "points": list(self.points),
        }

    def read(self) -> bytes:
        """The document's bytes, read again where they are needed (read_as_planned)."""
        return read_as_planned(self.path, self.digest)

    @classmethod
    def known(
        cls, path: Path, digest: str, size: int, record: dict, project: Project | None
    ) -> Document | None:
        """The document again from its record (None if the record is not one)."""
        try:
            etree.fromstring(str(record["metadata"]).encode("utf-8"))  # whole, or not used
            return cls(
                path,
                [str(w) for w in record["witnesses"]],
                str(record["base"]),
                digest,
                size,
                citation_of(project),
                {**feature_params(project), **labels_param(project)},
                str(record["metadata"]).encode("utf-8"),
                None if record["faced"] is None else str(record["faced"]),
                tuple(str(n) for n in record["points"]),
            )
        except (KeyError, TypeError, etree.XMLSyntaxError):
            return None


@dataclass(eq=False)
class Edition(Document):
    """A document of the site parsed, for lxml and Saxon: what an edition is made from."""

    data: bytes = b""  # the file as read, offered for download
    tree: etree._ElementTree | None = None
    apparatus: Apparatus | None = None

    @cached_property
    def node(self) -> PyXdmNode:
        """The document as Saxon reads it, made when a transform first needs it."""
        name = os.fspath(self.path)
        return xslt.xdm(self.tree, xslt.document_uri(name), name)

    def summary(self) -> Document:
        """What a build plans with: the same without the tree."""
        return Document(**{f.name: getattr(self, f.name) for f in dataclasses.fields(Document)})


@dataclass
class SiteBuild:
    """What a build did: the folder, the pages written, how long it took."""

    out: Path
    pages: list[str] = field(default_factory=list)  # the files written: pages, search index
    quotations: list[Quotation] = field(default_factory=list)
    seconds: float = 0.0
    up_to_date: bool = False
    problems: list[Problem] = field(default_factory=list)  # warnings: elements not known
    reused: list[str] = field(default_factory=list)  # editions unchanged: their pages kept

    def summary(self) -> str:
        if self.up_to_date:
            return f"{self.out}: up to date"
        kept = f" ({len(self.reused)} editions unchanged)" if self.reused else ""
        pages = sum(name.endswith(".html") for name in self.pages)  # not the search's pieces
        return f"{self.out}: {pages} pages built in {self.seconds:.1f} s{kept}"


def sources(paths: Iterable[str | os.PathLike[str]] = ()) -> list[Path]:
    """The TEI files named, folders standing for the .xml files in them (default: tei/)."""
    given = [Path(p) for p in paths] or [DEFAULT_SOURCES]
    out: list[Path] = []
    for p in given:
        if p.is_dir():
            out.extend(sorted(p.glob("*.xml")))
        elif p.exists():
            out.append(p)
        else:
            raise InputError("no such file or folder", str(p), rule="io/missing")
    if not out:
        raise InputError("no TEI documents (*.xml) to build", ", ".join(map(str, given)))
    return list(dict.fromkeys(out))


def base_witness(appar: Apparatus) -> str:
    """The witness that reads the lemma of every entry (the base text), or ''."""
    lemmas = [
        (app, lem)
        for app in appar.root.iter(f"{T}app")
        for lem in appar.readings(app)
        if lem.tag == f"{T}lem"
    ]
    for siglum in appar.leaves():
        if all(siglum in appar.witnesses_of(lem, app) for app, lem in lemmas):
            return siglum
    return ""


def feature_params(project: Project | None) -> dict[str, bool]:
    """Each optional feature (teitools.project.FEATURES) as the stylesheets' xs:boolean
    parameter of its name: on where the document's project turns it on; all off for foreign
    TEI (no project)."""
    return {name: has_feature(project, name) for name in FEATURES}


def labels_param(project: Project | None) -> dict[str, str]:
    """The project's labels file (its `labels` setting) as the stylesheets' $labels-file,
    a file: URI, or '' (the shipped labels alone)."""
    labels = project.labels if project is not None else None
    return {"labels-file": labels.resolve().as_uri() if labels else ""}


def features_key(project: Project | None) -> str:
    """The features a project turns on, as one word of a cache key."""
    return "features=" + ",".join(k for k, on in feature_params(project).items() if on)


def load(path: Path, data: bytes | None = None) -> Edition:
    """A TEI document read for the site (`data`: its bytes, if read already)."""
    data = read_document(path) if data is None else data
    # the model made once: the stylesheets read its marks; what it could not attach is in
    # its problems, which the edition's record keeps (make_unit) and each build says
    appar = xslt.prepared(path, data, say=False)
    tree = appar.tree
    # A teiCorpus is one page, each TEI a document of its own: its documents' witnesses are
    # not one set, so it has no witness pages (its lemmas are the text shown).
    corpus = tree.getroot().tag == f"{T}teiCorpus"
    has_app = not corpus and next(tree.getroot().iter(f"{T}app"), None) is not None
    leaves = appar.leaves() if has_app else []
    base = base_witness(appar) if leaves else ""
    project = project_of(path)
    pb = tree.getroot().find(f".//{T}pb[@corresp]")
    return Edition(
        path,
        leaves,
        base,
        hashlib.sha256(data).hexdigest(),
        len(data),
        citation_of(project),
        {**feature_params(project), **labels_param(project)},
        etree.tostring(metadata.describe(tree).element(SITE_NS)),
        pb.get("corresp").split("#")[0] if pb is not None else None,
        names_in(data),
        data=data,
        tree=tree,
        apparatus=appar,
    )


def read_as_planned(path: Path, digest: str) -> bytes:
    """A document's bytes, read where its edition is made, as the build planned with them (its
    digest): a build holds one document's bytes at a time, not the corpus's. A file changed
    since the build read it is an error, not a site made of two versions."""
    data = read_document(path)
    if hashlib.sha256(data).hexdigest() != digest:
        raise InputError(
            "the file changed while the site was being built from it; build again",
            str(path),
            rule="build/changed",
        )
    return data


def names_in(data: bytes) -> tuple[str, ...]:
    """The documents a document names in pointers into them ("name.xml#…"), in order, once."""
    found: dict[str, None] = {}
    for m in _POINTER_END.finditer(data):
        start = m.start()
        while start > 0 and data[start - 1] not in _NOT_IN_NAME:
            start -= 1
        if start < m.start():  # a name before ".xml"
            found[data[start : m.end() - 1].decode("utf-8", "replace")] = None
    return tuple(found)


def manifest(editions: Sequence[Document], quotations: Sequence[Quotation]) -> etree._Element:
    """The site's layout as the stylesheets read it ($site; see xslt/html/site.xsl)."""
    site = etree.Element(
        S + "site", nsmap={None: SITE_NS}, index="index.html", search="search.html"
    )
    site.set("assets", "assets/")
    for ed in editions:
        el = etree.SubElement(
            site, S + "edition", id=href(ed.stem), source=ed.source, href=href(ed.page())
        )
        described = etree.fromstring(ed.metadata)
        described.set("source", ed.source)
        el.append(described)
        for s in ed.texts() if ed.witnesses else ():
            page = etree.SubElement(el, S + "page", witness=s, href=href(ed.page(s)))
            if s == ed.base:
                page.set("base", "true")
        for a, b in ed.pairs():
            etree.SubElement(el, S + "compare", a=a, b=b, href=href(ed.compare_page(a, b)))
        for kind, siglum, name in downloads(ed):
            etree.SubElement(el, S + "download", kind=kind, witness=siglum, href=href(name))
        for q in quotations:
            if q.paragraph is not None and q.citing == ed.source:
                etree.SubElement(
                    el, S + "quotation", note=q.note, source=q.source,
                    paragraph=str(q.paragraph), page=q.page or "", match=q.match,
                )  # fmt: skip
    return site


def metadata_element(
    tree: etree._ElementTree, source: str, described: metadata.Metadata | None = None
) -> etree._Element:
    """What the header says (teitools.metadata: titles, authors, dates, the text's language)
    as the stylesheets read it, for the document named `source` (see t:metadata)."""
    el = (described or metadata.describe(tree)).element(SITE_NS)
    el.set("source", source)
    return el


def href(name: str) -> str:
    """A file name of the site as a link to it (%-escaped, whatever its characters)."""
    return quote_from_bytes(os.fsencode(name))


def downloads(ed: Document) -> list[tuple[str, str, str]]:
    """(kind, siglum, file name in the site) of each file to download for an edition."""
    out = [("tei", "", f"downloads/{ed.path.name}")]
    for s in ed.witnesses:
        out.append(("text", s, f"downloads/{ed.stem}.{s}.txt"))
        out.append(("witness-tei", s, f"downloads/{ed.stem}.{s}.xml"))
    return out


def _write_downloads(ed: Edition, folder: Path) -> None:
    (folder / "downloads").mkdir(exist_ok=True)
    for kind, siglum, name in downloads(ed):
        target = folder / name
        if kind == "tei":
            target.write_bytes(ed.data)  # the document as read, not read again
        elif kind == "text":
            target.write_text(ed.apparatus.witness_text(siglum), encoding="utf-8")
        else:
            tree = derive_tei(ed.apparatus, siglum)
            target.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
    ed.apparatus.problems.clear()


def inputs(paths: Sequence[Path]) -> list[Path]:
    """Everything a site depends on: the documents, the stylesheets and assets, this code."""
    folders = (xslt.XSLT_DIR / "common", xslt.XSLT_DIR / "tei", HTML)
    return [*paths, *cache.tree_files(*folders), *cache.code_files()]


def build_html(
    paths: Iterable[str | os.PathLike[str]] = (),
    out: str | os.PathLike[str] = DEFAULT_OUT,
    *,
    force: bool = False,
    scheduler: str | None = None,
    progress: Progress | None = None,
) -> SiteBuild:
    """Build the site of the TEI documents `paths` (default: tei/) into `out`, whole or not at
    all; nothing is done when nothing it depends on changed since the last build (unless
    `force`). `scheduler`: the address of a Dask distributed scheduler whose workers make the
    editions (the same site, byte for byte, as a build here). `progress` is told of each
    edition made or kept (teitools.progress)."""
    start = time.perf_counter()
    files = sources(paths)
    distinct_names(files)
    result = SiteBuild(Path(out))
    # each document read once here for its digest, and given back: its bytes are read again
    # where its edition is made (read_as_planned), so that memory is bounded by the largest
    # document, not by the corpus
    digests, sizes = {}, {}
    for f in files:
        data = read_document(f)
        digests[f], sizes[f] = hashlib.sha256(data).hexdigest(), len(data)
    del data
    projects = [project_of(f) for f in files]
    # a project's settings change pages: its citation unit, its features
    settings = [s for p in projects for s in (citation_of(p), features_key(p))]
    labels = sorted({p.labels for p in projects if p is not None and p.labels})
    named = {f: digests[f].encode() for f in files}
    key = cache.digest(inputs(labels), [__version__, *(f.name for f in files), *settings], named)
    cache.recover(result.out)  # what killed builds left, even when there is nothing to do
    if not force and cache.up_to_date(result.out, key):
        result.up_to_date = True
        return result
    # what a build plans with, each document's summary: kept from the last build by content;
    # where many changed, a pool of workers starts now and summarizes them, then makes them
    known, summaries = _summaries(result.out), {}
    changed = [f for f in files if digests[f] not in known]
    many = len(changed) >= POOL_EDITIONS and sum(sizes[f] for f in changed) >= POOL_BYTES
    with contextlib.ExitStack() as stack:
        workers = None
        if many and not scheduler and (jobs := pool.jobs_for(len(changed))) > 1:
            workers = stack.enter_context(pool.Workers(jobs, warm=_warm))
        summarized = (
            workers.map(_summarize, [(f, digests[f]) for f in changed])
            if workers
            else (_summarize((f, digests[f])) for f in changed)
        )
        records = dict(zip(changed, summarized, strict=True))
        editions = []
        for f, p in zip(files, projects, strict=True):
            record = records[f] if f in records else known[digests[f]]
            doc = Document.known(f, digests[f], sizes[f], record, p)
            if doc is None:  # a record not as this code writes it: summarized again
                doc = load(f, read_as_planned(f, digests[f])).summary()
            summaries[digests[f]] = doc.record()
            editions.append(doc)
        _build_site(
            editions, result, labels, settings, key, scheduler, workers, summaries, progress
        )
    result.seconds = time.perf_counter() - start
    for problem in result.problems:
        print(problem, file=sys.stderr)
    return result


def _summarize(job: tuple[Path, str]) -> dict:
    """A document's summary (Document.record), made where it is read: here or in a worker
    (the document's path and its digest: see read_as_planned)."""
    path, digest = job
    return load(path, read_as_planned(path, digest)).summary().record()


def _warm() -> None:
    """What a worker does first: compile the stylesheets an edition is made with."""
    for sheet in ("edition.xsl", "index.xsl"):
        xslt.stylesheet(HTML / sheet)


def _build_site(
    editions: list[Document],
    result: SiteBuild,
    labels: list[Path],
    settings: list[str],
    key: str,
    scheduler: str | None,
    workers: pool.Workers | None,
    summaries: dict[str, dict],
    progress: Progress | None = None,
) -> None:
    """The site of the documents summarized, into result.out (see build_html)."""
    editions = _in_reading_order(editions)
    if any(ed.features["quotation-detection"] for ed in editions):  # their project says so
        trees = {ed.source: load(ed.path, ed.read()).tree for ed in editions}
        for ed in editions:
            if ed.features["quotation-detection"]:
                result.quotations += find_quotations(trees[ed.source], trees, ed.source)
        del trees
    layout = etree.tostring(manifest(editions, result.quotations))
    # The unit of work is an edition: its transforms get its own document and the documents
    # it depends on, nothing else, each parsed when its edition is made and given up after.
    deps = related(editions, result.quotations)
    by_name = {ed.source: ed for ed in editions}
    # what every page depends on beside its documents: the code, the stylesheets, the settings
    # and the site's layout; an edition whose own key is unchanged is not made again
    shared_key = cache.digest(inputs(labels), [__version__, *settings, layout.hex()])
    keys = edition_keys(editions, shared_key, deps)
    before = _units(result.out)
    units: dict[str, dict] = {}
    records: list[tuple[str, Path]] = []
    cards: list[str] = []
    with cache.staged(result.out, key) as tmp:
        shutil.copytree(ASSETS, tmp / "assets")
        shutil.copy2(MAPPING_CSS, tmp / "assets" / MAPPING_CSS.name)
        (tmp / SEARCH_CACHE).mkdir()
        made: dict[str, dict] = {}
        todo = []
        for ed in editions:
            unit = _reused(before.get(ed.source), keys[ed.source], result.out, tmp)
            if unit is None:
                todo.append(ed)
            else:
                result.reused.append(ed.source)
                made[ed.source] = unit
        size = sum(ed.size for ed in todo)
        jobs = pool.jobs_for(len(todo)) if len(todo) >= POOL_EDITIONS and size >= POOL_BYTES else 1
        # the largest first, so that no worker is left with a large one when the rest is done
        todo.sort(key=lambda ed: -ed.size)
        work = [
            (ed.path, ed.digest, _related_files(ed, deps, by_name), layout, tmp, keys[ed.source])
            for ed in todo
        ]
        if scheduler and todo:  # each worker of the cluster makes an edition, sends it back
            for ed, (unit, files) in zip(todo, _on_cluster(scheduler, work), strict=True):
                for rel, content in files.items():
                    target = tmp / rel
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(content)
                made[ed.source] = unit
        else:  # each worker (or this process) reads its edition and those it depends on
            if workers is not None and jobs > 1:
                done = workers.map(_make_in_worker, work)
            else:
                done = pool.in_order(_make_in_worker, work, jobs)
            for ed, unit in zip(todo, done, strict=True):
                made[ed.source] = unit
                if progress:
                    progress(len(made), len(editions), str(ed.path))
        # the editions are made: their workers are given back before the site's index is
        # joined from their records
        if workers is not None:
            workers.close()
        del work
        for ed in editions:
            unit = made[ed.source]
            units[ed.source] = unit
            cards.append(unit["card"])
            result.pages += unit["pages"]
            result.problems += [Problem(*p) for p in unit.get("said", ())]
            result.problems += unknown_problems(ed.path, unit["unknown"])
            records.append((ed.stem, tmp / unit["search"]))
        # Saxon is started here only now, if the workers made the editions: it was not needed
        # while they worked (nor its hundred MB beside theirs)
        site = xslt.xdm(etree.fromstring(layout), "file:///site.xml")
        common = {"site": site, "documents": []}
        index = xslt.transform(
            HTML / "index.xsl", None, {**common, "cards": True}, _qname("t:index")
        )
        _write(tmp / "index.html", index.replace("<!--teitools-cards-->", "".join(cards), 1))
        search_page = xslt.transform(HTML / "index.xsl", None, common, _qname("t:search"))
        _write(tmp / "search.html", search_page)
        result.pages += ["index.html", "search.html"]
        result.pages += search.write_index(records, tmp / "assets")
        (tmp / UNITS_FILE).write_text(json.dumps(units), encoding="utf-8")
        (tmp / SUMMARIES_FILE).write_text(
            json.dumps({"key": _summary_key(), "documents": summaries}), encoding="utf-8"
        )


# What a build keeps of each document for the next (Document.record), by its content's
# SHA-256, under the key of the code that made it.
SUMMARIES_FILE = ".teitools-documents.json"


def _summary_key() -> str:
    return cache.digest(cache.code_files(), [__version__])


def _summaries(out: Path) -> dict[str, dict]:
    """The documents' summaries the last build kept, if this code made them; else none."""
    try:
        kept = json.loads((out / SUMMARIES_FILE).read_text(encoding="utf-8"))
        if kept.get("key") == _summary_key() and isinstance(kept.get("documents"), dict):
            return kept["documents"]
    except (OSError, ValueError, AttributeError):
        pass
    return {}


# What each edition of a built site was made from and made (its key, its files), so that the
# next build makes again only the editions whose key changed; and their search passages.
UNITS_FILE = ".teitools-units.json"
XHTML_NS = "http://www.w3.org/1999/xhtml"
SEARCH_CACHE = ".teitools-search"


# "name.xml#" in a document: a pointer into another document of the site (its name: what
# stands before ".xml#" up to a space, quote, "#", "/", "<", ">" or "=").
_POINTER_END = re.compile(rb"\.xml#")
_NOT_IN_NAME = frozenset(b" \t\n\r\f\v\"'#/<>=")


# A build makes its editions in a pool of processes where there is work enough for it.
POOL_EDITIONS = 16
POOL_BYTES = 4_000_000


def make_unit(ed: Edition, others: list[Edition], site: PyXdmNode, tmp: Path, key: str) -> dict:
    """One edition made: its pages, downloads, search passages and index card, written under
    `tmp`, with its own document and those it depends on (`others`) and nothing else; what
    the next build needs to keep it (its key, its files, the element names the mapping did
    not know)."""
    said = [dataclasses.astuple(p) for p in ed.apparatus.problems]  # not attached
    own = {"site": site, "documents": [ed.node, *(o.node for o in others)]}
    unknown: set[str] = set()
    parts: dict[str, str] = {}  # the search passages, made with the page of the base text
    pages = _write_edition(ed, own, tmp, unknown, parts)
    _write_downloads(ed, tmp)
    # the card reads the edition as its pages do: its project's citation unit, its features
    # and its labels
    settings = {**own, **edition_params(ed), "only": ed.source}
    found = parts["search.json"]
    card = xslt.transform(HTML / "index.xsl", None, settings, _qname("t:index-card")).replace(
        f' xmlns="{XHTML_NS}"', "", 1
    )  # a fragment: its namespace is the page's
    record = search.write_edition(ed.stem, json.loads(found), tmp / "assets")
    unit = {
        "key": key,
        "pages": pages,
        "files": [*pages, *(name for _, _, name in downloads(ed)), *record["files"]],
        "unknown": unknown_at(ed, unknown),
        "said": said,
        "search": f"{SEARCH_CACHE}/{ed.stem}.json",
        "card": card,
    }
    (tmp / SEARCH_CACHE).mkdir(exist_ok=True)
    (tmp / unit["search"]).write_text(json.dumps(record), encoding="utf-8")
    return unit


def _related_files(
    ed: Document, deps: dict[str, set[str]], by_name: dict[str, Document]
) -> list[tuple[Path, str]]:
    """The documents an edition depends on, as a worker reads them: path and digest."""
    return [(by_name[d].path, by_name[d].digest) for d in sorted(deps[ed.source])]


def _on_cluster(scheduler: str, work: list[tuple]) -> Iterator[tuple[dict, dict[str, bytes]]]:
    """The editions made by the workers of a Dask distributed cluster (`scheduler`: its
    address), each in a folder of its own there and sent back whole: the cluster needs no
    file system shared with this machine, only teitools installed (the `dask` extra)."""
    try:
        from distributed import Client
    except ImportError:
        raise InputError(
            "--scheduler needs Dask: pip install 'teitools[dask]'", scheduler, rule="build/dask"
        ) from None
    try:
        wait = os.environ.get("TEITOOLS_DASK_TIMEOUT", "")
        client = Client(scheduler, timeout=float(wait) if wait.isdigit() else 10.0)
    except OSError as e:
        raise InputError(
            f"no Dask scheduler answers there: {e}", scheduler, rule="build/dask"
        ) from None
    with client:
        # the cluster shares no files with this machine: each job is sent with its documents'
        # bytes, read as it is sent; a few jobs a worker are under way at once, so that this
        # process holds a few editions' documents, not the corpus's
        ahead = max(4, 2 * len(client.scheduler_info().get("workers", ())))
        jobs = (_with_bytes(job) for job in work)
        futures = collections.deque(
            client.submit(_make_elsewhere, job, pure=False) for job in itertools.islice(jobs, ahead)
        )
        while futures:  # in order: the site is the same whatever finishes first
            done = futures.popleft().result()
            for job in itertools.islice(jobs, 1):
                futures.append(client.submit(_make_elsewhere, job, pure=False))
            if isinstance(done, pool.Failed):
                raise done.error()
            yield done


def _with_bytes(job: tuple) -> tuple:
    """A job of _make_in_worker with its documents' bytes in place of their digests."""
    path, digest, others, *rest = job
    return (path, read_as_planned(path, digest), [(p, read_as_planned(p, d)) for p, d in others],
            *rest)  # fmt: skip


def _make_elsewhere(job: tuple) -> tuple[dict, dict[str, bytes]] | pool.Failed:
    """An edition made in a folder of the worker's own: its record and its files' bytes."""
    import tempfile

    path, data, others, layout, _, key = job
    with tempfile.TemporaryDirectory(prefix="teitools-") as folder:
        try:
            unit = _make_in_worker((path, data, others, layout, Path(folder), key))
        except TeitoolsError as e:
            return pool.Failed(e.problem, type(e).__name__)
        files = {
            str(p.relative_to(folder)): p.read_bytes()
            for p in Path(folder).rglob("*")
            if p.is_file()
        }
        return unit, files


def _make_in_worker(job: tuple) -> dict:
    """make_unit in a worker of the pool (or in the build's own process): the edition and its
    related documents read here (each given as its digest, read_as_planned, or as its bytes,
    sent to a cluster), and given up after."""
    path, given, others, layout, tmp, key = job
    if _site[0] != layout:  # the site's layout, read once for all the editions it lays out
        _site[:] = [layout, xslt.xdm(etree.fromstring(layout), "file:///site.xml")]
    data = _bytes_of(path, given)
    ed = load(path, data)
    related = [load(p, _bytes_of(p, d)) for p, d in others]
    unit = make_unit(ed, related, _site[1], tmp, key)
    del ed, related
    xslt.made(len(data))  # a worker makes hundreds: Saxon's garbage is collected as it goes
    return unit


_site: list = [b"", None]  # the layout last read in this process, and its Saxon node


def _bytes_of(path: Path, given: bytes | str) -> bytes:
    """A document of a job: its bytes as sent (to a cluster), or read here by its digest."""
    return given if isinstance(given, bytes) else read_as_planned(path, given)


def related(editions: Sequence[Document], quotations: Sequence[Quotation]) -> dict[str, set[str]]:
    """The documents each edition's pages depend on beside its own: those it points into and
    those that point into it ("name.xml#..." in their text: a facing commentary, a cited
    passage), and those it quotes or that quote it."""
    names = {ed.source for ed in editions}
    refs = {ed.source: {n for n in ed.points if n in names and n != ed.source} for ed in editions}
    out = {name: set(r) for name, r in refs.items()}
    for name, r in refs.items():
        for n in r:
            out[n].add(name)
    for q in quotations:
        if q.citing in out and q.source in out and q.citing != q.source:
            out[q.citing].add(q.source)
            out[q.source].add(q.citing)
    return out


def edition_keys(
    editions: Sequence[Document], shared: str, deps: dict[str, set[str]]
) -> dict[str, str]:
    """Each edition's key: what its pages are made of. Its own document, the documents it
    depends on (`related`), and `shared` (code, stylesheets, settings, the site's layout,
    which holds every edition's metadata and quotations)."""
    names = {ed.source: ed for ed in editions}
    keys = {}
    for ed in editions:
        h = hashlib.sha256(f"{shared}\0{ed.source}\0{ed.digest}".encode())
        for n in sorted(deps[ed.source]):
            h.update(f"\0{n}\0{names[n].digest}".encode())
        keys[ed.source] = h.hexdigest()
    return keys


def _units(out: Path) -> dict[str, dict]:
    """What the last build recorded of its editions; nothing if unreadable."""
    try:
        units = json.loads((out / UNITS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return units if isinstance(units, dict) else {}


def _reused(unit: dict | None, key: str, out: Path, tmp: Path) -> dict | None:
    """The last build's files of an edition whose key is unchanged, linked (else copied)
    into the new site; None where it must be made again (a key changed, a file is missing)."""
    try:
        if not unit or unit.get("key") != key:
            return None
        files = [*unit["files"], unit["search"]]
        if not isinstance(unit.get("card"), str):
            return None
        said = [*unit.get("unknown", ()), *unit.get("said", ())]  # said again at each build
        if not all(isinstance(p, list) and len(p) in (2, 6) for p in said):
            return None
        if not all(isinstance(f, str) and (out / f).is_file() for f in files):
            return None
        for f in files:
            target = tmp / f
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(out / f, target)
            except OSError:
                shutil.copy2(out / f, target)
        return unit
    except (KeyError, TypeError):
        return None


# The mark the mapping (xslt/tei) puts on an element it does not know, with its name.
UNKNOWN = re.compile(r'data-tei-unknown="([^"<>&]+)"')


def unknown_at(ed: Edition, names: set[str]) -> list[tuple[str, int | None]]:
    """Each element name the mapping does not know, with the line of its first element."""
    if not names:
        return []
    first: dict[str, int | None] = {}
    for el in ed.tree.getroot().iter():
        if isinstance(el.tag, str) and (name := etree.QName(el).localname) in names:
            first.setdefault(name, el.sourceline)
    return [(name, first.get(name)) for name in sorted(names)]


def unknown_problems(path: Path, found: Iterable[Sequence]) -> list[Problem]:
    """One warning per element name the mapping does not know (shown with its content), at
    its first element in the document (`found`: the names and lines, as `unknown_at` says)."""
    out = []
    for name, line in found:
        message = f"<{name}> is not known to the HTML mapping: shown with its content"
        out.append(Problem(str(path), line, None, message, "render/unknown-element", "warning"))
    return out


def distinct_names(files: Sequence[Path], suffix: str = ".html") -> None:
    """Refuse two documents whose outputs would have one name (the same file name, or the
    same stem, in different folders): one would silently stand for the other."""
    seen: dict[str, Path] = {}
    for f in files:
        for key in {f.name, f.stem}:
            other = seen.setdefault(key, f)
            if other != f:
                raise InputError(
                    f"two documents would make the same {f.stem}{suffix}: {other} and {f} "
                    "(give them different file names)",
                    str(f),
                    rule="build/same-name",
                )


def _in_reading_order(editions: list[Document]) -> list[Document]:
    """The editions in the order given, except that a document facing another follows it."""
    names = {ed.source for ed in editions}
    facing: dict[str, list[Document]] = {}
    for ed in editions:
        if ed.faced in names:
            facing.setdefault(ed.faced, []).append(ed)
    out: list[Document] = []
    placed: set[int] = set()
    for ed in editions:
        if id(ed) not in placed and ed.faced not in names:
            for f in (ed, *facing.get(ed.source, ())):
                if id(f) not in placed:
                    out.append(f)
                    placed.add(id(f))
    return out + [ed for ed in editions if id(ed) not in placed]


def edition_params(ed: Document) -> dict[str, xslt.Param]:
    """What every transform of an edition is told of it: its name, its project's citation
    unit, features and labels."""
    return {"source-name": ed.source, "citation": ed.citation, **ed.features}


def _write_edition(
    ed: Edition,
    common: dict[str, xslt.Param],
    folder: Path,
    unknown: set[str],
    parts: dict[str, str] | None = None,
) -> list[str]:
    """The pages of one edition: the edited text (if no witness reads it whole) and each
    witness's text, each pair compared; adds to `unknown` the names of the elements the
    mapping does not know. `parts`: given, with the page of the base text, what the site
    takes from the edition besides its pages (edition.xsl's $site-parts: "search.json")."""
    views = [(s, "") for s in ed.texts()] + ed.pairs()
    pages = []
    shared = {**common, **edition_params(ed)}
    # the list of entries is the same on every page of the edition: made once, copied
    listing, summaries = (
        xslt.transform_to_value(
            HTML / "edition.xsl", ed.node, {**shared, "witness": ed.base, "fragment": part}
        )
        for part in ("apparatus", "summaries")
    )
    for witness, other in views:
        name = ed.compare_page(witness, other) if other else ed.page(witness)
        params = {**shared, "witness": witness or ed.base, "compare": other}
        params["apparatus-list"] = listing
        params["entry-summaries"] = summaries
        made_with = None
        if parts is not None and not other and name == ed.page():
            params["site-parts"], made_with = True, parts
        page = xslt.transform(HTML / "edition.xsl", ed.node, params, parts=made_with)
        unknown.update(UNKNOWN.findall(page))
        _write(folder / name, page)
        pages.append(name)
    return pages


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _qname(name: str) -> str:
    """A template name in Clark notation, as saxonche wants it (t: is urn:teitools)."""
    prefix, local = name.split(":")
    return f"{{urn:teitools}}{local}" if prefix == "t" else name
