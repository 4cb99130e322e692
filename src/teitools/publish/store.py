"""The record store: one SQLite file holding everything the OAI-PMH server disseminates.

Each document is one record, identified `oai:<repository-id>:<document-id>`. A publish is one
transaction (a new store is built beside its path and renamed into place), so a reader or a
failure never sees half of one. Publishes into one store take turns: each holds a lock file
beside it (`.NAME.lock`, flock) from the moment it looks at the store until it has committed,
so two at once both land, one after the other, and the leftovers of a killed publish are
removed by the next. A record's datestamp moves only when its content digest
changes; a withdrawn record stays, marked deleted (deletedRecord "persistent"). Every publish
that changes something gets the next *generation* number, which list requests use as a
snapshot: a paged harvest sees the store as it was when the harvest began.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import secrets
import sqlite3
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from ..errors import InputError, UsageError
from .dc import SetInfo

STORE_FORMAT = "teitools record store 1"
DATESTAMP = "%Y-%m-%dT%H:%M:%SZ"
REPOSITORY_ID = re.compile(r"[a-zA-Z][a-zA-Z0-9\-]*(\.[a-zA-Z][a-zA-Z0-9\-]*)+")
LOCAL_ID = re.compile(r"(?:[a-zA-Z0-9\-_.!~*'();/?:@&=+$,]|%[0-9A-Fa-f]{2})+")
EMAIL = re.compile(r"\S+@(\S+\.)+\S+")
DEFAULT_REPOSITORY_ID = "teitools.local"
_CHUNK = 500  # records handled per batch of statements: bounds memory on large publishes
_CHUNK_BYTES = 64 * 1024 * 1024  # and a batch ends early past this many bytes of documents
_LOCK_WAIT = 600.0  # seconds a publish waits for another into the same store to finish

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE records (
  id INTEGER PRIMARY KEY,
  doc_id TEXT NOT NULL UNIQUE,
  datestamp TEXT NOT NULL,
  generation INTEGER NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0,
  digest TEXT,
  sets TEXT NOT NULL DEFAULT ''
);
CREATE INDEX records_by_datestamp ON records (datestamp, doc_id);
CREATE TABLE metadata (
  record INTEGER NOT NULL REFERENCES records (id),
  prefix TEXT NOT NULL,
  xml BLOB NOT NULL,
  PRIMARY KEY (record, prefix)
);
CREATE TABLE sources (record INTEGER PRIMARY KEY REFERENCES records (id), data BLOB NOT NULL);
CREATE TABLE sets (spec TEXT PRIMARY KEY, name TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE record_sets (
  spec TEXT NOT NULL,
  record INTEGER NOT NULL REFERENCES records (id),
  PRIMARY KEY (spec, record)
) WITHOUT ROWID;
CREATE INDEX record_sets_by_record ON record_sets (record);
"""


def utc_datestamp(moment: datetime | None = None) -> str:
    """A datestamp at seconds granularity in UTC, as OAI-PMH writes it."""
    return (moment or datetime.now(UTC)).astimezone(UTC).strftime(DATESTAMP)


@dataclass
class Document:
    """A validated document ready to store: its record in every format, its sets, its file."""

    doc_id: str
    file: str
    digest: str
    sets: list[SetInfo]
    metadata: dict[str, bytes]
    source: bytes


@dataclass(frozen=True)
class Header:
    """What an OAI-PMH header says of a record."""

    doc_id: str
    datestamp: str
    deleted: bool
    sets: tuple[str, ...]


@dataclass(frozen=True)
class Repository:
    """Who the repository is: its identifier scheme, name, contact, and current generation."""

    identifier: str
    name: str
    admin_email: str
    created: str
    store_id: str
    generation: int

    def oai_identifier(self, doc_id: str) -> str:
        return f"oai:{self.identifier}:{doc_id}"

    def doc_id(self, oai_identifier: str) -> str | None:
        """The document id in an identifier of this repository, or None if it is not one."""
        prefix = f"oai:{self.identifier}:"
        return oai_identifier[len(prefix) :] if oai_identifier.startswith(prefix) else None


