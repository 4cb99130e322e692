"""The one mapping of TEI elements (xslt/tei), read back from the HTML pages and the print HTML:
small hand-written fixtures per family of elements, and a fixed sample of TEI from elsewhere."""

from __future__ import annotations

import collections
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lhtml

from teitools.render import xslt
from teitools.render.html import build_html
from teitools.render.pdf import PRINT

from .conftest import FIXTURES, SHARED, need, need_program

MAPPING = FIXTURES / "mapping"
CORPORA = SHARED / "corpora"
T = "http://www.tei-c.org/ns/1.0"
WORD = re.compile(r"\w+")


def page(tmp_path: Path, name: str | Path) -> lhtml.HtmlElement:
    """The base page of a fixture's (or a file's) HTML edition, built for real."""
    source = name if isinstance(name, Path) else MAPPING / f"{name}.xml"
    out = tmp_path / "site"
    build_html([source], out, force=True)
    stem = source.stem
    pages = [out / f"{stem}.html", *sorted(out.glob(f"{stem}.*.html"))]
    found = next(p for p in pages if p.exists() and ".compare." not in p.name)
    return lhtml.parse(str(found)).getroot()


def printed(name: str) -> lhtml.HtmlElement:
    """The HTML the print edition sets as a book, for a fixture."""
    _, node = xslt.load(MAPPING / f"{name}.xml")
    return lhtml.fromstring(xslt.transform(PRINT / "print.xsl", node, {"page-size": "A5"}))


def text_of(root: lhtml.HtmlElement) -> lhtml.HtmlElement:
    return root.xpath("//article[@id='text']")[0]


def with_class(root: lhtml.HtmlElement, cls: str, tag: str = "*") -> list:
    return root.xpath(f".//{tag}[contains(concat(' ', @class, ' '), ' {cls} ')]")


@contextmanager
def opened(browser, page_file: Path, width: int = 1280) -> Iterator:
    """A built page in Chromium, `width` pixels wide."""
    ctx = browser.new_context(viewport={"width": width, "height": 800})
    try:
        pg = ctx.new_page()
        pg.goto(page_file.as_uri())
        yield pg
    finally:
        ctx.close()


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


# ---- verse and drama ----


def test_every_line_is_one_line_element_numbered_every_fifth(tmp_path):
    text = text_of(page(tmp_path, "verse"))
    lines = with_class(text, "l")
    assert [" ".join(words(line.text_content()))[:12] for line in lines][:3] == [
        "one line", "two line", "three line"
    ]  # fmt: skip
    assert len(lines) == 15 and all(line.tag == "div" for line in lines)
    assert [n.text_content().strip() for n in with_class(text, "l-n")] == ["5", "20", "25"]
    shared = with_class(text, "part-F")[0]
    assert shared.get("data-n") == "26" and not with_class(shared, "l-n")  # counted once
    assert with_class(text, "lg")[0].xpath("./p[@class='head']/text()") == ["I"]


def test_drama_speakers_cast_list_and_stage_directions(tmp_path):
    text = text_of(page(tmp_path, "drama"))
    speakers = with_class(text, "speaker")
    assert [s.text_content() for s in speakers] == [
        "ALCESTE.", "PHILINTE", "BASQUE", "DUBOIS"
    ]  # fmt: skip
    assert all(s.tag == "p" for s in speakers)
    cast = with_class(text, "castList")[0]
    assert cast.xpath("./p[@class='head']/text()") == ["PERSONNAGES"]
    item = with_class(cast, "castItem", "li")[0]
    assert with_class(item, "role")[0].text_content() == "ALCESTE"
    assert with_class(item, "roleDesc")[0].text_content() == "amant de Célimène"
    group = with_class(cast, "castGroup", "li")[0]
    assert [r.text_content() for r in with_class(group, "role")] == ["BASQUE", "DUBOIS"]
    assert text.xpath(".//p[@class='stage stage-exit'][.='Il sort.']")
    inline = with_class(text, "stage", "span")[0]
    assert inline.text_content() == "il se lève" and "l" in inline.getparent().classes
    assert len(with_class(text, "l")) == 2 and len(with_class(text, "sp")) == 3


# ---- lists and tables ----


