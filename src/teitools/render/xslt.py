"""Running the XSLT 3.0 stylesheets of xslt/ with saxonche.

One Saxon processor per process; each stylesheet compiled once and its executable reused for
every document (the only state kept beyond a call, as CONVENTIONS.md allows). Documents are
parsed by teitools.tei (the project's one safe parser) and handed to Saxon with their file's
URI as base URI, so that stylesheets can tell documents apart by name.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
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
from ..tei import TEI_NS, parse, safety_problems

# Where the stylesheets are: xslt/ at the root of the project (beside src/).
XSLT_DIR = Path(os.environ.get("TEITOOLS_XSLT", Path(__file__).resolve().parents[3] / "xslt"))

Param = str | bool | int | PyXdmNode | Sequence[PyXdmNode]

_processor: PySaxonProcessor | None = None
_compiled: dict[Path, PyXsltExecutable] = {}


def processor() -> PySaxonProcessor:
    """The process's one Saxon processor."""
    global _processor
    if _processor is None:
        _processor = PySaxonProcessor(license=False)
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
            _compiled[p] = compiler.compile_stylesheet(stylesheet_file=str(p))
        except PySaxonApiError as e:
            raise InvalidInput(
                f"the stylesheet does not compile: {e}", str(p), rule="xslt/compile"
            ) from None
    return _compiled[p]


def load(path: str | os.PathLike[str]) -> tuple[etree._ElementTree, PyXdmNode]:
    """A TEI file parsed safely (errors with file:line:col), as lxml tree and as Saxon node.

    Refused, at its place, if it is not a TEI document, or if it leaves an entity unresolved
    (the safe parser expands none): its rendering would miss what the entity stands for."""
    name = os.fspath(path)
    tree = parse(name)
    root = tree.getroot()
    if root.tag != f"{{{TEI_NS}}}TEI":
        found = etree.QName(root)
        where = f" in the namespace {found.namespace}" if found.namespace else " in no namespace"
        raise InvalidInput(
            f"not a TEI document: its root is <{found.localname}>{where}; teitools renders "
            f"<TEI> documents in the TEI namespace ({TEI_NS})",
            name,
            root.sourceline,
            rule="tei/root",
        )
    if tree.docinfo.internalDTD is not None or next(root.iter(etree.Entity), None) is not None:
        for problem in safety_problems(tree, name, Path(name).read_bytes()):
            if problem.severity == "error":
                raise InvalidInput(
                    problem.message, name, problem.line, problem.col, rule=problem.rule
                )
    return tree, xdm(tree, Path(name).resolve().as_uri())


def xdm(tree: etree._ElementTree | etree._Element, base_uri: str) -> PyXdmNode:
    """An lxml tree as a Saxon document node with the given base URI."""
    builder = processor().new_document_builder()
    builder.set_base_uri(base_uri)
    return builder.parse_xml(xml_text=etree.tostring(tree, encoding="unicode"))


def _value(value: Param) -> PyXdmValue:
    proc = processor()
    if isinstance(value, bool):
        return proc.make_boolean_value(value)
    if isinstance(value, int):
        return proc.make_integer_value(value)
    if isinstance(value, str):
        return proc.make_string_value(value)
    if isinstance(value, PyXdmNode):
        return value
    seq = proc.empty_sequence()
    for item in value:
        seq.add_xdm_item(item)
    return seq


def transform(
    sheet: str | os.PathLike[str],
    source: PyXdmNode | None = None,
    params: Mapping[str, Param] | None = None,
    template: str | None = None,
) -> str:
    """Run a stylesheet on `source` (or call its initial template) with `params`; the
    serialized result. XSLT errors become InvalidInput naming the stylesheet."""
    exe = stylesheet(sheet)
    exe.clear_parameters()
    for name, value in (params or {}).items():
        exe.set_parameter(name, _value(value))
    try:
        if source is None:
            out = exe.call_template_returning_string(template, encoding="utf-8")
        else:
            out = exe.transform_to_string(xdm_node=source)
    except PySaxonApiError as e:
        raise InvalidInput(f"the stylesheet failed: {e}", str(sheet), rule="xslt/run") from None
    finally:
        exe.clear_parameters()
    return out or ""
