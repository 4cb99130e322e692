"""A teiCorpus as one edition page (each TEI a document of its own, on screen and in print),
and the unit a text is cited by (paragraph, verse line, speech, ab, @n), chosen from the text
or set by the project: read back from the HTML pages and the print HTML."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html as lhtml

from teitools.cli import main
from teitools.errors import InvalidInput
from teitools.project import load_project
from teitools.render import xslt
from teitools.render.html import build_html
from teitools.render.pdf import PRINT

from .conftest import FIXTURES, SHARED, assert_clean_failure, need

MAPPING = FIXTURES / "mapping"
CORPUS = MAPPING / "corpus.xml"
TEST24 = SHARED / "corpora" / "tei-stylesheets-tests" / "test24.xml"


def built(tmp_path: Path, source: Path) -> lhtml.HtmlElement:
    """The base page of a document's HTML edition, built for real."""
    out = tmp_path / "site"
    build_html([source], out, force=True)
    return lhtml.parse(str(out / f"{source.stem}.html")).getroot()


def fixture(tmp_path: Path, name: str) -> lhtml.HtmlElement:
    return built(tmp_path, MAPPING / f"{name}.xml")


def printed(source: Path, citation: str = "auto") -> lhtml.HtmlElement:
    """The HTML the print edition sets as a book."""
    _, node = xslt.load(source)
    params = {"page-size": "A5", "citation": citation}
    return lhtml.fromstring(xslt.transform(PRINT / "print.xsl", node, params))


def with_class(root, cls: str, tag: str = "*") -> list:
    return root.xpath(f".//{tag}[contains(concat(' ', @class, ' '), ' {cls} ')]")


def cite_links(root) -> list[tuple[str, str, str]]:
    """(number shown, link, what it says to a screen reader) of every "cite" number."""
    return [(a.text, a.get("href"), a.get("aria-label")) for a in with_class(root, "para-n", "a")]


def unique_ids(root, but: str = "") -> bool:
    """Whether no two elements share an id (those starting with `but` left aside)."""
    ids = [i for i in root.xpath("//@id") if not (but and i.startswith(but))]
    return len(ids) == len(set(ids))


# ---- teiCorpus ----


def test_a_corpus_is_one_page_each_tei_an_article_of_its_own(tmp_path):
    page = fixture(tmp_path, "corpus")
    assert page.xpath("//h1/text()") == ["Two texts"]  # the corpus's header is the page's
    text = page.get_element_by_id("text")
    docs = text.xpath("./article[@class='document']")
    assert [d.get("id") for d in docs] == ["first", "d2"]
    titles = [d.xpath("./header/h2/text()") for d in docs]
    assert titles == [["The first text"], ["The second text"]]
    assert docs[0].xpath("./header/p[@class='author']/text()") == ["Ben Writer"]
    # its own divisions (headings below its title), paragraphs cited afresh, its own notes
    assert [d.xpath(".//section/h3/text()") for d in docs] == [["Opening"], ["Beginning"]]
    assert [a[1] for a in cite_links(docs[0])] == ["#first-para-1", "#first-para-2"]
    assert [a[:2] for a in cite_links(docs[1])] == [
        ("1", "#d2-para-1"), ("2", "#d2-para-2"), ("3", "#d2-para-3")
    ]  # fmt: skip
    for doc, note in zip(docs, ["A note of the first.", "A note of the second."], strict=True):
        assert [n.text_content() for n in doc.xpath(".//li[@class='note']//p")] == [note]
    # its pages are its own: none carried over from the document before
    assert [d.xpath(".//p/@data-page") for d in docs] == [["", "2"], ["", "7", "7"]]
    contents = page.xpath("//nav[@class='toc']//a/@href")
    assert contents[:4] == ["#first", "#div-1", "#d2", "#div-2"]
    assert unique_ids(page)


def test_a_corpus_in_print_each_tei_a_chapter_of_its_own():
    book = printed(CORPUS)
    assert book.xpath("//section[@class='title-page']/h1/text()") == ["Two texts"]
    assert book.xpath("//nav[@class='contents']//a/@href") == ["#first", "#d2"]
    docs = book.xpath("//main/section[@class='document']")
    heads = [d.xpath("./h2[@class='running']/@data-running") for d in docs]
    assert heads == [["The first text"], ["The second text"]]  # a new chapter, a running head
    assert [d.xpath(".//h3/text()") for d in docs] == [["Opening"], ["Beginning"]]
    numbers = [d.xpath(".//p[@class='numbered']/span[@class='pn']/text()") for d in docs]
    assert numbers == [["1", "2"], ["1", "2", "3"]]
    assert [d.xpath(".//span[@class='fn']/text()") for d in docs] == [
        ["A note of the first."], ["A note of the second."]
    ]  # fmt: skip
    assert unique_ids(book)


