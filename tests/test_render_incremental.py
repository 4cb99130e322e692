"""Incremental HTML builds: an edition is made again only when what its pages are made of
changed (its document, a document it points into or that points into it, the stylesheets,
the code, the settings, the site's layout); the site is always the one a full build gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from teitools.render.html import UNITS_FILE, build_html

from .conftest import FIXTURES, assert_same_site

MODEL = FIXTURES / "apparatus"
NAMES = ["model-conjecture", "model-hands", "model-lacunae", "model-varseq"]


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path]:
    """A project of four editions with a labels file, built once."""
    src = tmp_path / "tei"
    src.mkdir()
    for n in NAMES:
        shutil.copy(MODEL / f"{n}.xml", src / f"{n}.xml")
    (tmp_path / "labels.xml").write_text(
        '<labels xmlns="urn:teitools:labels"><label key="reading.omitted" xml:lang="en">'
        "om.</label></labels>",
        encoding="utf-8",
    )
    (tmp_path / "teitools.toml").write_text('name = "P"\nlabels = "labels.xml"\n')
    out = tmp_path / "site"
    first = build_html([src], out)
    assert first.reused == []
    return src, out


def inodes(out: Path) -> dict[str, int]:
    return {p.name: p.stat().st_ino for p in out.glob("*.html")}


def same_as_a_full_build(src: Path, out: Path, tmp_path: Path) -> None:
    """Every file of the incremental site is the one a build from nothing makes."""
    full = tmp_path / "full"
    build_html([src], full)
    assert_same_site(out, full)


def test_a_changed_document_alone_is_made_again(project, tmp_path: Path) -> None:
    src, out = project
    before = inodes(out)
    doc = src / "model-lacunae.xml"
    doc.write_text(doc.read_text(encoding="utf-8").replace("Eleven", "Undecim"), "utf-8")
    result = build_html([src], out)
    assert sorted(result.reused) == ["model-conjecture.xml", "model-hands.xml", "model-varseq.xml"]
    after = inodes(out)
    assert after["model-hands.html"] == before["model-hands.html"]  # kept, not written
    assert after["model-lacunae.html"] != before["model-lacunae.html"]
    assert "Undecim" in (out / "model-lacunae.html").read_text(encoding="utf-8")
    assert "Undecim" in (out / "downloads" / "model-lacunae.A.txt").read_text(encoding="utf-8")
    same_as_a_full_build(src, out, tmp_path)
    assert build_html([src], out).up_to_date  # and then nothing to do


def test_what_every_page_uses_changed_makes_everything_again(project, tmp_path) -> None:
    src, out = project
    (tmp_path / "labels.xml").write_text(
        '<labels xmlns="urn:teitools:labels"><label key="reading.omitted" xml:lang="en">'
        "omittit</label></labels>",
        encoding="utf-8",
    )
    result = build_html([src], out)
    assert result.reused == []
    assert "omittit" in (out / "model-lacunae.html").read_text(encoding="utf-8")
    same_as_a_full_build(src, out, tmp_path)


def test_a_removed_document_leaves_no_page(project, tmp_path: Path) -> None:
    src, out = project
    (src / "model-varseq.xml").unlink()
    result = build_html([src], out)
    assert not list(out.glob("model-varseq*"))
    assert not list((out / "downloads").glob("model-varseq*"))
    assert "model-varseq" not in (out / "index.html").read_text(encoding="utf-8")
    # the site's layout (its index, every page's list of editions) changed: all made again
    assert result.reused == []
    same_as_a_full_build(src, out, tmp_path)


def test_a_renamed_document_is_made_under_its_new_name(project, tmp_path: Path) -> None:
    src, out = project
    (src / "model-hands.xml").rename(src / "hands.xml")
    build_html([src], out)
    assert (out / "hands.html").is_file() and not (out / "model-hands.html").exists()
    same_as_a_full_build(src, out, tmp_path)


def test_a_damaged_record_of_the_last_build_makes_everything_again(project, tmp_path) -> None:
    src, out = project
    (out / UNITS_FILE).write_text("{not json", encoding="utf-8")
    doc = src / "model-hands.xml"
    doc.write_text(doc.read_text(encoding="utf-8").replace("lucet", "lucent"), "utf-8")
    result = build_html([src], out)
    assert result.reused == []
    same_as_a_full_build(src, out, tmp_path)


def test_each_edition_is_made_with_its_own_documents_only(project, monkeypatch) -> None:
    """The unit of work is an edition: no transform receives the whole corpus, only the
    edition's document and those it depends on (here, none)."""
    from teitools.render import xslt

    src, out = project
    seen: list[int] = []
    real = xslt.transform

    def counting(sheet, source=None, params=None, template=None, parts=None):
        seen.append(len((params or {}).get("documents", ())))
        return real(sheet, source, params, template, parts)

    monkeypatch.setattr(xslt, "transform", counting)
    build_html([src], out.parent / "fresh")
    assert len(seen) > 4 * 3 and max(seen) == 1


def test_a_document_is_made_with_the_documents_it_points_into(tmp_path: Path) -> None:
    from teitools.render.html import load, related

    src = tmp_path / "tei"
    src.mkdir()
    for n in NAMES:
        shutil.copy(MODEL / f"{n}.xml", src / f"{n}.xml")
    hands = src / "model-hands.xml"
    hands.write_text(
        hands.read_text(encoding="utf-8").replace(
            "<p>In <app>", '<p>See <ref target="model-varseq.xml#x">there</ref>. In <app>', 1
        ),
        encoding="utf-8",
    )
    editions = [load(src / f"{n}.xml") for n in NAMES]
    deps = related(editions, [])
    assert deps["model-hands.xml"] == {"model-varseq.xml"}
    assert deps["model-varseq.xml"] == {"model-hands.xml"}  # what points into it, too
    assert deps["model-lacunae.xml"] == set()


def test_editions_made_in_a_pool_are_those_made_here(tmp_path: Path, monkeypatch) -> None:
    """A corpus large enough is made by a pool of processes, each edition with its own
    documents: the site is byte for byte the one a single process makes."""
    import teitools.render.html as html

    src = tmp_path / "tei"
    src.mkdir()
    for n in NAMES:
        shutil.copy(MODEL / f"{n}.xml", src / f"{n}.xml")
    monkeypatch.setenv("TEITOOLS_JOBS", "1")
    build_html([src], tmp_path / "one")
    monkeypatch.setenv("TEITOOLS_JOBS", "2")
    monkeypatch.setattr(html, "POOL_EDITIONS", 2)
    monkeypatch.setattr(html, "POOL_BYTES", 0)
    calls: list[object] = []

    class Counting(html.pool.Workers):
        def __init__(self, jobs, warm=None):
            calls.append(jobs)
            super().__init__(jobs, warm)

        def map(self, fn, work):
            calls.append(fn.__name__)
            return super().map(fn, work)

    monkeypatch.setattr(html.pool, "Workers", Counting)
    build_html([src], tmp_path / "pool")
    # one pool of two, which summarized the documents, then made the editions
    assert calls == [2, "_summarize", "_make_in_worker"]
    assert_same_site(tmp_path / "one", tmp_path / "pool")
