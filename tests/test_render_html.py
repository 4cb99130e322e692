"""The HTML edition: the stylesheets through their output on small fixtures, the builder, the
command, and the site in a real Chromium (Debian's chromium, driven by Playwright)."""

from __future__ import annotations

import http.server
import re
import subprocess
import sys
import threading
from functools import partial
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

from teitools.render import cache, xslt
from teitools.render.command import build_command
from teitools.render.html import build_html
from teitools.render.quotations import find_quotations, locate, paragraphs, words
from teitools.tei import parse
from teitools.witnesses import Apparatus

from .conftest import FIXTURES, ROOT

MINI = FIXTURES / "render" / "mini.xml"
FACING = FIXTURES / "render" / "facing.xml"
TEI = ROOT / "tei"
ARTIFACTS = ROOT / "test-artifacts"


def text_of(el) -> str:
    return " ".join(el.text_content().split())


def words_of(el) -> str:
    """The words of an element without the numbers and markers the edition adds."""
    el = lxml_html.fromstring(lxml_html.tostring(el))
    for mark in el.xpath(".//*[@class='para-n' or @class='app-ref' or @class='note-ref']"):
        mark.drop_tree()
    return text_of(el)


@pytest.fixture(scope="module")
def mini_site(tmp_path_factory) -> Path:
    """The site of the two small fixtures: a text with three witnesses and its facing notes."""
    out = tmp_path_factory.mktemp("mini") / "html"
    build_html([MINI, FACING], out)
    return out


def page(site: Path, name: str):
    return lxml_html.parse(str(site / name)).getroot()


# ---- the shared module: which reading is whose, how an entry is summarized ----------------


@pytest.mark.parametrize("siglum", ["A", "B", "C", "G"])
def test_shared_module_reads_witnesses_as_teitools_witnesses_does(siglum: str) -> None:
    """xslt/common and teitools.witnesses give every witness the same text (groups, nested
    entries, reading groups, negative apparatus, omissions: tests/fixtures/apparatus.xml)."""
    source = FIXTURES / "apparatus.xml"
    _, node = xslt.load(source)
    out = xslt.transform(FIXTURES / "render" / "witness-text.xsl", node, {"witness": siglum})
    expected = Apparatus(parse(source), str(source)).witness_text(siglum)
    assert out.split("\n") == expected.strip().split("\n\n")


def test_entry_is_summarized_in_the_conventional_form(mini_site: Path) -> None:
    doc = page(mini_site, "mini.html")
    markers = doc.xpath("//a[@class='app-ref']/@aria-label")
    assert markers == [
        "Apparatus entry 1: alpha] A; beta B",
        "Apparatus entry 2: add. C: And C adds this.",
    ]


def test_apparatus_list_gives_readings_sigla_type_certainty_note_and_source(mini_site) -> None:
    entry = page(mini_site, "mini.html").get_element_by_id("app-1")
    said = text_of(entry)
    assert "alpha] A" in said and "beta B" in said
    assert "idiomatic correction" in said and "Certainty: high" in said
    assert "A note on alpha." in said and entry.xpath(".//i[@lang='la']")
    assert "Source: The source, p. 1" in said
    assert entry.xpath(".//abbr[@class='siglum'][@title='Codex B']")


# ---- the reading text, the witnesses, the compare view ------------------------------------


def test_base_text_is_the_default_page_and_other_witnesses_have_theirs(mini_site) -> None:
    w = page(mini_site, "mini.html")
    assert "First alpha words" in words_of(w.get_element_by_id("para-1"))
    b = page(mini_site, "mini.B.html")
    assert "First beta words" in words_of(b.get_element_by_id("para-1"))
    current = b.xpath("//nav[@class='witness-switch']//a[@aria-current='page']")
    assert [a.get("href") for a in current] == ["mini.B.html"]


def test_additions_of_a_fragmentary_witness_are_marked(mini_site: Path) -> None:
    c = page(mini_site, "mini.C.html")
    (ins,) = c.xpath("//ins[@class='reading']")
    assert text_of(ins) == "And C adds this." and ins.get("title") == "Addition of C"
    assert "C is known only where the apparatus names it" in text_of(c)
    assert not page(mini_site, "mini.html").xpath("//ins")
    assert "First alpha words" in words_of(c.get_element_by_id("para-1"))  # C reads the lemma


