"""Location-referenced and double-end-point apparatus read as parallel segmentation."""

import os
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from teitools.attachment import to_parallel
from teitools.cli import main
from teitools.errors import InvalidInput
from teitools.tei import NS, XML_NS, read_tei
from teitools.witnesses import Apparatus

from .conftest import FIXTURES, SHARED, need

HERE = FIXTURES / "apparatus"
TESTAPP2 = SHARED / "corpora" / "tei-stylesheets-tests" / "testapp2.xml"
XML_ID = f"{{{XML_NS}}}id"


def attach(name: str) -> tuple[etree._ElementTree, list]:
    path = HERE / name
    return to_parallel(read_tei(path), str(path))


def lines(tree: etree._ElementTree, siglum: str) -> list[str]:
    """A witness's text, one block a line."""
    return Apparatus(tree, "t.xml").witness_text(siglum).strip().split("\n\n")


def pointing(tree: etree._ElementTree) -> list[etree._Element]:
    return tree.xpath("//tei:app[@from or @to or @loc]", namespaces=NS)


def ids_unique(tree: etree._ElementTree) -> bool:
    ids = [el.get(XML_ID) for el in tree.iter() if isinstance(el.tag, str) and el.get(XML_ID)]
    return not [i for i, n in Counter(ids).items() if n > 1]


def by_line(problems: list) -> dict[int | None, str]:
    return {p.line: p.message for p in problems}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def witness_cli(path: Path, siglum: str):
    return CliRunner().invoke(main, ["witness", str(path), "--wit", siglum])


# --- nothing to do -------------------------------------------------------------------------


def test_a_parallel_segmentation_document_is_returned_as_it_is():
    tree = read_tei(FIXTURES / "apparatus.xml")
    before = etree.tostring(tree)
    result, problems = to_parallel(tree, "apparatus.xml")
    assert result is tree
    assert problems == []
    assert etree.tostring(tree) == before


# --- double end-point, internal ------------------------------------------------------------


def test_double_end_point_entries_become_inline_entries():
    source = read_tei(HERE / "attach-dep-internal.xml")
    before = etree.tostring(source)
    tree, problems = to_parallel(source, "attach-dep-internal.xml")
    assert problems == []
    assert etree.tostring(source) == before  # the document read is not changed
    assert pointing(tree) == []
    # anchors: what lies between; elements: from the first's start to the last's end
    assert lines(tree, "Ha4")[3] == "And in what wise was a wight ywroght"
    assert lines(tree, "Hg")[3] == "And of so parfit wys a wight ywroght"
    assert lines(tree, "La")[2] == "To speken of woe that is in mariage"
    assert lines(tree, "El")[2] == "To speke of wo that is in mariage"
    # inline, the entry marks the lemma's end: from its line's start, or from an anchor
    assert lines(tree, "La")[0] == "Experiment though noon Auctoritee"
    assert lines(tree, "Hg")[1] == "Were in this world, is right ynogh for me"
    assert lines(tree, "El")[1] == "Were in this world, were right ynogh to me"


def test_the_new_entry_keeps_its_attributes_readings_notes_and_the_base_words():
    tree, _ = attach("attach-dep-internal.xml")
    app = tree.xpath("//tei:app[@xml:id='app-w3']", namespaces=NS)[0]
    assert app.get("type") == "substantive"
    assert [c.tag.split("}")[1] for c in app] == ["lem", "rdg", "note"]
    lem = app.find("tei:lem", NS)
    assert [w.get(XML_ID) for w in lem.findall("tei:w", NS)] == ["w3.2", "w3.3", "w3.4"]
    assert app.getparent().get("n") == "3"
    hg = tree.xpath("//tei:l[@n='117']/tei:app/tei:lem", namespaces=NS)[0]
    assert hg.get("wit") == "#Hg" and "".join(hg.itertext()) == "of so parfit wys"
    assert ids_unique(tree)


def test_the_emptied_list_of_entries_is_removed_and_the_header_says_parallel():
    tree, _ = attach("attach-dep-internal.xml")
    assert tree.find(".//tei:listApp", NS) is None
    assert tree.find(".//tei:back", NS) is None
    enc = tree.find(".//tei:variantEncoding", NS)
    assert (enc.get("method"), enc.get("location")) == ("parallel-segmentation", "internal")


def test_a_mixed_document_moves_only_the_pointing_entries():
    tree, _ = attach("attach-dep-internal.xml")
    kept = tree.xpath("//tei:l[@n='2']/tei:app[tei:lem[@wit='#El']]", namespaces=NS)
    assert len(kept) == 1 and "".join(kept[0].find("tei:lem", NS).itertext()) == "were"
    assert len(tree.findall(".//tei:app", NS)) == 5


