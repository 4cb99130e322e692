"""Validation results kept between runs, keyed by everything a file's result depends on.

An editor re-checks a corpus after changing one file: the files that did not change, checked
against unchanged schemas by the same teitools, are reported from the cache, exactly as a
fresh check reports them. The key of a file is the SHA-256 of its name, its bytes, the bytes
of every schema it is checked against, the options that change results (--ignore), its
project file, and teitools' own code and libraries; the schemas a document declares itself
(<?xml-model?>) are known only once it is read, so an entry names them and their digests and
is used only while they are unchanged. Entries are written atomically (a temporary file
renamed into place); one that cannot be read is ignored, never an error.

The folder is $TEITOOLS_CACHE_DIR, else $XDG_CACHE_HOME/teitools, else ~/.cache/teitools.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import sys
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from ..errors import InputError, Problem
from ..files import write_atomic as write_whole

__all__ = [
    "cache_folder",
    "file_digest",
    "schema_digest",
    "code_digest",
    "write_atomic",
    "ResultCache",
]

FORMAT = 1  # the layout of an entry; a change makes every older entry a miss


def cache_folder() -> Path:
    """Where teitools keeps what it may reuse: $TEITOOLS_CACHE_DIR, else the user's cache
    folder ($XDG_CACHE_HOME or ~/.cache) /teitools."""
    own = os.environ.get("TEITOOLS_CACHE_DIR")
    if own:
        return Path(own)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "teitools"


def _sha(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(os.fsencode(p) if isinstance(p, str) else p)
        h.update(b"\0")
    return h.hexdigest()


def file_digest(path: str | os.PathLike[str]) -> str | None:
    """The SHA-256 of a file's bytes (None: it cannot be read)."""
    try:
        with open(path, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()
    except OSError:
        return None


# the parts of the package that only make outputs from checked TEI: a change to them leaves
# validation's results as they were
OUTPUTS = {"render", "ingest", "publish", "cli.py", "apparatus_report.py", "__main__.py"}


@lru_cache(maxsize=1)
def code_digest() -> str:
    """What teitools' own results depend on: its version, the source of the package but for
    the stages validation never calls (OUTPUTS), and the versions of the libraries that parse
    and validate."""
    from lxml import etree

    from .. import __version__

    package = Path(__file__).resolve().parent.parent
    parts: list[str] = [
        str(FORMAT),
        __version__,
        sys.version.split()[0],
        repr(etree.LXML_VERSION),
        repr(etree.LIBXML_VERSION),
        repr(etree.LIBXSLT_VERSION),
    ]
    try:
        from importlib.metadata import version

        parts += [version("xmlschema"), version("elementpath")]
    except Exception:  # not installed as a distribution: the source digest still holds
        pass
    for f in sorted(package.rglob("*.py")):
        rel = f.relative_to(package)
        if rel.parts[0] not in OUTPUTS:
            parts += [str(rel), file_digest(f) or "-"]
    return _sha(*parts)


_REFS = (
    "{http://www.w3.org/2001/XMLSchema}include",
    "{http://www.w3.org/2001/XMLSchema}import",
    "{http://www.w3.org/2001/XMLSchema}redefine",
    "{http://www.w3.org/2001/XMLSchema}override",
    "{http://relaxng.org/ns/structure/1.0}include",
    "{http://relaxng.org/ns/structure/1.0}externalRef",
    "{http://purl.oclc.org/dsdl/schematron}include",
    "{http://purl.oclc.org/dsdl/schematron}extends",
    "{http://www.w3.org/1999/XSL/Transform}include",
    "{http://www.w3.org/1999/XSL/Transform}import",
)


def schema_files(path: str) -> list[str]:
    """A schema file and every local file it includes or imports, followed: what its result
    depends on (teitools.xsd imports xml.xsd). A file that is not XML is itself alone."""
    from lxml import etree

    from ..tei import safe_parser

    first = os.path.abspath(path)
    out, todo = [first], [first]
    while todo:
        current = todo.pop()
        try:
            root = etree.parse(current, safe_parser()).getroot()
        except (OSError, etree.XMLSyntaxError):
            continue
        for el in root.iter(*_REFS):
            href = el.get("schemaLocation") or el.get("href") or ""
            if not href or "://" in href and not href.startswith("file:"):
                continue  # none, or on a server: refused when the schema is compiled
            local = os.path.normpath(
                os.path.join(os.path.dirname(current), href.removeprefix("file://"))
            )
            if local not in out:
                out.append(local)
                todo.append(local)
    return out


def schema_digest(path: str) -> str | None:
    """The SHA-256 of a schema and of every local file it includes or imports; None: the
    schema cannot be read."""
    if file_digest(path) is None:
        return None
    return _sha(*(x for f in schema_files(path) for x in (f, file_digest(f) or "-")))


def write_atomic(path: Path, data: bytes) -> bool:
    """Write a kept file whole or not at all (teitools.files.write_atomic), its folder made
    if missing; False if it could not be written (a read-only or full disk): a cache is
    never needed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_whole(path, data)
    except (OSError, InputError):
        return False
    return True


def _problem(d: object) -> Problem:
    """A problem read back from an entry, its fields checked (a bad entry raises)."""
    if not isinstance(d, dict):
        raise ValueError("not a problem")
    p = Problem(d["file"], d["line"], d["col"], d["message"], d["rule"], d["severity"])
    if not (
        isinstance(p.file, str)
        and isinstance(p.message, str)
        and isinstance(p.rule, str)
        and isinstance(p.severity, str)
        and (p.line is None or type(p.line) is int)
        and (p.col is None or type(p.col) is int)
    ):
        raise ValueError("not a problem")
    return p


class ResultCache:
    """Results of validation by key, in one SQLite file, `folder`/validate/results.sqlite: a
    corpus's entries are written in one transaction (a file an entry cost a third of a
    second for 300 files, in creating files alone). What cannot be read (a damaged file, an
    entry of another layout) is no entry; a file that is not a database is made anew; a
    cache that cannot be written is no error."""

    def __init__(self, folder: Path | None = None):
        self.folder = (folder or cache_folder()) / "validate"
        self._digests: dict[str, str | None] = {}
        self._db: sqlite3.Connection | None = None
        self._broken = False

    def _connection(self) -> sqlite3.Connection | None:
        if self._db is None and not self._broken:
            path = self.folder / "results.sqlite"
            for attempt in (1, 2):
                try:
                    self.folder.mkdir(parents=True, exist_ok=True)
                    db = sqlite3.connect(path, timeout=5, isolation_level=None)
                    db.execute("PRAGMA journal_mode=WAL")
                    db.execute("PRAGMA synchronous=NORMAL")
                    db.execute(
                        "CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, entry TEXT)"
                    )
                    self._db = db
                    break
                except sqlite3.DatabaseError:  # not a database: made anew, once
                    if attempt == 2:
                        self._broken = True
                        break
                    for stale in (path, *path.parent.glob(path.name + "-*")):
                        try:
                            stale.unlink()
                        except OSError:
                            self._broken = True
                except (OSError, sqlite3.Error):
                    self._broken = True
                    break
        return self._db

    def commit(self) -> None:
        """Write what was put since the last commit (put opens a transaction)."""
        if self._db is not None and self._db.in_transaction:
            try:
                self._db.execute("COMMIT")
            except sqlite3.Error:
                self._broken = True

    def digest(self, path: str) -> str | None:
        """A schema's digest, with every local file it includes or imports, or a project
        file's; read once for the run (not once a document)."""
        if path not in self._digests:
            self._digests[path] = schema_digest(path)
        return self._digests[path]

    def key(
        self,
        file: str,
        content: str,
        schemas: Iterable[str],
        fallback: str | None,
        ignore: Iterable[str],
        project_file: str | None,
    ) -> str:
        """The key of one file's result: its name and content digest, and all it is checked
        by and with."""
        parts = [code_digest(), file, content]
        for s in schemas:
            parts += [s, self.digest(s) or "-"]
        parts += ["--fallback", fallback or "-", self.digest(fallback) or "-" if fallback else "-"]
        parts += ["--ignore", *sorted(set(ignore))]
        project = self.digest(project_file) if project_file else None
        parts += ["--project", project_file or "-", project or "-"]
        parts += ["--max-mb", os.environ.get("TEITOOLS_MAX_MB", "")]
        return _sha(*parts)

    def empty(self) -> bool:
        """Whether the cache holds no entry at all (one that cannot be read holds none)."""
        db = self._connection()
        if db is None:
            return True
        try:
            return db.execute("SELECT 1 FROM entries LIMIT 1").fetchone() is None
        except sqlite3.Error:
            return True

    def get(self, key: str) -> list[Problem] | None:
        """The problems stored under `key`, or None: no entry, an entry that cannot be read
        (corrupt, truncated, of another layout), or one whose declared schemas changed."""
        db = self._connection()
        if db is None:
            return None
        try:
            row = db.execute("SELECT entry FROM entries WHERE key = ?", (key,)).fetchone()
            if row is None:
                return None
            entry = json.loads(row[0])
            if entry.get("format") != FORMAT:
                return None
            for path, digest in entry["declared"].items():
                if self.digest(path) != digest:
                    return None
            return [_problem(d) for d in entry["problems"]]
        except (sqlite3.Error, ValueError, KeyError, TypeError, AttributeError):
            return None

    def put(self, key: str, problems: list[Problem], declared: dict[str, str | None]) -> bool:
        """Store a file's problems and the digests of the schemas it declared (written at
        the next `commit`)."""
        entry = {
            "format": FORMAT,
            "declared": declared,
            "problems": [
                {
                    "file": p.file,
                    "line": p.line,
                    "col": p.col,
                    "message": p.message,
                    "rule": p.rule,
                    "severity": p.severity,
                }
                for p in problems
            ],
        }
        db = self._connection()
        if db is None:
            return False
        try:
            if not db.in_transaction:
                db.execute("BEGIN")
            db.execute(
                "INSERT OR REPLACE INTO entries (key, entry) VALUES (?, ?)",
                (key, json.dumps(entry)),
            )
            return True
        except sqlite3.Error:
            return False