def test_lists_of_every_type_and_tables_with_spans(tmp_path):
    text = text_of(page(tmp_path, "lists-tables"))
    ordered = text.xpath(".//ol")[0]
    assert [li.text_content() for li in ordered.xpath("./li")] == ["first step", "second step"]
    assert ordered.getprevious().text_content() == "Steps"
    assert text.xpath(".//ul/li/ul/li[.='nested fig']")
    gloss = text.xpath(".//dl")[0]
    assert gloss.xpath("./dt/text()") == ["TEI", "XSLT"]
    assert gloss.xpath("./dd/text()")[0] == "Text Encoding Initiative"
    assert with_class(text, "list-zigzag", "ul")[0].text_content() == "unknown type item"
    table = text.xpath(".//table")[0]
    assert table.xpath("./caption/text()") == ["Prices"]
    assert table.xpath(".//tr[1]/th/text()") == ["Fruit", "Price"]
    assert table.xpath(".//td[@rowspan='2']/text()") == ["Apple"]
    assert table.xpath(".//th[@colspan='2']/text()") == ["Total"]


# ---- front and back ----


def test_front_and_back_matter(tmp_path):
    text = text_of(page(tmp_path, "front-back"))
    title = with_class(text, "docTitle")[0]
    assert [p.text_content() for p in with_class(title, "titlePart")] == [
        "THE MISANTHROPE", "a comedy"
    ]  # fmt: skip
    assert with_class(text, "byline", "p")[0].text_content() == "by Molière"
    assert "Ribou" in with_class(text, "docImprint")[0].text_content()
    assert (
        with_class(text, "epigraph", "blockquote")[0]
        .text_content()
        .strip()
        .startswith("Nothing too much.")
    )
    assert "The argument of the play." in with_class(text, "argument")[0].text_content()
    assert text.xpath(".//h2[.='Preface']") and text.xpath(".//h2[.='Appendix']")
    opener = with_class(text, "opener")[0]
    assert with_class(opener, "dateline")[0].text_content() == "Paris, 4 June 1667"
    assert [s.text_content() for s in with_class(text, "salute")] == ["Sir,", "Your servant,"]
    assert with_class(text, "signed")[0].text_content() == "J.-B. P."
    assert with_class(text, "trailer", "p")[0].text_content() == "FIN"
    assert "Back matter words." in with_class(text, "back")[0].text_content()


def test_the_print_edition_sets_the_front_and_the_verse(tmp_path):
    book = printed("drama")
    assert with_class(book, "castList") and len(with_class(book, "speaker")) == 4
    assert len(with_class(book, "l")) == 2
    front = with_class(book, "front")[0]
    assert front.getparent().tag == "main"  # before the body, in the text


# ---- the transcription and the editor's interventions ----


def test_choice_and_editorial_interventions(tmp_path):
    text = text_of(page(tmp_path, "editorial"))
    choices = with_class(text, "choice", "span")
    assert [c.text_content() for c in choices] == ["the", "Doctor", "old"]
    assert "teh" in choices[0].get("title") and choices[1].get("title") == "Dr."
    assert with_class(text, "surplus")[0].text_content() == "{extra}"
    gap = with_class(text, "gap")[0]
    assert gap.text_content() == "[…]" and "illegible" in gap.get("title")
    assert with_class(printed("editorial"), "gap")[0].text_content() == "[…]"  # in print too
    assert with_class(text, "unclear")[0].text_content() == "dim words"
    assert with_class(text, "supplied")[0].text_content() == "[added words]"
    assert text.xpath(".//del[.='struck']") and text.xpath(".//ins[@class='add place-above']")
    assert with_class(text, "subst")[0].text_content() == "struckinserted"


def test_phrases_links_names_and_blocks(tmp_path):
    text = text_of(page(tmp_path, "editorial"))
    assert text.xpath(".//i[.='ital'] and .//b[.='bold'] and .//sup[.='sup']")
    assert with_class(text, "hi-wavy")[0].text_content() == "wavy"
    assert with_class(text, "rendition-red")[0].text_content() == "red"
    assert text.xpath(".//i[@lang='la'][.='ad fontes']") and text.xpath(".//i[.='Hamlet']")
    assert with_class(text, "q")[0].text_content() == "quoted"
    assert with_class(text, "said")[0].text_content() == "spoken"
    assert "cited words" in with_class(text, "cit")[0].text_content()
    assert with_class(text, "persName")[0].text_content() == "Ann"
    assert text.xpath(".//a[@href='#p1'][.='back to start']")
    assert text.xpath(".//a[@href='http://example.org/x']")
    assert with_class(text, "ab")[0].xpath(".//br")
    assert "A story within." in with_class(text, "floatingText")[0].text_content()
    assert text.xpath(".//ul[contains(@class, 'bibl-list')]/li[.='Book two']")
    figure = text.xpath(".//figure")[0]
    assert figure.xpath(".//img/@src") == ["images/fig1.png"]
    assert "A drawing of a cat." in figure.xpath("./figcaption")[0].text_content()


