"""The unit a text is cited by (paragraph, verse line, speech…) carried into every output: the
search index points at anchors that exist on their pages, the PDF numbers by the project's
`citation`, an apparatus entry says its place by its unit, a corpus's page anchors are each
document's own, and "cite this passage" in the browser names the unit and the document."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from lxml import html as lhtml
from pypdf import PdfReader

from teitools.project import load_project
from teitools.render.html import build_html
from teitools.render.pdf import build_pdf, print_html

from .conftest import FIXTURES, ROOT, SHARED, need

MAPPING = FIXTURES / "mapping"
PLAYS = SHARED / "corpora" / "fredracor-300"
VERSE_PLAY = MAPPING / "citation-verse-drama.xml"
PROSE_PLAY = MAPPING / "citation-prose-drama.xml"
CORPUS = MAPPING / "corpus.xml"

# A poem with two apparatus entries in its line 121 (a variant and an addition with a note).
VERSE_WITH_APP = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>
<title>A poem with variants</title></titleStmt><publicationStmt><p>Test.</p></publicationStmt>
<sourceDesc><listWit><witness xml:id="A">A</witness><witness xml:id="B">B</witness></listWit>
</sourceDesc></fileDesc></teiHeader>
<text><body><pb n="3"/>
<lg><l n="120">The first line</l>
<l n="121">The <app><lem wit="#A">grey</lem><rdg wit="#B">gray</rdg></app> sea<app><lem
wit="#A"/><rdg wit="#B">, and wide</rdg><note>Only B.</note></app></l>
<l n="122">The last line</l></lg>
</body></text></TEI>
"""


