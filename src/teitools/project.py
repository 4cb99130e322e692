"""The project file: an edition is a folder with a `teitools.toml` that says what it holds.

    from teitools.project import find_project, load_project, project_of
    project = find_project(Path.cwd())          # the teitools.toml here or in a folder above
    project.document_files()                    # its TEI documents
    project_of("../other/play.xml")             # the project a document lies in, or None

The file names the project, its documents (globs relative to its folder), its customization
(schemas), ingest profiles, labels, the identity of its OAI-PMH repository, its build folder,
the unit its passages are cited by (`citation`) and the optional features it uses. A
document belongs to the project whose folder it lies under (the file found upward from the
document's own folder, as git finds its repository);
a document under no project is foreign TEI: checked against tei_all, with no feature on.

Every key is checked when the file is loaded, so that a mistake is one line naming the file,
the line and the key, and an unknown key says which one was meant.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

from .errors import InputError, InvalidInput
from .settings import Bad, each, read_toml, show, unknown
from .settings import fail as settings_fail

PROJECT_FILE = "teitools.toml"
DEFAULT_DOCUMENTS = ("tei/*.xml",)
DEFAULT_BUILD = "build"

# The optional behaviours a project turns on by name: the render layer reads them. What they
# do was made for the Wolfe editions; a foreign document has every one off.
FEATURES: dict[str, str] = {
    "facing-pages": "a document whose <pb corresp> point into another is set beside it, "
    "page by page (the HTML spread, the print facing pages)",
    "quotation-detection": "notes that quote another document of the project are linked to "
    "the paragraph they quote",
    "wolfe-header-prose": "the edition's front matter as the Wolfe editions write it "
    "(statements of responsibility, the source's notes, editorial principles)",
}


# What a passage of a document is cited by (anchors, "cite this passage", the numbers in the
# margin): its paragraphs, verse lines, speeches, anonymous blocks (<ab>), the elements' own
# @n; "auto" chooses from each text (drama in verse: lines; in prose: speeches; verse: lines;
# anything else: paragraphs). The stylesheets take it as $citation.
CITATION_UNITS = ("paragraph", "line", "speech", "ab", "n", "auto")
DEFAULT_CITATION = "auto"


@dataclass(frozen=True)
class Repository:
    """Who the project's OAI-PMH repository is; None leaves it to the command or the store."""

    id: str | None = None
    name: str | None = None
    admin_email: str | None = None


@dataclass(frozen=True)
class Project:
    """One edition: a folder, what its teitools.toml says, every path made absolute."""

    root: Path  # the project's folder (where teitools.toml is)
    file: Path  # the teitools.toml itself
    name: str
    documents: tuple[str, ...] = DEFAULT_DOCUMENTS  # globs relative to root
    schemas: tuple[Path, ...] = ()  # the customization; empty: checked as TEI (tei_all)
    profiles: Path | None = None
    labels: Path | None = None
    repository: Repository = field(default_factory=Repository)
    build: Path = Path(DEFAULT_BUILD)
    features: frozenset[str] = frozenset()
    citation: str = DEFAULT_CITATION  # one of CITATION_UNITS

    def has(self, feature: str) -> bool:
        """Whether the project turns `feature` (a name of FEATURES) on."""
        if feature not in FEATURES:
            raise KeyError(feature)
        return feature in self.features

    def document_files(self) -> list[Path]:
        """The project's documents, in a stable order, each once."""
        out: list[Path] = []
        for pattern in self.documents:
            out.extend(sorted(p for p in self.root.glob(pattern) if p.is_file()))
        return list(dict.fromkeys(out))

    def contains(self, path: str | os.PathLike[str]) -> bool:
        """Whether `path` lies under the project's folder."""
        return Path(os.path.abspath(path)).is_relative_to(self.root)


def citation_of(project: Project | None) -> str:
    """The citation unit a document's project sets (None: foreign TEI, chosen from its text)."""
    return project.citation if project is not None else DEFAULT_CITATION


def has_feature(project: Project | None, feature: str) -> bool:
    """Whether a document's project (None: foreign TEI, every feature off) turns `feature` on."""
    return project is not None and project.has(feature)


# --- finding ----------------------------------------------------------------------------------


def _project_file_in(folder: Path) -> Path | None:
    candidate = folder / PROJECT_FILE
    return candidate if candidate.is_file() else None


