"""Validation: well-formedness, schemas, the apparatus rules, every problem with its place.

    from teitools.validate import validate
    report = validate(["tei/"], schemas=["tei_all.rng"])

Each file is read once and parsed once, safely (no network, no external entities, entity
bombs refused); schemas are compiled once per process and reused; a folder of many files is
checked in parallel across the machine's cores.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..errors import InputError, Problem, TeitoolsError
from ..tei import limit_problems, parse_bytes, read_document, safety_problems
from .apparatus import check_apparatus
from .schemas import compile_schema

__all__ = [
    "Report",
    "FileResult",
    "validate",
    "check_file",
    "check_files",
    "collect",
    "project_schemas",
]

SCHEMA_KINDS = {
    "http://relaxng.org/ns/structure/1.0",
    "http://www.w3.org/2001/XMLSchema",
    "http://purl.oclc.org/dsdl/schematron",
}


@dataclass
class FileResult:
    file: str
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Report:
    """What validation found, file by file."""

    results: list[FileResult] = field(default_factory=list)

    @property
    def files(self) -> list[str]:
        return [r.file for r in self.results]

    @property
    def problems(self) -> list[Problem]:
        return [p for r in self.results for p in r.problems]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors


def collect(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The XML files named, folders searched recursively for *.xml, in a stable order."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(q for q in p.rglob("*.xml") if q.is_file()))
        elif p.exists():
            out.append(p)
        else:
            raise InputError("no such file or folder", str(p), rule="io/missing")
    return out


def project_schemas() -> list[str]:
    """The teitools customization: schemas/teitools.xsd and schemas/teitools.sch."""
    here = os.environ.get("TEITOOLS_SCHEMAS")
    folder = Path(here) if here else Path(__file__).resolve().parents[3] / "schemas"
    return [str(folder / n) for n in ("teitools.xsd", "teitools.sch") if (folder / n).is_file()]


def _parse(path: Path, data: bytes, problems: list[Problem]) -> etree._ElementTree | None:
    try:
        return parse_bytes(data, str(path))
    except TeitoolsError as e:
        problems.append(e.problem)
        return None


def _xml_models(tree: etree._ElementTree, path: Path) -> tuple[list[str], list[Problem]]:
    """Schemas a document declares with <?xml-model?>: local files used, remote ones skipped."""
    found, notes = [], []
    node = tree.getroot().getprevious()
    pis = []
    while node is not None:
        if isinstance(node, etree._ProcessingInstruction) and node.target == "xml-model":
            pis.append(node)
        node = node.getprevious()
    for pi in reversed(pis):
        href = pi.get("href")
        kind = pi.get("schematypens")
        if not href or (kind and kind not in SCHEMA_KINDS):
            continue
        if re.match(r"[a-z][a-z0-9+.-]*://", href, re.I) and not href.startswith("file:"):
            notes.append(
                Problem(
                    str(path),
                    pi.sourceline,
                    None,
                    f"xml-model schema {href} is "
                    "not fetched (teitools never uses the network); give a local "
                    "copy with --schema",
                    "xml/xml-model-remote",
                    "note",
                )
            )
            continue
        local = (path.parent / href.removeprefix("file://")).resolve()
        if local.is_file():
            found.append(str(local))
        else:
            notes.append(
                Problem(
                    str(path),
                    pi.sourceline,
                    None,
                    f"xml-model schema {href} does not exist",
                    "xml/xml-model-missing",
                    "warning",
                )
            )
    return found, notes


def _ignored(tree: etree._ElementTree) -> set[str]:
    out: set[str] = set()
    for pi in tree.getroot().itersiblings(preceding=True):
        if isinstance(pi, etree._ProcessingInstruction) and pi.target == "teitools":
            out.update((pi.get("ignore") or "").split())
    return out


def _read(p: Path, problems: list[Problem]) -> bytes | None:
    """The file's bytes, read once and bounded (tei.read_document); a refusal is a problem."""
    try:
        return read_document(p)
    except TeitoolsError as e:
        problems.append(e.problem)
        return None