def test_compare_view_sets_two_witnesses_side_by_side_and_marks_differences(mini_site) -> None:
    doc = page(mini_site, "mini.compare.html")  # one page for any two: it opens with B, A
    rows = doc.xpath("//div[contains(@class, 'compare-row')][not(contains(@class, 'head'))]")
    differing = [r for r in rows if "differs" in r.get("class")]
    assert len(differing) == 1
    left, right = differing[0].xpath("./div[@class='col']")
    shown = ".//*[contains(@class, 'diff')][not(@hidden)]"
    assert [text_of(m) for m in left.xpath(shown)] == ["beta"]
    assert [text_of(m) for m in right.xpath(shown)] == ["alpha"]
    assert not right.xpath(".//*[@id]")  # anchors once, in the left column
    assert doc.xpath("//input[@id='only-diff'][@type='checkbox']")


def test_pages_numbers_and_paragraph_anchors(mini_site: Path) -> None:
    doc = page(mini_site, "mini.html")
    assert doc.xpath("//a[@class='pb'][@id='p1'][@href='#p1']")
    assert doc.xpath("//a[@class='pb'][@id='p2'][@href='#p2']")
    second = doc.get_element_by_id("para-2")
    assert second.get("data-page") == "1" and second.get("data-n") == "2"
    (rest,) = doc.xpath("//p[contains(@class, 'continued')]")  # runs over to p. 2
    assert rest.get("id") is None and text_of(rest).startswith("the page.")
    assert doc.xpath("//a[@class='para-n'][@href='#para-3'][@aria-label='Cite paragraph 3']")


def test_facing_document_stands_beside_the_page_it_faces(mini_site: Path) -> None:
    doc = page(mini_site, "mini.html")
    spreads = doc.xpath("//section[@class='spread']")
    assert len(spreads) == 2
    first = spreads[0]
    assert "First alpha words" in words_of(first.xpath("./div[@class='page']")[0])
    (aside,) = first.xpath("./aside[@class='facing']")
    assert "Comment facing one" in text_of(aside) and "Comment facing two" not in text_of(aside)
    assert aside.xpath(".//details[@open]") and aside.xpath(".//h3[.='I. ON PAGE ONE.']")
    assert "Its note." in text_of(spreads[1].xpath("./aside")[0])  # a note under its page
    # the facing document's own page points back to the page it faces
    notes = page(mini_site, "facing.html")
    assert notes.xpath("//a[@class='faces'][@href='mini.html#p1']")


def test_text_elements_notes_and_the_translator(mini_site: Path) -> None:
    doc = page(mini_site, "mini.html")
    (sup,) = doc.xpath("//span[@class='supplied']")
    assert text_of(sup) == "[inserted]" and sup.get("title") == "inserted by the Translator"
    assert doc.xpath("//p[@class='stage stage-reaction'][.='(Applause.)']")
    (ref,) = doc.xpath("//div[@class='page']//a[@class='note-ref']")
    assert doc.get_element_by_id(ref.get("href")[1:]).xpath(".//p[.='A footnote.']")
    assert doc.xpath("/html[@lang='en']") and doc.xpath("//main[@id='main']")


def test_downloads_hold_the_source_and_each_witness(mini_site: Path) -> None:
    links = page(mini_site, "mini.html").xpath("//details[@class='downloads']//a/@href")
    assert "downloads/mini.xml" in links and "downloads/mini.B.txt" in links
    for href in links:
        assert (mini_site / href).is_file()
    assert (mini_site / "downloads/mini.B.txt").read_text().startswith("The Text\n\nFirst beta")
    assert b"The text of witness C" in (mini_site / "downloads/mini.C.xml").read_bytes()


def test_index_and_search_index_list_the_editions(mini_site: Path) -> None:
    index = page(mini_site, "index.html")
    assert index.xpath("//h2/a[@href='mini.html'][.='A Mini Edition']")
    assert "Faces The Text" in text_of(index)  # the heading of its one division
    script = (mini_site / "assets/search-index.js").read_text()
    assert script.startswith("window.teitoolsSearch = {")  # a few words: how it is split
    assert len(script) < 2000
    words = (mini_site / "assets/search/w-fi.js").read_text()  # "first" and the like
    assert words.startswith('teitoolsSearchWords("fi",[[0,{') and '"first":[' in words
    passages = (mini_site / "assets/search/p-mini-0.js").read_text()
    assert '"u":"mini.html#para-1"' in passages.replace("\\/", "/")
    assert (mini_site / "assets/fonts/OFL.txt").is_file()


# ---- the builder: whole or nothing, and nothing when nothing changed ----------------------


