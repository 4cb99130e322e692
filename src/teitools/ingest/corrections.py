"""Corrections of the OCR as data: a TSV file of page, what the OCR reads, what the page reads.

Every change an editor makes to the words of a source is a row here, so the path from the
OCR to the edition can be retraced and re-run:

    # page	ocr	corrected	note
    90	1 never made public	I never made public	"1" for "I"

Each row must match exactly once in the text of its page (footnotes included); a row that
matches nothing, or more than once, is an error naming the row's line.

Rows whose second column starts with "@" are decisions on structure, applied before the
text is joined; the third column is the start of the paragraph (or OCR line) concerned:

    218	@join	Especially generously		continues the paragraph of p. 216
    247	@split	“I am a Bolshevik		a new paragraph begins here
    219	@note *	English (New York, 1940),		a footnote the OCR set as text
    217	@note-continues	general of the contemporary era		the rest of p. 215's footnote
    98	@quote	Lev Borisovich!		a quoted letter begins (its paragraphs have no quote marks)
    98	@quote-end	N. Krupskaya		and ends with this paragraph (both on one for one paragraph)
    159	@call *	his purges!		the call of note * stands right after this text of the OCR line
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InvalidInput
from ..files import read_text
from .core import Block, Draft, Op
from .profile import UNSAFE
from .text import PB, PB_IN_WORD

_BREAK = re.compile(f"[{PB}{PB_IN_WORD}]")


@dataclass
class Correction:
    page: int
    ocr: str
    corrected: str
    note: str
    lineno: int


OPS = ("join", "split", "note", "note-continues", "quote", "quote-end", "call")


def _fail(message: str, path: str | Path, line: int, col: int = 1) -> InvalidInput:
    return InvalidInput(message, str(path), line, col, "corrections/format")


def load_corrections(path: str | Path) -> tuple[list[Correction], list[Op]]:
    """Read a corrections TSV into text corrections and structural decisions.

    Each row is checked whole: its page a number, its columns as many as its kind has, and
    no character XML cannot hold, so that a bad row is one line naming the file and line.
    """
    rows: list[Correction] = []
    ops: list[Op] = []
    for i, line in enumerate(read_text(path).split("\n"), 1):
        line = line.removesuffix("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        bad = UNSAFE.search(line)
        if bad:
            raise _fail(
                f"the character U+{ord(bad[0]):04X} cannot stand in a correction",
                path,
                i,
                bad.start() + 1,
            )
        cols = line.split("\t")
        if len(cols) < 3 or not cols[1]:
            raise _fail("a correction is: page<TAB>ocr<TAB>corrected[<TAB>note]", path, i)
        if not re.fullmatch(r"[0-9]{1,9}", cols[0].strip()):
            raise _fail(
                f"the page must be a number in ASCII digits, not {cols[0].strip()!r} "
                "(a correction is: page<TAB>ocr<TAB>corrected[<TAB>note])",
                path,
                i,
            )
        page = int(cols[0])
        if cols[1].startswith("@"):
            name, _, arg = cols[1][1:].partition(" ")
            if name not in OPS or not cols[2] or (name in ("note", "call")) != bool(arg):
                raise _fail(
                    f"unknown structural row {cols[1]!r} (known: @join, @split, @note MARKER, "
                    "@note-continues, @quote, @quote-end, @call MARKER; then the text concerned)",
                    path,
                    i,
                )
            if len(cols) > 5:
                raise _fail(
                    f"a structural row has at most 5 columns (page, @decision, text, empty, "
                    f"note), not {len(cols)}: is there a tab in the note?",
                    path,
                    i,
                )
            ops.append(Op(page, name, cols[2], arg, (str(path), i)))
            continue
        if len(cols) > 4:
            raise _fail(
                "a correction has at most 4 columns (page, ocr, corrected, note), "
                f"not {len(cols)}: is there a tab in the note?",
                path,
                i,
            )
        rows.append(Correction(page, cols[1], cols[2], cols[3] if len(cols) > 3 else "", i))
    return rows, ops


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
