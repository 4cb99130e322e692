"""The ingest pipeline: OCR page text → pages → streams → paragraphs and notes → TEI."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InvalidInput, Problem
from ..files import read_text
from .pages import Line, Page, split_pages
from .profile import UNSAFE, Profile
from .text import NOTE, PB, PB_IN_WORD, join_lines, normalize, vocabulary

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TO_DIGIT = str.maketrans(SUPERSCRIPTS, "0123456789")
_NOTE_WAS_HERE = "\x00note"
QUOTE_START, QUOTE_END = 1, 2
_TERMINAL = re.compile(r"[.!?:;][”’)\]*♦†]*$")


@dataclass
class Note:
    """A footnote: its marker as printed (normalized), its lines, where the OCR had it."""

    marker: str
    lines: list[str]
    lineno: int
    text: str = ""
    call_after: str | None = None  # an editor's placing of the call: right after this text


@dataclass
class Block:
    """A run of lines: a paragraph, a heading or a reaction of the audience."""

    kind: str  # "p", "head" (opens a division) or "subhead" (opens one inside it)
    items: list[str]  # lines, and PB where a page break falls inside the block
    lineno: int
    page: int = 0  # the page the block begins on
    after_note: bool = False  # a footnote stood between this block and the one before
    join: bool | None = None  # an editor's decision: continues the block before (or not)
    quote: int = 0  # an editor's decision: QUOTE_START / QUOTE_END of a quotation block
    notes: list[Note] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)  # pages breaking inside, in order
    text: str = ""


@dataclass
class Draft:
    """What ingest made of a source: the pages, the blocks of text, and what it noticed."""

    profile: Profile
    source: str
    pages: list[Page]
    blocks: list[Block | tuple[str, int]]  # a Block, or ("pb", n) between blocks
    problems: list[Problem]
    corrections: int = 0  # how many corrections of wording were applied
    structural: int = 0  # how many structural decisions were applied
    corrections_file: str | None = None


def _region(lines: list[str], prof: Profile, source: str) -> tuple[int, int]:
    start, end = 0, len(lines)
    if prof.start is not None:
        for i, t in enumerate(lines):
            if prof.start.search(t.strip()):
                start = i + 1 if prof.start_after else i
                break
        else:
            raise InvalidInput(
                f"the start of the text ({prof.start.pattern!r}) is not in the file",
                source,
                1,
                rule="ingest/region",
            )
    if prof.end is not None:
        for i in range(start, len(lines)):
            if prof.end.search(lines[i].strip()):
                end = i
                break
    return start, end


def _split_notes(page: Page, prof: Profile) -> tuple[list[Line], list[Note]]:
    """Take the footnotes off the foot of a page (or, for superscript notes, out of the text)."""
    lines = page.lines
    notes: list[Note] = []
    if prof.superscript_notes:
        body: list[Line] = []
        for ln in lines:
            m = re.match(rf"^\s*([{SUPERSCRIPTS}]+)\s+(.*)$", ln.text)
            if m:
                notes.append(Note(m[1].translate(_SUP_TO_DIGIT), [m[2]], ln.lineno))
                body.append(Line(_NOTE_WAS_HERE, ln.lineno))
            else:
                body.append(ln)
        return body, notes
    markers = re.escape(prof.note_markers)
    start = None
    for i, ln in enumerate(lines):
        if (
            i > 0
            and not lines[i - 1].text.strip()
            and re.match(rf"^\s*[{markers}]", ln.text)
            and any(x.text.strip() for x in lines[:i])
        ):
            start = i
            break
    if start is None:
        return lines, notes
    for ln in lines[start:]:
        m = re.match(rf"^\s*([{markers}]+)\s*(.*)$", ln.text)
        if m:
            marker = "".join(prof.note_marker_normal.get(c, c) for c in m[1])
            notes.append(Note(marker, [m[2]], ln.lineno))
        elif notes and ln.text.strip():
            notes[-1].lines.append(ln.text)
    return lines[:start], notes


def _strip_running_head(lines: list[Line], prof: Profile) -> list[Line]:
    for i, ln in enumerate(lines):
        if ln.text.strip():
            if any(r.search(ln.text.strip()) for r in prof.running_heads):
                return lines[:i] + lines[i + 1 :]
            break
    return lines


def _blocks_of(lines: list[Line], prof: Profile) -> list[Block]:
    blocks: list[Block] = []
    cur: list[Line] = []
    after_note = False

    def flush() -> None:
        nonlocal after_note
        if cur:
            blocks.append(Block("p", [x.text for x in cur], cur[0].lineno, after_note=after_note))
            cur.clear()
            after_note = False

    for ln in lines:
        if ln.text == _NOTE_WAS_HERE:
            flush()
            after_note = True
            continue
        if not ln.text.strip():
            flush()
            continue
        s = ln.text.strip()
        if any(r.search(s) for r in prof.headings):
            flush()
            blocks.append(Block("head", [s], ln.lineno))
            continue
        if (
            blocks
            and blocks[-1].kind == "head"
            and not cur
            and prof.heading_continuation
            and prof.heading_continuation.search(s)
        ):
            blocks[-1].items.append(s)
            continue
        cur.append(ln)
        if prof.one_line_paragraphs:
            flush()
    flush()
    for b in blocks:  # a short paragraph of its own that reads as a subheading is one
        if (
            b.kind == "p"
            and len(b.items) <= 2
            and any(r.search(b.items[0].strip()) for r in prof.subheadings)
        ):
            b.kind = "subhead"
    return blocks


def _continues(prev: Block, nxt: Block) -> bool:
    """Whether the first block of a page carries on the last paragraph of the page before."""
    if nxt.join is not None:
        return nxt.join
    if prev.kind != "p" or nxt.kind != "p":
        return False
    last = prev.items[-1].rstrip()
    first = nxt.items[0].lstrip()
    if last.endswith(("-", "¬", "—", ",")):
        return True
    if first[:1].islower() or first[:1] in ",;:.)":
        return True
    return not _TERMINAL.search(last)


def _place_calls(
    blocks: list[Block], notes: list[Note], prof: Profile, source: str, problems: list[Problem]
) -> None:
    """Replace each note's call in the text by NOTE, attaching the notes to their blocks.

    A note an editor placed (`call_after`) goes right after that text; the others take the
    first unused call with their marker. Each block's notes end up in the order of their calls.
    """
    marks: dict[str, Note] = {}

    def put(b: Block, li: int, start: int, end: int, note: Note) -> None:
        if len(marks) >= 0xFFFD:
            raise InvalidInput(
                "over 65,000 footnotes in one source", source, note.lineno, 1, "ingest/notes"
            )
        mark = chr(0xF0000 + len(marks))  # private use: the input holds none (see _clean)
        marks[mark] = note
        b.items[li] = b.items[li][:start] + mark + b.items[li][end:]

    def search(note: Note, call: re.Pattern[str]) -> bool:
        for b in blocks:
            for li, item in enumerate(b.items):
                m = call.search(item) if item != PB else None
                if m:
                    put(b, li, m.start(), m.end(), note)
                    return True
        return False

    stars = re.escape(prof.note_markers)
    for note in sorted(notes, key=lambda n: n.call_after is None):
        if note.call_after is not None:
            call = re.compile(f"(?<={re.escape(note.call_after)})")
        elif prof.superscript_notes:
            sup = note.marker.translate(str.maketrans("0123456789", SUPERSCRIPTS))
            call = re.compile(rf"(?<![{SUPERSCRIPTS}]){sup}(?![{SUPERSCRIPTS}])")
        else:
            call = re.compile(rf"(?<![{stars}])[{stars}]{{{len(note.marker)}}}(?![{stars}])")
        if search(note, call) or not blocks:
            continue
        problems.append(
            Problem(
                source,
                note.lineno,
                1,
                f'no call "{note.marker}" for this note in the text; '
                "it is placed at the end of the paragraph before it",
                "ingest/note-call",
                "warning",
            )
        )
        blocks[-1].items.append("")
        put(blocks[-1], len(blocks[-1].items) - 1, 0, 0, note)
    for b in blocks:
        for li, item in enumerate(b.items):
            found = [c for c in item if c in marks]
            for c in found:
                b.notes.append(marks[c])
                item = item.replace(c, NOTE)
            b.items[li] = item


@dataclass
class Op:
    """An editor's decision on structure, from a corrections file (see corrections.py)."""

    page: int
    op: str  # "join", "split", "note", "note-continues", "quote", "quote-end", "call"
    text: str  # the start of the block (or OCR line) it applies to
    arg: str  # the note marker, for "note"
    where: tuple[str, int]  # the corrections file and line, for messages