def test_rebuild_of_unchanged_inputs_does_nothing(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "mini.xml").write_bytes(MINI.read_bytes())
    out = tmp_path / "site"
    first = build_html([src], out)
    assert not first.up_to_date and "mini.html" in first.pages
    stamp = (out / "mini.html").stat().st_mtime_ns
    assert build_html([src], out).up_to_date
    assert (out / "mini.html").stat().st_mtime_ns == stamp
    (src / "mini.xml").write_text(MINI.read_text().replace("Third", "Thirdly"))
    assert not build_html([src], out).up_to_date
    assert "Thirdly" in (out / "mini.html").read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "src"]  # no leftovers
    assert cache.up_to_date(out, (out / cache.DIGEST_FILE).read_text().strip())


def test_a_failed_build_leaves_the_old_site(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_html([MINI], out)
    bad = tmp_path / "bad.xml"
    bad.write_text("<TEI><text>")
    with pytest.raises(Exception, match="bad.xml"):
        build_html([bad], out)
    assert (out / "mini.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.xml", "site"]


def test_build_command(tmp_path: Path) -> None:
    runner = CliRunner()
    r = runner.invoke(build_command, ["--html", str(MINI), "-o", str(tmp_path / "a")])
    pages = len(list((tmp_path / "a").rglob("*.html")))  # the pages, not the search's pieces
    assert r.exit_code == 0 and f": {pages} pages built" in r.output, r.output
    r = runner.invoke(build_command, ["--html", str(MINI), "-o", str(tmp_path / "a")])
    assert r.exit_code == 0 and "up to date" in r.output
    r = runner.invoke(build_command, [str(MINI)])
    assert r.exit_code == 2 and "--html" in r.output
    r = runner.invoke(build_command, ["--html", str(tmp_path / "none.xml"), "-o", str(tmp_path)])
    assert r.exit_code == 2 and "none.xml: error: no such file or folder" in r.output


def test_build_command_end_to_end(tmp_path: Path) -> None:
    code = "from teitools.render.command import build_command; build_command()"
    args = [sys.executable, "-c", code, "--html", str(MINI), "-o", str(tmp_path / "site")]
    done = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "site" / "mini.html").is_file()


# ---- the Slavic Review's quotations of the speech, found in the report ---------------------


def test_quotation_words_are_normalized() -> None:
    assert words("Feb­ruary–March “plenum,” Rech’ Ézhov") == ["feb", "ruary", "march", "plenum"] + [
        "rech",
        "ezhov",
    ]


def test_quotations_of_the_speech_are_found_in_the_report() -> None:
    """Five of the seven citations are identified; the two that quote no words of the report
    (a list of names found in several places, a phrase the report lacks) are not linked."""
    found = {
        q.note: (q.paragraph, q.match)
        for q in find_quotations(
            parse(TEI / "slavic-review-1967.xml"),
            {"secret-report.xml": parse(TEI / "secret-report.xml")},
        )
    }
    assert found == {
        "n10": (None, "none"),
        "n12": (98, "close"),
        "n14": (105, "close"),
        "n15": (107, "close"),
        "n16": (96, "close"),
        "n17": (None, "none"),
        "n18": (157, "close"),
    }


def test_an_exact_quotation_is_exact() -> None:
    paras = paragraphs(parse(MINI))
    index, score, exact = locate("Second runs over . . . the page. And", paras)
    assert exact and paras[index][0] == 2 and score > 0
    assert locate("nothing of the kind here at all", paras)[0] == -1


# ---- the real site in Chromium ------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The whole site of tei/, built once for the browser tests."""
    out = tmp_path_factory.mktemp("site") / "html"
    result = build_html([TEI], out)
    assert result.seconds < 30, result.summary()
    return out


@pytest.fixture
def open_page(browser, site):
    """Open a page of the site (from the file system) at a width; console errors collected."""
    contexts = []

    def opener(name: str, width: int = 1280, height: int = 900, js: bool = True):
        ctx = browser.new_context(
            viewport={"width": width, "height": height},
            java_script_enabled=js,
            reduced_motion="reduce",
        )
        contexts.append(ctx)
        pg = ctx.new_page()
        pg.errors, pg.remote = [], []
        pg.on("console", lambda m: m.type == "error" and pg.errors.append(m.text))
        pg.on("pageerror", lambda e: pg.errors.append(str(e)))
        pg.on("request", lambda r: r.url.startswith("file:") or pg.remote.append(r.url))
        if name.startswith("http:"):
            pg.goto(name)
        else:
            path, _, fragment = name.partition("#")
            pg.goto((site / path).as_uri() + (f"#{fragment}" if fragment else ""))
        return pg

    yield opener
    for ctx in contexts:
        ctx.close()


