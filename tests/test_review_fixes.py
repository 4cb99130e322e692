"""Fixes from the review of teitools on TEI from elsewhere: quotations and citations, numbered
divisions in the contents, notes (blocks inside, notes between blocks, numbering)."""

import re

import lxml.html as lhtml
from lxml import etree

from teitools.render import xslt

from .conftest import FIXTURES, ROOT
from .test_mapping import PRINT, page, printed, text_of, with_class

REVIEW = FIXTURES / "review"


def flat(el) -> str:
    return re.sub(r"\s+", " ", el.text_content()).strip()


def paragraph(root, ident: str) -> str:
    """The words of the paragraph whose TEI xml:id is ident, without its number."""
    p = root.xpath(f"//*[@id='{ident}' or @id='para-{ident}' or .//span[@id='{ident}']]")
    text = flat(p[-1]) if p else ""
    return re.sub(r"^\d+\s*", "", text)


def quotes_html(tmp_path) -> list[str]:
    text = text_of(page(tmp_path, REVIEW / "quotes.xml"))
    return [re.sub(r"^\d+\s*", "", flat(p)) for p in text.xpath(".//p")]


QUOTED = [
    "He said “come ‘here’ now” and left.",
    "Il dit « viens ici » et partit.",
    "Er sagte „komm her“ und ging.",
    "Already “marked” here.",
    "“Praeterea considerandum est” (Lombardus, Sent. I, d. 28, xxx).",
]


def test_quotations_have_the_marks_of_their_language_on_the_page(tmp_path):
    shown = quotes_html(tmp_path)
    for expected in QUOTED:
        assert expected in shown
    assert "A block quotation." in shown  # a block quotation gets no marks


def test_quotations_and_references_in_print():
    root = printed("../review/quotes")
    shown = [re.sub(r"^\d+\s*", "", flat(p)) for p in root.xpath("//main//p")]
    for expected in QUOTED:
        assert expected in shown
    assert "See Smith, 1990." in shown  # the reference's trailing space trimmed
    assert "A block quotation." in shown
    assert root.xpath("//main//blockquote")


def test_numbered_divisions_are_in_the_contents(tmp_path):
    root = page(tmp_path, REVIEW / "notes.xml")
    links = root.xpath("//nav[contains(@class, 'toc')]//a")
    entries = [(a.get("href"), flat(a)) for a in links]
    titles = [t for _, t in entries]
    assert titles[:3] == ["Section one", "Subsection heading", "Section two"]
    for href, _ in entries[:3]:
        assert root.xpath(f"//*[@id='{href[1:]}']"), href
    # the subsection is listed below its section
    sub = root.xpath("//nav[contains(@class, 'toc')]//li[a='Section one']/ol/li/a")
    assert [flat(a) for a in sub] == ["Subsection heading"]


def test_numbered_divisions_are_in_the_printed_headings():
    root = printed("../review/notes")
    heads = {flat(h): h.get("id") for h in root.xpath("//main//h2 | //main//h3")}
    assert list(heads) == ["Section one", "Subsection heading", "Section two"]
    assert all(heads.values())


def test_a_note_between_blocks_is_set_in_place(tmp_path):
    text = text_of(page(tmp_path, REVIEW / "notes.xml"))
    block = with_class(text, "note-block")
    assert [flat(b) for b in block] == ["A free-standing note"]
    assert block[0].tag == "div"
    root = printed("../review/notes")
    block = with_class(root, "note-block")
    assert [flat(b) for b in block] == ["A free-standing note"]
    assert not [f for f in with_class(root, "fn") if "free-standing" in flat(f)]


def test_notes_are_numbered_without_gaps(tmp_path):
    root = page(tmp_path, REVIEW / "notes.xml")
    calls = [flat(a) for a in root.xpath("//a[contains(@class, 'note-ref')]")]
    assert calls == ["1", "2", "3", "4", "5"]
    listed = [flat(a) for a in root.xpath("//ol[@class='notes']/li/a[@class='note-mark']")]
    assert listed == calls
    marks = [f.get("data-mark") for f in with_class(printed("../review/notes"), "fn")]
    assert marks == ["1", "2", "3", "4", "5"]


def test_a_note_keeps_its_list_and_paragraphs_in_print():
    root = printed("../review/notes")
    notes = with_class(root, "fn")
    pets = next(f for f in notes if "a list" in flat(f))
    assert flat(pets) == "a list: catsdogs innit"
    assert [flat(i) for i in with_class(pets, "fn-li")] == ["cats", "dogs"]
    two = next(f for f in notes if "first of note" in flat(f))
    assert [flat(p) for p in with_class(two, "fn-p")] == ["first of note", "second of note"]
    # the text's paragraphs keep their own words, and nothing of the notes
    body = [flat(p) for p in root.xpath("//main//p[contains(@class, 'numbered')]")]
    assert any(p.startswith("2Pets") and p.endswith("innit here.") for p in body)
    assert not any(p.startswith("cats") or p.startswith("innit") for p in body)


def test_the_wolfe_editions_keep_their_note_marks():
    """Their notes carry @n: the marks in print are those numbers, as before."""
    source = ROOT / "tei" / "slavic-review-1967.xml"
    tei = etree.parse(str(source))
    ns = {"t": "http://www.tei-c.org/ns/1.0"}
    wanted = [n.get("n") for n in tei.xpath("//t:text//t:note[@place='foot']", namespaces=ns)]
    _, node = xslt.load(source)
    root = lhtml.fromstring(xslt.transform(PRINT / "print.xsl", node, {"page-size": "A5"}))
    assert wanted and [f.get("data-mark") for f in with_class(root, "fn")] == wanted


def test_the_parts_of_a_title_are_lines_of_their_own(tmp_path):
    text = text_of(page(tmp_path, REVIEW / "title-page.xml"))
    parts = with_class(text, "titlePart")
    assert [(p.tag, flat(p)) for p in parts] == [
        ("p", "LUCRÈCE"), ("p", "TRAGÉDIE en cinq actes, en vers.")
    ]  # fmt: skip
    # the language of the text (on its TEI) gives the quotation marks
    assert "Il dit « adieu »." in [re.sub(r"^\d+\s*", "", flat(p)) for p in text.xpath(".//p")]