def test_reference_parts_run_together_are_set_apart(tmp_path):
    """<author>…</author><title>…</title> with nothing between reads "Author, Title", on
    screen and in print; parts the encoder already separated keep their own punctuation."""
    expected = ["N. S. Khrushchev, Rech’ (Munich, 1956).", "A, T, P, 1900", "X, Y"]
    for root in (text_of(page(tmp_path, "references")), printed("references")):
        items = [" ".join(li.text_content().split()) for li in root.iter("li")]
        assert [i for i in items if i in expected] == expected, items


def test_line_breaks_inside_words_join_and_hidden_ones_do_not_break(tmp_path):
    for root in (text_of(page(tmp_path, "line-breaks")), printed("line-breaks")):
        paras = [" ".join(p.text_content().split()) for p in root.iter("p")]
        assert any("tuus Apollo and Latona and Livium." in p for p in paras), paras
        assert len(root.xpath("//*[local-name() = 'br']")) == 1  # only the plain <lb/>


def test_page_breaks_of_one_edition_never_mixed(tmp_path):
    text = text_of(page(tmp_path, "editorial"))
    numbered = [a.text_content().strip().split()[-1] for a in text.xpath(".//a[@class='pb']")]
    assert numbered == ["1", "2"]  # edition A: the first edition named
    others = with_class(text, "pb-other")
    assert [o.get("data-ed") for o in others] == ["B", "B"]
    assert all(o.text_content() == "" for o in others)
    assert with_class(text, "milestone")[0].get("data-n") == "3"


def test_the_page_index_of_foreign_tei_names_no_edition_of_ours(tmp_path):
    foreign = tmp_path / "editorial.xml"  # under no project: not ours, whose pages are 1957's
    foreign.write_bytes((MAPPING / "editorial.xml").read_bytes())
    root = page(tmp_path, foreign)
    index = root.xpath("//nav[contains(@class, 'page-index')]")[0]
    assert index.get("aria-label") == "Pages of the source"
    assert "1957" not in lhtml.tostring(root, encoding="unicode")


# ---- notes of every place ----


def test_notes_of_every_place(tmp_path):
    text = text_of(page(tmp_path, "notes"))
    listed = [li.text_content() for li in text.xpath(".//ol[@class='notes']/li")]
    for note in ("a foot note", "an end note", "a margin note", "a left note",
                 "a note without place", "a note in verse"):  # fmt: skip
        assert sum(note in li for li in listed) == 1, note
    assert not any("an inline note" in li for li in listed)
    assert with_class(text, "note-inline")[0].text_content() == "an inline note"
    line = with_class(text, "l")[0]
    assert "a note in verse" not in line.text_content() and line.xpath(".//a[@class='note-ref']")


def test_print_sets_every_note_apart_but_inline_ones():
    book = printed("notes")
    feet = [fn.text_content() for fn in with_class(book, "fn")]
    assert len(feet) == 6 and "a note in verse" in feet
    line = with_class(book, "l")[0]
    assert with_class(line, "fn")  # a footnote called from the line, set at the foot
    assert not any("inline" in f for f in feet)


# ---- notes between blocks, transcriptions ----


def test_a_note_between_blocks_has_its_call_at_the_end_of_the_block_before(tmp_path):
    """A play's note after the speaker, a stanza's after a line: the call ends that block;
    no line holds a call alone."""
    for root, call, said in (
        (text_of(page(tmp_path, "transcription")), "note-ref", "1"),  # the mark, linked
        (printed("transcription"), "fn", "A note on the speaker."),  # the note, at the foot
    ):
        speaker = with_class(root, "speaker")[0]
        assert [c.text_content() for c in with_class(speaker, call)] == [said]
        assert speaker.text_content().startswith("VIGNERON.")
        first, second = with_class(root, "l")[:2]
        assert len(with_class(first, call)) == 2 and not with_class(second, call)
        # nowhere else: each note called once, and never straight inside a speech or stanza
        assert len(with_class(root, call)) == 3
        for block in with_class(root, "sp") + with_class(root, "lg"):
            assert not [c for c in block if call in (c.get("class") or "").split()]