def test_pages_load_without_console_errors(open_page, site: Path) -> None:
    names = sorted(p.name for p in site.glob("*.html"))
    assert len(names) == 8  # index, search, the three witnesses, one compare page, two editions
    for name in names:
        pg = open_page(name)
        pg.wait_for_load_state("load")
        assert pg.errors == [], name
        assert pg.remote == [], name  # nothing from the network: fonts, scripts, styles are here
        assert pg.locator("h1").count() == 1 and pg.locator("main").count() == 1, name


def test_statisti_marker_opens_a_popover_naming_sd(open_page) -> None:
    pg = open_page("secret-report.html#p128")
    marker = pg.locator(
        "xpath=//span[@class='app app-variant'][span[.='people to fill the stage']]/button"
    )
    assert marker.get_attribute("aria-expanded") == "false"
    marker.click()
    pop = pg.locator("#popover")
    pop.wait_for(state="visible")
    assert marker.get_attribute("aria-expanded") == "true"
    assert "statisticians" in pop.inner_text() and "SD" in pop.inner_text()
    assert "emendation" in pop.inner_text() and "Textual Matters" in pop.inner_text()
    pg.keyboard.press("Escape")
    assert pop.is_hidden() and marker.evaluate("b => b === document.activeElement")


def test_switching_to_sd_gives_its_reading(open_page) -> None:
    pg = open_page("secret-report.html")
    rest = "section.spread:has(#p128) .page p.continued"  # ¶ 83 runs over to p. 128
    assert "people to fill the stage" in pg.locator(rest).inner_text()
    pg.locator(".witness-switch a", has_text="SD").click()
    pg.wait_for_url(re.compile(r"secret-report\.SD\.html"))
    para = pg.locator(rest).inner_text()
    assert "statisticians" in para and "people to fill the stage" not in para
    assert pg.locator(".witness-switch a[aria-current='page']").inner_text().strip() == "SD"


def test_commentary_facing_pages_126_to_128_stands_beside_them(open_page) -> None:
    pg = open_page("secret-report.html#p126")
    for report_page, facing_page in (("p126", "127"), ("p128", "129")):
        spread = pg.locator(f"section.spread:has(#{report_page})")
        text = spread.locator(".page").bounding_box()
        aside = spread.locator("aside.facing")
        assert f"p. {facing_page}" in aside.locator("summary").text_content()
        box = aside.bounding_box()
        assert box["x"] >= text["x"] + text["width"]  # to the right of the page
        assert box["y"] < text["y"] + text["height"] and text["y"] < box["y"] + box["height"]
    assert "holy of holies" in pg.locator("section.spread:has(#p126) aside.facing").inner_text()


def test_commentary_is_stacked_and_collapsible_on_a_narrow_screen(open_page) -> None:
    pg = open_page("secret-report.html#p126", width=390, height=844)
    spread = pg.locator("section.spread:has(#p126)")
    details = spread.locator("details.facing-page")
    assert details.get_attribute("open") is None  # collapsed
    spread.locator("summary").click()
    assert details.get_attribute("open") is not None
    text = spread.locator(".page").bounding_box()
    aside = spread.locator("aside.facing").bounding_box()
    assert aside["y"] >= text["y"] + text["height"] - 1  # below its page


def test_search_finds_kossior(open_page, site: Path) -> None:
    pg = open_page("index.html")
    loaded: list[str] = []
    pg.on("request", lambda r: "/assets/search/" in r.url and loaded.append(r.url))
    pg.fill("#site-q", "Kossior")
    pg.press("#site-q", "Enter")
    pg.wait_for_url(re.compile(r"search\.html\?q=Kossior"))
    results = pg.locator("#search-results li")
    results.first.wait_for()
    assert results.count() >= 10
    assert "Kossior" in pg.locator("#search-results mark").first.inner_text()
    assert "passages found" in pg.locator("#search-status").inner_text()
    href = results.first.locator("a").get_attribute("href")
    assert re.fullmatch(r"[\w.-]+\.html#[\w-]+", href)
    assert pg.errors == []
    # the query loaded its word's piece and the passages it shows, not the whole index
    names = sorted(u.rsplit("/", 1)[1] for u in loaded)
    assert [n for n in names if n.startswith("w-")] == ["w-ko.js"]
    pieces = list((site / "assets" / "search").iterdir())
    assert len(names) < len(pieces) / 4, names


