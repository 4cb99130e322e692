"""The header's metadata in the outputs: the HTML index, every page's title and heading, the
print edition's head and the PDF's document information all say what teitools.metadata reads
(names without their identifiers, the work's date, the language of the text)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html as lxml_html
from pypdf import PdfReader

from teitools.cli import main
from teitools.metadata import describe
from teitools.render.html import build_html
from teitools.render.pdf import print_html, render_pdf
from teitools.tei import parse

from .conftest import FIXTURES, ROOT, SHARED, need

HEADERS = FIXTURES / "headers"
# A play whose author carries a Wikidata and an ISNI identifier beside the name.
PLAY = SHARED / "corpora" / "fredracor-300" / "bary-de-la-danse.xml"


def text_of(el) -> str:
    return " ".join(el.text_content().split())


def card(index, page: str):
    """The index's entry for the edition whose page is `page`."""
    (li,) = index.xpath(f"//li[@class='edition-card'][h2/a/@href='{page}']")
    return li


@pytest.fixture(scope="module")
def play(tmp_path_factory) -> Path:
    """The play built as HTML and PDF by the command, as a user builds it."""
    out = tmp_path_factory.mktemp("play")
    r = CliRunner().invoke(main, ["build", "--html", "--pdf", str(need(PLAY)), "-o", str(out)])
    assert r.exit_code == 0, r.output
    return out


@pytest.fixture(scope="module")
def headers(tmp_path_factory) -> Path:
    """The site of the hand-written headers (tests/fixtures/headers)."""
    out = tmp_path_factory.mktemp("headers") / "html"
    build_html(sorted(HEADERS.glob("*.xml")), out)
    return out


def test_the_index_names_the_author_without_identifiers(play: Path) -> None:
    index = lxml_html.parse(str(play / "html" / "index.html")).getroot()
    li = card(index, "bary-de-la-danse.html")
    (h2,) = li.xpath("h2")
    assert text_of(h2) == "De la Danse" and h2.get("lang") == "fr"
    assert [text_of(p) for p in li.xpath("p[@class='subtitle']")] == ["Conversation Galante", "X"]
    assert li.xpath("p[@class='subtitle']/@lang") == ["fr", "fr"]
    (byline,) = li.xpath("p[@class='byline']")
    assert text_of(byline) == "René Bary · 1664"  # the work's date: printed 1664
    assert li.xpath(".//time[@class='date date-work']/@datetime") == ["1664"]
    assert not re.search(r"Q\d|\d{6}", text_of(li))  # no Wikidata or ISNI identifier
    assert "Source:" not in text_of(li)  # the source's bibl names no more than a site


def test_the_play_page_says_what_the_index_says(play: Path) -> None:
    page = lxml_html.parse(str(play / "html" / "bary-de-la-danse.html")).getroot()
    assert page.findtext(".//title") == "De la Danse · TEI editions"
    assert text_of(page.xpath("//header[@class='edition-head']/h1")[0]) == "De la Danse"
    subtitles = page.xpath("//header[@class='edition-head']/p[@class='subtitle']")
    assert [text_of(p) for p in subtitles] == ["Conversation Galante", "X"]
    assert page.xpath("//meta[@name='author']/@content") == ["René Bary"]
    assert page.get("lang") == "fr"


def test_the_play_pdf_carries_its_metadata(play: Path) -> None:
    reader = PdfReader(play / "pdf" / "bary-de-la-danse.pdf")
    info = reader.metadata
    assert info["/Title"] == "De la Danse"
    assert info["/Author"] == "René Bary"
    assert not re.search(r"Q\d|\d{6}", " ".join(map(str, info.values())))
    assert reader.trailer["/Root"]["/Lang"] == "fr"
    assert "/CreationDate" not in info  # DraCor dates no edition: no date is made up


@pytest.mark.parametrize(
    ("name", "title", "byline", "when", "lang"),
    [
        ("play-standoff", "Phèdre", "Jean Racine · 1677", "1677", "fr"),
        # a pen name wins over the civil name; the interval of its writing, with a dash
        ("play-bibl", "Le Misanthrope", "Molière · 1664–1666", "1664/1666", "fr"),
        # a letter: its date of sending, as written; a name given surname first
        ("letter", "Letter to Gottfried Keller",
         "Storm, Theodor; Constanze Esmarch · 22 December 1877", "1877-12-22", "de"),
        # no title in the titleStmt: the title page's; the date of its creation, as written
        ("manuscript", "La Chanson de Roland", "first half of the twelfth century",
         "1100/1150", "en"),
        # the header is in English, the text in Latin; only the edition is dated
        ("critical-edition", "Lectio prima", "Petrus Gracilis", None, "la"),
    ],
)  # fmt: skip
def test_hand_written_headers_in_the_index_and_pages(
    headers: Path, name: str, title: str, byline: str, when: str | None, lang: str
) -> None:
    index = lxml_html.parse(str(headers / "index.html")).getroot()
    li = card(index, f"{name}.html")
    assert text_of(li.xpath("h2")[0]) == title and li.xpath("h2/@lang") == [lang]
    assert text_of(li.xpath("p[@class='byline']")[0]) == byline
    assert li.xpath(".//time/@datetime") == ([when] if when else [])
    page = lxml_html.parse(str(headers / f"{name}.html")).getroot()
    assert page.findtext(".//title") == f"{title} · TEI editions"
    assert text_of(page.xpath("//header[@class='edition-head']/h1")[0]) == title


