from teitools.ingest.pages import read_number, split_pages
from teitools.ingest.profile import Profile

from ..conftest import FIXTURES


def test_read_number_undoes_ocr_misreadings():
    assert read_number("88") == 88
    assert read_number("1 10") == 110
    assert read_number("25 B") == 258
    assert read_number("Ill") == 111
    assert read_number("ment.") is None


def _pages(text: str, **kw):
    prof = Profile(name="t", **kw)
    return split_pages(text.split("\n"), 0, prof, "t.txt")


def test_pages_split_on_number_lines_and_misread_numbers_are_repaired():
    text = "one\n\n\n10\n\n\n\ntwo\n\n\nno\n\n\n\nthree\n\n\n1 2\n\n\n\nfour\n\n25 B\n\n"
    pages, problems = _pages(text, first=10)
    assert [p.n for p in pages] == [10, 11, 12, 13]
    assert [p.lines[0].text for p in pages] == ["one", "two", "three", "four"]
    repaired = [p.message for p in problems if p.rule == "ingest/page-number-repaired"]
    assert repaired == [
        'page number repaired from its sequence: "no" read as 11',
        'page number repaired from its sequence: "25 B" read as 13',
    ]
    # the problem names the line of the misread number in the source
    assert problems[0].line == 11


def test_a_page_whose_number_the_ocr_lost_is_found_by_its_blank_lines():
    text = "one\n\n\n10\n\n\n\ntwo\n\n\n\nthree\n\n12\n\n\n"
    pages, problems = _pages(text, first=10)
    assert [p.n for p in pages] == [10, 11, 12]
    assert "no page number read as 11" in problems[0].message


def test_a_number_that_fits_no_sequence_is_reported():
    text = "one\n\n10\n\n\ntwo\n\n57\n\n\nthree\n\n90\n\n\n"
    _, problems = _pages(text, first=10)
    assert any(p.rule == "ingest/page-number-unplaced" and '"57"' in p.message for p in problems)


def test_a_profile_that_expects_page_numbers_on_a_text_without_them_is_an_error():
    import pytest

    from teitools.errors import InvalidInput

    text = (FIXTURES / "unnumbered.txt").read_text()
    with pytest.raises(InvalidInput) as e:
        _pages(text)
    assert "no page-number line was found" in str(e.value)
    assert e.value.problem.line == 1
