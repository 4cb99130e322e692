"""The three editions in tei/: valid TEI, complete, every page once, and faithful to the OCR.

The edited TEI is the master; ingest with the recorded corrections must give the same text,
page by page (README, "How the texts are made").
"""

import re
from collections import Counter

import pytest
from lxml import etree

from teitools.ingest import ingest
from teitools.tei import NS, XML_NS, page_texts, parse
from teitools.witnesses import Apparatus

from .conftest import BOOK, ROOT, SLAVIC, need

TEI = ROOT / "tei"
EDITIONS = {
    "secret-report": ("wolfe-report", BOOK),
    "wolfe-commentary": ("wolfe-commentary", BOOK),
    "slavic-review-1967": ("slavic-review", SLAVIC),
}


@pytest.fixture(scope="module", params=sorted(EDITIONS))
def edition(request):
    name = request.param
    return name, parse(TEI / f"{name}.xml")


def edited_text(tree):
    """The document as its edited text reads: each apparatus entry replaced by its lemma."""
    return Apparatus(tree).lemma_tree()


# What an editor adds, not the source's text: readings of other witnesses, corrections next to
# what was printed, labels, descriptions of gaps, editorial back matter.
EDITORIAL = ("teiHeader", "rdg", "corr", "label", "desc", "back")


def _body_text(tree):
    return " ".join(page_texts(edited_text(tree)).values())


def test_valid_against_tei_all(edition, tei_all):
    name, tree = edition
    assert tei_all(tree, name) == []


def test_text_is_the_ocr_with_the_recorded_corrections_page_by_page(edition):
    name, tree = edition
    profile, seed = EDITIONS[name]
    draft = ingest(need(seed), profile, corrections=TEI / "corrections" / f"{name}.tsv")
    want, got = page_texts(draft.tree, EDITORIAL), page_texts(edited_text(tree), EDITORIAL)
    assert list(got) == list(want)
    for page in want:
        assert got[page] == want[page], f"page {page} differs from ingest + corrections"


DEBRIS = [
    (r"[¬♦|•^]", "OCR mark"),
    (r"\w!\w", "! inside a word"),
    (
        r"(?<![\w.,’])1 (am|was|have|had|never|do|did|can|shall|will|would|must|think|know)\b",
        "1 for I",
    ),
    (r"\b[a-z]+- [a-z]+\b", "word broken by a hyphen and a space"),
    (r"\b(\w+) \1\b(?<!\bthat that)(?<!\bhad had)", "doubled word"),
    (r"KHR\s*USHCHEV|SECRET REPOR", "running head"),
    (r"\s[,.;:!?](?!\s?\.)", "space before punctuation"),
    (r"[\"']", "straight quote"),
    (r"\w\s*\*+|\*\s", "footnote mark left in the text"),
]


def test_no_ocr_debris_in_any_text_node(edition):
    _, tree = edition
    found: dict[str, list[str]] = {}
    for page, text in page_texts(edited_text(tree)).items():
        text = re.sub(r"(?: ?\. ){2,3}\.", "…", text)  # ellipses are spaced periods, not debris
        for rx, why in DEBRIS:
            for hit in re.findall(f".{{0,30}}(?:{rx}).{{0,30}}", text):
                found.setdefault(why, []).append(f"p. {page}: {hit}")
    assert found == {}


def test_no_page_number_or_empty_paragraph_left(edition):
    _, tree = edition
    for p in tree.getroot().iterfind(".//tei:body//tei:p", NS):
        text = "".join(p.itertext()).strip()
        assert text and not re.fullmatch(r"[\dIl ]{1,6}", text), etree.tostring(p)[:80]


def _page_numbers(name):
    tree = parse(TEI / f"{name}.xml")
    return [pb.get("n") for pb in tree.getroot().iterfind(".//tei:pb", NS)], tree


def test_every_report_page_88_to_252_exactly_once():
    ns, _ = _page_numbers("secret-report")
    assert ns == [str(n) for n in range(88, 253, 2)]


def test_every_commentary_page_89_to_253_once_facing_its_report_page():
    ns, tree = _page_numbers("wolfe-commentary")
    assert ns == [str(n) for n in range(89, 254, 2)]
    report_ids = {
        pb.get(f"{{{XML_NS}}}id")
        for pb in parse(TEI / "secret-report.xml").getroot().iterfind(".//tei:pb", NS)
    }
    for pb in tree.getroot().iterfind(".//tei:pb", NS):
        doc, _, target = pb.get("corresp").partition("#")
        assert doc == "secret-report.xml" and target in report_ids
        assert int(target[1:]) == int(pb.get("n")) - 1


def test_headers_are_complete(edition):
    name, tree = edition
    h = tree.getroot().find("tei:teiHeader", NS)
    for path in (
        "tei:fileDesc/tei:titleStmt/tei:title",
        "tei:fileDesc/tei:titleStmt/tei:author",
        "tei:fileDesc/tei:titleStmt/tei:respStmt",
        "tei:fileDesc/tei:publicationStmt/tei:availability/tei:licence[@target]",
        "tei:fileDesc/tei:sourceDesc/tei:bibl/tei:title",
        "tei:encodingDesc/tei:editorialDecl/tei:normalization",
        "tei:encodingDesc/tei:editorialDecl/tei:correction",
        "tei:revisionDesc/tei:change[@when]",
    ):
        assert h.find(path, NS) is not None, f"{name}: no {path}"
    if name != "slavic-review-1967":
        assert (
            h.find("tei:fileDesc/tei:sourceDesc/tei:bibl/tei:biblScope[@unit='page']", NS)
            is not None
        )


