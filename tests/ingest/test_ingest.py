"""Ingest end to end on a small hand-made book: two interleaved streams, notes, heads."""

import pytest
from lxml import etree

from teitools.errors import InvalidInput
from teitools.ingest import ingest
from teitools.tei import NS, page_texts

from ..conftest import FIXTURES

BOOK = FIXTURES / "mini-book.txt"


@pytest.fixture(scope="module")
def report():
    return ingest(BOOK, FIXTURES / "mini.toml")


@pytest.fixture(scope="module")
def commentary():
    return ingest(BOOK, FIXTURES / "mini-commentary.toml")


def test_streams_are_separated_by_page_parity(report, commentary):
    assert report.page_numbers == [10, 12, 14]
    assert commentary.page_numbers == [11, 13, 15]
    assert "Commentary text" not in etree.tostring(report.tree, encoding="unicode")
    assert "Comrades" not in etree.tostring(commentary.tree, encoding="unicode")


def test_each_page_is_a_pb_with_its_printed_number_once(report):
    pbs = report.tree.getroot().findall(".//tei:pb", NS)
    assert [pb.get("n") for pb in pbs] == ["10", "12", "14"]
    assert [pb.get("{http://www.w3.org/XML/1998/namespace}id") for pb in pbs] == [
        "p10",
        "p12",
        "p14",
    ]


def test_paragraph_continues_across_the_facing_page_and_a_word_across_the_break(report):
    paras = report.tree.getroot().findall(".//tei:body//tei:p", NS)
    second = paras[1]
    pb = second.find("tei:pb", NS)
    assert pb is not None and pb.get("n") == "12" and pb.get("break") == "no"
    text = "".join(second.itertext())
    assert "with a broken sentence that ends here." in text


def test_running_heads_and_page_numbers_are_gone(report):
    text = " ".join(page_texts(report.tree).values())
    assert "SECRET REPORT" not in text and "KHR" not in text
    for n in ("10", "11", "no", "1 3", "25 B"):
        assert f" {n} " not in f" {text} "


def test_words_broken_across_lines_are_rejoined(report):
    text = page_texts(report.tree)["10"]
    assert "This is the first paragraph of the report, and it has a Marxism-Leninism in it." in text


def test_footnotes_move_to_their_call_even_mid_sentence(report, commentary):
    note = commentary.tree.getroot().find(".//tei:body//tei:note", NS)
    assert note.get("place") == "foot" and note.get("n") == "*"
    assert note.text == "The note text, which runs on two lines."
    assert note.getparent().text.endswith("with a note.")
    # the note of p. 12 interrupts a sentence that runs on to p. 14
    notes = report.tree.getroot().findall(".//tei:body//tei:note", NS)
    assert [n.get("n") for n in notes] == ["**"]
    p = notes[0].getparent()
    assert "".join(p.itertext()).replace(notes[0].text, "") == (
        "It runs on to the next report page with a broken sentence that ends here. "
        "(Applause.) Then more “text” of the speaker, with a call "
        "and a sentence that runs on across the page and its foot."
    )


def test_audience_reactions_are_stage_directions(report):
    stages = report.tree.getroot().findall(".//tei:stage", NS)
    assert [s.text for s in stages] == ["(Applause.)", "(Tumultuous applause.)"]
    assert all(s.get("type") == "reaction" for s in stages)


def test_a_quoted_document_becomes_a_quote_block(report):
    q = report.tree.getroot().find(".//tei:quote", NS)
    assert q is not None and len(q.findall("tei:p", NS)) == 2


def test_headings_open_chapters_and_facing_pages_point_to_the_report(commentary):
    root = commentary.tree.getroot()
    heads = [h.text for h in root.findall(".//tei:div[@type='chapter']/tei:head", NS)]
    assert heads == ["I. THE FIRST CHAPTER.", "II. THE SECOND CHAPTER."]
    pb = root.find(".//tei:pb[@n='13']", NS)
    assert pb.get("corresp") == "mini.xml#p12"


def test_quotes_and_dashes_are_normalized_and_said_in_the_header(commentary):
    text = " ".join(page_texts(commentary.tree).values())
    assert "More commentary, “quoted” and dashed—here." in text
    norm = commentary.tree.getroot().find(".//tei:editorialDecl/tei:normalization", NS)
    assert "curly" in "".join(norm.itertext())


def test_misread_page_numbers_are_reported(commentary):
    msgs = [p.message for p in commentary.problems]
    assert 'page number repaired from its sequence: "no" read as 12' in msgs
    assert 'page number repaired from its sequence: "25 B" read as 15' in msgs


def test_unnumbered_text_with_superscript_notes(tmp_path):
    prof = tmp_path / "p.toml"
    prof.write_text(
        "[pages]\nnumbered = false\n[lines]\none_line_paragraphs = true\n"
        "[footnotes]\nsuperscripts = true\n"
    )
    r = ingest(FIXTURES / "unnumbered.txt", prof)
    paras = r.tree.getroot().findall(".//tei:body//tei:p", NS)
    assert len(paras) == 2
    note = paras[1].find("tei:note", NS)
    assert note.get("n") == "1" and note.text == "The note, set where its page ended."
    assert "".join(paras[1].itertext()).replace(note.text, "") == (
        "A paragraph with a call. And it goes on, intending to continue after the note."
    )


def test_corrections_are_applied_on_their_page_and_must_match_once(tmp_path):
    tsv = tmp_path / "c.tsv"
    tsv.write_text("# page\tocr\tcorrected\n12\tmore “text”\tmore “words”\tfor the test\n")
    r = ingest(BOOK, FIXTURES / "mini.toml", corrections=tsv)
    assert "more “words” of the speaker" in page_texts(r.tree)["12"]
    tsv.write_text("10\tmore “text”\tx\n")  # right text, wrong page
    with pytest.raises(InvalidInput) as e:
        ingest(BOOK, FIXTURES / "mini.toml", corrections=tsv)
    assert "matches nothing on page 10" in str(e.value) and e.value.problem.line == 1


def test_a_paragraph_whose_quotation_ends_inside_it_opens_no_quote_block():
    from teitools.ingest.build import _quote_state

    assert _quote_state("“What are you actually?” Stalin had asked.") == (False, False)
    assert _quote_state("“I am a Bolshevik, Comrade Stalin.”") == (True, True)
    assert _quote_state("“A letter that goes on,") == (True, False)
