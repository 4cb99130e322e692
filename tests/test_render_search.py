"""The site-wide parts of a corpus build made from each edition's own: the search index joined
from the editions' pieces (searched in a real Chromium), and the documents' summaries kept
between builds, so that a rebuild parses only the documents that changed."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from teitools.render import html
from teitools.render.html import SUMMARIES_FILE, build_html, names_in

from .conftest import FIXTURES, assert_same_site

TEI = '<TEI xmlns="http://www.tei-c.org/ns/1.0">'
HEADER = (
    "<teiHeader><fileDesc><titleStmt><title>{title}</title></titleStmt>"
    "<publicationStmt><p>Test.</p></publicationStmt><sourceDesc><p>Made here.</p></sourceDesc>"
    "</fileDesc></teiHeader>"
)


def document(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs) or "<p/>"
    return f"{TEI}{HEADER.format(title=title)}<text><body><div>{body}</div></body></text></TEI>"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, Path]:
    """Three editions: one with no passage at all, first; one of 620 paragraphs (two pieces
    of passages), "zebra" in the 550th; one whose file name has a space and an accent,
    "zebra" in its second paragraph. Built once."""
    root = tmp_path_factory.mktemp("search")
    src = root / "tei"
    src.mkdir()
    (src / "a-empty.xml").write_text(document("Nothing", []), encoding="utf-8")
    long = [f"Paragraph number {n} of the long text." for n in range(1, 621)]
    long[549] = "Here a zebra crosses the long text."
    (src / "b-long.xml").write_text(document("Long", long), encoding="utf-8")
    short = ["A first paragraph.", "A zebra again, and a lion."]
    (src / "c short é.xml").write_text(document("Short", short), encoding="utf-8")
    out = root / "site"
    build_html([src], out)
    return src, out


def head(site: Path) -> dict:
    script = (site / "assets" / "search-index.js").read_text(encoding="utf-8")
    return json.loads(script.split("=", 1)[1].strip().removesuffix(";"))


def test_each_edition_has_its_own_passage_pieces(corpus) -> None:
    _, site = corpus
    h = head(site)
    assert h["editions"] == [["a-empty", 0], ["b-long", 620], ["c short é", 2]]
    assert h["count"] == 622
    pieces = sorted(p.name for p in (site / "assets" / "search").glob("p-*.js"))
    assert pieces == ["p-b-long-0.js", "p-b-long-1.js", "p-c short é-0.js"]
    words = (site / "assets" / "search" / "w-ze.js").read_text(encoding="ascii")
    # "zebra": passage 549 of edition 1 and passage 1 of edition 2
    assert words == 'teitoolsSearchWords("ze",[[1,{"zebra":[549]}],[2,{"zebra":[1]}]]);\n'


def test_the_search_finds_passages_in_every_edition(browser, corpus) -> None:
    """Passages numbered through the site: the hit in the second piece of the second edition
    and the one in an edition named with a space and an accent both lead to their place."""
    _, site = corpus
    with searched(browser, site, "zebra") as (pg, loaded):
        results = pg.locator("#search-results li")
        assert results.count() == 2
        hrefs = [results.nth(i).locator("a").get_attribute("href") for i in range(2)]
        assert hrefs[0] == "b-long.html#para-550"
        assert re.fullmatch(r"c(%20| )short(%20| )(%C3%A9|é)\.html#para-2", hrefs[1]), hrefs[1]
        assert "zebra" in results.nth(1).inner_text() and "lion" in results.nth(1).inner_text()
        names = sorted(u.rsplit("/", 1)[1] for u in loaded)
        assert names == ["p-b-long-1.js", "p-c%20short%20%C3%A9-0.js", "w-ze.js"]


@contextmanager
def searched(browser, site: Path, query: str) -> Iterator[tuple]:
    """The site's search page in Chromium, asked `query`, once its results are shown: the
    page, and the search files it loaded; no error on the page or its console."""
    ctx = browser.new_context()
    try:
        pg = ctx.new_page()
        errors: list[str] = []
        loaded: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.on("console", lambda m: m.type == "error" and errors.append(m.text))
        pg.on("request", lambda r: "/assets/search/" in r.url and loaded.append(r.url))
        pg.goto((site / "search.html").as_uri() + "?q=" + query)
        pg.locator("#search-results li").first.wait_for()
        yield pg, loaded
        assert errors == []
    finally:
        ctx.close()


def test_a_rebuild_keeps_the_pieces_of_unchanged_editions(corpus, tmp_path: Path) -> None:
    src, built = corpus
    work = tmp_path / "tei"
    shutil.copytree(src, work)
    out = tmp_path / "site"
    build_html([work], out)
    piece = out / "assets" / "search" / "p-b-long-1.js"
    before = piece.stat().st_ino
    short = work / "c short é.xml"
    short.write_text(
        short.read_text(encoding="utf-8").replace("a lion", "a lion and a zebu"), "utf-8"
    )
    result = build_html([work], out)
    assert sorted(result.reused) == ["a-empty.xml", "b-long.xml"]
    assert piece.stat().st_ino == before  # kept (linked), not written again
    assert '"zebu":[1]' in (out / "assets" / "search" / "w-ze.js").read_text(encoding="ascii")
    fresh = tmp_path / "fresh"
    build_html([work], fresh)
    assert_same_site(out, fresh)


def test_a_rebuild_parses_only_the_documents_that_changed(
    corpus, tmp_path: Path, monkeypatch
) -> None:
    src, _ = corpus
    work = tmp_path / "tei"
    shutil.copytree(src, work)
    out = tmp_path / "site"
    build_html([work], out)
    parsed: list[str] = []
    real = html.load

    def counting(path, data=None):
        parsed.append(Path(path).name)
        return real(path, data)

    monkeypatch.setattr(html, "load", counting)
    long = work / "b-long.xml"
    long.write_text(long.read_text(encoding="utf-8").replace("zebra", "zebu"), "utf-8")
    build_html([work], out)
    # summarized, then made: never the two documents that did not change
    assert parsed == ["b-long.xml", "b-long.xml"]
    assert "zebu" in (out / "b-long.html").read_text(encoding="utf-8")


def test_summaries_another_code_made_are_not_used(corpus, tmp_path: Path, monkeypatch) -> None:
    """A summaries file from other code, or damaged, is read as none: every document is
    summarized again, and the site is the same as a build from nothing."""
    src, _ = corpus
    out = tmp_path / "site"
    build_html([src], out)
    kept = json.loads((out / SUMMARIES_FILE).read_text(encoding="utf-8"))
    assert len(kept["documents"]) == 3
    for doc in kept["documents"].values():  # what another version might have recorded
        doc["witnesses"] = ["X"]
    kept["key"] = "another code"
    (out / SUMMARIES_FILE).write_text(json.dumps(kept), encoding="utf-8")
    parsed: list[str] = []
    real = html.load
    monkeypatch.setattr(html, "load", lambda p, d=None: parsed.append(p.name) or real(p, d))
    build_html([src], out, force=True)
    assert sorted(parsed) == ["a-empty.xml", "b-long.xml", "c short é.xml"]
    again = json.loads((out / SUMMARIES_FILE).read_text(encoding="utf-8"))["documents"]
    assert [doc["witnesses"] for doc in again.values()] == [[], [], []]
    (out / SUMMARIES_FILE).write_text("{not json", encoding="utf-8")
    build_html([src], out, force=True)
    kept = json.loads((out / SUMMARIES_FILE).read_text(encoding="utf-8"))
    for doc in kept["documents"].values():  # this code's key, but records it cannot read
        doc["metadata"] = "<metadata"
    next(iter(kept["documents"].values()))["witnesses"] = None
    (out / SUMMARIES_FILE).write_text(json.dumps(kept), encoding="utf-8")
    build_html([src], out, force=True)
    fresh = tmp_path / "fresh"
    build_html([src], fresh)
    assert_same_site(out, fresh)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (b'<ref target="other.xml#p3"/>', ("other.xml",)),
        (b'corresp="a.xml#x b.xml#y a.xml#z"', ("a.xml", "b.xml")),
        (b'target="../up/other.xml#p3"', ("other.xml",)),  # the name, not its folder
        (b'target="#local"', ()),
        (b'target="other.xml"', ()),  # no pointer into it
        (b'target=".xml#x"', ()),  # no name
        (b"x.xml#a y.xml#b", ("x.xml", "y.xml")),
        (b'<a href="n\xc3\xa9.xml#1"/>', ("n\u00e9.xml",)),
    ],
)
def test_the_documents_a_document_points_into(text: bytes, names: tuple[str, ...]) -> None:
    assert names_in(text) == names


def test_what_could_not_be_attached_is_said_at_every_build_once(tmp_path: Path, capsys) -> None:
    """An entry that cannot be attached to its text is said once per build, at its line,
    also when its edition is kept from the last build (never lost, never said twice)."""
    src = tmp_path / "tei"
    src.mkdir()
    shutil.copy(FIXTURES / "apparatus" / "attach-dep-faults.xml", src)
    (src / "other.xml").write_text(document("Other", ["A text."]), encoding="utf-8")
    out = tmp_path / "site"
    capsys.readouterr()

    def said() -> list[str]:
        return [
            line for line in capsys.readouterr().err.splitlines() if "[apparatus/unlocated]" in line
        ]

    build_html([src], out)
    first = said()
    assert first and all(line.startswith(str(src / "attach-dep-faults.xml")) for line in first)
    assert len(first) == len(set(first))  # each once
    other = src / "other.xml"
    other.write_text(document("Other", ["Another text."]), encoding="utf-8")
    result = build_html([src], out)
    assert "attach-dep-faults.xml" in result.reused
    assert said() == first


def test_the_passages_made_with_the_page_are_never_written(corpus, tmp_path: Path) -> None:
    """The base page's transform gives the edition's passages as a result document kept in
    memory: nothing is written where it says it is, nor in the site; in one process, edition
    after edition, each gets its own."""
    from teitools.render import xslt

    src, built = corpus
    assert not Path("/teitools-parts").exists()
    assert not list(built.rglob("search.json"))
    again = tmp_path / "again"
    build_html([src], again)  # a second build in this process, the same stylesheets
    assert_same_site(built, again)
    assert xslt.PARTS_URI.startswith("file:///") and not Path("/teitools-parts").exists()


@pytest.fixture(scope="module")
def split_site(tmp_path_factory) -> Path:
    """A site whose every word piece is too large (SPLIT_OVER 0): all are made by the words'
    third letter. Words of one, two and three letters and more, with accents."""
    from teitools.render import search

    root = tmp_path_factory.mktemp("split")
    src = root / "tei"
    src.mkdir()
    texts = ["Une zèbre de ze à é, λόγος.", "Le zébu et le zèle.", "Des zebras, de zone en zone."]
    (src / "d.xml").write_text(document("Split", texts), encoding="utf-8")
    before = search.SPLIT_OVER
    search.SPLIT_OVER = 0
    try:
        build_html([src], root / "site")
    finally:
        search.SPLIT_OVER = before
    return root / "site"


def test_large_word_pieces_are_split_by_the_third_letter(split_site: Path) -> None:
    words = head(split_site)["words"]
    assert "ze" not in words and {"ze-b", "ze-l", "ze-", "zo-n"} <= set(words)
    assert "u3bbu3bf-u3b3" in words  # λόγος: its first two letters, then its third
    assert all(name.count("-") == 1 for name in words)
    piece = (split_site / "assets" / "search" / "w-ze-b.js").read_text(encoding="ascii")
    assert piece == 'teitoolsSearchWords("ze-b",[[0,{"zebras":[2],"zebre":[0],"zebu":[1]}]]);\n'


@pytest.mark.parametrize(
    ("query", "places", "pieces"),
    [
        ("zebu", ["#para-2"], ["w-ze-b.js"]),
        ("zèbre", ["#para-1"], ["w-ze-b.js"]),
        ("zon", ["#para-3"], ["w-zo-n.js"]),
        ("ze", ["#para-1", "#para-2", "#para-3"], ["w-ze-.js", "w-ze-b.js", "w-ze-l.js"]),
        (
            "z",
            ["#para-1", "#para-2", "#para-3"],
            ["w-ze-.js", "w-ze-b.js", "w-ze-l.js", "w-zo-n.js"],
        ),
        ("λόγος", ["#para-1"], ["w-u3bbu3bf-u3b3.js"]),
        ("λ", ["#para-1"], ["w-u3bbu3bf-u3b3.js"]),
        ("é", ["#para-1", "#para-2", "#para-3"], ["w-e-.js", "w-en-.js", "w-et-.js"]),  # é is e
    ],
)
def test_split_pieces_are_searched(browser, split_site, query, places, pieces) -> None:
    with searched(browser, split_site, query) as (pg, loaded):
        results = pg.locator("#search-results li")
        hrefs = [results.nth(i).locator("a").get_attribute("href") for i in range(results.count())]
        assert sorted(h.split("#")[1] for h in hrefs) == [p[1:] for p in places], hrefs
        said = pg.locator("#search-status").inner_text()
        found = f"{len(places)} passage{'s' if len(places) > 1 else ''} found for"
        assert said.startswith(found), said
        words = sorted(u.rsplit("/", 1)[1] for u in loaded if "/search/w-" in u)
        assert words == pieces