def test_every_pointer_to_an_id_resolves(edition):
    name, tree = edition
    root = tree.getroot()
    ids = {e.get(f"{{{XML_NS}}}id") for e in root.iter() if e.get(f"{{{XML_NS}}}id")}
    for el in root.iter():
        for attr in ("resp", "source", "corresp", "target"):
            for ptr in (el.get(attr) or "").split():
                if ptr.startswith("#"):
                    assert ptr[1:] in ids, f"{name}: {attr}={ptr} names no element"


def test_the_report_marks_reactions_insertions_and_quoted_documents():
    root = parse(TEI / "secret-report.xml").getroot()
    stages = [s.text for s in root.iterfind(".//tei:stage[@type='reaction']", NS)]
    assert len(stages) == 49  # every reaction the report prints
    assert stages.count("(Tumultuous applause.)") >= 2
    assert stages[-1].startswith("(Tumultuous, prolonged applause ending in ovation.")
    supplied = root.findall(".//tei:supplied[@resp='#translator']", NS)
    assert len(supplied) >= 10
    assert supplied[0].text == "Central Committee of the Communist Party of the Soviet Union"
    quotes = ["".join(q.itertext()) for q in root.iterfind(".//tei:body//tei:quote", NS)]
    assert any("Lev Borisovich!" in q and "N. Krupskaya" in q for q in quotes)
    assert any(q.strip().startswith("“We deem it absolutely necessary and urgent") for q in quotes)
    text = _body_text(parse(TEI / "secret-report.xml"))
    assert "all he needed were people to fill the stage; he" in text  # as Wolfe prints it
    assert text.rstrip().endswith("All rise.)")


def test_the_commentary_has_its_nine_chapters_and_notes():
    root = parse(TEI / "wolfe-commentary.xml").getroot()
    heads = [
        " ".join("".join(h.itertext()).split())
        for h in root.iterfind(".//tei:div[@type='chapter']/tei:head", NS)
    ]
    assert heads == [
        "I. THE CULT OF STALIN’S PERSON.",
        "II. LENINIST NORMS OF PARTY LIFE.",
        "III. HOW STALIN BECAME LENIN’S HEIR.",
        "IV. THE ORIGINS OF STALIN’S “TRAGEDY.”",
        "V. THE CONGRESS OF THE VICTORS.",
        "VI. “THE BERIA GANG.”",
        "VII. THE GREATEST MILITARY CHIEFTAIN OF ALL TIME.",
        "VIII. WHAT’S WRONG WITH SOVIET AGRICULTURE?",
        "IX. WHERE WERE THE MEMBERS OF THE POLITBURO?",
    ]
    notes = root.findall(".//tei:body//tei:note[@place='foot']", NS)
    assert len(notes) >= 60
    assert Counter(n.get("n") for n in notes).keys() <= {"*", "**", "***"}
    first = notes[0]
    assert "".join(first.itertext()).startswith("Stalin placed the total of “Kulaks”")


def test_the_slavic_review_exchange():
    root = parse(TEI / "slavic-review-1967.xml").getroot()
    body = root.find(".//tei:body", NS)
    types = [d.get("type") for d in body.iterfind("tei:div/tei:div", NS)]
    assert types == ["editorial-note", "article", "letter"]
    authors = [a.text for a in body.iterfind(".//tei:byline/tei:docAuthor", NS)]
    assert authors == ["ABDURAKHMAN AVTORKHANOV", "JOHN A. ARMSTRONG"]
    notes = body.findall(".//tei:note[@place='foot']", NS)
    assert [n.get("n") for n in notes] == [str(i) for i in range(1, 27)]
    printed = {
        n.get("n"): n.find("tei:label/tei:choice/tei:sic", NS).text
        for n in notes
        if n.find("tei:label/tei:choice", NS) is not None
    }
    assert printed == {"5": "6", "26": "28"}
    assert all(
        n.find(".//tei:corr", NS).text == k for k in printed for n in notes if n.get("n") == k
    )
    speech = [
        n.get("n")
        for n in notes
        if n.find("tei:bibl[@corresp='#rech-khrushcheva']", NS) is not None
    ]
    assert speech == ["10", "12", "14", "15", "16", "17", "18"]
    letter = body.find(".//tei:div[@type='letter']", NS)
    last = letter.findall("tei:p", NS)[-1]
    assert last[-1].tag == f"{{{NS['tei']}}}gap" and "".join(last.itertext()).split("The source")[
        0
    ].endswith("I am")
    assert len(body.findall(".//tei:quote[@type='block']", NS)) == 4


def test_the_statisti_note_quotes_wolfe_word_for_word():
    """Every quotation of Wolfe in the note on his emendation stands in his text (pp. 84-85),
    as the OCR has it once its line breaks and hyphens are undone."""
    book = need(BOOK).read_text(encoding="utf-8")
    start = book.index("The only change in substance")
    wolfe = " ".join(book[start : start + 1200].replace("¬ \n", "").split())
    wolfe = wolfe.replace("84 ", "")  # the page number between pp. 84 and 85
    tree = parse(ROOT / "tei" / "secret-report.xml")
    note = tree.find(".//tei:app[@type='emendation']/tei:note", NS)
    text = " ".join("".join(note.itertext()).split())
    quoted = re.findall(r"“([^”]+)”", text)
    assert len(quoted) >= 4, quoted
    for q in quoted:
        words = q.replace("‘", "“").replace("’", "”")
        variants = {words, words[0].upper() + words[1:], q}
        assert any(v in wolfe.replace("\u2019", "’") for v in variants), q
