"""The record store: only what validates goes in, a batch goes in whole or not at all,
datestamps move only with the content, withdrawn records stay as deleted."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

import teitools.publish as pub
from teitools.errors import InputError, UsageError
from teitools.publish import Identity, Refused, publish
from teitools.publish import store as store_module
from teitools.publish.command import publish_command
from teitools.publish.store import Store

from .conftest import ROOT

EDITIONS = ("secret-report", "slavic-review-1967", "wolfe-commentary")
T0 = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
T1 = T0 + timedelta(days=1)


@pytest.fixture
def folder(tmp_path) -> Path:
    out = tmp_path / "tei"
    out.mkdir()
    for name in EDITIONS:
        shutil.copy(ROOT / "tei" / f"{name}.xml", out)
    return out


@pytest.fixture
def db(tmp_path, folder) -> Path:
    path = tmp_path / "oai.db"
    publish([folder], path, Identity("editions.example.org"), now=T0)
    return path


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in a file (bytes, so that no locale is involved)."""
    data = path.read_bytes()
    assert old.encode() in data, old
    path.write_bytes(data.replace(old.encode(), new.encode(), 1))


def dump(path: Path) -> str:
    """Everything in a store, as SQL: equal dumps, equal stores."""
    conn = sqlite3.connect(path)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def headers(path: Path) -> dict[str, tuple[str, bool]]:
    with Store(path) as store, store.reading():
        return {
            d: (h.datestamp, h.deleted)
            for d in EDITIONS + ("extra",)
            if (h := store.header(d)) is not None
        }


def test_an_invalid_document_is_refused_with_its_messages_and_nothing_changes(db, folder):
    before = dump(db)
    report = folder / "secret-report.xml"
    edit(report, 'wit="#SD #Q"', 'wit="#XX"')
    edit(folder / "wolfe-commentary.xml", "Wolfe", "W.")
    result = CliRunner().invoke(publish_command, [str(folder), "--db", str(db)])
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert any(
        line.startswith(f"{report}:")
        and "XX" in line
        and "error:" in line
        and "[apparatus/" in line
        for line in lines
    ), lines
    assert (
        lines[-1]
        == f"{db}: error: 1 of 3 documents invalid: nothing was published [publish/invalid]"
    )
    assert "Traceback" not in result.output
    assert dump(db) == before  # not even the valid documents that changed


def test_an_invalid_document_makes_no_store(tmp_path, folder):
    report = folder / "secret-report.xml"
    edit(report, 'wit="#SD #Q"', 'wit="#XX"')
    with pytest.raises(Refused) as e:
        publish([folder], tmp_path / "new.db")
    assert any(p.file == str(report) and p.line for p in e.value.problems)
    assert list(tmp_path.iterdir()) == [folder]


def test_a_publish_that_fails_half_way_leaves_the_store_as_it_was(db, folder, monkeypatch):
    for name in EDITIONS:
        edit(folder / f"{name}.xml", "teitools</publisher>", "editors</publisher>")
    before = dump(db)
    # records written one at a time, the third failing: two are in the transaction by then
    monkeypatch.setattr(store_module, "_CHUNK", 1)
    real, calls = pub.prepare, []

    def failing(*args):
        calls.append(args[0])
        if len(calls) == 3:
            raise RuntimeError("the disk is full")
        return real(*args)

    monkeypatch.setattr(pub, "prepare", failing)
    with pytest.raises(RuntimeError):
        publish([folder], db, now=T1)
    assert len(calls) == 3
    assert dump(db) == before
    # failing after every document was stored: a record to withdraw that is not there
    monkeypatch.setattr(pub, "prepare", real)
    with pytest.raises(UsageError):
        publish([folder], db, withdraw=["nothing"], now=T1)
    assert dump(db) == before
    # and a new store that fails is no store at all
    calls.clear()
    monkeypatch.setattr(pub, "prepare", failing)
    with pytest.raises(RuntimeError):
        publish([folder], folder.parent / "new.db", now=T1)
    assert not list(folder.parent.glob("*new.db*"))
    monkeypatch.setattr(pub, "prepare", real)
    assert publish([folder], db, now=T1).changes.updated == sorted(EDITIONS)


def test_a_file_changed_after_validation_stops_the_publish_cleanly(db, folder, monkeypatch):
    before = dump(db)
    real = pub.validate

    def validate_then_edit(files, *args, **kwargs):
        report = real(files, *args, **kwargs)
        last = Path(files[-1])
        last.write_bytes(last.read_bytes() + b"\n<!-- edited meanwhile, a little longer -->\n")
        return report

    monkeypatch.setattr(pub, "validate", validate_then_edit)
    result = CliRunner().invoke(publish_command, [str(folder), "--db", str(db)])
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"{folder / 'wolfe-commentary.xml'}: error: changed while it was being published: "
        "publish again [io/changed]"
    )
    assert dump(db) == before


