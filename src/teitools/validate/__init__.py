"""Validation: well-formedness, schemas, the apparatus rules, every problem with its place.

    from teitools.validate import validate
    report = validate(["tei/"], schemas=["tei_all.rng"])

Each document is checked as its project says (the teitools.toml found upward from its own
folder): against the project's customization; a document under no project is foreign TEI,
checked against the schemas it declares (<?xml-model?>) or else tei_all, which teitools
ships. Each file is read once and parsed once, safely (no network, no external entities,
entity bombs refused); schemas are compiled once per process and reused; a folder of many
files is checked in parallel across the machine's cores. With `cache`, a file whose result is
known (same bytes, same schemas, same options, same teitools: see validate.cache) is not
checked again: its problems come from the cache, as a fresh check gives them.
"""

from __future__ import annotations

import hashlib
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
from .cache import ResultCache, cache_folder, schema_digest
from .schemas import RelaxNG, compile_schema, names_hint

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
    # the SHA-256 of the bytes checked, and the digests of the schemas the file declares
    # (<?xml-model?>, None: missing): what a cached result depends on beyond its plan
    digest: str | None = field(default=None, compare=False, repr=False)
    declared: dict[str, str | None] = field(default_factory=dict, compare=False, repr=False)


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


def _xml_models(
    tree: etree._ElementTree, path: Path, looked: list[str] | None = None
) -> tuple[list[str], list[Problem]]:
    """Schemas a document declares with <?xml-model?>: local files used, remote ones skipped;
    every local file looked for (there or not) is added to `looked`."""
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
        if looked is not None:
            looked.append(str(local))
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
    cuts: str | None = None,
) -> list[FileResult]:
    """Every check over a batch of files, each read and parsed once, its tree dropped once
    checked (a batch of trees held together is slower to make, and more memory); schemas
    prepared for the batch; `fallback` checks the files that declare no local schema of
    their own; `cuts`: a folder where cut grammars are kept between processes."""
    read = []
    for path in paths:
        p = Path(path)
        result = FileResult(str(p))
        data = _read(p, result.problems)
        if data is not None:
            result.digest = hashlib.sha256(data).hexdigest()
        read.append((p, result, data))
    hinted: list[frozenset[str]] = []

    def wider() -> frozenset[str]:
        """The names the batch's files seem to use (names_hint), read once: what a grammar
        is cut for where it has no cut yet, or must grow for one of them."""
        if not hinted:
            hinted.append(frozenset().union(*(names_hint(d) for _, _, d in read if d)))
        return hinted[0]

    compiled = []
    failed = None
    try:
        compiled = [compile_schema(s) for s in (*schemas, *([fallback] if fallback else []))]
        for schema in compiled:
            if isinstance(schema, RelaxNG) and not schema.started():
                schema.prepare(wider(), Path(cuts) if cuts else None)
    except TeitoolsError as e:
        failed, compiled = e.problem, []
    last = compiled.pop() if fallback and compiled else None
    out = []
    for p, result, data in read:
        tree = _parse(p, data, result.problems) if data is not None else None
        if tree is not None and failed is not None:
            result.problems.append(failed)
        out.append(_check_parsed(p, result, data, tree, compiled, ignore, last, wider))
    return out


def _check_parsed(
    p: Path,
    result: FileResult,
    data: bytes | None,
    tree: etree._ElementTree | None,
    schemas: list,
    ignore: tuple[str, ...],
    fallback: object = None,
    wider: Callable[[], frozenset[str]] | None = None,
) -> FileResult:
    """The checks of one parsed file; `wider`: names a cut grammar may grow by beside its
    own (RelaxNG.check)."""
    if tree is None or data is None:
        return result
    problems = result.problems
    if tree.docinfo.doctype:  # without a DOCTYPE, no DTD and no entity is left to report
        problems.extend(safety_problems(tree, str(p), data))
    looked: list[str] = []
    models, notes = _xml_models(tree, p, looked)
    problems.extend(notes)
    beyond = limit_problems(tree, str(p), data)
    problems.extend(beyond)
    own = [fallback] if fallback is not None and not models else []
    try:
        for schema in [] if beyond else [*schemas, *own, *(compile_schema(m) for m in models)]:
            if isinstance(schema, RelaxNG):
                problems.extend(schema.check(tree, str(p), wider=wider))
            else:
                problems.extend(schema.check(tree, str(p)))
    except TeitoolsError as e:
        problems.append(e.problem)
    # what the declared schemas were when checked: a cached result holds while they stay so
    result.declared = {m: schema_digest(m) for m in looked}
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


Batch = tuple[list[str], tuple[str, ...], tuple[str, ...], str | None, str | None]
# a file, its schemas, its fallback schema, its project file (None: foreign TEI)
Plan = tuple[str, tuple[str, ...], str | None, str | None]


def _batch(args: Batch) -> list[FileResult]:
    return check_files(*args)


def _plans(files: list[Path], project: bool | Project, given: list[str]) -> list[Plan]:
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
        out.append((str(f), *schemas_for(own, given), str(own.file) if own else None))
    return out


def _batches(
    plans: list[Plan], size: int, ignore: tuple[str, ...], cuts: str | None
) -> list[Batch]:
    """Runs of files checked alike, at most `size` each, in the order given."""
    out: list[Batch] = []
    for name, schemas, fallback, _ in plans:
        last = out[-1] if out else None
        if last and len(last[0]) < size and (last[1], last[3]) == (schemas, fallback):
            last[0].append(name)
        else:
            out.append(([name], schemas, ignore, fallback, cuts))
    return out


