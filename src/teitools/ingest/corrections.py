"""Corrections of the OCR as data: a TSV file of page, what the OCR reads, what the page reads.

Every change an editor makes to the words of a source is a row here, so the path from the
OCR to the edition can be retraced and re-run:

    # page	ocr	corrected	note
    90	1 never made public	I never made public	"1" for "I"

Each row must match exactly once in the text of its page (footnotes included); a row that
matches nothing, or more than once, is an error naming the row's line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InvalidInput
from ..files import read_text
from .core import Block, Draft
from .text import PB, PB_IN_WORD

_BREAK = re.compile(f"[{PB}{PB_IN_WORD}]")


@dataclass
class Correction:
    page: int
    ocr: str
    corrected: str
    note: str
    lineno: int


def load_corrections(path: str | Path) -> list[Correction]:
    """Read a corrections TSV; comments (#) and blank lines are skipped."""
    rows: list[Correction] = []
    for i, line in enumerate(read_text(path).split("\n"), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 3 or not cols[0].strip().isdigit() or not cols[1]:
            raise InvalidInput(
                "a correction is: page<TAB>ocr<TAB>corrected[<TAB>note]",
                str(path),
                i,
                1,
                "corrections/format",
            )
        rows.append(Correction(int(cols[0]), cols[1], cols[2], cols[3] if len(cols) > 3 else "", i))
    return rows


def _segments(b: Block) -> list[tuple[int, int, int]]:
    """(page, start, end) of the parts of a block's text that stand on each page."""
    out, start, pages = [], 0, [b.page, *b.pages]
    for k, m in enumerate(_BREAK.finditer(b.text)):
        out.append((pages[k], start, m.start()))
        start = m.end()
    out.append((pages[len(out)] if len(out) < len(pages) else pages[-1], start, len(b.text)))
    return out


def apply_corrections(draft: Draft, rows: list[Correction], source: str) -> int:
    """Apply each row on its page of the draft; returns how many were applied."""
    blocks = [b for b in draft.blocks if isinstance(b, Block)]
    for row in rows:
        hits: list[tuple[object, str, int]] = []  # (owner, attribute, position)
        for b in blocks:
            for page, start, end in _segments(b):
                if page != row.page:
                    continue
                pos = b.text.find(row.ocr, start)
                while pos != -1 and pos + len(row.ocr) <= end + 1:
                    hits.append((b, "text", pos))
                    pos = b.text.find(row.ocr, pos + 1)
            if b.page == row.page or row.page in b.pages:
                for n in b.notes:
                    pos = n.text.find(row.ocr)
                    while pos != -1:
                        hits.append((n, "text", pos))
                        pos = n.text.find(row.ocr, pos + 1)
        if len(hits) != 1:
            what = "matches nothing" if not hits else f"matches {len(hits)} times"
            raise InvalidInput(
                f"correction {row.ocr!r} → {row.corrected!r} {what} on page {row.page}",
                source,
                row.lineno,
                1,
                "corrections/match",
            )
        owner, attr, pos = hits[0]
        text = getattr(owner, attr)
        setattr(owner, attr, text[:pos] + row.corrected + text[pos + len(row.ocr) :])
    return len(rows)
