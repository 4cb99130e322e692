"""publish under stress: writers at once, a full disk, a folder it cannot write, a kill -9 at
any moment, hostile documents. Every record reported is stored, the old store survives
whatever happens, and nothing is read from outside the document or fetched from the network."""

from __future__ import annotations

import errno
import os
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from teitools.publish.command import publish_command

from .conftest import ROOT, assert_clean_failure
from .hostile import entity_bomb, external_entity, leaks, out_of_band, remote_doctype

TEI_NS = "http://www.tei-c.org/ns/1.0"


def valid_tei(doc_id: str, text: str = "Text.") -> str:
    """A small document that passes the project's checks, so that publish stores it."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="{TEI_NS}" xml:lang="en">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>Document {doc_id}</title></titleStmt>
      <publicationStmt>
        <publisher>teitools</publisher>
        <idno type="teitools">{doc_id}</idno>
        <availability><licence target="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0
        </licence></availability>
      </publicationStmt>
      <sourceDesc><bibl><title>A source</title><date>1957</date></bibl></sourceDesc>
    </fileDesc>
    <encodingDesc><editorialDecl><p>As printed.</p></editorialDecl></encodingDesc>
    <revisionDesc><change when="2026-01-01">Made.</change></revisionDesc>
  </teiHeader>
  <text><body><div><p>{text}</p></div></body></text>
</TEI>
"""


def batch(folder: Path, prefix: str, n: int = 20) -> list[str]:
    """`n` distinct documents in `folder`; their ids."""
    folder.mkdir(parents=True, exist_ok=True)
    ids = [f"{prefix}-{i:02d}" for i in range(n)]
    for doc_id in ids:
        (folder / f"{doc_id}.xml").write_text(valid_tei(doc_id, f"Text of {doc_id}."))
    return ids


def records(db: Path) -> set[str]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return {d for (d,) in conn.execute("SELECT doc_id FROM records WHERE NOT deleted")}
    finally:
        conn.close()


