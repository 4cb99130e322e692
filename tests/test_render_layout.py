"""The print edition's layout: WeasyPrint keeps every footnote on the page of its call
(teitools.render.engine), and the proofs are checked for what a publisher would reject
(teitools.render.pagecheck).

The test document: pages of paragraphs, each with a footnote call in its first line.
Unchanged, WeasyPrint 70 moves footnotes already set on a page to the next one, to make room
for a paragraph's second line (widow and orphan control); with teitools' change, the line
moves instead."""

import pytest

from teitools.render import pagecheck
from teitools.render.engine import keep_footnotes_with_calls

WORDS = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor".split()


def _book(html: str):
    import weasyprint

    return weasyprint.HTML(string=html).render()


def _pages_of_notes_and_calls(html: str) -> list[tuple[int, int]]:
    page = pagecheck.anchor_pages(_book(html))
    return [(page[f"call-{k}"], page[f"note-{k}"]) for k in range(1, 61)]


def _document(css: str = "") -> str:
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
        f" .fn {{ float: footnote; font-size: 8pt }} {css}</style></head>"
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


def test_the_proofs_name_widows_and_orphans():
    loose = pagecheck.check(_book(_document("body { orphans: 1; widows: 1 }")))
    rules = {rule for rule, _ in loose}
    assert {"pdf/orphan", "pdf/widow"} <= rules, loose
    assert all(m.startswith("p. ") for rule, m in loose if rule in ("pdf/orphan", "pdf/widow"))
    assert not [f for f in pagecheck.check(_book(_document())) if f[0] != "pdf/entry-moved"]


@pytest.mark.parametrize(
    "paragraph",
    [
        "a word too long for its line: Rechtsschutzversicherungsgesellschaftenzusammenschluss",
        "a note<span class='fn'>Rechtsschutzversicherungsgesellschaftenzusammenschluss</span>",
    ],
    ids=["text", "footnote"],
)
def test_the_proofs_name_a_line_in_the_margin(paragraph):
    html = (
        "<html><head><style>@page { size: A7; margin: 8mm } p { font: 9pt serif }"
        f" .fn {{ float: footnote }}</style></head><body><p>{paragraph}</p></body></html>"
    )
    [(rule, message)] = pagecheck.check(_book(html))
    assert rule == "pdf/overfull"
    assert message.startswith("p. 1: “Rechtsschutz") and "pt into the margin" in message


def test_the_proofs_name_a_note_off_its_page():
    html = (
        "<html><head><style>@page { size: A7; margin: 8mm } .b { break-before: page }</style>"
        '</head><body><p><span id="lem-1">lemma</span></p>'
        '<p class="b"><span id="app-1">entry</span></p></body></html>'
    )
    assert pagecheck.check(_book(html)) == [
        ("pdf/entry-moved", "apparatus entry 1 is set on p. 2, its call on p. 1")
    ]


@pytest.mark.parametrize("cls", ["pn", "l-n", "pb-n"])
def test_the_numbers_set_in_the_margin_on_purpose_are_not_named(cls):
    """A paragraph's, a verse line's (of a speech, whose lines are not indented as a
    stanza's) or a source page's number stands in the margin by design."""
    html = (
        "<html><head><style>@page { size: A7; margin: 8mm } p { font: 9pt serif;"
        " position: relative } span { position: absolute; left: -7mm }</style></head>"
        f"<body><p><span class='{cls}'>1855</span>A line of verse.</p></body></html>"
    )
    assert pagecheck.check(_book(html)) == []
    other = html.replace(f"class='{cls}'", "class='other'")
    assert [rule for rule, _ in pagecheck.check(_book(other))] == ["pdf/overfull"]