def find_project_file(start: str | os.PathLike[str]) -> Path | None:
    """The teitools.toml in `start` (a folder, or a file's folder) or the nearest folder above."""
    here = Path(os.path.abspath(start))
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        found = _project_file_in(folder)
        if found is not None:
            return found
    return None


def find_project(start: str | os.PathLike[str] = ".") -> Project | None:
    """The project `start` lies in (found upward, like git), or None outside any project."""
    found = find_project_file(start)
    return load_project(found) if found is not None else None


_LOADED: dict[tuple[Path, int, int], Project] = {}


def project_of(document: str | os.PathLike[str]) -> Project | None:
    """The project a document belongs to: the teitools.toml found upward from the document's
    own folder (never from the current folder), or None for foreign TEI."""
    found = find_project_file(Path(os.path.abspath(document)).parent)
    return load_project(found) if found is not None else None


def load_project(path: str | os.PathLike[str]) -> Project:
    """Load and check a project file, or the teitools.toml of a folder."""
    p = Path(os.path.abspath(path))
    if p.is_dir():
        p = p / PROJECT_FILE
        if not p.is_file():
            raise InputError(
                f"no {PROJECT_FILE} in this folder", str(p.parent), rule="project/missing"
            )
    elif not p.exists():
        raise InputError("no such project file", str(p), rule="project/missing")
    try:
        st = p.stat()
        key = (p, st.st_mtime_ns, st.st_size)
    except OSError:
        key = None
    if key is not None and key in _LOADED:
        return _LOADED[key]
    project = _load(p)
    if key is not None:
        _LOADED[key] = project
    return project


# --- checking ---------------------------------------------------------------------------------


KEY = "project/unknown-key"


class _Bad(Bad):
    def __init__(self, message: str, rule: str = "project/type", at: str = ""):
        super().__init__(message, rule, at)


def _text(v: Any, what: str = "a string") -> str:
    if not isinstance(v, str):
        raise _Bad(f"must be {what}, not {show(v)}")
    if any(not c.isprintable() for c in v):
        raise _Bad(f"holds a control character: {show(v)}", "project/value")
    return v


def _relative(v: Any, what: str = "a path") -> str:
    """A path inside the project: relative, never climbing out of its folder."""
    s = _text(v, f"{what} (a string)")
    if not s:
        raise _Bad(f"must be {what}, not an empty string", "project/value")
    if os.path.isabs(s) or ".." in Path(s).parts:
        raise _Bad(
            f"must be relative to the project's folder and stay inside it, not {show(s)}",
            "project/value",
        )
    return s


def _globs(v: Any) -> list[str]:
    items = [v] if isinstance(v, str) else v
    if not isinstance(items, list) or not items:
        raise _Bad(f'must be a list of globs such as ["tei/*.xml"], not {show(v)}')
    return each(items, lambda x: _relative(x, "a glob"))


def _paths(v: Any) -> list[str]:
    items = [v] if isinstance(v, str) else v
    if not isinstance(items, list):
        raise _Bad(f'must be a list of files such as ["schemas/my.rng"], not {show(v)}')
    return each(items, lambda x: _relative(x, "a file"))


def _name(v: Any) -> str:
    s = _text(v, "the project's name (a string)")
    if not s.strip():
        raise _Bad("must be the project's name, not an empty string", "project/value")
    return s


def _bool(v: Any) -> bool:
    if not isinstance(v, bool):
        raise _Bad(f"must be true or false, not {show(v)}")
    return v


def _citation(v: Any) -> str:
    s = _text(v)
    if s not in CITATION_UNITS:
        known = ", ".join(f'"{u}"' for u in CITATION_UNITS)
        raise _Bad(f"must be one of {known}, not {show(s)}", "project/value")
    return s


def _repository_id(v: Any) -> str:
    from .publish.store import REPOSITORY_ID

    s = _text(v)
    if not REPOSITORY_ID.fullmatch(s):
        raise _Bad(
            f"must be a domain name (like editions.example.org), as OAI identifiers require, "
            f"not {show(s)}",
            "project/value",
        )
    return s


def _email(v: Any) -> str:
    from .publish.store import EMAIL

    s = _text(v)
    if not EMAIL.fullmatch(s):
        raise _Bad(f"must be an e-mail address, not {show(s)}", "project/value")
    return s