@dataclass(frozen=True)
class Identity:
    """What the user asked the repository to be called; None keeps what the store says."""

    repository_id: str | None = None
    name: str | None = None
    admin_email: str | None = None

    def check(self, store: str = "") -> None:
        """Refuse what OAI-PMH would not take: a repository id that is no domain name, an
        adminEmail that is no address."""
        rid = self.repository_id
        if rid is not None and not REPOSITORY_ID.fullmatch(rid):
            raise UsageError(
                f'repository id "{rid}" is not a domain name (like editions.example.org), '
                "as OAI identifiers require",
                store,
                rule="publish/repository-id",
            )
        if self.admin_email is not None and not EMAIL.fullmatch(self.admin_email):
            raise UsageError(
                f'"{self.admin_email}" is not an e-mail address', store, rule="publish/admin-email"
            )


@dataclass(frozen=True)
class Selection:
    """Which records a list request asks for: bounds inclusive, and the generation snapshot."""

    prefix: str
    set: str | None
    from_: str
    until: str
    generation: int


@dataclass
class Changes:
    """What one publish did, document by document."""

    store: str
    repository: Repository | None = None
    datestamp: str = ""
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)


def _chunks(items: Iterable[Document], size: int, limit: int = _CHUNK_BYTES) -> Iterator[list]:
    """The documents in batches of `size` at most, a batch ending early once it holds `limit`
    bytes: a batch of large documents is never held whole in memory."""
    chunk: list[Document] = []
    held = 0
    for doc in items:
        chunk.append(doc)
        held += len(doc.source) + sum(map(len, doc.metadata.values()))
        if len(chunk) >= size or held >= limit:
            yield chunk
            chunk, held = [], 0
    if chunk:
        yield chunk


