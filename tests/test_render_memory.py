"""Memory a build is bounded by: Saxon's garbage collected as a worker goes (found where the
saxonche release is one it was checked with, run after every COLLECT_AFTER bytes of documents
made, and harmless to what Saxon does next); and the documents' bytes read where their
editions are made, not held by the build for the whole corpus."""

from __future__ import annotations

import tracemalloc
from importlib import metadata
from pathlib import Path

import pytest

from teitools.errors import InputError
from teitools.render import html, xslt

from .conftest import FIXTURES, SHARED, need

MINI = FIXTURES / "render" / "mini.xml"


def test_the_collector_is_found_and_saxon_works_on_after_it() -> None:
    _, node = xslt.load(MINI)
    sheet = xslt.XSLT_DIR / "html" / "edition.xsl"
    before = xslt.transform(sheet, node, {"source-name": "mini.xml"})
    collect = xslt._find_collector()
    if not metadata.version("saxonche").startswith("13."):
        assert collect is None  # not a release it was checked with: nothing is done
        return
    assert collect is not None
    for _ in range(3):
        collect()
    assert xslt.transform(sheet, node, {"source-name": "mini.xml"}) == before


def test_it_runs_after_every_so_many_bytes_made(monkeypatch: pytest.MonkeyPatch) -> None:
    xslt.processor()
    runs: list[int] = []
    monkeypatch.setattr(xslt, "_collector", [lambda: runs.append(1)])
    monkeypatch.setattr(xslt, "_made", [0])
    step = xslt.COLLECT_AFTER
    xslt.made(step // 2)
    assert runs == []
    xslt.made(step // 2)
    assert runs == [1]
    xslt.made(step * 3)  # a large document: once, and counting starts again
    assert runs == [1, 1]
    xslt.made(step - 1)
    assert runs == [1, 1]


# --- a build holds one document's bytes at a time, not the corpus's ----------------------


def plays(n: int) -> list:
    folder = need(SHARED / "corpora" / "fredracor-300")
    return sorted(folder.glob("*.xml"))[:n]


def test_the_build_does_not_hold_the_corpus(tmp_path: Path, monkeypatch) -> None:
    """Built in a pool, the documents are read where their editions are made: the build's
    own process reads each once for its digest and keeps none (its Python allocations stay
    far below the corpus's size, where holding the documents would exceed it)."""
    files = plays(60)
    corpus = sum(f.stat().st_size for f in files)
    assert corpus > html.POOL_BYTES  # a pool is used
    monkeypatch.setenv("TEITOOLS_JOBS", "2")
    tracemalloc.start()
    try:
        result = html.build_html(files, tmp_path / "site")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(result.pages) > 60 and (tmp_path / "site" / "index.html").is_file()
    assert peak < corpus / 2, (peak, corpus)


def test_a_document_changed_during_the_build_is_not_built(tmp_path: Path, monkeypatch) -> None:
    """A file changed between its reading and its edition's making: a clean error naming it,
    and no site made of two versions of it."""
    folder = tmp_path / "tei"
    folder.mkdir()
    for f in plays(3):
        (folder / f.name).write_bytes(f.read_bytes())
    victim = sorted(folder.glob("*.xml"))[1]
    real = html.project_of
    changed: list[Path] = []

    def change_once(path):  # called once the build has read every document for its digest
        if not changed:
            victim.write_bytes(victim.read_bytes().replace(b"</TEI>", b"<!-- edited --></TEI>"))
            changed.append(victim)
        return real(path)

    monkeypatch.setattr(html, "project_of", change_once)
    with pytest.raises(InputError) as caught:
        html.build_html([folder], tmp_path / "site")
    assert caught.value.problem.rule == "build/changed"
    assert caught.value.problem.file == str(victim)
    assert not (tmp_path / "site").exists()
