"""The print edition on what the layout engine stumbles on: blanks before a line break (a
note in a heading, as in TEI from other projects) are set, not a crash; and whatever the
engine fails on is one line of error, exit 1, with no PDF written."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from teitools.cli import main

from .conftest import SHARED, assert_clean_failure, need
from .hostile import tei

CORPORA = SHARED / "corpora"
# A footnote in a heading whose text has a space before a line break: the engine's line
# breaking failed on it (an internal assertion) before teitools removed such blanks.
NOTE_IN_HEADING = (
    '<div><head>1 Zur Entstehung der Philosophischen <note place="foot">Zu '
    "Textauszeichnungen und \n\tSiglen siehe die Legende.</note></head><p>Text.</p></div>"
)


def build(path: Path, out: Path):
    """`teitools build --pdf PATH -o OUT`, as a user types it."""
    return CliRunner().invoke(main, ["build", "--pdf", str(path), "-o", str(out)])


def pdf_text(pdf: Path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages).split())


def test_a_blank_before_a_line_break_in_a_note_of_a_heading_is_set(tmp_path):
    doc = tmp_path / "heading-note.xml"
    doc.write_text(tei(NOTE_IN_HEADING), encoding="utf-8")
    result = build(doc, tmp_path / "pdf")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    text = pdf_text(tmp_path / "pdf" / "heading-note.pdf")
    assert "Siglen siehe die Legende" in text
    assert "Zur Entstehung der Philosophischen" in text


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("tei-stylesheets-tests/test.xml", "Zu Textauszeichnungen und Siglen siehe die Legende"),
        ("scta-gracilis/pg-b1q1/pg-b1q1.xml", "Cupientes aliquid de penuria"),
    ],
)
def test_documents_the_layout_engine_failed_on_are_built(tmp_path, name, words):
    path = need(CORPORA / name)
    result = build(path, tmp_path / "pdf")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    pdf = tmp_path / "pdf" / f"{path.stem}.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert words in pdf_text(pdf)


@pytest.mark.parametrize("step", ["render", "write_pdf"])
def test_a_failing_layout_is_one_line_and_writes_nothing(tmp_path, monkeypatch, step):
    """Whatever the engine raises while it lays out or writes the book (here: a failure with
    a message of several lines) is reported in one line, exit 1; no PDF, no temporary."""
    import weasyprint
    from weasyprint.document import Document

    def fail(*args, **kwargs):
        raise AssertionError("Got ' \\n' between two lines.\nExpected nothing")

    monkeypatch.setattr(weasyprint.HTML if step == "render" else Document, step, fail)
    doc = tmp_path / "doc.xml"
    doc.write_text(tei(), encoding="utf-8")
    out = tmp_path / "pdf"
    result = build(doc, out)
    assert_clean_failure(
        result,
        1,
        str(doc),
        ": error: the print layout failed: Got ' \\n' between two "
        "lines. Expected nothing [pdf/layout]",
    )
    assert not out.exists() or list(out.iterdir()) == []


@pytest.mark.parametrize("content", [b"", b"<TEI><text>"], ids=["empty", "malformed"])
def test_a_document_that_cannot_be_read_leaves_no_folder_behind(tmp_path, content):
    doc = tmp_path / "doc.xml"
    doc.write_bytes(content)
    out = tmp_path / "pdf"
    result = build(doc, out)
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert str(doc) in result.output and not out.exists()
