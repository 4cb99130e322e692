"""Readings printed as editors print them, in every output: the LombardPress, DLL and PTA
vocabularies of @type and @cause ("om.", "inv.", "corr. ex", "add. in marg.", "a.c.", "p.c."),
sigla as the edition prints them (<abbr type="siglum"> with its superscripts), editors'
conjectures with their author ("coni. Bekker"), {surplus} and †cruces† kept; the plain text
of the `apparatus` command says the same as the print, and a project's labels change it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

from teitools.cli import main
from teitools.render.pdf import print_html

from .conftest import FIXTURES, SHARED, need

TYPES = FIXTURES / "apparatus"


def foreign(tmp_path: Path, name: str) -> Path:
    """A fixture copied out of this repository's project: foreign TEI, as a user's file."""
    target = tmp_path / name
    shutil.copy(TYPES / name, target)
    return target


def print_entries(doc: Path) -> tuple[list[str], str]:
    """The print apparatus's entries as text (their key and line, not the certainty and the
    link to a note that follow), and the print HTML."""
    html, _ = print_html(doc)
    found = re.findall(r'<span class="entry[^"]*">(.*?)</span>\s*</span>', html, re.S)
    found = [
        re.sub(r'<a class="to-note".*?</a>|<span class="cert">.*?</span>', "", e) for e in found
    ]
    return [" ".join(re.sub(r"<[^>]+>", "", e).split()) for e in found], html


def command_lines(doc: Path) -> list[str]:
    """The entries of `teitools apparatus`, without their number and place."""
    result = CliRunner().invoke(main, ["apparatus", str(doc)])
    assert result.exit_code == 0, result.output
    return [
        line.split(": ", 1)[1]
        for line in result.output.splitlines()
        if re.match(r"\s*\d+\. ", line)
    ]


@pytest.fixture(scope="module")
def dll_site(tmp_path_factory) -> lxml_html.HtmlElement:
    """The HTML edition of the DLL fixture, built by the command."""
    tmp = tmp_path_factory.mktemp("dll")
    doc = foreign(tmp, "types-dll.xml")
    result = CliRunner().invoke(main, ["build", "--html", str(doc), "-o", str(tmp / "site")])
    assert result.exit_code == 0, result.output
    return lxml_html.parse(str(tmp / "site" / "types-dll.html")).getroot()


def test_lombardpress_types_print_as_editors_print_them(tmp_path):
    lines, _ = print_entries(foreign(tmp_path, "types-lombardpress.xml"))
    summaries = [line.split(" ", 1)[1] for line in lines]
    assert summaries == [
        "fides] om. A (per hom.)",  # variation-absent, cause homeoteleuton
        "bona virtus] inv. L",  # variation-inversion
        "et] spes add. A",  # variation-present, the suggested lemma @n
        "caritas] add. in marg. sin. L",  # correction-addition in the left margin
        "fidem] corr. ex spem A",  # correction-substitution
        "simile] simile vel similem L",  # variation-choice
        "[sit]] suppl. Christensen; om. A L",  # conjecture-supplied, @resp to a person
        "Quarta] corr.; Quarto L",  # conjecture-corrected, no one named
    ]


def test_dll_sigla_keep_their_superscripts_in_print(tmp_path):
    lines, html = print_entries(foreign(tmp_path, "types-dll.xml"))
    assert (
        '<abbr class="siglum" title="Mac Mediceus before correction">M<sup>ac</sup></abbr>' in html
    )
    assert ">Schenkl<sup>2</sup></abbr>" in html  # a printed edition's siglum, as it prints
    summaries = [line.split(" ", 1)[1] for line in lines]
    assert "soles Mac" in summaries[0]  # the hand, not its manuscript
    assert summaries[1] == "nondum] M; nundum G a.c.; nondum G1 p.c."  # rdgGrp ante-corr
    assert summaries[2] == "vers. om. G"  # app @type lineOmission, keyed by its line
    assert lines[2].startswith("3 ")
    assert summaries[3] == "certare] M; certate in marg. G"  # add @place margin
    assert summaries[4] == "{lorem ipsum} dolor] M G; dolor coni. Schenkl2"  # surplus kept
    assert summaries[5] == "†obiectis† plateis] M; obiectis plateis G"  # the crux kept
    # the labels are in italics, the sigla upright
    assert '<i class="app-label">a.c.</i>' in html and '<i class="app-label">coni.</i>' in html


def test_pta_types_and_causes(tmp_path):
    lines, html = print_entries(foreign(tmp_path, "types-pta.xml"))
    summaries = [line.split(" ", 1)[1] for line in lines]
    assert summaries == [
        "ἀπεικάζεται καὶ] Pa Be; om. Ha",  # cause omission
        "τὰ τοῦ θεοῦ] Pa Ha; inv. Be",  # cause transposition
        "οὐκ] corr. AvS; οὐχ Pa Be Ha",  # the editor's correction (@resp, cause correction)
        "ψευδόμενος] Pa Be Ha; ἀδικῶν coni. Sav.",  # a conjecture from an edition (@source)
        "ὁ γενναῖος ἐκεῖνος] Pa Ha; inv. Be a.c.; ὁ γενναῖος ἐκεῖνος s.l. Be p.c.",  # varSeq
        "εὑρήσεις] Pa Be; εὑρήσῃς Ha",  # orthographic: the words
        "καὶ νῦν] Pa Be; om. Ha (per hom.)",  # type homoioteleuton, cause omission
        "καὶ] Pa Be; del. Ha",  # cause deletion
    ]


def test_a_conjecture_prints_its_author_not_sigla(tmp_path):
    doc = foreign(tmp_path, "types-conjecture.xml")
    lines, html = print_entries(doc)
    assert [line.split(" ", 1)[1] for line in lines] == [
        "aeternale] coni. Bekker; internale A B",
        "modum] A B; modo coni. Vahlen",
        "dicitur] A; dicit B; ducitur coni. Bekker",
    ]
    assert command_lines(doc)[0] == "aeternale] coni. Bekker; internale A B"
    out = tmp_path / "site"
    result = CliRunner().invoke(main, ["build", "--html", str(doc), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = lxml_html.parse(str(out / "types-conjecture.html")).getroot()
    [lem] = page.xpath("//li[@id='app-1']//li[contains(@class, 'lem')]")
    assert " ".join(lem.text_content().split()) == "aeternale] coni. Bekker"
    assert "conjecture" in lem.get("class") and not lem.xpath(".//abbr[@class='siglum']")


def test_the_html_entry_list_prints_readings_as_editors_do(dll_site):
    entries = dll_site.xpath("//ol[@class='entries']/li")
    first = entries[0]
    [mac] = first.xpath(".//abbr[@class='siglum'][sup='ac']")
    assert mac.text == "M" and mac.get("title") == "Mac Mediceus before correction"
    second = [" ".join(li.text_content().split()) for li in entries[1].xpath(".//ul/li")]
    assert second == ["nondum] M", "nundum G a.c.", "nondum G1 p.c."]
    omitted = entries[2].xpath(".//span[@class='reading-label']")
    assert [e.text for e in omitted] == ["vers. om."]
    assert entries[4].xpath(".//span[@class='surplus']")[0].text == "{lorem ipsum}"
    crux = entries[5].xpath(".//span[@class='crux']")[0]
    assert " ".join(crux.text_content().split()) == "†obiectis†"
    # the marker's name says the entry in plain letters
    ref = dll_site.xpath("//a[@class='app-ref'][@data-entry='app-1']")[0]
    assert "soles Mac" in ref.get("aria-label")


def test_the_crux_is_only_in_the_apparatus(dll_site):
    """The text keeps its <sic> as it was; only the readings listed carry the cruces."""
    text = " ".join(dll_site.xpath("//main")[0].text_content().split())
    in_list = " ".join(dll_site.xpath("//ol[@class='entries']")[0].text_content().split())
    assert "†obiectis†" in in_list
    assert "†obiectis†" not in text.replace(in_list, "")


@pytest.mark.parametrize(
    "name", ["types-lombardpress.xml", "types-dll.xml", "types-pta.xml", "types-conjecture.xml"]
)
def test_the_command_says_what_the_print_says(tmp_path, name):
    doc = foreign(tmp_path, name)
    printed, _ = print_entries(doc)
    assert command_lines(doc) == [line.split(" ", 1)[1] for line in printed]


def test_the_command_prints_sigla_by_their_plain_letters(tmp_path):
    lines = command_lines(foreign(tmp_path, "types-dll.xml"))
    assert lines[0] == "solis] G; soles Mac; solis M1"
    assert "<" not in "".join(lines)


def test_a_projects_labels_change_the_printed_forms(tmp_path):
    (tmp_path / "tei").mkdir()
    doc = tmp_path / "tei" / "types-lombardpress.xml"
    shutil.copy(TYPES / "types-lombardpress.xml", doc)
    (tmp_path / "labels.xml").write_text(
        '<labels xmlns="urn:teitools:labels">'
        '<label key="reading.variation-absent" xml:lang="en">omittit</label>'
        '<label key="reading.conjecture-supplied" xml:lang="en">add. {1}</label>'
        "</labels>",
        encoding="utf-8",
    )
    (tmp_path / "teitools.toml").write_text('name = "P"\nlabels = "labels.xml"\n')
    lines = command_lines(doc)
    assert lines[0] == "fides] omittit A (per hom.)"
    assert lines[6] == "[sit]] add. Christensen; omittit A L"
    assert lines[1] == "bona virtus] inv. L"  # what it does not override stays
    # the HTML and the print edition of the project say the same

    printed, _ = print_entries(doc)
    assert "fides] omittit A (per hom.)" in printed[0] and "add. Christensen" in printed[6]
    site = tmp_path / "site"
    r = CliRunner().invoke(main, ["build", "--html", "-o", str(site), str(doc)])
    assert r.exit_code == 0, r.output
    page = (site / "types-lombardpress.html").read_text(encoding="utf-8")
    listed = page.split('id="apparatus"')[1].split("</section>")[0]
    assert "omittit" in listed and "inv." in listed


def test_a_type_no_label_names_is_shown_never_fatal(tmp_path):
    doc = tmp_path / "odd.xml"
    doc.write_text(
        (TYPES / "types-conjecture.xml")
        .read_text(encoding="utf-8")
        .replace('<rdg wit="#B">dicit</rdg>', '<rdg wit="#B" type="correction-x">dicit</rdg>')
        .replace(
            '<rdg wit="#A #B">internale</rdg>', '<rdg wit="#A #B" type="weird">internale</rdg>'
        ),
        encoding="utf-8",
    )
    lines = command_lines(doc)
    assert lines[0] == "aeternale] coni. Bekker; internale A B"
    assert lines[2] == "dicitur] A; correction-x: dicit B; ducitur coni. Bekker"
    printed, _ = print_entries(doc)
    assert [p.split(" ", 1)[1] for p in printed] == lines


def test_the_command_and_the_print_agree_on_every_corpus_apparatus():
    """Every apparatus file of the corpora from elsewhere (LombardPress, the TEI Consortium's
    tests): each entry reads the same in `teitools apparatus` and at the foot of the page."""
    files = [
        f
        for folder in ("scta-gracilis", "tei-stylesheets-tests")
        for f in sorted(need(SHARED / "corpora" / folder).rglob("*.xml"))
        if "<app" in f.read_text(encoding="utf-8", errors="replace")
    ]
    assert len(files) > 50
    differ = []
    for f in files:
        printed, _ = print_entries(f)
        said = command_lines(f)
        if said != [line.split(" ", 1)[1] if " " in line else "" for line in printed]:
            differ.append(f.name)
    assert differ == []