def check_files(
    paths: list[str], schemas: tuple[str, ...] = (), ignore: tuple[str, ...] = ()
) -> list[FileResult]:
    """Every check over a batch of files: parsed once each, schemas prepared for the batch."""
    parsed = []
    names: set[str] = set()
    for path in paths:
        p = Path(path)
        result = FileResult(str(p))
        data = _read(p, result.problems)
        tree = _parse(p, data, result.problems) if data is not None else None
        if tree is not None:
            names.update(el.tag for el in tree.iter() if isinstance(el.tag, str))
        parsed.append((p, result, data, tree))
    compiled = []
    try:
        compiled = [compile_schema(s) for s in schemas]
        for schema in compiled:
            if hasattr(schema, "prepare"):
                schema.prepare(frozenset(names))
    except TeitoolsError as e:
        for _, result, _, tree in parsed:
            if tree is not None:
                result.problems.append(e.problem)
        compiled = []
    return [_check_parsed(p, r, d, t, compiled, ignore) for p, r, d, t in parsed]


def _check_parsed(
    p: Path,
    result: FileResult,
    data: bytes | None,
    tree: etree._ElementTree | None,
    schemas: list,
    ignore: tuple[str, ...],
) -> FileResult:
    if tree is None or data is None:
        return result
    problems = result.problems
    problems.extend(safety_problems(tree, str(p), data))
    models, notes = _xml_models(tree, p)
    problems.extend(notes)
    beyond = limit_problems(tree, str(p))
    problems.extend(beyond)
    try:
        for schema in [] if beyond else [*schemas, *(compile_schema(m) for m in models)]:
            problems.extend(schema.check(tree, str(p)))
    except TeitoolsError as e:
        problems.append(e.problem)
    skip = set(ignore) | _ignored(tree)
    if "apparatus" not in skip:
        problems.extend(check_apparatus(tree, str(p), data))
    result.problems = [
        q for q in problems if q.rule not in skip and q.rule.split("/")[0] not in skip
    ]
    result.problems.sort(key=lambda q: (q.line or 0, q.col or 0))
    return result


def check_file(
    path: str | os.PathLike[str], schemas: tuple[str, ...] = (), ignore: tuple[str, ...] = ()
) -> FileResult:
    """Every check over one file, each problem once, in the order of the file."""
    return check_files([str(path)], schemas, ignore)[0]


def _batch(args: tuple[list[str], tuple[str, ...], tuple[str, ...]]) -> list[FileResult]:
    return check_files(*args)


def validate(
    paths: Iterable[str | os.PathLike[str]],
    schemas: Iterable[str] = (),
    project: bool = True,
    ignore: Iterable[str] = (),
    jobs: int | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> Report:
    """Check each file: well-formed and safe, valid against the project's schemas (unless
    `project` is false), the schemas given and those it declares, and the apparatus rules."""
    files = collect(paths)
    given = [os.path.abspath(s) for s in schemas]
    for s in given:  # a bad schema is a usage error, said once, before any file
        compile_schema(s)
    all_schemas = tuple((project_schemas() if project else []) + given)
    ignore = tuple(ignore)
    report = Report()
    jobs = jobs or min(os.cpu_count() or 1, 8)
    names = [str(f) for f in files]
    if jobs > 1 and len(files) >= 8:
        size = max(1, min(64, len(names) // (jobs * 3)))
        batches = [(names[k : k + size], all_schemas, ignore) for k in range(0, len(names), size)]
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for results in pool.map(_batch, batches):
                for r in results:
                    report.results.append(r)
                    if progress:
                        progress(len(report.results), len(names), r.file)
    else:
        size = 64  # batches bound memory: a batch's trees are held together
        for k in range(0, len(names), size):
            for r in check_files(names[k : k + size], all_schemas, ignore):
                report.results.append(r)
                if progress:
                    progress(len(report.results), len(names), r.file)
    return report
