"""Publication: validated TEI documents into a record store, served by OAI-PMH.

    from teitools.publish import Identity, publish
    result = publish(["tei/"], "editions.db", Identity(repository_id="editions.example.org"))
    result.changes.added, result.changes.updated  # document ids

Only documents that pass `teitools validate` are published, each checked exactly as validate
checks it (by the project it lies in, or as foreign TEI against tei_all), and a batch is
published whole or not at all: one invalid document and the store is left as it was
(`Refused` says why). Withdrawing is explicit (`withdraw=["secret-report"]`): publishing a
folder that lacks a document leaves its record alone, so publishing one file never deletes
the others.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from lxml import etree

from ..errors import InputError, InvalidInput, Problem, UsageError
from ..project import Project
from ..tei import parse_bytes, read_document
from ..validate import Report, collect, validate
from .dc import describe
from .formats import disseminate
from .store import (
    DEFAULT_REPOSITORY_ID,
    LOCAL_ID,
    Changes,
    Document,
    Identity,
    Store,
)
from .store import publish as store_publish

__all__ = ["Identity", "Published", "Refused", "prepare", "publish"]


class Refused(InvalidInput):
    """Some documents are invalid, so nothing was published; `problems` has their messages."""

    def __init__(self, report: Report, store: str):
        bad = [r for r in report.results if any(p.severity == "error" for p in r.problems)]
        n = len(report.results)
        super().__init__(
            f"{len(bad)} of {n} document{'s' if n != 1 else ''} invalid: nothing was published",
            store,
            rule="publish/invalid",
        )
        self.problems: list[Problem] = [p for r in bad for p in r.problems]


@dataclass
class Published:
    """What a publish did (`changes`) and what validation said of the documents published."""

    changes: Changes
    problems: list[Problem] = field(default_factory=list)


class _Hasher:
    """A file-like sink that hashes what is written to it: the canonical form of a document
    is hashed as it is made, never held whole."""

    def __init__(self) -> None:
        self.hash = hashlib.sha256()

    def write(self, data: bytes) -> None:
        self.hash.update(data)


def digest(root: etree._Element, metadata: dict[str, bytes]) -> str:
    """The content hash that decides whether a record's datestamp moves: the canonical
    document (C14N: no change for attribute order or quoting) and each format made of it,
    so that a new Dublin Core mapping re-dates the records it changes."""
    sink = _Hasher()
    root.getroottree().write_c14n(sink)
    h = sink.hash
    for prefix in sorted(metadata):
        h.update(b"\0" + prefix.encode() + b"\0" + metadata[prefix])
    return h.hexdigest()


def prepare(path: str | os.PathLike[str], data: bytes, repository_id: str) -> Document:
    """A document as the store keeps it, from its (validated) bytes."""
    name = os.fspath(path)
    doc_id = Path(name).stem
    root = parse_bytes(data, name).getroot()
    description = describe(root, doc_id, lambda d: f"oai:{repository_id}:{d}")
    metadata = disseminate(root, description)
    return Document(doc_id, name, digest(root, metadata), description.sets, metadata, data)


def _check_names(files: Sequence[Path]) -> None:
    seen: dict[str, Path] = {}
    for f in files:
        if not LOCAL_ID.fullmatch(f.stem):
            raise UsageError(
                f'"{f.stem}" cannot be part of an OAI identifier: rename the file '
                "(letters, digits and -_.!~*'();/?:@&=+$,% only)",
                str(f),
                rule="publish/document-id",
            )
        if f.stem in seen:
            raise UsageError(
                f'two documents would be "{f.stem}": this one and {seen[f.stem]}',
                str(f),
                rule="publish/duplicate-id",
            )
        seen[f.stem] = f


def _repository_id(db: Path, identity: Identity) -> str:
    """The repository id the documents will have, checked before any document is read."""
    if db.exists():
        with Store(db) as store:
            return store.repository_for(identity).identifier
    identity.check(str(db))
    return identity.repository_id or DEFAULT_REPOSITORY_ID


def _stamp(path: Path) -> tuple[int, int]:
    """When a file was last written, and its size: what says it changed meanwhile."""
    try:
        st = path.stat()
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror}", str(path), rule="io/read") from None
    return st.st_mtime_ns, st.st_size


def _documents(
    files: Sequence[Path], stamps: dict[Path, tuple[int, int]], repository_id: str
) -> Iterator[Document]:
    """The documents, read one at a time; a file changed since it was validated is refused."""
    for f in files:
        data = read_document(f)
        if _stamp(f) != stamps[f]:
            raise InputError(
                "changed while it was being published: publish again", str(f), rule="io/changed"
            )
        yield prepare(f, data, repository_id)


def publish(
    paths: Iterable[str | os.PathLike[str]],
    db: str | os.PathLike[str],
    identity: Identity | None = None,
    *,
    withdraw: Sequence[str] = (),
    schemas: Iterable[str] = (),
    now: datetime | None = None,
    project: bool | Project = True,
) -> Published:
    """Validate the TEI files in `paths` as `validate` does (`project`: True, each by the
    project it lies in; a Project, by that one; False, all as foreign TEI; plus any
    `schemas`), then publish them into the store at `db` and withdraw the records named, in
    one transaction."""
    store = Path(db)
    identity = identity or Identity()
    paths = list(paths)
    files = collect(paths)
    if not files and not withdraw:
        where = ", ".join(map(os.fspath, paths))
        raise InputError("no TEI files (*.xml) to publish", where, rule="io/missing")
    _check_names(files)
    repository_id = _repository_id(store, identity)
    stamps = {f: _stamp(f) for f in files}
    report = validate(files, schemas, project=project) if files else Report()
    if not report.ok:
        raise Refused(report, str(store))
    changes = store_publish(
        store,
        _documents(files, stamps, repository_id),
        withdraw,
        identity,
        now,
        expect=repository_id if files else None,
    )
    return Published(changes, report.problems)
