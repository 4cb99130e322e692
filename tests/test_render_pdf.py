"""The print edition read back: apparatus on the page of its lemma, a true table of contents,
fonts embedded, the book's parts in place, A5 and US Letter."""

import re
import subprocess

import pytest
from pypdf import PdfReader

from teitools.render.pdf import build_pdf
from teitools.tei import NS, parse

from .conftest import ROOT, need_program

TEI = ROOT / "tei"


PROBLEMS: list = []


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf")
    paths = build_pdf(sorted(TEI.glob("*.xml")), out, page_size="A5", problems=PROBLEMS)
    return {p.stem: PdfReader(p) for p in paths}


def _page_of(reader: PdfReader, name: str) -> int:
    return reader.get_destination_page_number(reader.named_destinations[name]) + 1


def _text(reader: PdfReader, page: int) -> str:
    text = reader.pages[page - 1].extract_text()
    text = re.sub(r"[-\u2010]\s*\n\s*", "", text)  # words hyphenated at line ends
    return " ".join(text.split())


def _assert_entries_on_their_lemmas_pages(report: PdfReader) -> None:
    from teitools.witnesses import Apparatus, entries

    items = entries(Apparatus(parse(TEI / "secret-report.xml")))
    assert len(items) == 25
    for n, e in enumerate(items, 1):
        page = _page_of(report, f"lem-{n}")
        text = _text(report, page)
        added = [r for r in e.readings if not r.lemma]
        if e.lemma:  # a variant: "83 people to fill the stage] W; statisticians SD"
            want = f"{e.paragraph} {' '.join(e.lemma.split()[:4])}"
        else:  # an addition: "Q3 add. Q: His unrealistic appreciation"
            want = f"add. Q: {' '.join(added[0].text.split()[:4])}"
        assert want in text, f"entry {n} ({want!r}) is not on p. {page}, where its lemma is"


def test_every_apparatus_entry_is_on_the_page_of_its_lemma(pdfs):
    report = pdfs["secret-report"]
    _assert_entries_on_their_lemmas_pages(report)
    page = _page_of(report, "lem-6")
    assert "83 people to fill the stage] W; statisticians SD" in _text(report, page)
    assert "people to fill the stage; he treated" in _text(report, page)


def test_every_footnote_is_on_the_page_of_its_call(pdfs):
    """Wolfe's footnotes and the Slavic Review's: each at the foot of its call's page, with
    its own words (the long ones too: Wolfe's note on Trotsky runs to 362 words)."""
    counts = {"secret-report": 1, "wolfe-commentary": 62, "slavic-review-1967": 26}
    for name, reader in pdfs.items():
        notes = parse(TEI / f"{name}.xml").findall(".//tei:text//tei:note[@place='foot']", NS)
        assert len(notes) == counts[name]
        for k, note in enumerate(notes, 1):
            page = _page_of(reader, f"fnc-{k}")
            assert _page_of(reader, f"fn-{k}") == page, (name, k)
            label = note.find("tei:label", NS)  # the printed mark, e.g. "6" corrected to "5"
            if label is not None:
                note.remove(label)
            words = " ".join("".join(note.itertext()).split()[:3])
            assert words in _text(reader, page), (name, k, words, page)


def test_the_additions_of_il_quotidiano_are_their_own_series(pdfs):
    report = pdfs["secret-report"]
    pages = {_page_of(report, f"lem-{n}") for n in range(1, 26)}
    series = sorted(
        {int(k) for p in pages for k in re.findall(r"Q(\d+) add\. Q:", _text(report, p))}
    )
    assert series == list(range(1, 12))


def test_the_editors_notes_are_set_apart_after_the_text(pdfs):
    report = pdfs["secret-report"]
    notes = _page_of(report, "editorial-notes")
    assert notes > _page_of(report, "p252")
    assert "Editor’s notes on the apparatus" in _text(report, notes)
    assert "statistiki" not in _text(report, _page_of(report, "lem-6"))


def test_the_contents_page_numbers_are_true(pdfs):
    for name, reader in pdfs.items():
        contents = next(i for i in range(1, 6) if "Contents" in _text(reader, i))
        lines = reader.pages[contents - 1].extract_text().split("\n")
        checked = 0
        for line in lines:
            m = re.match(r"(.+?)[ .]*?\s(\d+)$", line.strip())
            if not m or m.group(1) == "Contents":
                continue
            title, page = " ".join(m.group(1).rstrip(". ").split()), int(m.group(2))
            assert title[:25] in " ".join(_text(reader, page).split()), (name, title, page)
            checked += 1
        assert checked >= (9 if name == "wolfe-commentary" else 1), name