def test_a_note_with_nothing_before_it_keeps_its_place(tmp_path):
    text = text_of(page(tmp_path, "notes"))
    line = with_class(text, "l")[0]
    assert line.xpath(".//a[@class='note-ref']")  # a note inside a line stays there


def test_glyphs_are_shown_by_their_declaration_or_their_well_known_name(tmp_path):
    for root in (text_of(page(tmp_path, "transcription")), printed("transcription")):
        marks = [g.text_content() for g in with_class(root, "g")]
        assert marks == ["/", "‡", "¶"]  # the header's standard mapping; an unknown one: none
        first = next(t for t in (" ".join(p.text_content().split()) for p in root.iter("p"))
                     if "Nunc" in t)  # fmt: skip
        assert first.startswith("Nunc ad distinctionem personarum /haec est distinctio ‡huius")


def test_a_break_before_anything_of_its_paragraph_leaves_no_empty_line(tmp_path):
    for root in (text_of(page(tmp_path, "transcription")), printed("transcription")):
        paras = [p for p in root.xpath(".//p") if "Nunc" in p.text_content()
                 or "Prima" in p.text_content()]  # fmt: skip
        assert len(paras) == 2
        breaks = [len(p.xpath(".//*[local-name() = 'br']")) for p in paras]
        assert breaks == [1, 0]  # the one between the source's lines 30 and 31 only
        assert not (paras[0].text or "").strip() or "Nunc" in paras[0].text_content()


def test_a_front_holding_only_the_first_page_break_makes_no_page_of_its_own():
    book = printed("transcription")
    assert not with_class(book, "front")
    heading = book.xpath("//main//h2")[0]
    folio = heading.getnext()
    assert "pb" in folio.get("class").split() and folio.text_content() == "36-r"
    assert len(with_class(book, "pb-n")) == 1


def test_print_heads_pages_and_contents_of_a_play():
    """The book's running head is its title, not its first act's; each act after the first
    begins a page (the section, with what stands before its heading); a second heading is a
    subtitle; the contents list the front's divisions and no note's words."""
    book = printed("acts")
    assert with_class(book, "running-title")[0].text_content() == "La Comédie des actes"
    # a digital source, its name and address, then what it was made from; prose as written
    [source] = [p.text_content() for p in with_class(book, "source", "p")]
    assert source == "Source: Théâtre Classique, https://example.org/acts.xml; 1700."
    [prose] = [p.text_content() for p in with_class(printed("example"), "source", "p")]
    assert prose == "Source: x."
    sections = book.xpath("//main//section")
    assert [s.get("class") for s in sections] == [
        "div privilege",
        "div dedication chapter",
        "div act",
        "div act chapter",
    ]
    assert with_class(sections[1], "salute")  # the opener goes with its division
    heads = sections[2].xpath("./h2")
    assert [h.get("class") for h in heads] == ["running", "subhead"]
    assert heads[0].get("data-running") == "ACTE I"  # without its note
    contents = [a.text_content() for a in book.xpath("//nav[@class='contents']//a")]
    assert contents == ["Extrait du privilège", "Monseigneur,", "ACTE I", "ACTE II"]
    ids = [h.get("id") for h in book.xpath("//main//h2")]
    assert len(ids) == len(set(ids)) == 5  # an id never twice
    calls = with_class(sections[2], "fn")
    assert [c.get("class") for c in calls] == ["fn", "fn", "fn fn-next"]  # 2,3 not 23