class Store:
    """An open record store. Readers use `reading()`; writers `publish()`."""

    def __init__(self, path: str | os.PathLike[str], *, readonly: bool = True):
        self.path = os.fspath(path)
        if not os.path.isfile(self.path):
            raise InputError("no such record store", self.path, rule="io/missing")
        mode = "ro" if readonly else "rw"
        uri = f"file:{quote(os.path.abspath(self.path))}?mode={mode}"
        try:
            # each connection is used by one thread at a time; closing may come from another
            self.conn = sqlite3.connect(
                uri, uri=True, isolation_level=None, timeout=10, check_same_thread=False
            )
        except sqlite3.Error as e:
            raise InputError(f"cannot open: {e}", self.path, rule="io/read") from None
        try:
            found = self.conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        except sqlite3.Error as e:
            self.conn.close()
            raise InputError(
                f"not a teitools record store ({e})", self.path, rule="publish/not-a-store"
            ) from None
        if not found or found[0] != STORE_FORMAT:
            self.conn.close()
            raise InputError(
                f"not a teitools record store (expected {STORE_FORMAT!r})",
                self.path,
                rule="publish/not-a-store",
            )

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def reading(self) -> Iterator[Store]:
        """One consistent view of the store for the length of a request."""
        self.conn.execute("BEGIN")
        try:
            yield self
        finally:
            self.conn.execute("COMMIT")

    # -- reading ---------------------------------------------------------------------------

    def repository(self) -> Repository:
        meta = dict(self.conn.execute("SELECT key, value FROM meta"))
        return Repository(
            meta["repository_id"],
            meta["repository_name"],
            meta["admin_email"],
            meta["created"],
            meta["store_id"],
            int(meta["generation"]),
        )

    def earliest_datestamp(self) -> str:
        """The oldest datestamp of any record, deleted ones included; the store's birth if empty."""
        (found,) = self.conn.execute("SELECT min(datestamp) FROM records").fetchone()
        return found or self.repository().created

    def first_doc_id(self) -> str | None:
        row = self.conn.execute("SELECT doc_id FROM records ORDER BY doc_id LIMIT 1").fetchone()
        return row[0] if row else None

    def header(self, doc_id: str) -> Header | None:
        row = self.conn.execute(
            "SELECT doc_id, datestamp, deleted, sets FROM records WHERE doc_id = ?", (doc_id,)
        ).fetchone()
        return _header(row) if row else None

    def metadata(self, doc_id: str, prefix: str) -> bytes | None:
        row = self.conn.execute(
            "SELECT m.xml FROM records r JOIN metadata m ON m.record = r.id "
            "WHERE r.doc_id = ? AND m.prefix = ?",
            (doc_id, prefix),
        ).fetchone()
        return row[0] if row else None

    def prefixes(self, doc_id: str) -> list[str]:
        """The formats a record can be had in (none for a deleted record)."""
        return [
            p
            for (p,) in self.conn.execute(
                "SELECT m.prefix FROM records r JOIN metadata m ON m.record = r.id "
                "WHERE r.doc_id = ? ORDER BY m.prefix",
                (doc_id,),
            )
        ]

    def sets(self) -> list[SetInfo]:
        return [
            SetInfo(*row) for row in self.conn.execute("SELECT spec, name FROM sets ORDER BY spec")
        ]

    def source(self, doc_id: str) -> bytes | None:
        """The TEI file as it was published, for a record that is not withdrawn."""
        row = self.conn.execute(
            "SELECT s.data FROM records r JOIN sources s ON s.record = r.id WHERE r.doc_id = ?",
            (doc_id,),
        ).fetchone()
        return row[0] if row else None

    def live_documents(self) -> list[str]:
        return [
            d
            for (d,) in self.conn.execute(
                "SELECT doc_id FROM records WHERE NOT deleted ORDER BY doc_id"
            )
        ]

    def _where(
        self, sel: Selection, after: tuple[str, str] | None = None
    ) -> tuple[str, list[object]]:
        # Resuming, the last record sent is the lower bound (it was at or after `from`): one
        # bound on the index, so a page deep in a list costs what the first one does.
        lower = "(r.datestamp, r.doc_id) > (?, ?)" if after else "r.datestamp >= ?"
        # a record is listed in a format if it has it, or if it is deleted (header only)
        sql = (
            f"{lower} AND r.datestamp <= ? AND r.generation <= ? AND (r.deleted OR "
            "EXISTS (SELECT 1 FROM metadata m WHERE m.record = r.id AND m.prefix = ?))"
        )
        args: list[object] = [*(after or [sel.from_]), sel.until, sel.generation, sel.prefix]
        if sel.set is not None:
            sql += " AND EXISTS (SELECT 1 FROM record_sets s WHERE s.spec = ? AND s.record = r.id)"
            args.append(sel.set)
        return sql, args

    def count(self, sel: Selection) -> int:
        where, args = self._where(sel)
        (n,) = self.conn.execute(f"SELECT count(*) FROM records r WHERE {where}", args).fetchone()
        return n

    def records(
        self, sel: Selection, after: tuple[str, str] | None, with_metadata: bool
    ) -> Iterator[tuple[Header, bytes | None]]:
        """The selected records in (datestamp, doc_id) order after `after`, lazily."""
        where, args = self._where(sel, after)
        xml = "NULL"
        if with_metadata:
            xml = "(SELECT m.xml FROM metadata m WHERE m.record = r.id AND m.prefix = ?)"
            args.insert(0, sel.prefix)
        cursor = self.conn.execute(
            f"SELECT r.doc_id, r.datestamp, r.deleted, r.sets, {xml} FROM records r "
            f"WHERE {where} ORDER BY r.datestamp, r.doc_id",
            args,
        )
        for row in cursor:
            yield _header(row[:4]), row[4]

    # -- writing ---------------------------------------------------------------------------

    def publish(
        self,
        documents: Iterable[Document],
        withdraw: Sequence[str] = (),
        identity: Identity = Identity(),
        now: datetime | None = None,
        *,
        expect: str | None = None,
    ) -> Changes:
        """Store the documents and withdraw the records named, all in one transaction.

        `expect` is the repository id the documents were prepared for (their identifiers are
        in their Dublin Core): a store made meanwhile as another repository is refused."""
        changes = Changes(self.path)
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            repo = self._identify(identity)
            if expect is not None and repo.identifier != expect:
                raise InputError(
                    f"the store was made meanwhile by another publish, as repository "
                    f'"{repo.identifier}": publish again',
                    self.path,
                    rule="publish/changed",
                )
            generation = repo.generation + 1
            (latest,) = self.conn.execute("SELECT max(datestamp) FROM records").fetchone()
            # datestamps never go backwards, whatever the clock does
            stamp = max(utc_datestamp(now), latest or "")
            seen: set[str] = set()
            for chunk in _chunks(documents, _CHUNK):
                self._store(chunk, stamp, generation, changes, seen)
            for name in withdraw:
                self._withdraw(name, repo, stamp, generation, changes, seen)
            if changes.added or changes.updated or changes.withdrawn:
                # the datestamp is the moment of the commit, not of the start: a harvest
                # that began while a long publish ran must find its records after it
                final = max(utc_datestamp(now), latest or "")
                if final != stamp:
                    self.conn.execute(
                        "UPDATE records SET datestamp = ? WHERE generation = ?",
                        (final, generation),
                    )
                changes.datestamp = final
                self._set_meta({"generation": str(generation)})
            changes.repository = self.repository()
            self.conn.execute("COMMIT")
        except BaseException:
            # SQLite may have rolled back already (a full disk does): the real error is what
            # the user must hear, not that there was nothing left to roll back
            if self.conn.in_transaction:
                try:
                    self.conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
            raise
        return changes

    def repository_for(self, identity: Identity) -> Repository:
        """The repository, refusing a --repository-id other than its own: identifiers stay."""
        identity.check(self.path)
        repo = self.repository()
        if identity.repository_id and identity.repository_id != repo.identifier:
            raise UsageError(
                f'this store is repository "{repo.identifier}": its identifiers cannot change '
                f'to "{identity.repository_id}" (publish into a new --db instead)',
                self.path,
                rule="publish/repository-id",
            )
        return repo

    def _identify(self, identity: Identity) -> Repository:
        repo = self.repository_for(identity)
        updates = {"repository_name": identity.name, "admin_email": identity.admin_email}
        self._set_meta({k: v for k, v in updates.items() if v})
        return repo

    def _set_meta(self, values: dict[str, str]) -> None:
        self.conn.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            values.items(),
        )

    def _store(
        self,
        docs: list[Document],
        stamp: str,
        generation: int,
        changes: Changes,
        seen: set[str],
    ) -> None:
        for doc in docs:
            if doc.doc_id in seen:
                raise UsageError(
                    f'two documents have the id "{doc.doc_id}" (the file name without .xml)',
                    doc.file,
                    rule="publish/duplicate-id",
                )
            seen.add(doc.doc_id)
        marks = ",".join("?" * len(docs))
        before = {
            doc_id: (digest, deleted)
            for doc_id, digest, deleted in self.conn.execute(
                f"SELECT doc_id, digest, deleted FROM records WHERE doc_id IN ({marks})",
                [d.doc_id for d in docs],
            )
        }
        todo = []
        for doc in docs:
            old = before.get(doc.doc_id)
            if old is not None and old == (doc.digest, 0):
                changes.unchanged.append(doc.doc_id)
                continue
            (changes.added if old is None else changes.updated).append(doc.doc_id)
            todo.append(doc)
        if not todo:
            return
        self.conn.executemany(
            "INSERT INTO records (doc_id, datestamp, generation, deleted, digest, sets) "
            "VALUES (?, ?, ?, 0, ?, ?) ON CONFLICT (doc_id) DO UPDATE SET "
            "datestamp = excluded.datestamp, generation = excluded.generation, deleted = 0, "
            "digest = excluded.digest, sets = excluded.sets",
            [
                (d.doc_id, stamp, generation, d.digest, " ".join(s.spec for s in d.sets))
                for d in todo
            ],
        )
        marks = ",".join("?" * len(todo))
        ids = dict(
            self.conn.execute(
                f"SELECT doc_id, id FROM records WHERE doc_id IN ({marks})",
                [d.doc_id for d in todo],
            )
        )
        keys = [(ids[d.doc_id],) for d in todo if d.doc_id in before]
        for table in ("metadata", "sources", "record_sets"):
            self.conn.executemany(f"DELETE FROM {table} WHERE record = ?", keys)
        self.conn.executemany(
            "INSERT INTO metadata (record, prefix, xml) VALUES (?, ?, ?)",
            [(ids[d.doc_id], p, xml) for d in todo for p, xml in d.metadata.items()],
        )
        self.conn.executemany(
            "INSERT INTO sources (record, data) VALUES (?, ?)",
            [(ids[d.doc_id], d.source) for d in todo],
        )
        self.conn.executemany(
            "INSERT INTO sets (spec, name) VALUES (?, ?) "
            "ON CONFLICT (spec) DO UPDATE SET name = excluded.name",
            {(s.spec, s.name) for d in todo for s in d.sets},
        )
        self.conn.executemany(
            "INSERT INTO record_sets (spec, record) VALUES (?, ?)",
            [(s.spec, ids[d.doc_id]) for d in todo for s in d.sets],
        )

    def _withdraw(
        self,
        name: str,
        repo: Repository,
        stamp: str,
        generation: int,
        changes: Changes,
        published: set[str],
    ) -> None:
        doc_id = repo.doc_id(name) or name
        row = self.conn.execute(
            "SELECT id, deleted FROM records WHERE doc_id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            raise UsageError(
                f'no record "{name}" to withdraw', self.path, rule="publish/unknown-record"
            )
        record, deleted = row
        if doc_id in published:
            raise UsageError(
                f'"{name}" is both published and withdrawn', self.path, rule="publish/conflict"
            )
        if deleted:
            changes.unchanged.append(doc_id)
            return
        # the record keeps its sets, so a harvest of a set hears of the deletion
        self.conn.execute(
            "UPDATE records SET deleted = 1, digest = NULL, datestamp = ?, generation = ? "
            "WHERE id = ?",
            (stamp, generation, record),
        )
        self.conn.execute("DELETE FROM metadata WHERE record = ?", (record,))
        self.conn.execute("DELETE FROM sources WHERE record = ?", (record,))
        changes.withdrawn.append(doc_id)


