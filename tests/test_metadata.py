"""Metadata from any teiHeader: each rule on a small header, then real headers from elsewhere."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import etree

from teitools.metadata import Date, describe, plain
from teitools.publish.dc import describe as describe_dc
from teitools.tei import InvalidInput, parse

from .conftest import FIXTURES, ROOT, SHARED, need

HEADERS = FIXTURES / "headers"
CORPORA = SHARED / "corpora"
TEI = "http://www.tei-c.org/ns/1.0"


def tei(title_stmt: str = "<title>T</title>", text: str = "<p>x</p>", **parts: str) -> str:
    """A small TEI document: the titleStmt's content, the body's, and other header parts
    (`publication`, `source`, `profile`, `edition`, `root_attrs`, `text_attrs`, `after`)."""
    return f"""<TEI xmlns="{TEI}" {parts.get("root_attrs", "")}><teiHeader><fileDesc>
      <titleStmt>{title_stmt}</titleStmt>{parts.get("edition", "")}
      <publicationStmt>{parts.get("publication", "<p/>")}</publicationStmt>
      <sourceDesc>{parts.get("source", "<p>born digital</p>")}</sourceDesc></fileDesc>
      <profileDesc>{parts.get("profile", "")}</profileDesc></teiHeader>{parts.get("after", "")}
      <text {parts.get("text_attrs", "")}><body>{text}</body></text></TEI>"""


def md(xml: str):
    return describe(etree.fromstring(xml))


# ---- titles


def test_main_and_subtitles_by_type():
    m = md(tei('<title type="sub">eine Auswahl</title><title type="main">Briefe</title>'))
    assert (m.main_title, m.subtitles, m.title) == (
        "Briefe",
        ["eine Auswahl"],
        "Briefe: eine Auswahl",
    )


def test_several_untyped_titles_the_first_is_main_the_others_subtitles():
    m = md(
        tei(
            "<title>Tri pridige</title><title>Elektronska izdaja</title><title type='sub'>S</title>"
        )
    )
    assert m.title == "Tri pridige: Elektronska izdaja: S"


def test_title_with_markup_notes_breaks_and_choice():
    m = md(tei(
        "<title>The  <hi rend='italic'>Secret</hi>\n  Report<note>a working title</note>"
        "<lb/>of <choice><sic>Krushchev</sic><corr>Khrushchev</corr></choice>, "
        "im-<lb break='no'/>pressions</title>"
    ))  # fmt: skip
    assert m.title == "The Secret Report of Khrushchev, im-pressions"


def test_main_title_in_the_language_of_the_text():
    m = md(tei(
        '<title type="main" xml:lang="en">The Sermons</title>'
        '<title type="main" xml:lang="sl">Pridige</title>',
        text_attrs='xml:lang="sl"',
    ))  # fmt: skip
    assert m.main_title == "Pridige"


def test_a_document_without_a_title_takes_its_title_page_or_heading_or_file_name(tmp_path):
    m = describe(parse(HEADERS / "manuscript.xml"))
    assert m.title == "La Chanson de Roland"  # from the title page, its <lb/> a space
    assert md(tei("<title/>", "<div><head>Chapter  One</head><p>x</p></div>")).title == (
        "Chapter One"
    )
    path = tmp_path / "untitled-letter.xml"
    path.write_text(tei("<title> </title>"), encoding="utf-8")
    assert describe(parse(path)).title == "untitled-letter"


# ---- people


def test_author_name_assembled_without_its_identifiers_which_are_kept_apart():
    m = describe(parse(HEADERS / "play-standoff.xml"))
    (racine,) = m.authors
    assert racine.name == "Jean Racine"
    assert (racine.forename, racine.surname) == ("Jean", "Racine")
    assert racine.ids == (("isni", "0000000123212338"), ("wikidata", "Q742"))
    assert [e.name for e in m.editors] == ["Paul Fièvre"]


def test_a_pen_name_is_the_name_the_civil_name_another_and_notes_are_left_out():
    (moliere,) = describe(parse(HEADERS / "play-bibl.xml")).authors
    assert moliere.name == "Molière"
    assert moliere.other_names == ("Jean-Baptiste Poquelin",)
    assert moliere.ids == (("key", "wikidata:Q687"),)


def test_name_parts_elided_particles_and_preserved_space():
    m = md(tei(
        '<author><persName type="pen" xml:space="preserve">\n  <roleName>Abbé</roleName>\n'
        "  <nameLink>d'</nameLink><surname>Aubignac</surname></persName></author>"
        "<author><persName><forename>Honoré</forename><nameLink>de</nameLink>"
        "<surname>Balzac</surname></persName></author>"
        '<author ref="https://viaf.org/viaf/1 #local">Dickens, Charles, 1812-1870'
        "<note>From the catalogue.</note></author>"
        "<author><name>Constanze Esmarch</name><affiliation>Husum</affiliation>"
        "<email>c@example.org</email></author><author> </author><author><idno>42</idno></author>"
    ))  # fmt: skip
    assert m.author_names() == [
        "Abbé d'Aubignac",
        "Honoré de Balzac",
        "Dickens, Charles, 1812-1870",
        "Constanze Esmarch",
    ]
    assert m.authors[2].ids == (("ref", "https://viaf.org/viaf/1"), ("ref", "#local"))


def test_responsibilities_with_their_resp_and_other_roles():
    m = describe(parse(HEADERS / "critical-edition.xml"))
    assert [(r.resp, r.person.name) for r in m.responsibilities] == [
        ("collated", "Carl Collator"),
        ("principal", "Paula Principal"),
    ]
    assert m.responsibilities[0].person.ids == (("ref", "https://orcid.org/0000-0002-1825-0097"),)


# ---- dates


def test_work_dates_from_standoff_events_the_earliest_of_print_and_premiere():
    m = describe(parse(HEADERS / "play-standoff.xml"))
    assert [(d.type, d.iso()) for d in m.work_dates] == [
        ("print", "1677"),
        ("premiere", "1677-01-01"),
    ]
    assert m.work_date.iso() == "1677"
    assert m.source_date.iso() == "1677"  # the title page's docDate
    assert m.source_date.text == "M. DC. LXXVII."
    assert m.edition_date is None


def test_work_date_written_from_the_original_source_bibl_with_bounds():
    m = describe(parse(HEADERS / "play-bibl.xml"))
    assert m.work_date == Date("", "1664", "1666", "", "written")
    assert m.work_date.iso() == "1664/1666"
    assert m.source_date is None  # typed dates date the work, not the source


def test_premiere_before_print_and_typed_date_in_profile():
    events = (
        '<standOff><listEvent><event type="print" when="1880"/>'
        '<event type="premiere" when="1879-11-02"/></listEvent></standOff>'
    )
    assert md(tei(after=events)).work_date.iso() == "1879-11-02"
    written = '<creation><date type="written" notBefore="1150">after 1150</date></creation>'
    m = md(tei(profile=written))
    assert (m.work_date.iso(), m.work_date.text) == ("1150/..", "after 1150")


def test_a_letters_date_its_sources_imprint_and_its_editions_publication():
    m = describe(parse(HEADERS / "letter.xml"))
    assert (m.work_date.iso(), m.work_date.type) == ("1877-12-22", "sent")
    assert m.source_date.iso() == "1904"
    assert m.edition_date.iso() == "2021-09-01"
    assert m.sources == ("Briefwechsel, Berlin, 1904",)


def test_creation_manuscript_and_edition_statement_dates():
    m = describe(parse(HEADERS / "manuscript.xml"))
    assert m.work_date.iso() == "1100/1150" and m.work_date.type == "creation"
    assert m.source_date.iso() == "1325/1350"  # msDesc origDate
    assert m.edition_date.iso() == "2020"  # publicationStmt/date with text only
    assert m.sources == ("Oxford, Bodleian Library, MS Digby 23",)
    edition = describe(parse(HEADERS / "critical-edition.xml")).edition_date
    assert (edition.iso(), edition.text) == ("2023-04-06", "April 06, 2023")


def test_publication_date_comes_before_the_edition_statement():
    edition = '<editionStmt><edition><date when="2015-12-24"/></edition></editionStmt>'
    m = md(tei(edition=edition, publication='<date when="2013-10-10"/>'))
    assert m.edition_date.iso() == "2013-10-10"


# ---- language, rights, identifiers


def test_language_of_the_text_before_the_header_then_lang_usage():
    m = describe(parse(HEADERS / "critical-edition.xml"))
    assert (m.language, m.languages) == ("la", ("la", "en"))  # text/@xml:lang, header in en
    assert md(tei(root_attrs='xml:lang="fr"')).language == "fr"
    usage = (
        "<langUsage><language ident='en' usage='10'/><language ident='la' usage='90'/></langUsage>"
    )
    assert md(tei(profile=usage)).language == "la"  # the language most of the text is in
    assert md(tei()).language == ""


def test_publisher_rights_and_identifiers():
    m = describe(parse(HEADERS / "critical-edition.xml"))
    assert m.publishers == ("The Scholastic Texts Archive",)
    assert m.rights == ("Published under a CC BY-NC-SA 4.0 licence",)
    assert m.licences == ("http://creativecommons.org/licenses/by-nc-sa/4.0/",)
    letter = describe(parse(HEADERS / "letter.xml"))
    assert letter.identifiers == (
        ("DOI", "10.5555/letters.42"),
        ("URN", "urn:nbn:de:0000-letters-42"),
    )


# ---- genre, form, subjects, description


def test_genre_from_the_classification_form_from_the_structure():
    play = describe(parse(HEADERS / "play-standoff.xml"))
    assert (play.genre, play.form, play.subjects) == ("Tragédie", "drama", ("Tragédie", "vers"))
    assert describe(parse(HEADERS / "manuscript.xml")).form == "verse"  # 3 lines, 1 paragraph
    assert describe(parse(HEADERS / "critical-edition.xml")).form == "prose"
    assert md(tei(root_attrs='type="letters"')).genre == "letters"


def test_a_play_is_not_of_the_type_of_its_first_div():
    dc = describe_dc(parse(HEADERS / "play-bibl.xml"), "m", str).dc  # body: one div type="acte"
    assert dc["type"] == ["Text", "drama"]
    standoff = describe_dc(parse(HEADERS / "play-standoff.xml"), "p", str)
    assert standoff.dc["type"] == ["Text", "Tragédie", "drama"]
    assert [s.spec for s in standoff.sets][-1] == "type:tragedie"


def test_description_abstract_or_the_beginning_of_the_source_description():
    assert describe(parse(HEADERS / "letter.xml")).description == (
        "Storm thanks Keller for his novellas."
    )
    assert describe(parse(HEADERS / "critical-edition.xml")).description.startswith(
        "Edited from the one known manuscript"
    )
    long = md(tei(source="<p>" + "word " * 300 + "</p>")).description
    assert len(long) <= 502 and long.endswith(" …")


# ---- what the outputs read


def test_oai_dc_of_a_foreign_play():
    dc = describe_dc(parse(HEADERS / "play-standoff.xml"), "phedre", lambda d: f"oai:x:{d}").dc
    assert dc["title"] == ["Phèdre: Tragédie"]
    assert dc["creator"] == ["Jean Racine"]
    assert dc["contributor"] == ["Paul Fièvre [editor]"]
    assert dc["date"] == ["1677"]
    assert dc["language"] == ["fr"]
    assert dc["subject"] == ["vers"]
    assert dc["source"][1] == "https://gallica.bnf.fr/ark:/12148/bpt6k1280398"
    assert dc["rights"] == ["CC BY-NC-SA 4.0", "https://creativecommons.org/licenses/by-nc-sa/4.0/"]


def test_the_element_a_stylesheet_reads_and_the_json_summary():
    m = describe(parse(HEADERS / "play-standoff.xml"))
    el = m.element("urn:teitools:site")
    ns = {"s": "urn:teitools:site"}
    assert el.xpath("s:title[@type='main']/text()", namespaces=ns) == ["Phèdre"]
    assert el.xpath("s:title[@type='sub']/text()", namespaces=ns) == ["Tragédie"]
    assert el.xpath("s:author/text()", namespaces=ns) == ["Jean Racine"]
    assert el.xpath("s:author/@key", namespaces=ns) == ["isni:0000000123212338 wikidata:Q742"]
    assert el.xpath("s:date[@of='work']/@when", namespaces=ns) == ["1677"]
    assert el.xpath("s:language/text()", namespaces=ns) == ["fr"]
    assert el.xpath("s:subject/text()", namespaces=ns) == ["Tragédie", "vers"]
    summary = json.loads(json.dumps(m.as_dict()))
    assert summary["title"] == "Phèdre: Tragédie" and summary["work_date_iso"] == "1677"


def test_the_editions_keep_their_metadata():
    report = describe(parse(ROOT / "tei" / "secret-report.xml"))
    assert report.author_names() == ["Nikita Sergeyevich Khrushchev"]
    assert report.edition_date.iso() == "2026-11-22"
    assert report.source_date.iso() == "1957"
    assert report.work_date is None  # the header dates no event of the speech itself
    assert (report.language, report.form, report.division) == ("en", "prose", "speech")
    assert report.subtitles == ["The text as printed by Bertram D. Wolfe (1957): a TEI edition"]


def test_plain_text_skips_comments_and_named_elements():
    el = etree.fromstring(f'<name xmlns="{TEI}">A <!-- c --><idno>1</idno>B<note>n</note></name>')
    assert plain(el, ("idno", "note")) == "A B"


# ---- real headers from elsewhere


def _plays() -> list[Path]:
    return sorted(need(CORPORA / "fredracor-300").glob("*.xml"))


def test_every_play_of_the_drama_corpus():
    plays = _plays()
    assert len(plays) == 300
    dated = 0
    for path in plays:
        tree = parse(path)
        m = describe(tree)
        idnos = {plain(i) for i in tree.getroot().iter(f"{{{TEI}}}idno")}
        assert m.title and m.main_title, path
        assert m.authors, path
        for name in m.author_names():
            for token in name.split():
                assert not re.fullmatch(r"[\dX]+|Q\d+", token), (path, name)
                assert token not in idnos, (path, name)
        has_date = tree.getroot().xpath(
            "//*[self::t:event or self::t:date][@type='written' or @type='print' or "
            "@type='premiere'] | //t:creation//t:date",
            namespaces={"t": TEI},
        )
        if has_date:
            assert m.work_date is not None and m.work_date.year(), path
            dated += 1
        assert m.language == "fr", path
        assert m.genre and m.form in ("drama", "verse", "prose"), path
        dc = describe_dc(tree, path.stem, str).dc
        assert not {"act", "acte"} & set(dc["type"]), path
        assert dc["creator"] == m.author_names()
    assert dated == 300


SCTA_SAMPLE = [
    ("pg-b1q10/pg-b1q10.xml", "la", "2023-04-06"),
    ("pg-b1q10/lon_pg-b1q10.xml", "la", "2023-04-06"),
    ("pg-b1q10/en_pg-b1q10.xml", "en", "2017-10-31"),  # a translation, headed alike
    ("pg-b1q1/pg-b1q1.xml", "", "2013-10-10"),  # no language declared anywhere
]


@pytest.mark.parametrize(("name", "lang", "edition"), SCTA_SAMPLE)
def test_scholastic_editions(name, lang, edition):
    m = describe(parse(need(CORPORA / "scta-gracilis" / name)))
    assert m.main_title and m.author_names() == ["Peter Gracilis"]
    assert [e.name for e in m.editors][0] == "Jeffrey C. Witt" and len(m.editors) == 2
    assert m.language == lang  # the text's language, not the header's
    assert m.edition_date.iso() == edition
    assert m.licences and m.licences[0].startswith("http")


def test_the_stylesheets_test_files():
    folder = need(CORPORA / "tei-stylesheets-tests")
    seen = 0
    for path in sorted(folder.glob("*.xml")):
        try:
            tree = parse(path)
        except InvalidInput:
            continue  # not well-formed on purpose
        if etree.QName(tree.getroot()).localname not in ("TEI", "teiCorpus"):
            continue
        m = describe(tree)
        assert m.title, path
        for name in m.author_names():
            assert "@" not in name and name.strip() == name, (path, name)
        seen += 1
    assert seen >= 30
    dickens = describe(parse(folder / "test.xml"))
    assert dickens.author_names() == ["Charles Dickens"]  # affiliation and email left out
    slovene = describe(parse(folder / "test32.xml"))
    assert slovene.language == "sl" and slovene.main_title == "TRI PRIDIGE O JEZIKU"