def test_entries_that_cannot_be_attached_stay_and_are_reported():
    tree, problems = attach("attach-dep-faults.xml")
    assert {p.rule for p in problems} == {"apparatus/unlocated"}
    assert {p.severity for p in problems} == {"warning"}
    said = by_line(problems)
    assert "overlaps the one at line 24" in said[25]
    assert "@to points before @from" in said[26]
    assert "not in the same element" in said[27]
    assert 'no xml:id "missing"' in said[28]
    assert "no @from" in said[29]
    assert "XPointer" in said[30]
    assert "<witness>, which is not in the base text" in said[31]
    assert "<rdg>, which is not in the base text" in said[32]
    assert 24 not in said
    # none lost: one attached inline, eight where they stood, with their pointers
    assert len(tree.xpath("//tei:l[@n='117']/tei:app", namespaces=NS)) == 1
    assert len(tree.xpath("//tei:listApp/tei:app[@from or @to]", namespaces=NS)) == 8
    # the base text is untouched where nothing was attached
    assert "".join(tree.find(".//tei:l[@n='2']", NS).itertext()) == "Were in this world"


# --- location-referenced, internal ---------------------------------------------------------


def test_location_referenced_entries_are_found_by_their_lemma():
    tree, problems = attach("attach-loc-internal.xml")
    assert pointing(tree) == []
    assert [(p.line, p.rule, p.severity) for p in problems] == [
        (36, "apparatus/ambiguous-lemma", "note")
    ]
    assert lines(tree, "Ra2")[:4] == [
        "Eryment though none Auctoritee",  # "WBP 1": line 1 of WBP, not of X; div type=apparatus
        "Were in this world, were right ynogh to me",
        "To speke of wo that is in mariage;",
        "For, lordinges, sith I twelf yeer was of age,",  # an entry in a note
    ]
    assert lines(tree, "La")[2] == "To speke of wo that is in marriage;"
    assert lines(tree, "Hg")[3] == "For, lordynges, sith I twelue yeer was of age,"  # elision
    assert lines(tree, "Hg")[4] == "But me was toold certein, nat longe agoon is"
    # an lb-delimited line: the first "wo" of line 11, not line 10's
    assert lines(tree, "La")[-1] == ("Prose: a first line of wo a second line of woe and more wo")
    assert lines(tree, "El")[5] == "Another first line"


def test_a_lemma_inside_a_text_node_splits_it_cleanly():
    tree, _ = attach("attach-loc-internal.xml")
    line = tree.find(".//tei:l[@n='2']", NS)
    app = line.find("tei:app", NS)
    assert line.text == "Were in this world, "
    assert app.find("tei:lem", NS).text == "were right"
    assert app.tail == " ynogh to me"
    # a lemma that ends where an element ends takes the whole element
    told = tree.find(".//tei:l[@n='5']/tei:app/tei:lem", NS)
    assert told.text == "told " and told.find("tei:hi", NS).text == "certeyn"


def test_location_referenced_containers_are_removed_once_empty():
    tree, _ = attach("attach-loc-internal.xml")
    assert tree.find(".//tei:note", NS) is None
    assert tree.find(".//tei:back", NS) is None
    assert ids_unique(tree)


def test_location_referenced_entries_that_cannot_be_found_are_reported():
    tree, problems = attach("attach-loc-faults.xml")
    assert {p.severity for p in problems} == {"warning"}
    said = by_line(problems)
    assert "no lemma" in said[15]  # inline, without a lemma
    assert '@loc="9" names no line' in said[21]
    assert 'lemma "sixty" is not in "1"' in said[22]
    assert "no lemma" in said[23]
    assert "crosses the boundary of an element" in said[24]
    assert '2 places named "5"' in said[25]
    assert 14 not in said  # an inline entry without @loc, found in its line
    assert lines(tree, "La")[1] == "Were in this worlde"
    assert len(tree.xpath("//tei:listApp/tei:app[@loc]", namespaces=NS)) == 5


# --- another file --------------------------------------------------------------------------


def test_an_external_double_end_point_apparatus_is_attached_to_its_base_text():
    tree, problems = attach("attach-ext-dep.xml")
    title = tree.find(".//tei:titleStmt/tei:title", NS).text
    assert title == "The Wife of Bath's Prologue: the base text"
    sigla = [w.get(XML_ID) for w in tree.iterfind(".//tei:sourceDesc/tei:listWit/tei:witness", NS)]
    assert sigla == ["El", "Hg", "La"]
    enc = tree.find(".//tei:encodingDesc/tei:variantEncoding", NS)
    assert enc.get("method") == "parallel-segmentation"
    assert lines(tree, "La")[:2] == [
        "Experiment though noon Auctoritee",
        "Were in this world is right ynogh to me",
    ]
    assert lines(tree, "El")[1] == "Were in this world were right ynogh to me"
    said = by_line(problems)
    assert 'no xml:id "nothing" in "attach-base.xml"' in said[25]
    renamed = [p for p in problems if p.rule == "apparatus/id-renamed"]
    assert len(renamed) == 1 and renamed[0].line == 21 and '"WBP.2-2"' in renamed[0].message
    assert ids_unique(tree)
    kept = tree.findall(".//tei:back/tei:listApp[@type='unattached']/tei:app", NS)
    assert [a.get("from") for a in kept] == ["attach-base.xml#nothing"]