def _header(row: Sequence) -> Header:
    doc_id, datestamp, deleted, sets = row
    return Header(doc_id, datestamp, bool(deleted), tuple(sets.split()))


def create(path: str, identity: Identity = Identity(), now: datetime | None = None) -> None:
    """Make an empty store at `path` (an empty file or none) for the repository named."""
    identity.check(path)
    repository_id = identity.repository_id or DEFAULT_REPOSITORY_ID
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")  # readers go on while a publish writes
        conn.executescript(SCHEMA)
        conn.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?)",
            [
                ("format", STORE_FORMAT),
                ("repository_id", repository_id),
                ("repository_name", identity.name or "teitools editions"),
                ("admin_email", identity.admin_email or f"editors@{repository_id}"),
                ("created", utc_datestamp(now)),
                ("store_id", secrets.token_hex(6)),
                ("generation", "0"),
            ],
        )
    finally:
        conn.close()


def publish(
    path: str | os.PathLike[str],
    documents: Iterable[Document],
    withdraw: Sequence[str] = (),
    identity: Identity = Identity(),
    now: datetime | None = None,
    *,
    expect: str | None = None,
) -> Changes:
    """Publish into the store at `path`, creating it if need be: all of it, or nothing.

    Publishes into one store take turns (a lock file beside it), so none is lost. A new store
    is built in a temporary file beside `path` and renamed into place, so a failure or a kill
    leaves no store rather than half of one; the next publish removes what a killed one left.
    `expect`: the repository id the documents were prepared for (see `Store.publish`).
    """
    target = Path(path)
    parent = target.parent
    if not parent.is_dir():
        reason = "is a file, not a folder" if parent.exists() else "does not exist"
        raise InputError(f"cannot write: its folder {reason}", str(target), rule="io/write")
    try:
        with _locked(target):
            _remove_leftovers(target)
            if target.exists():
                with Store(target, readonly=False) as store:
                    return store.publish(documents, withdraw, identity, now, expect=expect)
            if withdraw:
                raise InputError("no such record store", str(target), rule="io/missing")
            return _publish_new(target, documents, identity, now, expect)
    except sqlite3.Error as e:
        raise InputError(f"cannot write the store: {e}", str(target), rule="io/write") from None
    except OSError as e:
        reason = e.strerror or str(e)
        raise InputError(
            f"cannot write the store: {reason}", str(target), rule="io/write"
        ) from None


