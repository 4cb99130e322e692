"""WeasyPrint keeps every footnote on the page of its call (teitools.render.engine).

A page of paragraphs, each with a footnote call in its first line: unchanged, WeasyPrint 70
moves footnotes already set on a page to the next one, to make room for a paragraph's second
line (widow and orphan control); with teitools' change, the line moves instead."""

import pytest

from teitools.render.engine import keep_footnotes_with_calls

WORDS = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor".split()


def _pages_of_notes_and_calls(html: str) -> list[tuple[int, int]]:
    import weasyprint

    book = weasyprint.HTML(string=html).render()
    page: dict[str, int] = {}
    for number, p in enumerate(book.pages):
        for anchor in p.anchors:
            page.setdefault(anchor, number)
    return [(page[f"call-{k}"], page[f"note-{k}"]) for k in range(1, 61)]


def _document() -> str:
    paragraphs = []
    for i in range(60):
        text = " ".join(WORDS[(i + j) % len(WORDS)] for j in range(20 + (i * 7) % 45))
        note = f"note {i + 1} " + "and more " * (i % 9)
        paragraphs.append(
            f'<p><span id="call-{i + 1}"></span>{text[:40]}'
            f'<span class="fn" id="note-{i + 1}">{note}</span> {text[40:]}</p>'
        )
    return (
        "<html><head><style>@page { size: A6; margin: 10mm }"
        " body { font: 10pt/1.3 serif; orphans: 2; widows: 2 } p { margin: 0 }"
        " .fn { float: footnote; font-size: 8pt }</style></head>"
        f"<body>{''.join(paragraphs)}</body></html>"
    )


def test_the_change_applies_to_this_weasyprint():
    import weasyprint

    assert keep_footnotes_with_calls(), (
        f"WeasyPrint {weasyprint.__version__} has changed where teitools changes it: "
        "check whether it still moves footnotes off their call's page (teitools.render.engine)"
    )


def test_every_footnote_is_set_on_the_page_of_its_call():
    if not keep_footnotes_with_calls():
        pytest.fail("the change to WeasyPrint is not in place")
    pages = _pages_of_notes_and_calls(_document())
    assert len({call for call, _ in pages}) > 10  # the notes fall on many pages
    moved = [k for k, (call, note) in enumerate(pages, 1) if call != note]
    assert not moved, f"notes set away from their call's page: {moved}"
