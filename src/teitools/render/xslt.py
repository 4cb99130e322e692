"""Running the XSLT 3.0 stylesheets of xslt/ with saxonche.

One Saxon processor per process; each stylesheet compiled once and its executable reused for
every document (the only state kept beyond a call, as CONVENTIONS.md allows). Documents are
parsed by teitools.tei (the project's one safe parser) and handed to Saxon as their root
element alone, never with a DOCTYPE, so Saxon's parser has nothing to fetch or expand; their
file's URI is the base URI, so that stylesheets can tell documents apart by name.

Saxon itself reads only files (its allowed protocols: `file`), which only the stylesheets
teitools ships ask for (xsl:import, and labels.xml): no document can name a URI Saxon
resolves, and nothing reaches the network.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from lxml import etree
from saxonche import (
    PySaxonApiError,
    PySaxonProcessor,
    PyXdmNode,
    PyXdmValue,
    PyXsltExecutable,
)

from ..errors import InvalidInput
from ..resources import xslt_dir
from ..tei import read_tei
from ..witnesses import Apparatus, prepare

# Where the stylesheets are (the package's data; see teitools.resources).
XSLT_DIR = xslt_dir()

Param = str | bool | int | PyXdmNode | PyXdmValue | Sequence[PyXdmNode]

_processor: PySaxonProcessor | None = None
# Where the result documents a transform makes are said to be: a name only, never written
# (they are captured: `transform`'s `parts`).
PARTS_URI = "file:///teitools-parts/"
_compiled: dict[Path, PyXsltExecutable] = {}

# Saxon's configuration: no URI but a local file is ever resolved (doc(), document(),
# unparsed-text(), collection(), xsl:import, DTDs); and its XML parser, which only ever
# reads trees the safe parser made, does not refuse what that parser accepted (its default
# limits are an element depth of 100 and 200 attributes an element).
_PARSER = (
    "http://saxon.sf.net/feature/parserProperty?uri=http://www.oracle.com/xml/jaxp/properties/"
)
CONFIGURATION = {
    "http://saxon.sf.net/feature/allowedProtocols": "file",
    _PARSER + "maxElementDepth": "0",
    _PARSER + "elementAttributeLimit": "0",
    _PARSER + "maxXMLNameLimit": "0",
}


def processor() -> PySaxonProcessor:
    """The process's one Saxon processor, configured as CONFIGURATION says."""
    global _processor
    if _processor is None:
        proc = PySaxonProcessor(license=False)
        for name, value in CONFIGURATION.items():
            proc.set_configuration_property(name, value)
        _processor = proc
    return _processor


def stylesheet(path: str | os.PathLike[str]) -> PyXsltExecutable:
    """The compiled stylesheet at `path` (relative paths are under xslt/), compiled once."""
    p = Path(path)
    p = (p if p.is_absolute() else XSLT_DIR / p).resolve()
    if p not in _compiled:
        if not p.is_file():
            raise InvalidInput("no such stylesheet", str(p), rule="xslt/missing")
        compiler = processor().new_xslt30_processor()
        try:
            with _native_stderr_kept_back():
                exe = compiler.compile_stylesheet(stylesheet_file=str(p))
            # result documents are kept in memory (transform's `parts`), never written; the
            # capture is set once: saxonche fails when it is turned off and on again
            exe.set_base_output_uri(PARTS_URI)
            exe.set_capture_result_documents(True, True)
            _compiled[p] = exe
        except PySaxonApiError as e:
            raise InvalidInput(
                f"the stylesheet does not compile: {e}", str(p), rule="xslt/compile"
            ) from None
    return _compiled[p]


def prepared(
    path: str | os.PathLike[str], data: bytes | None = None, say: bool = True
) -> Apparatus:
    """A TEI file parsed safely (errors with file:line:col), with its apparatus model written
    into it (teitools.witnesses.prepare): the model, whose tree the stylesheets read; what
    could not be attached is said on standard error (with `say`; else left in the model's
    problems for the caller to say). `data`: its bytes, if the caller read them already
    (with tei.read_document).

    Refused, at its place, if it is not a TEI document, or if it leaves an entity unresolved
    (the safe parser expands none): its rendering would miss what the entity stands for."""
    name = os.fspath(path)
    appar = prepare(read_tei(name, data, corpus=True, limits=True), name)
    if say:
        for problem in appar.problems:  # what could not be attached: said, never lost
            print(problem, file=sys.stderr)
        appar.problems.clear()
    return appar