def test_a_nested_corpus_renders_each_of_its_documents(tmp_path):
    inner = CORPUS.read_text(encoding="utf-8").split("\n", 1)[1]  # without its declaration
    outer = inner.replace("<title>Two texts</title>", "<title>All texts</title>", 1)
    outer = outer.replace("</teiCorpus>", inner.replace(' xmlns="http://www.tei-c.org/ns/1.0"', "")
        .replace('xml:id="first"', 'xml:id="again"') + "</teiCorpus>")  # fmt: skip
    source = tmp_path / "nested.xml"
    source.write_text(outer, encoding="utf-8")
    page = built(tmp_path, source)
    text = page.get_element_by_id("text")
    assert text.xpath("./section[@class='corpus']/h2/text()") == ["Two texts"]
    titles = text.xpath(".//article[@class='document']/header/*[self::h2 or self::h3]/text()")
    assert titles == ["The first text", "The second text", "The first text", "The second text"]
    # (the page breaks' anchors of the HTML, page-N, are not yet set apart per document)
    assert len(text.xpath(".//a[@class='para-n']")) == 10 and unique_ids(page, but="page-")
    book = printed(source)
    assert len(book.xpath("//main/section[@class='document']")) == 4 and unique_ids(book)
    result = CliRunner().invoke(main, ["validate", "--no-project", str(source)])
    assert result.exit_code == 0, result.output


def test_validate_reads_a_corpus_whole():
    result = CliRunner().invoke(main, ["validate", "--no-project", str(CORPUS)])
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output


@pytest.mark.parametrize("command", [["witness", "--wit", "A"], ["apparatus"]])
def test_witness_and_apparatus_refuse_a_corpus_saying_why(command):
    result = CliRunner().invoke(main, [command[0], str(CORPUS), *command[1:]])
    assert_clean_failure(result, 1, f"{CORPUS}:2:", "a teiCorpus", "one of them", "[tei/corpus]")