def test_site_works_from_a_web_server(open_page, site: Path) -> None:
    """The same files served over HTTP (127.0.0.1): the search and a popover work."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        pg = open_page(base + "search.html?q=statisticians")
        pg.locator("#search-results li a").first.click()
        pg.wait_for_url(re.compile(r"secret-report\.html#app-6"))
        pg.locator("#app-6-ref").click()
        assert "statisticians" in pg.locator("#popover").inner_text()
        assert pg.errors == []
    finally:
        server.shutdown()
        server.server_close()


def test_keyboard_alone_reaches_a_popover(open_page) -> None:
    pg = open_page("secret-report.html")
    for _ in range(200):
        pg.keyboard.press("Tab")
        if pg.evaluate("document.activeElement.classList.contains('app-ref')"):
            break
    else:
        pytest.fail("no apparatus marker reached with the Tab key")
    pg.keyboard.press("Enter")
    pop = pg.locator("#popover")
    pop.wait_for(state="visible")
    assert pg.evaluate("document.activeElement.id") == "popover"
    assert "Apparatus entry" in pop.text_content()
    pg.keyboard.press("Escape")
    assert pop.is_hidden()
    assert pg.evaluate("document.activeElement.classList.contains('app-ref')")


def test_everything_is_there_without_javascript(open_page) -> None:
    pg = open_page("secret-report.html", js=False)
    assert pg.locator("a.app-ref").count() == 25  # links to the list, not buttons
    assert pg.locator("#apparatus li.entry").count() == 25
    assert "statisticians" in pg.locator("#app-6").inner_text()
    assert pg.locator("aside.facing").count() == 83
    slavic = open_page("slavic-review-1967.html", js=False)
    link = slavic.locator("#n12 a.quotation-link")
    assert link.get_attribute("href") == "secret-report.html#para-98"
    assert slavic.locator("li.note").count() == 26


def test_cite_this_passage(open_page) -> None:
    pg = open_page("secret-report.html")
    pg.locator("#para-83 > button.para-n").click()
    text = pg.locator("#popover .citation").inner_text()
    assert "Khrushchev" in text and "p. 126, ¶ 83" in text
    assert text.split(". ")[-1].startswith("file://") or "secret-report.html#para-83" in text


def test_screenshots_of_the_report(open_page) -> None:
    """Wide and narrow pictures of the report page, for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    for width, height, name in ((1280, 900, "wide"), (390, 844, "narrow")):
        pg = open_page("secret-report.html#p126", width=width, height=height)
        pg.locator("#p126").scroll_into_view_if_needed()
        pg.locator("section.spread:has(#p128) .app-ref").first.click()
        pg.locator("#popover").wait_for(state="visible")
        pg.screenshot(path=str(ARTIFACTS / f"report-{name}.png"))
        top = open_page("secret-report.html", width=width, height=height)
        top.screenshot(path=str(ARTIFACTS / f"report-{name}-top.png"))
        assert (ARTIFACTS / f"report-{name}.png").stat().st_size > 10_000


def test_any_two_witnesses_are_compared_on_one_page(browser, tmp_path: Path) -> None:
    """One compare page, whatever the number of witnesses: the reader picks the two; each
    column shows its witness's readings and hides what the witness lacks."""
    model = FIXTURES / "apparatus"
    out = tmp_path / "site"
    build_html([model / "model-hands.xml", model / "model-lacunae.xml"], out)
    assert sorted(p.name for p in out.glob("model-hands.compare*")) == ["model-hands.compare.html"]
    ctx = browser.new_context()
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto((out / "model-hands.compare.html").as_uri())
    picks = pg.locator(".compare-head select.compare-pick")
    assert picks.count() == 2 and picks.nth(0).is_visible()
    picks.nth(0).select_option("Mmr")
    picks.nth(1).select_option("Mac")
    rows = pg.locator(".compare-row:not(.compare-head):not(.page-row)")
    first = rows.nth(0).locator(":scope > .col")
    assert "initio" in first.nth(0).inner_text() and "principio" in first.nth(1).inner_text()
    assert "differs" in rows.nth(0).get_attribute("class")
    second = rows.nth(1).locator(":scope > .col")  # Mac has its own reading, Mmr reads as M
    assert "erat" in second.nth(0).inner_text() and "est" in second.nth(1).inner_text()
    assert "differs" not in rows.nth(2).get_attribute("class")  # both read "lux"
    assert "a=Mmr" in pg.url and "b=Mac" in pg.url  # the pair is kept in the address
    pg.goto((out / "model-lacunae.compare.html").as_uri() + "?a=B&b=A")
    cols = (
        pg.locator(".compare-row:not(.compare-head):not(.page-row)").nth(1).locator(":scope > .col")
    )
    assert "Five six" not in cols.nth(0).inner_text()  # B is in its lacuna there
    assert "Five six" in cols.nth(1).inner_text()
    assert not errors
    ctx.close()