def test_the_print_head_names_the_authors_and_the_language_of_the_text() -> None:
    html, described = print_html(HEADERS / "critical-edition.xml")
    doc = lxml_html.document_fromstring(html)
    assert doc.get("lang") == "la"  # the text's, not the header's "en": hyphenation follows it
    assert doc.findtext(".//title") == "Lectio prima" == described.main_title
    assert doc.xpath("//meta[@name='author']/@content") == ["Petrus Gracilis"]
    html, _ = print_html(HEADERS / "play-standoff.xml")
    doc = lxml_html.document_fromstring(html)
    assert doc.xpath("//meta[@name='author']/@content") == ["Jean Racine"]
    assert doc.get("lang") == "fr"


def test_pdf_information_and_its_date_only_when_iso(tmp_path: Path) -> None:
    pdf, _ = render_pdf(HEADERS / "critical-edition.xml")
    (tmp_path / "a.pdf").write_bytes(pdf)
    reader = PdfReader(tmp_path / "a.pdf")
    info = reader.metadata
    assert (info["/Title"], info["/Author"]) == ("Lectio prima", "Petrus Gracilis")
    assert info["/Subject"].startswith("Edited from the one known manuscript")
    assert info["/CreationDate"] == "D:20230406"  # the edition's date, from editionStmt
    assert reader.trailer["/Root"]["/Lang"] == "la"
    undated = tmp_path / "undated.xml"
    undated.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc>'
        "<titleStmt><title>Notes</title><author><persName>Ann Smith</persName>"
        '<idno type="orcid">0000-0002-1825-0097</idno></author></titleStmt>'
        "<publicationStmt><date>spring 2020</date></publicationStmt>"
        "<sourceDesc><p>Born digital.</p></sourceDesc></fileDesc></teiHeader>"
        "<text><body><p>Some words.</p></body></text></TEI>",
        encoding="utf-8",
    )
    pdf, _ = render_pdf(undated)
    (tmp_path / "b.pdf").write_bytes(pdf)
    info = PdfReader(tmp_path / "b.pdf").metadata
    assert info["/Author"] == "Ann Smith"
    assert "/CreationDate" not in info  # "spring 2020" is no date a PDF can carry


def test_the_wolfe_index_gives_author_and_date_beside_its_source(tmp_path: Path) -> None:
    """The editions' entries gain a byline (the author, the date of the printing they edit)
    and keep their title, subtitle and source as before."""
    out = tmp_path / "html"
    build_html([ROOT / "tei" / "secret-report.xml", ROOT / "tei" / "slavic-review-1967.xml"], out)
    index = lxml_html.parse(str(out / "index.html")).getroot()
    li = card(index, "secret-report.html")
    assert text_of(li.xpath("p[@class='byline']")[0]) == "Nikita Sergeyevich Khrushchev · 1957"
    assert text_of(li.xpath("p[@class='subtitle']")[0]).startswith("The text as printed by")
    assert text_of(li.xpath("p[@class='source']")[0]).startswith("Source: Bertram D. Wolfe.")
    li = card(index, "slavic-review-1967.html")
    assert text_of(li.xpath("p[@class='byline']")[0]) == "Abdurakhman Avtorkhanov · 1967–68"
    assert li.xpath(".//time/@datetime") == []  # "1967–68" is no ISO date


def test_the_element_dates_only_iso_dates() -> None:
    el = describe(parse(ROOT / "tei" / "slavic-review-1967.xml")).element()
    (source,) = el.xpath("date[@of='source']")
    assert source.text == "1967–68" and source.get("when") is None
    el = describe(parse(HEADERS / "manuscript.xml")).element()
    assert el.xpath("date[@of='work']/@when") == ["1100/1150"]


def play_tei(standoff: str, front: str) -> str:
    return (
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="fr"><teiHeader><fileDesc>'
        "<titleStmt><title>Une pièce</title><author><persName>Anne Autrice</persName>"
        '<idno type="wikidata">Q1</idno></author></titleStmt>'
        "<publicationStmt><p>Test.</p></publicationStmt>"
        f"<sourceDesc><p>Test.</p></sourceDesc></fileDesc></teiHeader>{standoff}"
        f"<text><front>{front}</front><body><sp><speaker>A</speaker><p>Oui.</p></sp></body>"
        "</text></TEI>"
    )


def test_dates_are_written_for_a_reader(tmp_path: Path) -> None:
    """A day or a month in words; a date's text that runs on past the date gives way to its
    ISO form."""
    premiere = (
        '<standOff><listEvent><event type="premiere" when="1678-02-25"/></listEvent></standOff>'
    )
    (tmp_path / "a.xml").write_text(play_tei(premiere, "<p>x</p>"), encoding="utf-8")
    run_on = '<docDate when="1885">1885. Tous droits réservés.</docDate>'
    (tmp_path / "b.xml").write_text(play_tei("", run_on), encoding="utf-8")
    build_html([tmp_path / "a.xml", tmp_path / "b.xml"], tmp_path / "html")
    index = lxml_html.parse(str(tmp_path / "html" / "index.html")).getroot()
    a, b = card(index, "a.html"), card(index, "b.html")
    assert text_of(a.xpath("p[@class='byline']")[0]) == "Anne Autrice · 25 February 1678"
    assert a.xpath(".//time[@class='date date-work']/@datetime") == ["1678-02-25"]
    assert text_of(b.xpath("p[@class='byline']")[0]) == "Anne Autrice · 1885"
    assert b.xpath(".//time[@class='date date-source']/@datetime") == ["1885"]