def dump(db: Path) -> str:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def leftovers(folder: Path, db: Path) -> list[str]:
    """What a publish must not leave beside the store: temporary stores, a lock, SQLite's side
    files of a temporary store."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(f".{db.name}."))


def command(*args: object) -> list[str]:
    return [sys.executable, "-m", "teitools", "publish", *map(str, args)]


def publish(*args: object) -> subprocess.CompletedProcess:
    return subprocess.run(command(*args), capture_output=True, text=True, timeout=60, cwd=ROOT)


def invoke(*args: object):
    return CliRunner().invoke(publish_command, [str(a) for a in args])


# -- writers at once -------------------------------------------------------------------------


@pytest.mark.parametrize("writers", [2, 4])
@pytest.mark.parametrize("existing", [False, True], ids=["new-store", "existing-store"])
def test_concurrent_publishes_all_land_and_each_reports_what_it_stored(tmp_path, writers, existing):
    db = tmp_path / "oai.db"
    before: set[str] = set()
    if existing:
        before = set(batch(tmp_path / "old", "old", 5))
        assert publish(tmp_path / "old", "--db", db).returncode == 0
    n = 10 if writers == 4 else 20
    batches = [batch(tmp_path / f"w{w}", f"w{w}", n) for w in range(writers)]
    procs = [
        subprocess.Popen(
            command(tmp_path / f"w{w}", "--db", db),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for w in range(writers)
    ]
    outs = [p.communicate(timeout=60) for p in procs]
    for p, (out, err), ids in zip(procs, outs, batches, strict=True):
        assert p.returncode == 0, err
        assert "Traceback" not in err
        assert f"{n} new, 0 updated, 0 unchanged, 0 withdrawn" in out
        reported = {line.split(":")[-1] for line in out.splitlines() if line.startswith("new")}
        assert reported == set(ids)  # each says what it stored, and only that
    assert records(db) == before | {d for ids in batches for d in ids}
    assert leftovers(tmp_path, db) == []


def test_a_lock_left_by_a_killed_publish_does_not_stop_the_next(tmp_path):
    db = tmp_path / "oai.db"
    (tmp_path / ".oai.db.lock").write_text("")  # nobody holds it: its process is gone
    ids = batch(tmp_path / "tei", "doc", 3)
    result = invoke(tmp_path / "tei", "--db", db)
    assert result.exit_code == 0, result.output
    assert records(db) == set(ids)
    assert leftovers(tmp_path, db) == []


# -- a store that cannot be written ----------------------------------------------------------


def test_a_store_in_a_missing_folder_or_under_a_file_is_one_line(tmp_path):
    batch(tmp_path / "tei", "doc", 2)
    assert_clean_failure(
        invoke(tmp_path / "tei", "--db", tmp_path / "none" / "oai.db"),
        2,
        "oai.db",
        "folder does not exist",
    )
    (tmp_path / "file").write_text("a file")
    assert_clean_failure(
        invoke(tmp_path / "tei", "--db", tmp_path / "file" / "oai.db"),
        2,
        "oai.db",
        "is a file, not a folder",
    )


def test_a_store_in_a_folder_it_may_not_write_is_one_line(tmp_path, monkeypatch):
    batch(tmp_path / "tei", "doc", 2)
    locked = tmp_path / "locked"
    locked.mkdir()
    real_open = os.open

    def refuse(path, *args, **kwargs):  # what a read-only folder does (the tests run as root)
        if Path(os.fsdecode(path)).parent == locked:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    result = invoke(tmp_path / "tei", "--db", locked / "oai.db")
    assert_clean_failure(result, 2, str(locked / "oai.db"), "Permission denied", "[io/write]")
    assert list(locked.iterdir()) == []


@pytest.fixture
def full_disk(monkeypatch):
    """Every SQLite connection opened from now on finds the disk full past `pages` pages (a
    real SQLITE_FULL, which rolls the transaction back itself)."""
    real_connect = sqlite3.connect
    limit = {"pages": 0}

    def connect(*args, **kwargs):
        conn = real_connect(*args, **kwargs)
        if limit["pages"]:
            conn.execute(f"PRAGMA max_page_count = {limit['pages']}")
        return conn

    monkeypatch.setattr(sqlite3, "connect", connect)
    return limit


def test_a_full_disk_says_so_and_leaves_the_store_as_it_was(tmp_path, full_disk):
    db = tmp_path / "oai.db"
    old = batch(tmp_path / "old", "old", 3)
    assert invoke(tmp_path / "old", "--db", db).exit_code == 0
    before = dump(db)
    big = tmp_path / "big"
    batch(big, "big", 3)
    (big / "big-00.xml").write_text(valid_tei("big-00", "Many words. " * 40_000))
    conn = sqlite3.connect(db)
    (pages,) = conn.execute("PRAGMA page_count").fetchone()
    conn.close()
    full_disk["pages"] = pages + 2
    result = invoke(big, "--db", db)
    assert_clean_failure(result, 2, str(db), "database or disk is full", "[io/write]")
    assert "rollback" not in result.output
    full_disk["pages"] = 0
    assert dump(db) == before and records(db) == set(old)


def test_a_full_disk_on_a_first_publish_leaves_nothing(tmp_path, full_disk):
    db = tmp_path / "oai.db"
    folder = tmp_path / "tei"
    batch(folder, "doc", 2)
    (folder / "doc-00.xml").write_text(valid_tei("doc-00", "Many words. " * 40_000))
    full_disk["pages"] = 30
    result = invoke(folder, "--db", db)
    assert_clean_failure(result, 2, str(db), "database or disk is full")
    assert not db.exists() and leftovers(tmp_path, db) == []


def test_no_space_for_the_rename_says_so(tmp_path, monkeypatch):
    db = tmp_path / "oai.db"
    batch(tmp_path / "tei", "doc", 2)

    def no_space(*args):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", no_space)
    result = invoke(tmp_path / "tei", "--db", db)
    assert_clean_failure(result, 2, str(db), "No space left on device")
    assert not db.exists() and leftovers(tmp_path, db) == []


# -- kill -9 ---------------------------------------------------------------------------------


def kill_while_publishing(db: Path, folder: Path, started: str | None, after: float) -> None:
    """Start a publish into `db` and kill -9 it `after` s once a file matching `started`
    appears beside the store (the moment it writes), or after `after` s from its start."""
    proc = subprocess.Popen(
        command(folder, "--db", db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 10
    while started and time.monotonic() < deadline and proc.poll() is None:
        if any(db.parent.glob(started)):
            break
        time.sleep(0.001)
    time.sleep(after)
    proc.kill()
    proc.wait(10)
    assert not survivors(db), "a killed publish left processes behind"


def survivors(db: Path, wait: float = 3.0) -> list[int]:
    """Processes still working on `db` (a killed command's workers), after up to `wait` s."""
    needle = os.fsencode(str(db))
    deadline = time.monotonic() + wait
    while True:
        found = []
        for entry in Path("/proc").iterdir():
            try:
                if entry.name.isdigit() and needle in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def test_a_first_publish_killed_at_any_moment_leaves_no_half_store(tmp_path):
    rng = random.Random(11)
    db = tmp_path / "oai.db"
    ids = batch(tmp_path / "tei", "doc", 20)
    writing = ".oai.db.*.tmp"  # the new store being built beside its place
    moments = [(None, rng.uniform(0.1, 0.5)), (writing, rng.uniform(0, 0.05)), (writing, 0)]
    for started, after in moments:
        kill_while_publishing(db, tmp_path / "tei", started, after)
        assert not db.exists() or records(db) == set(ids)  # none, or all of it
        db.unlink(missing_ok=True)
    assert any(tmp_path.glob(writing))  # the last kill left a temporary store behind
    assert publish(tmp_path / "tei", "--db", db).returncode == 0
    assert records(db) == set(ids)
    assert leftovers(tmp_path, db) == []  # and the next publish removed it


def test_a_publish_killed_at_any_moment_leaves_the_old_store_whole(tmp_path):
    rng = random.Random(7)
    db = tmp_path / "oai.db"
    old = batch(tmp_path / "old", "old", 10)
    assert publish(tmp_path / "old", "--db", db).returncode == 0
    new = batch(tmp_path / "new", "new", 20)
    writing = ".oai.db.lock"  # held from reading the store to the commit
    moments = [(writing, 0), (writing, rng.uniform(0, 0.05)), (None, rng.uniform(0.1, 0.5))]
    for started, after in moments:
        kill_while_publishing(db, tmp_path / "new", started, after)
        found = records(db)  # and its integrity_check says ok
        assert found in (set(old), set(old) | set(new))
    result = publish(tmp_path / "new", "--db", db)
    assert result.returncode == 0, result.stderr
    assert records(db) == set(old) | set(new)
    assert leftovers(tmp_path, db) == []


# -- hostile documents -----------------------------------------------------------------------


def project_valid(doc: Path, text: str = "Text.") -> Path:
    """The hostile document with its prolog kept and a body that passes the project's checks,
    so that only its hostility can stop it."""
    hostile = doc.read_text()
    good = valid_tei(doc.stem, text)
    doc.write_text(hostile[: hostile.index("<TEI ")] + good[good.index("<TEI ") :])
    return doc


@pytest.mark.parametrize("valid", [False, True], ids=["as-made", "project-valid"])
@pytest.mark.parametrize("make", ["out_of_band", "external_entity", "entity_bomb", "remote"])
def test_hostile_documents_never_read_the_secret_nor_reach_the_network(
    tmp_path, listener, secret, make, valid
):
    path, token = secret
    folder = tmp_path / "tei"
    folder.mkdir()
    doc = {
        "out_of_band": lambda: out_of_band(folder, path, listener),
        "external_entity": lambda: external_entity(folder, path),
        "entity_bomb": lambda: entity_bomb(folder),
        "remote": lambda: remote_doctype(folder, listener),
    }[make]()
    if valid:
        project_valid(doc, {"external_entity": "&xxe;", "entity_bomb": "&a9;"}.get(make, "T."))
    db = tmp_path / "oai.db"
    result = invoke(doc, "--db", db)
    assert result.exit_code in (0, 1), result.output  # stored, or refused as invalid
    assert "Traceback" not in result.output
    assert leaks(token, result.output) == []
    if make in ("external_entity", "entity_bomb"):
        assert result.exit_code == 1 and not db.exists()  # entities are refused, not expanded
    if db.exists():
        assert leaks(token, db) == []
        stored = dump(db)
        assert "lol" * 100 not in stored
        conn = sqlite3.connect(db)
        (tei,) = conn.execute("SELECT xml FROM metadata WHERE prefix = 'tei'").fetchone()
        conn.close()
        assert b"<!DOCTYPE" not in tei  # what harvesters get names no DTD