TOP: dict[str, Callable[[Any], Any]] = {
    "name": _name,
    "documents": _globs,
    "schemas": _paths,
    "profiles": lambda v: _relative(v, "a folder"),
    "labels": lambda v: _relative(v, "a file"),
    "build": lambda v: _relative(v, "a folder"),
    "citation": _citation,
}
TABLES: dict[str, dict[str, Callable[[Any], Any]]] = {
    "repository": {"id": _repository_id, "name": _name, "admin-email": _email},
    "features": {k: _bool for k in FEATURES},
}


def _load(path: Path) -> Project:
    text, data = read_toml(path, "project file", "project/toml")
    lines = text.split("\n")
    root = path.parent

    def fail(table: str | None, key: str, e: Bad) -> NoReturn:
        settings_fail(path, lines, table, key, e)

    top: dict[str, Any] = {}
    tables: dict[str, dict[str, Any]] = {}
    for key, value in data.items():
        if key in TABLES:
            if not isinstance(value, dict):
                fail(None, key, _Bad(f"must be a table ([{key}]), not {show(value)}"))
            tables[key] = {}
            for k, x in value.items():
                if k not in TABLES[key]:
                    what = "a feature" if key == "features" else "a key"
                    fail(key, k, unknown(k, list(TABLES[key]), what, KEY))
                try:
                    tables[key][k] = TABLES[key][k](x)
                except Bad as e:
                    fail(key, k, e)
            continue
        if key not in TOP:
            fail(None, key, unknown(key, [*TOP, *TABLES], "a key or table", KEY))
        try:
            top[key] = TOP[key](value)
        except Bad as e:
            fail(None, key, e)
    if "name" not in top:
        raise InvalidInput(
            'has no name: add name = "…" (the name of the edition)',
            str(path),
            1,
            rule="project/name",
        )

    def exists(key: str, rel: str, test: Callable[[Path], bool], what: str, at: str = "") -> Path:
        if not test(root / rel):
            bad = _Bad(f"{show(rel)}: no such {what} in the project", "project/missing", at)
            fail(None, key, bad)
        return root / rel

    listed = isinstance(data.get("schemas"), list)
    schemas = tuple(
        exists("schemas", s, Path.is_file, "file", f"[{i}]" if listed else "")
        for i, s in enumerate(top.get("schemas", []))
    )
    profiles = labels = None
    if "profiles" in top:
        profiles = exists("profiles", top["profiles"], Path.is_dir, "folder")
    if "labels" in top:
        labels = exists("labels", top["labels"], Path.is_file, "file")
    repo = tables.get("repository", {})
    return Project(
        root=root,
        file=path,
        name=top["name"],
        documents=tuple(top.get("documents", DEFAULT_DOCUMENTS)),
        schemas=schemas,
        profiles=profiles,
        labels=labels,
        repository=Repository(repo.get("id"), repo.get("name"), repo.get("admin-email")),
        build=root / top.get("build", DEFAULT_BUILD),
        features=frozenset(k for k, on in tables.get("features", {}).items() if on),
        citation=top.get("citation", DEFAULT_CITATION),
    )


# --- what a command works on ------------------------------------------------------------------


def command_project(given: str | os.PathLike[str] | None = None) -> Project | None:
    """The project a command works in: the one named by --project (a file or its folder),
    else the one the current folder lies in, else None."""
    return load_project(given) if given is not None else find_project(Path.cwd())


def default_documents(project: Project | None) -> list[Path]:
    """What a command works on when given no document: the project's documents, or tei/
    outside any project."""
    if project is None:
        return [Path("tei")]
    found = project.document_files()
    if not found:
        globs = ", ".join(project.documents)
        raise InputError(
            f"no documents match documents = [{globs}] of project {show(project.name)}",
            str(project.file),
            rule="project/documents",
        )
    return found


def profile_in(project: Project | None, name: str) -> str:
    """An ingest profile named bare (`wolfe-report`) is looked up in the project's profiles
    folder first; a path, or a name the project does not hold, is left as it is."""
    if project is None or project.profiles is None or os.sep in name or "/" in name:
        return name
    candidate = project.profiles / (name if name.endswith(".toml") else f"{name}.toml")
    return str(candidate) if candidate.is_file() else name