def search_index(site: Path) -> list[dict]:
    """The passages of a built site's search index, read back from its pieces (for each
    edition search-index.js lists, assets/search/p-STEM-K.js, as many as its count needs)."""
    script = (site / "assets" / "search-index.js").read_text(encoding="utf-8")
    head = json.loads(script.split("=", 1)[1].strip().removesuffix(";"))
    out: list[dict] = []
    for stem, count in head["editions"]:
        for k in range(-(-count // head["chunk"])):
            piece = (site / "assets" / "search" / f"p-{stem}-{k}.js").read_text(encoding="utf-8")
            call = f"teitoolsSearchPassages({json.dumps(stem)},{k},"
            assert piece.startswith(call)
            out += json.loads(piece.removeprefix(call).strip().removesuffix(");"))
    assert len(out) == head["count"]
    return out


def missing_targets(site: Path, entries: list[dict]) -> list[str]:
    """The addresses of the index that point at no element of their page."""
    ids: dict[str, set[str]] = {}
    missing = []
    for e in entries:
        page, _, anchor = e["u"].partition("#")
        if page not in ids:
            ids[page] = set(lhtml.parse(str(site / page)).getroot().xpath("//@id"))
        if anchor not in ids[page]:
            missing.append(e["u"])
    return missing


def entries_of(entries: list[dict], page: str) -> list[dict]:
    return [e for e in entries if e["u"].startswith(page + "#")]


# ---- the search index ----


def test_the_search_index_of_plays_and_verse_points_at_their_units(tmp_path):
    site = tmp_path / "site"
    build_html([VERSE_PLAY, PROSE_PLAY, MAPPING / "verse.xml"], site)
    entries = search_index(site)
    assert entries and missing_targets(site, entries) == []
    verse = [e for e in entries_of(entries, "citation-verse-drama.html") if e["p"]]
    assert verse[0] == {
        "d": "A verse play", "u": "citation-verse-drama.html#l-1", "p": "l. 1", "t": "Un"
    }  # fmt: skip
    assert "citation-verse-drama.html#l-1-2" in [e["u"] for e in verse]  # act II numbers again
    prose = [e["u"].split("#")[1] for e in entries_of(entries, "citation-prose-drama.html")]
    assert [a for a in prose if a.startswith("sp-")] == ["sp-1", "sp-2", "sp-3"]
    poem = [e for e in entries_of(entries, "verse.html") if e["p"]]
    assert ("verse.html#l-20", "l. 20", "Twenty line") in [(e["u"], e["p"], e["t"]) for e in poem]
    assert not [e for e in entries if "para-" in e["u"] or "¶" in e["p"]]  # nothing by paragraph


def test_the_search_index_of_plays_from_elsewhere_points_at_anchors_that_exist(tmp_path):
    verse, prose = need(PLAYS / "abeille-coriolan.xml"), need(PLAYS / "becque-domino-a-quatre.xml")
    site = tmp_path / "site"
    build_html([verse, prose], site)
    entries = search_index(site)
    assert missing_targets(site, entries) == []
    lines = [e for e in entries_of(entries, "abeille-coriolan.html") if "#l-" in e["u"]]
    speeches = [e for e in entries_of(entries, "becque-domino-a-quatre.html") if "#sp-" in e["u"]]
    assert len(lines) > 1000 and len(speeches) > 100
    assert speeches[0]["p"].endswith("speech 1")


def test_the_search_index_of_the_report_keeps_its_paragraphs(tmp_path):
    site = tmp_path / "site"
    build_html([ROOT / "tei" / "secret-report.xml"], site)
    entries = search_index(site)
    assert missing_targets(site, entries) == []
    by_anchor = {e["u"].split("#")[1]: e for e in entries}
    assert by_anchor["para-83"]["p"].endswith("¶ 83")
    assert "people to fill the stage" in by_anchor["para-83"]["t"]
    assert len([a for a in by_anchor if a.startswith("app-")]) == 25


def test_a_corpus_is_indexed_document_by_document_its_pages_apart(tmp_path):
    site = tmp_path / "site"
    build_html([CORPUS], site)
    entries = search_index(site)
    assert missing_targets(site, entries) == []
    anchors = [e["u"].split("#")[1] for e in entries]
    assert [a for a in anchors if "para-" in a] == [
        "first-para-1", "first-para-2", "d2-para-1", "d2-para-2", "d2-para-3"
    ]  # fmt: skip
    page = lhtml.parse(str(site / "corpus.html")).getroot()
    # the page breaks of each document have their own anchors, and link to them
    pages = page.xpath("//a[contains(concat(' ', @class, ' '), ' pb ')]")
    assert [(a.get("id"), a.get("href")) for a in pages] == [
        ("first-page-2", "#first-page-2"), ("d2-page-7", "#d2-page-7")
    ]  # fmt: skip
    ids = page.xpath("//@id")
    assert len(ids) == len(set(ids))


def test_a_single_document_keeps_its_page_anchors(tmp_path):
    site = tmp_path / "site"
    build_html([MAPPING / "citation-prose-quoting-verse.xml", ROOT / "tei" / "secret-report.xml"],
               site)  # fmt: skip
    report = lhtml.parse(str(site / "secret-report.html")).getroot()
    assert report.get_element_by_id("p88").get("href") == "#p88"
    index = report.xpath("//nav[@class='page-index']//a/@href")
    assert index[:2] == ["#p88", "#p90"]
    assert all(report.xpath(f"//*[@id='{h[1:]}']") for h in index)


# ---- print ----


def project(tmp_path: Path, citation: str, source: Path) -> Path:
    """A project folder holding `source`, its teitools.toml saying `citation = …`."""
    root = tmp_path / "edition"
    (root / "tei").mkdir(parents=True, exist_ok=True)
    (root / "teitools.toml").write_text(f'name = "Test"\ncitation = "{citation}"\n')
    shutil.copy(source, root / "tei")
    return root / "tei" / source.name


def destinations(pdf: Path, prefix: str) -> list[str]:
    """The named places of a PDF (its anchors) that start with `prefix`."""
    return sorted(n for n in PdfReader(pdf).named_destinations if n.startswith(prefix))


def test_the_pdf_numbers_by_the_projects_citation_and_is_set_again_when_it_changes(tmp_path):
    source = project(tmp_path, "speech", VERSE_PLAY)
    out = tmp_path / "pdf"
    (pdf,) = build_pdf([source], out)
    assert destinations(pdf, "sp-") == [f"sp-{n}" for n in range(1, 6)]
    assert destinations(pdf, "l-") == []
    html, _ = print_html(source)
    numbers = lhtml.fromstring(html).xpath("//div[contains(@class, 'numbered')]/span[@class='pn']")
    assert [n.text for n in numbers] == ["1", "2", "3", "4", "5"]
    # the same text under no setting ("auto": a verse play is cited by its lines)
    (source.parent.parent / "teitools.toml").write_text('name = "Test"\n')
    load_project.__globals__["_LOADED"].clear()
    build_pdf([source], out)
    assert destinations(pdf, "sp-") == []
    assert "l-5" in destinations(pdf, "l-")


def test_an_apparatus_entry_is_placed_by_its_verse_line(tmp_path):
    source = tmp_path / "poem.xml"
    source.write_text(VERSE_WITH_APP, encoding="utf-8")
    html, _ = print_html(source)
    book = lhtml.fromstring(html)
    variants = book.xpath("//span[@class='entry variant']")
    foot = [" ".join(e.text_content().split()) for e in variants]
    assert foot == ["121 grey] A; gray B"]  # keyed by the line, not a paragraph count
    where = book.xpath("//*[@class='where']/text()")
    # the editor's note (the additions' appendix is the Wolfe prose, off outside a project)
    assert where == ["p. 3, l. 121:"]
    assert "¶" not in book.text_content()
    site = tmp_path / "site"
    build_html([source], site)
    entries = search_index(site)
    assert missing_targets(site, entries) == []
    assert [e["p"] for e in entries if "#l-121" in e["u"]] == ["p. 3, l. 121"]


def test_the_report_keeps_its_paragraph_in_print():
    book = lhtml.fromstring(print_html(ROOT / "tei" / "secret-report.xml")[0])
    foot = [" ".join(e.text_content().split()) for e in book.xpath("//span[@id='app-6']")]
    assert foot[0].startswith("83 people to fill the stage] W; statisticians SD")
    where = book.xpath("//*[@class='where']/text()")
    assert where and all(w.startswith("p. ") and ", ¶ " in w for w in where)


# ---- "cite this passage" in a browser ----


def cite(browser, page: Path, anchor: str) -> str:
    """The citation "cite this passage" gives for the unit at `anchor` of a page."""
    ctx = browser.new_context()
    try:
        pg = ctx.new_page()
        errors: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.goto(page.as_uri())
        pg.locator(f"[id='{anchor}'] > button.para-n").click()
        text = pg.locator("#popover .citation").inner_text()
        assert errors == []
        return text
    finally:
        ctx.close()


def test_cite_this_passage_names_its_unit_and_its_document(tmp_path, browser):
    site = tmp_path / "site"
    build_html([VERSE_PLAY, CORPUS], site)
    line = cite(browser, site / "citation-verse-drama.html", "l-5")
    assert "A verse play" in line and "l. 5" in line and "¶" not in line
    assert "citation-verse-drama.html#l-5" in line
    doc = cite(browser, site / "corpus.html", "d2-para-2")
    assert "The second text" in doc and "p. 7, ¶ 2" in doc and "#d2-para-2" in doc


def test_the_search_leads_to_the_anchors_of_the_projects_citation(tmp_path):
    """A project citing a verse play by its speeches: the search index's places and
    addresses are the speeches' (#sp-N), which its pages have, never the lines' that the
    play would be cited by without the setting."""
    source = project(tmp_path, "speech", VERSE_PLAY)
    site = tmp_path / "site"
    build_html([source.parent], site)
    entries = search_index(site)
    assert missing_targets(site, entries) == []
    cited = [e["u"].split("#")[1] for e in entries if "#sp-" in e["u"] or "#l-" in e["u"]]
    assert cited and all(a.startswith("sp-") for a in cited)