def load(
    path: str | os.PathLike[str], data: bytes | None = None
) -> tuple[etree._ElementTree, PyXdmNode]:
    """A TEI file made ready (`prepared`), as lxml tree and as Saxon node."""
    tree = prepared(path, data).tree
    name = os.fspath(path)
    return tree, xdm(tree, document_uri(name), name)


def document_uri(path: str | os.PathLike[str]) -> str:
    """The base URI a document is given in Saxon: its file's absolute `file:` URI."""
    return Path(os.path.abspath(os.fspath(path))).as_uri()


def document_ref(path: str | os.PathLike[str]) -> str:
    """A document's name as the stylesheets know it (t:file-name: the last step of its
    URI) and as a pointer names it ("name#id"): its file name, %-escaped as in a URI."""
    return document_uri(path).rsplit("/", 1)[1]


def xdm(tree: etree._ElementTree | etree._Element, base_uri: str, name: str = "") -> PyXdmNode:
    """An lxml tree as a Saxon document node with the given base URI.

    Only the root element is handed over (its DOCTYPE, and the comments and processing
    instructions around it, stay behind): what Saxon parses is exactly the tree the safe
    parser made, with nothing to fetch or expand."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    text = etree.tostring(root, encoding="unicode", with_tail=False)
    if root.getroottree().docinfo.xml_version == "1.1":
        text = '<?xml version="1.1"?>' + text  # what 1.1 allows (control characters) stays
    builder = processor().new_document_builder()
    builder.set_base_uri(base_uri)
    try:
        return builder.parse_xml(xml_text=text)
    except PySaxonApiError as e:
        raise InvalidInput(
            f"the document cannot be handed to the stylesheets: {_first_line(e)}",
            name or base_uri,
            rule="xslt/input",
        ) from None


_sink: list = []  # the process's one file for what Saxon prints, made when first needed


@contextmanager
def _native_stderr_kept_back() -> Iterator[list[str]]:
    """Saxon prints an error's stack trace (and any xsl:message) to the process's standard
    error natively, past Python, besides raising the error: the user gets the error once, in
    one line, from the exception. What Saxon printed is given back in the list yielded.
    (One unnamed temporary file a process, emptied for each use: a transform does not pay
    for making one.)"""
    sys.stderr.flush()
    if not _sink:
        _sink.append(tempfile.TemporaryFile())
    sink = _sink[0]
    sink.seek(0)
    sink.truncate()
    printed: list[str] = []
    saved = os.dup(2)
    try:
        os.dup2(sink.fileno(), 2)
        try:
            yield printed
        finally:
            os.dup2(saved, 2)
            sink.seek(0)
            printed.append(sink.read(65536).decode("utf-8", "replace"))
    finally:
        os.close(saved)


def _first_line(e: Exception) -> str:
    """The first line of a Saxon error, its whitespace collapsed."""
    lines = [" ".join(line.split()) for line in str(e).splitlines() if line.strip()]
    return lines[0] if lines else "unknown error"


def _gist(e: Exception) -> str:
    """A Saxon error (where, then its code and message, over several lines) on one line."""
    lines = [" ".join(line.split()) for line in str(e).splitlines() if line.strip()]
    return " ".join(lines[:2]) if lines else "unknown error"


def _value(value: Param) -> PyXdmValue:
    proc = processor()
    if isinstance(value, bool):
        return proc.make_boolean_value(value)
    if isinstance(value, int):
        return proc.make_integer_value(value)
    if isinstance(value, str):
        return proc.make_string_value(value)
    if isinstance(value, PyXdmNode | PyXdmValue):
        return value
    seq = proc.empty_sequence()
    for item in value:
        seq.add_xdm_item(item)
    return seq


@contextmanager
def _running(
    sheet: str | os.PathLike[str], params: Mapping[str, Param] | None
) -> Iterator[PyXsltExecutable]:
    """The compiled stylesheet with `params` set, for one transform, cleared after. An XSLT
    error becomes InvalidInput naming the stylesheet (an xsl:message that terminates: its
    message), and what Saxon prints natively is kept back."""
    exe = stylesheet(sheet)
    exe.clear_parameters()
    for name, value in (params or {}).items():
        exe.set_parameter(name, _value(value))
    printed: list[str] = []
    try:
        with _native_stderr_kept_back() as printed:
            yield exe
    except PySaxonApiError as e:
        said = _gist(e)
        if "XTMM9000" in said and printed and printed[0].strip():  # xsl:message terminate
            said = _first_line(Exception(printed[0]))
        raise InvalidInput(f"the stylesheet failed: {said}", str(sheet), rule="xslt/run") from None
    finally:
        exe.clear_parameters()


def transform_to_value(
    sheet: str | os.PathLike[str], source: PyXdmNode, params: Mapping[str, Param] | None = None
) -> PyXdmValue:
    """Run a stylesheet on `source` and keep its result as nodes (not serialized), to hand to
    another transform as a parameter. XSLT errors become InvalidInput naming the stylesheet."""
    with _running(sheet, params) as exe:
        return exe.transform_to_value(xdm_node=source)


def transform(
    sheet: str | os.PathLike[str],
    source: PyXdmNode | None = None,
    params: Mapping[str, Param] | None = None,
    template: str | None = None,
    parts: dict[str, str] | None = None,
) -> str:
    """Run a stylesheet on `source` (or call its initial template) with `params`; the
    serialized result. XSLT errors become InvalidInput naming the stylesheet. `parts`: a
    dict given the text of each result document the transform makes, by its name (kept in
    memory, never written)."""
    with _running(sheet, params) as exe:
        if source is None:
            out = exe.call_template_returning_string(template, encoding="utf-8")
        else:
            out = exe.transform_to_string(xdm_node=source)
    if parts is not None:  # (a name made again replaces what an earlier transform made)
        for uri, value in (exe.get_result_documents() or {}).items():
            parts[str(uri).rsplit("/", 1)[-1]] = "".join(
                value.item_at(i).string_value for i in range(value.size)
            )  # its text, as written: not serialized again as XML
    return out or ""


# ==== memory: Saxon's collector asked to run where a process makes many documents ====
#
# Saxon runs in a runtime of its own inside the process, whose collector lets garbage grow
# by a young generation of 256 MB before it runs, and keeps what survives it: a worker making
# hundreds of editions grows to half a GB. saxonche offers no call for it; its runtime's
# collector is reached here directly (the library's j_gc entry point, with the process's
# isolate thread), where the saxonche release is one this was checked with and every
# pointer is what it should be; else nothing is done, and memory is what it was.
# Making an edition leaves a hundred times its document's size in garbage or more, and a
# collection takes some 20 ms: collecting after each MB of documents made keeps a worker
# making 150 plays near 300 MB instead of 450 MB, for some 4 % of its time (after each
# document: near 220 MB, but for some 15 %).

COLLECT_AFTER = 1_000_000  # bytes of documents made between collections
_collector: list = []  # [the collector as a call, or None], found once
_made = [0]


def _find_collector() -> Callable[[], None] | None:
    """Saxon's collector, as a call; None where it cannot be found safely."""
    import ctypes
    from importlib import metadata

    import saxonche

    try:
        if not metadata.version("saxonche").startswith("13."):
            return None
        libs = Path(saxonche.__file__).parent / "saxonche.libs"
        api = ctypes.CDLL(str(next(libs.glob("libsaxonc-he-*.so*"))))
        core = ctypes.CDLL(str(next(libs.glob("libsaxonc-core-he-*.so*"))))
        environment = ctypes.c_void_p.in_dll(api, "_ZN14SaxonProcessor11sxn_environE").value
        if not environment:
            return None
        isolate = ctypes.cast(environment, ctypes.POINTER(ctypes.c_void_p))[0]
        core.graal_get_current_thread.argtypes = [ctypes.c_void_p]
        core.graal_get_current_thread.restype = ctypes.c_void_p
        core.graal_get_isolate.argtypes = [ctypes.c_void_p]
        core.graal_get_isolate.restype = ctypes.c_void_p
        core.j_gc.argtypes = [ctypes.c_void_p]
        core.j_gc.restype = None
        thread = core.graal_get_current_thread(isolate) if isolate else None
        if not thread or core.graal_get_isolate(thread) != isolate:
            return None
    except (OSError, ValueError, AttributeError, StopIteration, metadata.PackageNotFoundError):
        return None
    return lambda: core.j_gc(thread)


def made(size: int) -> None:
    """Say that a document of `size` bytes was made (its transforms done, its nodes given
    up): after every COLLECT_AFTER bytes, Saxon's collector runs."""
    _made[0] += size
    if _made[0] < COLLECT_AFTER or _processor is None:
        return
    _made[0] = 0
    if not _collector:
        _collector.append(_find_collector())
    if _collector[0] is not None:
        _collector[0]()