def test_datestamps_move_only_when_the_content_does(db, folder):
    first = headers(db)
    assert set(first.values()) == {("2026-01-01T12:00:00Z", False)}
    changes = publish([folder], db, now=T1).changes
    assert changes.unchanged == sorted(EDITIONS) and not changes.added + changes.updated
    assert headers(db) == first
    # the same document written differently (attribute quotes, the XML declaration) is the same
    path = folder / "slavic-review-1967.xml"
    original = path.read_bytes()
    edit(path, "<?xml version='1.0' encoding='UTF-8'?>", '<?xml version="1.0"?>')
    edit(path, 'type="main"', "type='main'")
    assert publish([path], db, now=T1).changes.unchanged == ["slavic-review-1967"]
    # a real change moves its datestamp, and only its own
    path.write_bytes(original)
    edit(path, "Slavic Review</title>", "Slavic Review (Seattle)</title>")
    changes = publish([folder], db, now=T1).changes
    assert changes.updated == ["slavic-review-1967"]
    after = headers(db)
    assert after["slavic-review-1967"] == ("2026-01-02T12:00:00Z", False)
    assert after["secret-report"] == first["secret-report"]


def test_datestamps_never_go_backwards(db, folder):
    path = folder / "secret-report.xml"
    edit(path, "teitools</publisher>", "editors</publisher>")
    changes = publish([path], db, now=T0 - timedelta(days=30)).changes
    assert changes.datestamp == "2026-01-01T12:00:00Z"


def test_withdrawn_records_are_kept_as_deleted_and_can_come_back(db, folder):
    changes = publish(
        [], db, withdraw=["oai:editions.example.org:wolfe-commentary"], now=T1
    ).changes
    assert changes.withdrawn == ["wolfe-commentary"]
    with Store(db) as store, store.reading():
        header = store.header("wolfe-commentary")
        assert header.deleted and header.datestamp == "2026-01-02T12:00:00Z"
        assert header.sets == (
            "collection",
            "collection:khrushchev-and-stalins-ghost",
            "type",
            "type:commentary",
        )
        assert store.prefixes("wolfe-commentary") == [] and store.source("wolfe-commentary") is None
    # publishing a folder without it does not bring it back, nor withdraw the others
    (folder / "wolfe-commentary.xml").unlink()
    assert publish([folder], db, now=T1).changes.unchanged == [
        "secret-report",
        "slavic-review-1967",
    ]
    assert headers(db)["wolfe-commentary"] == ("2026-01-02T12:00:00Z", True)
    # withdrawing it again changes nothing
    assert publish([], db, withdraw=["wolfe-commentary"]).changes.unchanged == ["wolfe-commentary"]
    shutil.copy(ROOT / "tei" / "wolfe-commentary.xml", folder)
    later = T1 + timedelta(hours=1)
    assert publish([folder], db, now=later).changes.updated == ["wolfe-commentary"]
    assert headers(db)["wolfe-commentary"] == ("2026-01-02T13:00:00Z", False)


def test_withdrawing_what_is_not_there_or_is_published_too_is_refused(db, folder):
    before = dump(db)
    with pytest.raises(UsageError, match='no record "nothing"'):
        publish([], db, withdraw=["secret-report", "nothing"], now=T1)
    with pytest.raises(UsageError, match="both published and withdrawn"):
        publish([folder], db, withdraw=["secret-report"], now=T1)
    assert dump(db) == before


def test_the_repository_id_is_fixed_when_the_store_is_made(db, folder):
    with pytest.raises(UsageError, match="identifiers cannot change"):
        publish([folder], db, Identity("other.example.org"))
    changes = publish(
        [folder], db, Identity(name="Wolfe editions", admin_email="ed@example.org")
    ).changes
    assert changes.repository.identifier == "editions.example.org"
    assert changes.repository.name == "Wolfe editions"
    assert changes.repository.admin_email == "ed@example.org"
    with pytest.raises(UsageError, match="not an e-mail address"):
        publish([folder], db, Identity(admin_email="nobody"))


def test_document_ids_must_be_unique_and_fit_an_identifier(tmp_path, folder):
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(folder / "secret-report.xml", other)
    with pytest.raises(UsageError, match='two documents would be "secret-report"'):
        publish([folder, other], tmp_path / "x.db")
    shutil.copy(folder / "secret-report.xml", other / "secret report.xml")
    with pytest.raises(UsageError, match="cannot be part of an OAI identifier"):
        publish([other / "secret report.xml"], tmp_path / "x.db")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="no TEI files"):
        publish([empty], tmp_path / "x.db")
    assert not (tmp_path / "x.db").exists()
