"""Validation: well-formedness, schemas, the apparatus rules, every problem with its place.

    from teitools.validate import validate
    report = validate(["tei/"], schemas=["tei_all.rng"])

Each document is checked as its project says (the teitools.toml found upward from its own
folder): against the project's customization; a document under no project is foreign TEI,
checked against the schemas it declares (<?xml-model?>) or else tei_all, which teitools
ships. Each file is read once and parsed once, safely (no network, no external entities,
entity bombs refused); schemas are compiled once per process and reused; a folder of many
files is checked in parallel across the machine's cores.
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
from ..project import Project, project_of
from ..resources import schemas_dir
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
    "tei_all",
    "schemas_for",
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
    """The customization teitools ships (the Wolfe editions': schemas/teitools.xsd and .sch).
    Validation takes a document's customization from its project (teitools.toml), not here."""
    folder = schemas_dir()
    return [str(folder / n) for n in ("teitools.xsd", "teitools.sch") if (folder / n).is_file()]


def tei_all() -> str | None:
    """tei_all.rng as teitools ships it: what foreign TEI is checked against by default."""
    path = schemas_dir() / "tei_all.rng"
    return str(path) if path.is_file() else None


def schemas_for(
    project: Project | None, given: Iterable[str] = ()
) -> tuple[tuple[str, ...], str | None]:
    """What a document of `project` (None: foreign TEI) is checked against: the project's
    customization and the schemas `given`, and the schema for a document that declares none
    of its own (tei_all, when neither the project nor the user names a schema)."""
    chosen = tuple([str(s) for s in project.schemas] if project else []) + tuple(given)
    return chosen, (None if chosen else tei_all())


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
    paths: list[str],
    schemas: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
    fallback: str | None = None,
) -> list[FileResult]:
    """Every check over a batch of files: parsed once each, schemas prepared for the batch;
    `fallback` checks the files that declare no local schema of their own."""
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
        compiled = [compile_schema(s) for s in (*schemas, *([fallback] if fallback else []))]
        for schema in compiled:
            if hasattr(schema, "prepare"):
                schema.prepare(frozenset(names))
    except TeitoolsError as e:
        for _, result, _, tree in parsed:
            if tree is not None:
                result.problems.append(e.problem)
        compiled = []
    last = compiled.pop() if fallback and compiled else None
    return [_check_parsed(p, r, d, t, compiled, ignore, last) for p, r, d, t in parsed]


def _check_parsed(
    p: Path,
    result: FileResult,
    data: bytes | None,
    tree: etree._ElementTree | None,
    schemas: list,
    ignore: tuple[str, ...],
    fallback: object = None,
) -> FileResult:
    if tree is None or data is None:
        return result
    problems = result.problems
    problems.extend(safety_problems(tree, str(p), data))
    models, notes = _xml_models(tree, p)
    problems.extend(notes)
    beyond = limit_problems(tree, str(p))
    problems.extend(beyond)
    own = [fallback] if fallback is not None and not models else []
    try:
        for schema in [] if beyond else [*schemas, *own, *(compile_schema(m) for m in models)]:
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
    path: str | os.PathLike[str],
    schemas: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
    fallback: str | None = None,
) -> FileResult:
    """Every check over one file, each problem once, in the order of the file."""
    return check_files([str(path)], schemas, ignore, fallback)[0]


Batch = tuple[list[str], tuple[str, ...], tuple[str, ...], str | None]


def _batch(args: Batch) -> list[FileResult]:
    return check_files(*args)


def _plans(
    files: list[Path], project: bool | Project, given: list[str]
) -> list[tuple[str, tuple[str, ...], str | None]]:
    """Each file with what it is checked against: its own project's (found upward from its
    folder, once per folder), the one project given, or none (foreign TEI)."""
    by_folder: dict[Path, Project | None] = {}
    out = []
    for f in files:
        if isinstance(project, Project):
            own: Project | None = project
        elif project:
            folder = Path(os.path.abspath(f)).parent
            if folder not in by_folder:
                by_folder[folder] = project_of(f)
            own = by_folder[folder]
        else:
            own = None
        out.append((str(f), *schemas_for(own, given)))
    return out


def _batches(plans: list[tuple[str, tuple[str, ...], str | None]], size: int) -> list[Batch]:
    """Runs of files checked alike, at most `size` each, in the order given."""
    out: list[Batch] = []
    for name, schemas, fallback in plans:
        last = out[-1] if out else None
        if last and len(last[0]) < size and (last[1], last[3]) == (schemas, fallback):
            last[0].append(name)
        else:
            out.append(([name], schemas, (), fallback))
    return out


def _die_with_parent(parent: int) -> None:
    """A worker ends when the command that started it does: killed (kill -9), it would else
    leave its workers waiting forever on a queue no one writes to. Linux's prctl says so."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the workers still end with their queue
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def validate(
    paths: Iterable[str | os.PathLike[str]],
    schemas: Iterable[str] = (),
    project: bool | Project = True,
    ignore: Iterable[str] = (),
    jobs: int | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> Report:
    """Check each file: well-formed and safe, valid against its project's customization
    (`project` True: the project each document lies in; a Project: that one for all; False:
    none, every document foreign), the schemas given and those it declares (a foreign
    document that declares none and is given none: tei_all), and the apparatus rules."""
    files = collect(paths)
    given = [os.path.abspath(s) for s in schemas]
    for s in given:  # a bad schema is a usage error, said once, before any file
        compile_schema(s)
    ignore = tuple(ignore)
    plans = _plans(files, project, given)
    report = Report()
    jobs = jobs or min(os.cpu_count() or 1, 8)
    total = len(plans)

    def add(results: list[FileResult]) -> None:
        for r in results:
            report.results.append(r)
            if progress:
                progress(len(report.results), total, r.file)

    if jobs > 1 and len(files) >= 8:
        size = max(1, min(64, total // (jobs * 3)))
        batches = [(b[0], b[1], ignore, b[3]) for b in _batches(plans, size)]
        with ProcessPoolExecutor(
            max_workers=jobs, initializer=_die_with_parent, initargs=(os.getpid(),)
        ) as pool:
            for results in pool.map(_batch, batches):
                add(results)
    else:  # batches bound memory: a batch's trees are held together
        for names, chosen, _, fallback in _batches(plans, 64):
            add(check_files(names, chosen, ignore, fallback))
    return report