NUMBERED = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader><fileDesc><titleStmt><title>Numbered divisions</title></titleStmt>
    <publicationStmt><p>Test.</p></publicationStmt><sourceDesc><p>Made.</p></sourceDesc>
  </fileDesc></teiHeader>
  <text><front><div1><head>Preface</head><p>Front.</p></div1></front>
  <body>
    <div1><head>Book one</head><p>One.</p>
      <div2><head>Chapter one</head><p>A.</p></div2>
      <div2 xml:id="ch2"><head>Chapter two</head><p>B.</p>
        <div3><head>Section</head><p>C.</p></div3></div2></div1>
    <div1><head>Book two</head><p>Two.</p><div2><head>Chapter three</head><p>D.</p></div2></div1>
  </body>
  <back><div1><head>Appendix</head><p>E.</p></div1></back></text>
</TEI>
"""


def test_numbered_divisions_are_anchored_in_order_and_listed(tmp_path: Path) -> None:
    """div1…div7 without an xml:id are anchored by their place among the divisions, in the
    order of the text (its own id kept where it has one), and the contents link to each."""
    doc = tmp_path / "numbered.xml"
    doc.write_text(NUMBERED, encoding="utf-8")
    build_html([doc], tmp_path / "site")
    tree = lxml_html.parse(str(tmp_path / "site" / "numbered.html"))
    heads = ["Preface", "Book one", "Chapter one", "Chapter two", "Section", "Book two",
             "Chapter three", "Appendix"]  # fmt: skip
    anchors = {}
    for h in tree.xpath("//*[self::h2 or self::h3 or self::h4 or self::h5][@id or ../@id]"):
        anchors[text_of(h)] = h.get("id") or h.getparent().get("id")
    found = [anchors.get(h) for h in heads]
    assert found == ["div-1", "div-2", "div-3", "ch2", "div-5", "div-6", "div-7", "div-8"], found
    ids = set(tree.xpath("//@id"))
    links = [h[1:] for h in tree.xpath("//a/@href") if h.startswith("#div-") or h == "#ch2"]
    assert links and set(links) <= ids and {"div-2", "div-8", "ch2"} <= set(links)


def test_a_division_has_its_type_as_a_class_and_none_without(tmp_path: Path) -> None:
    doc = tmp_path / "typed.xml"
    body = '<div type="act"><head>Act</head><div><p>A.</p></div></div><div><p>B.</p></div>'
    doc.write_text(
        NUMBERED.split("<text>")[0] + f"<text><body>{body}</body></text></TEI>", encoding="utf-8"
    )
    build_html([doc], tmp_path / "site")
    tree = lxml_html.parse(str(tmp_path / "site" / "typed.html"))
    classes = [s.get("class") for s in tree.xpath("//section[contains(@class, 'div')]")]
    assert classes == ["div div-act", "div", "div"], classes


def test_a_card_counts_its_entries_in_the_right_number(tmp_path: Path) -> None:
    """ "1 apparatus entry", "2 apparatus entries" (mini.xml has two), on the index's cards."""
    one = tmp_path / "one.xml"
    text = (FIXTURES / "render" / "mini.xml").read_text(encoding="utf-8")
    first = text.index("<app")
    second = text.index("<app", first + 1)
    end = text.index("</app>", second) + len("</app>")
    lemma = re.search(r"<lem[^>]*>(.*?)</lem>", text[second:end], re.S)
    one.write_text(text[:second] + (lemma[1] if lemma else "") + text[end:], encoding="utf-8")
    build_html([FIXTURES / "render" / "mini.xml", one], tmp_path / "site")
    cards = lxml_html.parse(str(tmp_path / "site" / "index.html")).xpath(
        "//li[@class='edition-card']"
    )
    said = sorted(text_of(c) for c in cards)
    assert any("2 apparatus entries" in s for s in said), said
    assert any("1 apparatus entry" in s and "entries" not in s for s in said), said
