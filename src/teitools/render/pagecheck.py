"""What a publisher checks on the proofs, checked on the laid-out book before it is written.

Every note on the page of its call (an apparatus entry on its lemma's page, an author's
footnote on its call's page), no paragraph leaving its first line alone at the foot of a page
(an orphan) or its last line alone at the head of the next (a widow), no line running into the
margins. Each finding is a (rule, message) pair; the build reports them as warnings.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

#: The notes of the print edition: (call anchor, note anchor, what it is), "-N" appended.
NOTES = (("lem", "app", "apparatus entry"), ("fnc", "fn", "footnote"))
#: What stands in the margins on purpose: the paragraph numbers, the verse line numbers (in
#: the margin where the lines are not indented as a stanza, as in a speech) and the 1957
#: page numbers.
MARGINAL = frozenset({"pn", "l-n", "pb-n"})
#: How far (CSS px) a line may reach past the text block before it counts as running over.
TOLERANCE = 0.5


def check(book) -> list[tuple[str, str]]:
    """The findings on a laid-out WeasyPrint document, in page order within each rule."""
    return [*_notes_off_their_page(book), *_widows_and_orphans(book), *_overfull_lines(book)]


def anchor_pages(book) -> dict[str, int]:
    """The page (from 1) each anchor of a laid-out book stands on."""
    page_of: dict[str, int] = {}
    for number, page in enumerate(book.pages, 1):
        for anchor in page.anchors:
            page_of.setdefault(anchor, number)
    return page_of


def _notes_off_their_page(book) -> Iterator[tuple[str, str]]:
    pages = anchor_pages(book)
    for call, body, what in NOTES:
        k = 1
        while f"{call}-{k}" in pages:
            at, set_on = pages[f"{call}-{k}"], pages.get(f"{body}-{k}")
            if set_on is not None and set_on != at:
                yield "pdf/entry-moved", f"{what} {k} is set on p. {set_on}, its call on p. {at}"
            k += 1


def _walk(box) -> Iterator:
    """The boxes under `box`: not a footnote area below it, not the marginal numbers."""
    from weasyprint.formatting_structure import boxes

    yield box
    for child in getattr(box, "children", ()):
        if isinstance(child, boxes.FootnoteAreaBox) or MARGINAL & _classes(child):
            continue
        yield from _walk(child)


def _classes(box) -> set[str]:
    element = getattr(box, "element", None)
    return set((element.get("class") or "").split()) if element is not None else set()


def _text_block(page):
    """The root box of a page's main flow (the page box's first child)."""
    return page._page_box.children[0]


def _paragraph_fragments(page) -> list[tuple[object, int]]:
    """The blocks of lines on a page, in order: (element, number of lines here)."""
    from weasyprint.formatting_structure import boxes

    return [
        (box.element, len(box.children))
        for box in _walk(_text_block(page))
        if isinstance(box, boxes.BlockContainerBox)
        and box.children
        and all(isinstance(c, boxes.LineBox) for c in box.children)
    ]


def _widows_and_orphans(book) -> Iterator[tuple[str, str]]:
    blocks = [_paragraph_fragments(page) for page in book.pages]
    for number, (here, there) in enumerate(itertools.pairwise(blocks), 1):
        if not here or not there or here[-1][0] is not there[0][0]:
            continue  # no paragraph runs on from this page to the next
        (element, foot), (_, head) = here[-1], there[0]
        name = f" ({element.get('id')})" if element.get("id") else ""
        if foot == 1:
            yield "pdf/orphan", f"p. {number}: a paragraph{name} leaves its first line alone"
        if head == 1:
            yield "pdf/widow", f"p. {number + 1}: a paragraph{name} ends with one line alone"


def _overfull_lines(book) -> Iterator[tuple[str, str]]:
    from weasyprint.formatting_structure import boxes

    for number, page in enumerate(book.pages, 1):
        frame = page._page_box
        left, right = frame.content_box_x(), frame.content_box_x() + frame.width
        areas = [_text_block(page)] + [
            c for c in frame.children if isinstance(c, boxes.FootnoteAreaBox)
        ]
        for line in (box for area in areas for box in _walk(area)):
            if not isinstance(line, boxes.LineBox):
                continue
            for box in _walk(line):
                if not isinstance(box, boxes.TextBox):
                    continue
                over = max(box.position_x + box.width - right, left - box.position_x)
                if over > TOLERANCE:
                    yield (
                        "pdf/overfull",
                        f"p. {number}: “{box.text.strip()[:40]}” runs {over * 0.75:.1f} pt "
                        "into the margin",
                    )