def _publish_new(
    target: Path,
    documents: Iterable[Document],
    identity: Identity,
    now: datetime | None,
    expect: str | None,
) -> Changes:
    """The first publish: a store built beside `target`, wholly in its main file, renamed."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # a temporary file is private; the store is not
        create(tmp, identity, now)
        with Store(tmp, readonly=False) as store:
            changes = store.publish(documents, (), identity, now, expect=expect)
            # the main file is renamed alone: everything must be in it, none in the WAL
            busy, _, _ = store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            if busy:
                raise sqlite3.OperationalError("the new store could not be checkpointed")
        os.replace(tmp, target)
        _sync_folder(target.parent)
    finally:
        for leftover in (tmp, *(tmp + s for s in _SIDE_FILES)):
            Path(leftover).unlink(missing_ok=True)
    changes.store = str(target)
    return changes


_SIDE_FILES = ("-wal", "-shm", "-journal")


def _lock_path(target: Path) -> Path:
    return target.parent / f".{target.name}.lock"


@contextmanager
def _locked(target: Path) -> Iterator[None]:
    """Hold the writer lock of the store at `target` for the length of a `with` block.

    The lock is a file beside the store, removed on release while still held; a publish that
    locked a file since removed tries again (the inode check), so two never hold it at once.
    The lock goes with the process: a killed publish holds nothing."""
    lock = _lock_path(target)
    deadline = time.monotonic() + _LOCK_WAIT
    pause = 0.01
    while True:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise InputError(
                            f"another publish into this store has not finished in "
                            f"{_LOCK_WAIT / 60:.0f} minutes (its lock: {lock.name})",
                            str(target),
                            rule="publish/busy",
                        ) from None
                    time.sleep(pause)
                    pause = min(pause * 2, 0.2)
            held = os.fstat(fd)
            try:
                now = os.stat(lock)
            except FileNotFoundError:
                now = None
        except BaseException:
            os.close(fd)
            raise
        if now is not None and (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino):
            break
        os.close(fd)
    try:
        yield
    finally:
        try:
            os.unlink(lock)
        except OSError:
            pass
        os.close(fd)


def _remove_leftovers(target: Path) -> None:
    """Remove the temporary stores of earlier publishes that were killed: with the lock held,
    no other publish into this store is running, so any there is is a leftover."""
    pattern = re.compile(rf"\.{re.escape(target.name)}\.[a-z0-9_]{{8}}\.tmp(?:-wal|-shm|-journal)?")
    try:
        names = os.listdir(target.parent)
    except OSError:
        return
    for name in names:
        if pattern.fullmatch(name):
            try:
                os.unlink(target.parent / name)
            except OSError:  # not ours to remove: it does no harm where it is
                pass


def _sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (where the system allows opening a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as e:
        if e.errno not in (errno.EINVAL, errno.EBADF):
            raise
    finally:
        os.close(fd)