def test_the_fonts_are_embedded(pdfs):
    for name, reader in pdfs.items():
        fonts = {}
        for page in reader.pages:
            for f in (page["/Resources"].get("/Font") or {}).values():
                f = f.get_object()
                fd = (
                    f.get("/FontDescriptor")
                    or f["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                )
                fd = fd.get_object()
                fonts[str(f["/BaseFont"])] = any(
                    k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3")
                )
        assert fonts and all(fonts.values()), (name, fonts)
        assert all("EB-Garamond" in f for f in fonts), (name, sorted(fonts))


def test_the_book_has_its_parts(pdfs):
    report, commentary = pdfs["secret-report"], pdfs["wolfe-commentary"]
    assert "Khrushchev’s Secret Report" in _text(report, 1)
    edition = _text(report, 2)
    for siglum in ("SD", "Q", "W"):
        assert re.search(rf"\b{siglum}\b", edition)
    page = _page_of(report, "p126")
    assert "126" in _text(report, page)  # the 1957 page in the margin
    chapter = _text(commentary, _page_of(commentary, "p127"))
    assert "Faces the report" in " ".join(_text(commentary, p) for p in range(5, 30))
    assert chapter
    slavic = pdfs["slavic-review-1967"]
    texts = " ".join(_text(slavic, p) for p in range(1, len(slavic.pages) + 1))
    assert "Staline au Pouvoir (under my pen name" in texts  # footnote 1 at the foot


def test_running_heads_and_page_numbers(pdfs):
    report = pdfs["secret-report"]
    page = _page_of(report, "p128")
    lines = [ln.strip() for ln in report.pages[page - 1].extract_text().split("\n") if ln.strip()]
    assert str(page) in lines  # the page number
    assert any(ln == "Khrushchev’s Secret Report" for ln in lines)


def test_the_proofs_are_clean(pdfs):
    """No note off its call's page, no widow or orphan, no line in the margin (A5)."""
    assert PROBLEMS == []


def test_us_letter(tmp_path):
    found: list = []
    [letter] = build_pdf([TEI / "secret-report.xml"], tmp_path, page_size="letter", problems=found)
    assert found == []
    report = PdfReader(letter)
    box = report.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    _assert_entries_on_their_lemmas_pages(report)
    with pytest.raises(Exception, match="A5 or letter"):
        build_pdf([TEI / "slavic-review-1967.xml"], tmp_path, page_size="A4x")


def test_pages_render_to_png(pdfs, tmp_path):
    """The pages to look at, as PNG in test-artifacts/: the title page, a page of the report
    with its apparatus, a commentary page with Wolfe's footnote, a Slavic Review page with
    its notes (what is on them is read back from the PDF by the tests above)."""
    from PIL import Image

    pdftoppm = need_program("pdftoppm")

    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    pages = {
        "title": ("secret-report", 1),
        "apparatus": ("secret-report", _page_of(pdfs["secret-report"], "lem-6")),
        "commentary": ("wolfe-commentary", _page_of(pdfs["wolfe-commentary"], "fnc-1")),
        "slavic-review": ("slavic-review-1967", _page_of(pdfs["slavic-review-1967"], "fnc-1")),
    }
    for name, (doc, page) in pages.items():
        src = tmp_path / f"{doc}.pdf"
        pdfs[doc].stream.seek(0)
        src.write_bytes(pdfs[doc].stream.read())
        png = artifacts / f"pdf-{name}"
        subprocess.run(
            [pdftoppm, "-r", "60", "-f", str(page), "-l", str(page), "-png", "-singlefile"]
            + [str(src), str(png)],
            check=True,
        )
        with Image.open(f"{png}.png") as image:
            width, height = image.size
            assert (round(width / 60 * 25.4), round(height / 60 * 25.4)) == (148, 210)  # A5
            dark = sum(image.convert("L").histogram()[:128])
            assert dark > 2000, (name, dark)  # text on it, not a blank page


def test_a_rebuild_of_unchanged_input_does_nothing(tmp_path):
    [first] = build_pdf([TEI / "slavic-review-1967.xml"], tmp_path)
    stamp = first.stat().st_mtime_ns
    [again] = build_pdf([TEI / "slavic-review-1967.xml"], tmp_path)
    assert again.stat().st_mtime_ns == stamp
    # what the proofs showed when it was set is said again
    key = tmp_path / ".slavic-review-1967.pdf.sha256"
    key.write_text(key.read_text() + "\npdf/widow\tp. 3: a paragraph ends with one line alone")
    found: list = []
    build_pdf([TEI / "slavic-review-1967.xml"], tmp_path, problems=found)
    assert [(p.rule, p.message) for p in found] == [
        ("pdf/widow", "p. 3: a paragraph ends with one line alone")
    ]
    assert first.stat().st_mtime_ns == stamp


def test_the_pdf_says_what_it_is(pdfs):
    meta = pdfs["secret-report"].metadata
    assert meta.title.startswith("Khrushchev’s Secret Report")
    assert parse(TEI / "secret-report.xml").getroot().find(".//tei:author", NS).text in (
        meta.author or ""
    )


def test_the_running_heads_name_the_chapter_on_right_pages(pdfs):
    commentary = pdfs["wolfe-commentary"]
    head = "VII. THE GREATEST MILITARY CHIEFTAIN OF ALL TIME"  # the heading ends with "."
    pages = [
        n
        for n, page in enumerate(commentary.pages, 1)
        if head in [ln.strip() for ln in page.extract_text().split("\n")]
    ]
    assert len(pages) >= 3 and all(n % 2 == 1 for n in pages), pages
    left = commentary.pages[pages[0]].extract_text().split("\n")  # the page after: a left page
    assert "Commentary on Khrushchev’s Secret Report" in [ln.strip() for ln in left]