def _starts(items: list[str], text: str, vocab: set[str], prof: Profile) -> bool:
    return normalize(join_lines(items, vocab, prof.soft_hyphen), prof.soft_hyphen).startswith(text)


def _apply_ops(
    blocks: list[Block],
    notes: list[Note],
    ops: list[Op],
    vocab: set[str],
    prof: Profile,
    prev_note: Note | None,
) -> list[Block]:
    """Apply the structural decisions for one page to its blocks and notes."""
    for op in ops:
        if op.op == "call":
            note = next((n for n in notes if n.marker == op.arg), None)
            if note is None:
                raise InvalidInput(
                    f"@call: no note {op.arg!r} on page {op.page}",
                    op.where[0],
                    op.where[1],
                    1,
                    "corrections/op",
                )
            note.call_after = op.text
            continue
        found = False
        for i, b in enumerate(blocks):
            if op.op == "split":
                for k in range(len(b.items)):
                    if _starts(b.items[k : k + 1], op.text, vocab, prof):
                        if k == 0:
                            b.join = False
                        else:
                            rest = Block(b.kind, b.items[k:], b.lineno, b.page, join=False)
                            b.items = b.items[:k]
                            blocks.insert(i + 1, rest)
                        found = True
                        break
            elif _starts(b.items, op.text, vocab, prof):
                found = True
                if op.op == "join":
                    b.join = True
                elif op.op == "quote":
                    b.quote |= QUOTE_START
                elif op.op == "quote-end":
                    b.quote |= QUOTE_END
                elif op.op == "note":
                    notes.append(Note(op.arg, b.items, b.lineno))
                    del blocks[i]
                elif op.op == "note-continues":
                    if prev_note is None:
                        raise InvalidInput(
                            "no footnote on the page before to continue",
                            op.where[0],
                            op.where[1],
                            1,
                            "corrections/op",
                        )
                    for rest in blocks[i:]:
                        prev_note.lines += rest.items
                    del blocks[i:]
            if found:
                break
        if not found:
            raise InvalidInput(
                f"@{op.op}: no paragraph on page {op.page} starts with {op.text!r}",
                op.where[0],
                op.where[1],
                1,
                "corrections/op",
            )
    return blocks