def test_an_external_location_referenced_apparatus_names_its_base_on_the_list():
    tree, problems = attach("attach-loc-ext.xml")
    assert lines(tree, "Ra2")[:3] == [
        "Experience though none auctorite",
        "Were in this world were right ynogh to me",
        "To speke of woo that is in mariage",
    ]
    assert [(p.line, p.rule) for p in problems] == [(22, "apparatus/unlocated")]
    assert 'lemma "sorwe" is not in "3"' in problems[0].message


def test_pointers_out_of_the_folder_or_to_urls_are_never_read():
    tree, problems = attach("attach-ext-refused.xml")
    said = by_line(problems)
    assert "(..)" in said[13]
    assert "absolute path" in said[14]
    assert "URL" in said[15] and "URL" in said[16]
    assert len(pointing(tree)) == 4  # all left as they were
    assert tree.find(".//tei:titleStmt/tei:title", NS).text.startswith("An apparatus")


def test_a_link_out_of_the_folder_is_refused(tmp_path):
    outside = tmp_path / "outside.xml"
    outside.write_bytes((HERE / "attach-base.xml").read_bytes())
    folder = tmp_path / "edition"
    folder.mkdir()
    os.symlink(outside, folder / "base.xml")
    app = folder / "app.xml"
    app.write_text((HERE / "attach-ext-dep.xml").read_text().replace("attach-base.xml", "base.xml"))
    tree, problems = to_parallel(read_tei(app), str(app))
    assert all("a link" in p.message for p in problems) and len(problems) == 3
    assert len(pointing(tree)) == 3


def test_a_base_text_that_cannot_be_read_is_an_error_at_the_pointer(tmp_path):
    app = tmp_path / "app.xml"
    app.write_text(
        (HERE / "attach-ext-dep.xml").read_text().replace("attach-base.xml", "absent.xml")
    )
    with pytest.raises(InvalidInput) as e:
        to_parallel(read_tei(app), str(app))
    problem = e.value.problem
    assert (problem.line, problem.rule) == (20, "apparatus/external-base")
    assert '"absent.xml"' in problem.message and "no such file" in problem.message


# --- from elsewhere ------------------------------------------------------------------------


def test_the_tei_stylesheets_word_by_word_apparatus():
    path = need(TESTAPP2)
    source = read_tei(path)
    entries = len(pointing(source))
    tree, problems = to_parallel(source, str(path))
    assert entries == 72
    assert problems == []
    assert pointing(tree) == []
    assert len(tree.findall(".//tei:body//tei:l/tei:app", NS)) == entries
    assert tree.find(".//tei:ab", NS) is None  # the containers of entries are gone
    assert ids_unique(tree)
    m1 = [nfc(line) for line in lines(tree, "M1")]  # the file writes Ḥ as H and a dot
    pt4 = [nfc(line) for line in lines(tree, "Pt4")]
    # M1 omits Y (PY-36.01_L1_W-04), ʿLH (L3_W-03) and pṯˈ (L3_W-18)
    assert "ḤNʾ Y LK" in pt4[3] and "ḤNʾ LK ʾthš" in m1[3]
    assert m1[5].startswith("MNW ʾwˈ hyndkyh") and pt4[5].startswith("MNW ʾwˈ ʿLH hyndkyh")
    assert "ZK-c pṯˈ ʿLH" in pt4[5] and "ZK-c ʾwˈ ʾnʾkyh" in m1[5]
    assert "paouriiē" in m1[0] and "paouruiiē" in pt4[0]


# --- through the command (once every command attaches first) -------------------------------


@pytest.mark.parametrize(
    "name, siglum, expected",
    [
        ("attach-dep-internal.xml", "Ha4", "And in what wise was a wight ywroght"),
        ("attach-dep-internal.xml", "La", "Experiment though noon Auctoritee"),
        ("attach-loc-internal.xml", "Ra2", "Eryment though none Auctoritee"),
        ("attach-ext-dep.xml", "La", "Were in this world is right ynogh to me"),
        ("attach-loc-ext.xml", "Ra2", "To speke of woo that is in mariage"),
    ],
)
def test_witness_reads_attached_entries(name, siglum, expected):
    result = witness_cli(HERE / name, siglum)
    assert result.exit_code == 0, result.output
    assert expected in result.output.split("\n")


def test_witness_of_the_tei_stylesheets_word_by_word_apparatus():
    result = witness_cli(need(TESTAPP2), "M1")
    assert result.exit_code == 0, result.output
    blocks = nfc(result.output).strip().split("\n\n")
    assert len(blocks) == 6  # the six verse lines, and no list of entries after them
    assert blocks[0] == "ahiiā ϑβā āϑrō vərəzə̄nā paouriiē pairi.jasāmaide mazdā ahurā"
    assert blocks[3].startswith("ʾytwnˈ ʾwˈ ḤNʾ LK ʾthš")
