"""Pages of an OCR text: where each ends, which printed number it bears, what is on it.

A page ends with a lone short line between blank lines (its number), or, where the OCR lost
the number, with a long run of blank lines. Numbers the OCR misread ("no" for 110, "25 B" for
258) are repaired from their neighbours; a page that cannot be placed is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import InvalidInput, Problem
from .profile import Profile

# What OCR makes of digits: l, I, | and ! for 1; o and O for 0; B for 8; S for 5...
_OCR_DIGITS = str.maketrans(
    {
        "l": "1",
        "I": "1",
        "|": "1",
        "!": "1",
        "i": "1",
        "o": "0",
        "O": "0",
        "B": "8",
        "S": "5",
        "s": "5",
        "Z": "2",
        "z": "2",
        "n": "1",
        "G": "6",
        "b": "6",
        "g": "9",
        "q": "9",
        "T": "7",
    }
)


@dataclass
class Line:
    text: str
    lineno: int


@dataclass
class Page:
    """One printed page: its number (as repaired), the OCR's reading of it, and its lines."""

    n: int
    printed: str | None
    lineno: int  # the line of the OCR file where the page begins
    lines: list[Line] = field(default_factory=list)


def read_number(text: str) -> int | None:
    """The number a page-number line most likely shows, or None if it shows none."""
    s = re.sub(r"\s+", "", text).translate(_OCR_DIGITS).rstrip(".")
    return int(s) if s.isdecimal() else None  # not isdigit: "²" is a digit int() refuses


def _is_blank(s: str) -> bool:
    return not s.strip()


def _blank_run(lines: list[str], i: int, step: int) -> int:
    n, j = 0, i + step
    while 0 <= j < len(lines) and _is_blank(lines[j]):
        n, j = n + 1, j + step
    return n


def split_pages(
    lines: list[str], offset: int, prof: Profile, source: str
) -> tuple[list[Page], list[Problem]]:
    """Cut the lines (the first being line `offset + 1` of the file) into numbered pages."""
    problems: list[Problem] = []
    if not prof.numbered:
        page = Page(n=prof.first, printed=None, lineno=offset + 1)
        page.lines = [Line(t, offset + i + 1) for i, t in enumerate(lines)]
        return [page], problems

    # Find the page ends: (index of the number line or None, index where the next page begins).
    ends: list[tuple[int | None, int]] = []
    i = 0
    while i < len(lines):
        s = lines[i].strip()
        if s and len(s) <= prof.number_max_length and read_number(s) is not None:
            before = _blank_run(lines, i, -1)
            after = _blank_run(lines, i, +1)
            if before >= 1 and (after >= prof.blank_around_number or i + after + 1 >= len(lines)):
                ends.append((i, i + after + 1))
                i += after + 1
                continue
        if not s:
            run = _blank_run(lines, i - 1, +1)
            j = i + run
            if run >= prof.blank_run_for_missing_number and 0 < i and j < len(lines):
                ends.append((None, j))
                i = j
                continue
            i = j if run else i + 1
            continue
        i += 1
    if not ends:
        raise InvalidInput(
            "the profile expects numbered pages, but no page-number line was found "
            "(set [pages] numbered = false for a text without page numbers)",
            source,
            offset + 1,
            rule="ingest/no-page-numbers",
        )

    readings = [read_number(lines[k]) if k is not None else None for k, _ in ends]
    step = 1
    numbers: list[int] = []
    for idx, r in enumerate(readings):
        expected = prof.first + idx * step
        prev_ok = idx == 0 or numbers[-1] == expected - step
        nxt = readings[idx + 1] if idx + 1 < len(readings) else None
        if r == expected:
            numbers.append(r)
            continue
        k = ends[idx][0]
        printed = lines[k].strip() if k is not None else None
        line_no = offset + (k if k is not None else ends[idx][1] - 1) + 1
        if prev_ok and (nxt is None or nxt == expected + step or r is None or idx == 0):
            what = f'"{printed}"' if printed is not None else "no page number"
            problems.append(
                Problem(
                    source,
                    line_no,
                    1,
                    f"page number repaired from its sequence: {what} read as {expected}",
                    "ingest/page-number-repaired",
                    "note",
                )
            )
            numbers.append(expected)
        else:
            problems.append(
                Problem(
                    source,
                    line_no,
                    1,
                    f'cannot place page number "{printed}" (expected {expected})',
                    "ingest/page-number-unplaced",
                    "warning",
                )
            )
            numbers.append(expected)

    pages: list[Page] = []
    begin = 0
    for (k, nxt), n in zip(ends, numbers, strict=True):
        stop = k if k is not None else nxt
        page = Page(
            n=n, printed=lines[k].strip() if k is not None else None, lineno=offset + begin + 1
        )
        page.lines = [Line(lines[j], offset + j + 1) for j in range(begin, stop)]
        pages.append(page)
        begin = nxt
    tail = [Line(lines[j], offset + j + 1) for j in range(begin, len(lines)) if lines[j].strip()]
    if tail:
        problems.append(
            Problem(
                source,
                tail[0].lineno,
                1,
                "text after the last page number belongs to no page; it is left out",
                "ingest/trailing-text",
                "warning",
            )
        )
    return pages, problems