_WHY = ("XML cannot hold", "ingest keeps for its own marks")


def _is_private(c: str) -> bool:
    return 0xE000 <= ord(c) <= 0xF8FF or ord(c) >= 0xF0000


def _clean(text: str, source: str) -> tuple[str, list[Problem]]:
    """The text with what XML cannot hold replaced, and a warning at the first of each kind.

    Control characters (a form feed, an escape) become spaces; non-characters and private-use
    characters (which ingest uses internally) become U+FFFD.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    found: dict[str, list[int]] = {}  # character → [line, column, count] of its first place
    line, last = 1, 0
    for m in UNSAFE.finditer(text):
        c = m[0]
        if c in found:
            found[c][2] += 1
            continue
        line += text.count("\n", last, m.start())
        last = m.start()
        found[c] = [line, m.start() - text.rfind("\n", 0, m.start()), 1]
    problems = []
    for c, (line, col, n) in list(found.items())[:10]:
        more = f" (and {n - 1} more in the file)" if n > 1 else ""
        problems.append(
            Problem(
                source,
                line,
                col,
                f"the character U+{ord(c):04X}, which {_WHY[_is_private(c)]}, is replaced by "
                f"{'a space' if ord(c) < 0xA0 else 'U+FFFD'}{more}",
                "ingest/character",
                "warning",
            )
        )
    if len(found) > 10:
        line, col, _ = list(found.values())[10]
        problems.append(
            Problem(
                source,
                line,
                col,
                f"and {len(found) - 10} other kinds of character that cannot be kept, replaced too",
                "ingest/character",
                "warning",
            )
        )
    if found:
        text = UNSAFE.sub(lambda m: " " if ord(m[0]) < 0xA0 else "\ufffd", text)
    return text, problems


def ingest_lines(text: str, prof: Profile, source: str, ops: list[Op] | None = None) -> Draft:
    """Run the pipeline over the OCR text of one source with one profile.

    `ops` are an editor's decisions on structure (joins, splits, notes) the OCR cannot show.
    """
    for pattern in prof.patterns():
        pattern.reset()
    ops_by_page: dict[int, list[Op]] = {}
    for op in ops or []:
        ops_by_page.setdefault(op.page, []).append(op)
    text, cleaned = _clean(text, source)
    lines = text.split("\n")
    for rx, repl in prof.replacements:
        lines = rx.sub_lines(repl, lines)
        bad = next((m for t in lines if (m := UNSAFE.search(t))), None)
        if bad:
            raise InvalidInput(
                f"{rx.label} puts in the character U+{ord(bad[0]):04X}, which XML cannot hold",
                rx.file,
                rx.line,
                rule="profile/value",
            )
    start, end = _region(lines, prof, source)
    pages, problems = split_pages(lines[start:end], start, prof, source)
    problems[:0] = cleaned
    if prof.keep != "all":
        parity = 0 if prof.keep == "even" else 1
        pages = [p for p in pages if p.n % 2 == parity]
    vocab = vocabulary(ln.text for p in pages for ln in p.lines)

    out: list[Block | tuple[str, int]] = []
    last_block: Block | None = None
    last_note: Note | None = None
    for page in pages:
        body = _strip_running_head(page.lines, prof)
        body, notes = _split_notes(Page(page.n, page.printed, page.lineno, body), prof)
        blocks = _blocks_of(body, prof)
        for b in blocks:
            b.page = page.n
        blocks = _apply_ops(blocks, notes, ops_by_page.pop(page.n, []), vocab, prof, last_note)
        if notes:
            last_note = notes[-1]
        # A paragraph that a footnote interrupted (where the printed page ended) goes on;
        # so does one an editor joined to the one before.
        merged: list[Block] = []
        for b in blocks:
            if merged and (b.join or b.after_note and _continues(merged[-1], b)):
                merged[-1].items += b.items
            else:
                merged.append(b)
        blocks = merged
        _place_calls(blocks, notes, prof, source, problems)
        if (
            prof.numbered
            and blocks
            and last_block is not None
            and _continues(last_block, blocks[0])
        ):
            first = blocks.pop(0)
            last_block.items += [PB, *first.items]
            last_block.notes += first.notes
            last_block.pages.append(page.n)
        elif prof.numbered:
            out.append(("pb", page.n))
        for b in blocks:
            out.append(b)
            last_block = b
        if not any(ln.text.strip() for ln in body) and prof.numbered:
            problems.append(
                Problem(
                    source,
                    page.lineno,
                    1,
                    f"page {page.n} has no text",
                    "ingest/empty-page",
                    "warning",
                )
            )

    for page_ops in ops_by_page.values():
        op = page_ops[0]
        raise InvalidInput(
            f"@{op.op}: page {op.page} is not in this document",
            op.where[0],
            op.where[1],
            1,
            "corrections/op",
        )
    for b in out:
        if isinstance(b, Block):
            for n in b.notes:
                n.text = normalize(join_lines(n.lines, vocab, prof.soft_hyphen), prof.soft_hyphen)
            if b.kind == "head":
                b.text = normalize(" ".join(b.items), prof.soft_hyphen)
            elif b.kind == "subhead":
                b.text = normalize(join_lines(b.items, vocab, prof.soft_hyphen), prof.soft_hyphen)
            else:
                b.text = normalize(join_lines(b.items, vocab, prof.soft_hyphen), prof.soft_hyphen)
            if b.text.count(PB) + b.text.count(PB_IN_WORD) != len(b.pages):
                problems.append(
                    Problem(
                        source,
                        b.lineno,
                        1,
                        "a page break was lost in joining",
                        "ingest/internal",
                        "error",
                    )
                )
    return Draft(prof, source, pages, out, problems, structural=len(ops or []))


def ingest_file(path: str | Path, prof: Profile, ops: list[Op] | None = None) -> Draft:
    """Read an OCR file (refusing missing, empty, binary or non-UTF-8 files) and ingest it."""
    return ingest_lines(read_text(path), prof, str(path), ops)