def _content(name: str) -> str | None:
    """The digest of a file's bytes as validation reads them (None: it cannot be read)."""
    try:
        return hashlib.sha256(read_document(name)).hexdigest()
    except TeitoolsError:
        return None


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
    cache: bool = False,
) -> Report:
    """Check each file: well-formed and safe, valid against its project's customization
    (`project` True: the project each document lies in; a Project: that one for all; False:
    none, every document foreign), the schemas given and those it declares (a foreign
    document that declares none and is given none: tei_all), and the apparatus rules.
    With `cache`, results are kept in the user's cache folder and an unchanged file's are
    reported from there (validate.cache says what "unchanged" covers)."""
    files = collect(paths)
    given = [os.path.abspath(s) for s in schemas]
    for s in given:  # a bad schema is a usage error, said once, before any file
        compile_schema(s)
    ignore = tuple(ignore)
    plans = _plans(files, project, given)
    store = ResultCache() if cache else None
    cuts = str(cache_folder() / "cuts") if cache else None
    done: dict[int, FileResult] = {}
    todo: list[int] = []
    count = 0
    total = len(plans)

    def tell(r: FileResult) -> None:
        nonlocal count
        count += 1
        if progress:
            progress(count, total, r.file)

    # an empty cache (a first run) answers nothing: the files are not read here to ask it
    asking = store is not None and not store.empty()
    for i, (name, chosen, fallback, project_file) in enumerate(plans):
        content = _content(name) if asking else None
        hit = None
        if asking and content:
            hit = store.get(store.key(name, content, chosen, fallback, ignore, project_file))
        if hit is None:
            todo.append(i)
        else:
            done[i] = FileResult(name, hit, content)
            tell(done[i])
    rest = [plans[i] for i in todo]
    try:
        for i, r in zip(todo, _check(rest, ignore, jobs, cuts, tell), strict=True):
            done[i] = r
            if store and r.digest:
                _, chosen, fallback, project_file = plans[i]
                key = store.key(r.file, r.digest, chosen, fallback, ignore, project_file)
                store.put(key, r.problems, r.declared)
    finally:
        if store:
            store.commit()  # what was checked is kept, also when a later file failed
    return Report([done[i] for i in range(total)])


# The fewest files a worker is given at once: each batch that brings new names cuts the
# grammar again (a tenth of a second), so batches of two or three files made the pool slower
# than one process. And a job of less than POOL_BYTES is checked in this process: starting
# workers, each cutting its own grammar, costs more than it saves there (bench/
# validate_profile.py: 100 plays, 8.8 MB, 0.8 s in one process, 1.1 s in two).
MIN_BATCH = 16
POOL_BYTES = 12 * 1024 * 1024
HINTED = 300  # the most files whose names the grammar is cut for before the workers start


def _bytes(plans: list[Plan]) -> int:
    total = 0
    for name, *_ in plans:
        try:
            total += os.stat(name).st_size
        except OSError:
            pass
    return total


def _cut_before_forking(plans: list[Plan], cuts: str | None) -> None:
    """Cut each RELAX NG grammar the files are checked against once, here, for the names
    they seem to use (names_hint, read in their bytes; in a large corpus, those of a sample
    spread over it): the workers, forked after, start with it, instead of each cutting it
    again as its batches bring new names (as they still do for a name the cut lacks: the
    cut is only where checking starts, never what decides). What cannot be read or
    compiled here is left to the workers, which report it."""
    wanted: dict[str, set[str]] = {}
    step = max(1, -(-len(plans) // HINTED))
    for name, chosen, fallback, _ in plans[::step]:
        try:
            hint = names_hint(read_document(Path(name)))
        except TeitoolsError:
            continue
        for schema in (*chosen, *([fallback] if fallback else [])):
            wanted.setdefault(schema, set()).update(hint)
    for schema, names in wanted.items():
        try:
            compiled = compile_schema(schema)
            if isinstance(compiled, RelaxNG):
                compiled.prepare(frozenset(names), Path(cuts) if cuts else None)
        except TeitoolsError:
            continue


def _check(
    plans: list[Plan],
    ignore: tuple[str, ...],
    jobs: int | None,
    cuts: str | None,
    tell: Callable[[FileResult], None],
) -> list[FileResult]:
    """Check the files planned, in their order: in a pool of processes where there is work
    enough for it, else here."""
    out: list[FileResult] = []
    jobs = jobs or min(os.cpu_count() or 1, 8)
    total = len(plans)
    if jobs > 1 and total > 1 and _bytes(plans) >= POOL_BYTES:
        least = min(MIN_BATCH, -(-total // jobs))
        size = min(64, max(least, -(-total // (jobs * 3))))
        _cut_before_forking(plans, cuts)
        with ProcessPoolExecutor(
            max_workers=jobs, initializer=_die_with_parent, initargs=(os.getpid(),)
        ) as pool:
            for results in pool.map(_batch, _batches(plans, size, ignore, cuts)):
                for r in results:
                    out.append(r)
                    tell(r)
    else:  # batches bound memory: a batch's trees are held together
        for batch in _batches(plans, 64, ignore, cuts):
            for r in check_files(*batch):
                out.append(r)
                tell(r)
    return out