def test_the_tei_stylesheets_corpus_test_builds(tmp_path):
    source = need(TEST24)
    result = CliRunner().invoke(main, ["build", "--html", str(source), "-o", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    page = lhtml.parse(str(tmp_path / "s" / "test24.html")).getroot()
    assert page.xpath("//h1/text()") == ["title of corpus"]
    docs = page.xpath("//article[@class='document']")
    assert [d.xpath("./header/h2/text()") for d in docs] == [["Text 1"], ["Text 2"]]
    assert "In the second corpus" in docs[1].text_content()
    book = printed(source)
    assert len(book.xpath("//main/section[@class='document']")) == 2


# ---- citation units ----


def test_prose_is_cited_by_paragraphs_and_quoted_verse_is_not_a_unit(tmp_path):
    text = fixture(tmp_path, "citation-prose-quoting-verse").get_element_by_id("text")
    assert [c[1] for c in cite_links(text)] == [f"#para-{n}" for n in range(1, 5)]
    assert cite_links(text)[0][2] == "Cite paragraph 1"
    assert not text.xpath(".//*[starts-with(@id, 'l-')]")


def test_a_verse_play_is_cited_by_its_lines(tmp_path):
    text = fixture(tmp_path, "citation-verse-drama").get_element_by_id("text")
    lines = with_class(text, "l", "div")
    anchored = [line.get("id") for line in lines]
    # a shared line is one line (its second part has no anchor of its own); numbers given
    # again in the second act make anchors of their own
    assert anchored == ["l-1", "l-2", "l-3", "l-4", "l-5", "l-6", None, "l-1-2", "l-2-2"]
    assert cite_links(text) == [("5", "#l-5", "Cite line 5")]  # every fifth line
    assert lines[4].get("data-cite") == "l. 5"
    assert not text.xpath(".//*[starts-with(@id, 'para-')]")  # not by a paragraph count
    assert not with_class(text, "para-n", "p") and not text.xpath(".//p/a[@class='para-n']")


def test_a_prose_play_is_cited_by_its_speeches(tmp_path):
    text = fixture(tmp_path, "citation-prose-drama").get_element_by_id("text")
    speeches = with_class(text, "sp", "div")
    assert [s.get("id") for s in speeches] == ["sp-1", "sp-2", "sp-3"]
    assert [c[:2] for c in cite_links(text)] == [("1", "#sp-1"), ("2", "#sp-2"), ("3", "#sp-3")]
    assert cite_links(text)[1][2] == "Cite speech 2"
    assert [s.get("data-cite") for s in speeches] == ["speech 1", "speech 2", "speech 3"]
    assert with_class(speeches[1], "speaker")[0].text_content() == "PIERRE"  # still a speech
    assert not text.xpath(".//*[starts-with(@id, 'para-')]")


def test_a_verse_text_is_cited_by_its_lines(tmp_path):
    text = fixture(tmp_path, "verse").get_element_by_id("text")
    assert [c[:2] for c in cite_links(text)] == [("5", "#l-5"), ("20", "#l-20"), ("25", "#l-25")]


def test_a_text_of_anonymous_blocks_is_cited_by_them(tmp_path):
    text = fixture(tmp_path, "citation-ab").get_element_by_id("text")
    assert [c[:2] for c in cite_links(text)] == [("1", "#ab-1"), ("2", "#ab-2"), ("3", "#ab-3")]
    assert "Second block" in text.get_element_by_id("ab-2").text_content()


def project(tmp_path: Path, citation: str, *names: str) -> Path:
    """A project folder holding the fixtures named, with `citation = …` in its teitools.toml."""
    root = tmp_path / "edition"
    (root / "tei").mkdir(parents=True)
    (root / "teitools.toml").write_text(f'name = "Test"\ncitation = "{citation}"\n')
    for name in names:
        shutil.copy(MAPPING / f"{name}.xml", root / "tei")
    return root


def test_the_project_says_the_unit_n_the_elements_own_numbers(tmp_path):
    root = project(tmp_path, "n", "citation-n")
    assert load_project(root).citation == "n"
    text = built(tmp_path, root / "tei" / "citation-n.xml").get_element_by_id("text")
    assert cite_links(text) == [
        ("1.1", "#n-1.1", "Cite 1.1"), ("1.2", "#n-1.2", "Cite 1.2"),
        ("1.3", "#n-1.3", "Cite 1.3"), ("1.2", "#n-1.2-2", "Cite 1.2"),
    ]  # fmt: skip
    assert with_class(text, "lg")[0].get("id") == "n-1.3"
    book = printed(root / "tei" / "citation-n.xml", "n")
    assert book.xpath("//span[@class='pn']/text()") == ["1.1", "1.2", "1.3", "1.2"]


def test_the_project_setting_overrides_the_choice_from_the_text(tmp_path):
    root = project(tmp_path, "speech", "citation-verse-drama")
    text = built(tmp_path, root / "tei" / "citation-verse-drama.xml").get_element_by_id("text")
    assert [c[1] for c in cite_links(text)] == [f"#sp-{n}" for n in range(1, 6)]
    assert with_class(text, "l-n")[0].text_content().strip() == "5"  # lines keep their numbers
    # the setting is part of what the build depends on: changed, the pages are made again
    (root / "teitools.toml").write_text('name = "Test"\ncitation = "paragraph"\n')
    load_project.__globals__["_LOADED"].clear()
    text = built(tmp_path, root / "tei" / "citation-verse-drama.xml").get_element_by_id("text")
    assert [c[1] for c in cite_links(text)] == ["#para-1"]


def test_a_citation_unit_teitools_does_not_know_is_one_line_naming_it(tmp_path):
    root = project(tmp_path, "stanza")
    with pytest.raises(InvalidInput) as e:
        load_project(root)
    message = str(e.value)
    assert "teitools.toml:2:" in message and "citation" in message and '"stanza"' in message
    assert '"line"' in message and "[project/value]" in message and "\n" not in message


def test_print_margin_numbers_follow_the_unit():
    verse = printed(MAPPING / "citation-verse-drama.xml")
    assert not verse.xpath("//span[@class='pn']")  # no paragraph count
    assert [n.text_content().strip() for n in with_class(verse, "l-n")] == ["5"]  # every fifth
    assert [line.get("id") for line in with_class(verse, "l", "div")][:2] == ["l-1", "l-2"]
    prose = printed(MAPPING / "citation-prose-drama.xml")
    assert prose.xpath("//div[contains(@class, 'numbered')]/@id") == ["sp-1", "sp-2", "sp-3"]
    assert prose.xpath("//span[@class='pn']/text()") == ["1", "2", "3"]
    blocks = printed(MAPPING / "citation-ab.xml")
    assert blocks.xpath("//span[@class='pn']/text()") == ["1", "2", "3"]
    essay = printed(MAPPING / "citation-prose-quoting-verse.xml")
    assert essay.xpath("//p[@class='numbered']/@id") == [f"para-{n}" for n in range(1, 5)]