def test_print_sets_a_play_as_a_book(tmp_path):
    """The PDF itself: the title at the head of left-hand pages, a note called from a speaker
    set as a note (not in the speaker's small capitals)."""
    from teitools.render.pdf import build_pdf

    need_tool = need_program("pdftotext")
    build_pdf([MAPPING / "acts.xml"], tmp_path, "A5")
    pdf = tmp_path / "acts.pdf"
    import subprocess

    def page(k: int) -> str:
        return subprocess.run([need_tool, "-f", str(k), "-l", str(k), "-layout", str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout  # fmt: skip

    count = int(next(line.split()[-1] for line in subprocess.run(
        [need_program("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines() if line.startswith("Pages:")))  # fmt: skip
    texts = [page(k) for k in range(1, count + 1)]
    act2 = next(k for k, t in enumerate(texts, 1) if "ACTE II" in t and "Bonsoir" in t)
    act1 = next(k for k, t in enumerate(texts, 1) if "Bonjour" in t)
    assert act1 % 2 == 1 and act2 == act1 + 1  # the text opens recto; act II: the next page
    assert texts[act2 - 1].split()[0:4] == ["La", "Comédie", "des", "actes"]  # a left page
    assert "Un valet." in texts[act1 - 1]  # at the foot of the speech's page


def _laid_out(name: str) -> list:
    """The boxes of a fixture's print edition as WeasyPrint lays them out, page by page."""
    import weasyprint

    from teitools.render import pdf

    html, _ = pdf.print_html(MAPPING / f"{name}.xml", "A5")
    book = weasyprint.HTML(
        string=html, base_url=PRINT.resolve().as_uri() + "/", url_fetcher=pdf._fetcher()
    ).render()

    def boxes(box):
        yield box
        for child in getattr(box, "children", ()):
            yield from boxes(child)

    return [b for page in book.pages for b in boxes(page._page_box)
            if hasattr(b, "element")]  # fmt: skip


def test_a_note_called_from_a_speaker_is_set_as_a_note():
    """Not in the speaker's centred small capitals: the note's box as laid out."""
    notes = {}
    for box in _laid_out("acts"):
        if box.element is not None and "fn" in (box.element.get("class") or "").split():
            notes.setdefault("".join(box.element.itertext()), box.style)
    speaker = notes["Un valet."]
    assert speaker["font_variant_caps"] == "normal" and speaker["text_align_all"] != "center"


def test_the_search_finds_what_no_cited_unit_holds(tmp_path):
    """A text cited by its speeches: its stage directions and prose outside them, and its
    cast list, are passages too, found at their division; the speeches once each."""
    import json

    page(tmp_path, "prose-play")
    pieces = sorted((tmp_path / "site" / "assets" / "search").glob("p-prose-play-*.js"))
    passages = [
        p for piece in pieces
        for p in json.loads(piece.read_text(encoding="ascii").split(",", 2)[2][:-3])
    ]  # fmt: skip
    texts = [" ".join(p["t"].split()) for p in passages]
    for wanted in ("Au lever du rideau, Vigneron sommeille sur le canapé.",
                   "Un prologue en prose, dit devant le rideau.",
                   "Un second paragraphe du prologue.", "VIGNERON, un industriel"):  # fmt: skip
        assert texts.count(wanted) == 1, (wanted, texts)
    assert sum("Elle sort." in t for t in texts) == 1  # in its speech's passage only
    assert sum("Bonjour, ma femme." in t for t in texts) == 1
    stage = passages[texts.index("Au lever du rideau, Vigneron sommeille sur le canapé.")]
    root = lhtml.parse(str(tmp_path / "site" / "prose-play.html")).getroot()
    assert root.xpath(f"//*[@id='{stage['u'].split('#')[1]}']")  # an address on the page


def test_paragraphs_that_are_not_cited_units_are_told_apart(tmp_path, browser):
    page(tmp_path, "prose-play")
    with opened(browser, tmp_path / "site" / "prose-play.html") as pg:
        indents = pg.eval_on_selector_all(
            "#text p:not([class])", "ps => ps.map(p => getComputedStyle(p).textIndent)"
        )
    # the prologue's (after a stage direction, as after a paragraph) indented; a speech's
    # first after its speaker not
    assert len(indents) == 4 and indents[1] != "0px" and indents[2] == "0px", indents


def test_a_verse_line_too_long_for_a_phone_goes_on_indented(tmp_path, browser):
    page(tmp_path, "transcription")
    with opened(browser, tmp_path / "site" / "transcription.html", width=300) as pg:
        starts = pg.eval_on_selector(
            "#text .l",
            """l => { const r = document.createRange(); r.selectNodeContents(l);
                      const xs = [...r.getClientRects()].map(b => Math.round(b.left));
                      return [xs.length, xs[0], Math.min(...xs.slice(1))]; }""",
        )
        wide = pg.evaluate("document.documentElement.scrollWidth")
    lines, first, next_line = starts
    assert lines > 1 and next_line > first + 10, starts  # it wraps, and goes on indented
    assert wide <= 300  # nothing wider than the phone


@pytest.mark.parametrize("name", ["pg-b1q1/pg-b1q1.xml", "pg-b1q1/lon_pg-b1q1.xml"])
def test_every_link_within_a_page_goes_somewhere(tmp_path, name):
    """The contents' "Witnesses" of an edited text with its one manuscript among them."""
    root = page(tmp_path, need(CORPORA / "scta-gracilis" / name))
    ids = set(root.xpath("//@id"))
    local = {a.get("href")[1:] for a in root.xpath("//a[starts-with(@href, '#')]")}
    assert local and local <= ids, sorted(local - ids)


def test_an_example_of_markup_is_shown_as_written(tmp_path):
    written = '<p n="1">A <choice><sic>teh</sic><corr>the</corr></choice> word.</p>'
    for root in (text_of(page(tmp_path, "example")), printed("example")):
        [shown] = [pre.text_content() for pre in root.iter("pre")]
        assert shown == written
    # in the book, within the page: the proofs find nothing in the margin
    from teitools.render.pdf import build_pdf

    found: list = []
    build_pdf([MAPPING / "example.xml"], tmp_path / "pdf", "A5", found)
    assert [p.rule for p in found if p.rule == "pdf/overfull"] == [], found


def test_a_pointer_names_its_targets_as_a_reader_knows_them(tmp_path):
    for root in (text_of(page(tmp_path, "example")), printed("example")):
        links = [(a.get("href"), a.text_content()) for a in with_class(root, "ptr", "a")]
        assert links == [("#x", "Markup"), ("https://example.org/a", "https://example.org/a")]


@pytest.mark.parametrize("width", [1280, 390])
def test_page_numbers_stand_in_the_margin_not_off_the_screen(tmp_path, browser, width):
    """Page breaks between blocks (after a heading, first in a division) and in paragraphs."""
    page(tmp_path, "transcription")  # its first page break stands alone at the text's start
    page(tmp_path / "b", "editorial")
    for site, name in (
        (tmp_path / "site", "transcription"),
        (tmp_path / "b" / "site", "editorial"),
    ):
        with opened(browser, site / f"{name}.html", width=width) as pg:
            lefts = pg.eval_on_selector_all(
                "#text a.pb", "ps => ps.map(p => p.getBoundingClientRect().left)"
            )
        assert lefts and min(lefts) >= 0, (name, lefts)


def test_bold_is_printed_in_the_bold_face_teitools_ships(tmp_path):
    """<hi rend="bold"> in the print edition is set in a bold face, embedded in the PDF; every
    face print.css names is a file shipped with teitools (no system font needed)."""
    import subprocess

    from teitools.render.pdf import FONT_FILES, build_pdf, print_fonts_dir

    named = re.findall(r'url\("fonts/([^"]+)"\)', (PRINT / "print.css").read_text())
    assert "EBGaramond12-Bold.otf" in named and set(named) == set(FONT_FILES)
    assert all((print_fonts_dir() / name).is_file() for name in named)
    [pdf] = build_pdf([MAPPING / "transcription.xml"], tmp_path, "A5")
    fonts = subprocess.run([need_program("pdffonts"), str(pdf)], capture_output=True,
                           text=True, check=True).stdout  # fmt: skip
    assert "EB-Garamond-Bold" in fonts, fonts


def test_highlighting_shows_the_rend_values_projects_use(tmp_path, browser):
    page(tmp_path, "example")
    with opened(browser, tmp_path / "site" / "example.html") as pg:
        styles = {
            w: pg.eval_on_selector(
                f"xpath=//*[@id='text']//*[normalize-space(.) = '{w}']",
                """e => { const s = getComputedStyle(e); return [s.fontFamily, s.textTransform,
                          s.fontWeight, s.textDecorationLine, s.textDecorationStyle]; }""",
            )
            for w in ("as code", "in capitals", "underlined twice")
        }
    assert "monospace" in styles["as code"][0]
    assert styles["in capitals"][1:3] == ["uppercase", "700"]
    assert styles["underlined twice"][3:] == ["underline", "double"]
    # the print edition loads the same styles (xslt/tei/mapping.css)
    laid = {"".join(box.element.itertext()): box.style for box in _laid_out("example")
            if box.element is not None and box.element.tag in ("span", "b", "i")}  # fmt: skip
    assert laid["in capitals"]["text_transform"] == "uppercase"
    assert laid["underlined twice"]["text_decoration_style"] == "double"


# ---- nothing dropped, nothing unsafe ----


def test_an_unknown_element_is_kept_with_its_class_and_one_warning(tmp_path, capsys):
    text = text_of(page(tmp_path, "unknown"))
    kept = with_class(text, "tei-frobnicate")
    assert [k.text_content() for k in kept] == ["kept words", "again"]
    assert all(k.tag == "span" and k.get("data-tei-unknown") == "frobnicate" for k in kept)
    assert with_class(text, "tei-wibble")[0].text_content().endswith("block words")
    warnings = capsys.readouterr().err.strip().splitlines()
    assert len(warnings) == 2, warnings
    assert "unknown.xml:" in warnings[0] and "<frobnicate>" in warnings[0]
    assert "warning" in warnings[0] and "<wibble>" in warnings[1]
    assert with_class(text, "hi-nonesuch")[0].text_content() == "odd rend"
    assert with_class(text, "stage-whatever")[0].text_content() == "typed stage"


def _links(root: lhtml.HtmlElement) -> list[str]:
    return root.xpath("//@href | //@src")


def test_no_pointer_of_the_document_becomes_code(tmp_path):
    site = page(tmp_path, "unsafe")
    book = printed("unsafe")
    for root in (site, book):
        links = [v.strip().lower() for v in _links(root)]
        assert not [v for v in links if v.startswith(("javascript", "data:text", "vbscript", "//"))]
        assert not root.xpath("//@*[starts-with(name(), 'on')]")
        body = root.xpath("//main")[0].text_content()
        for shown in ("js link", "js two", "data link", "vb link", "proto-relative"):
            assert shown in body
    assert "http://example.org/ok" in _links(site) and "#frag" in _links(site)
    assert {"http://example.org/ok", "other.html#x", "#frag"} <= set(_links(book))
    assert "https://example.org/good.png" in _links(site)
    assert [f.xpath(".//img") for f in site.xpath("//figure")][0] == []


# ---- TEI from elsewhere ----


PLAYS = [
    "abeille-argelie.xml",  # verse tragedy, cast list
    "andrieux-le-reve-du-mari.xml",
    "beaumarchais-autre-tartuffe.xml",  # prose
    "benserade-mort-achille.xml",
    "berquin-la-vanite-punie.xml",  # prose
    "bary-de-la-guerre.xml",
    "anonyme-sauvages-civilises.xml",
    "aubryet-hommage-a-racine.xml",
    "baro-prince-fugitif.xml",
    "blanc-druides.xml",
]
STYLESHEET_TESTS = ["test.xml", "test14.xml", "ms.xml", "testapp2.xml", "testnotes1.xml"]


def tei_words(tree: etree._ElementTree) -> collections.Counter:
    """The words of a document's text as read: the header left out, of a choice the form
    shown (corr, reg, expan)."""
    hidden = "ancestor::t:*[(self::t:sic or self::t:orig or self::t:abbr) and parent::t:choice[t:corr or t:reg or t:expan]]"  # noqa: E501
    nodes = tree.xpath(f"/t:TEI/t:text//text()[not({hidden})]", namespaces={"t": T})
    return collections.Counter(w for n in nodes for w in words(str(n)))


def check_corpus_file(tmp_path: Path, path: Path) -> None:
    tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    root = page(tmp_path, path)
    shown = collections.Counter(words(" ".join(root.xpath("//main")[0].itertext())))
    wanted = tei_words(tree)
    found = sum(min(n, shown[w]) for w, n in wanted.items())
    assert found >= 0.98 * sum(wanted.values()), f"{found} of {sum(wanted.values())} words"
    for name in ("l", "speaker"):
        count = len(tree.xpath(f"/t:TEI/t:text//t:{name}", namespaces={"t": T}))
        assert len(with_class(root, name)) == count, name


@pytest.mark.parametrize("name", PLAYS)
def test_plays_from_elsewhere(tmp_path, name):
    check_corpus_file(tmp_path, need(CORPORA / "fredracor-300" / name))


@pytest.mark.parametrize("name", STYLESHEET_TESTS)
def test_stylesheet_test_files_from_elsewhere(tmp_path, name):
    check_corpus_file(tmp_path, need(CORPORA / "tei-stylesheets-tests" / name))
