"""Ingest profiles: what one printed source looks like, as a small TOML file.

A profile says where the text lies in the OCR file, how its pages are numbered, what the
running heads and footnote markers look like, and which lines are headings. A profile may
`extends = "other.toml"` to share what two documents of one book have in common.

Every file of a profile is checked whole when it is loaded: each key's type and value, each
regular expression compiled once, so that a mistake is one line naming the file, the line and
the key, and never a traceback halfway through a book. The regular expressions run on the
`regex` engine with a time limit, so a pattern that backtracks catastrophically stops ingest
with a message instead of hanging it.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from importlib import resources
from pathlib import Path
from typing import Any, NoReturn

import regex
from lxml import etree

from ..errors import InputError, InvalidInput
from ..settings import Bad, each, line_of, read_toml, show, unknown
from ..settings import fail as settings_fail

BUILTIN = resources.files("teitools.ingest") / "profiles"

# Characters XML cannot hold (most C0 and C1 controls, non-characters), and the private-use
# code points ingest uses internally to mark page breaks and note calls.
UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ue000-\uf8ff\U000f0000-\U0010ffff]"
)
# An XML name without a colon (NCName), as xml:id wants: the classes of XML 1.0, 5th edition.
_START = (
    "A-Z_a-z\xc0-\xd6\xd8-\xf6\xf8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_NCNAME = re.compile(f"[{_START}][{_START}\\-.0-9\xb7\u0300-\u036f\u203f\u2040]*")
_LANG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")

MAX_PATTERN = 1000  # characters in one regular expression of a profile
MAX_EXPANSION = 100_000  # what its fixed repeats may expand to when it is compiled
MAX_EXTENDS = 16  # profiles one profile may stand on


def regex_seconds() -> float:
    """How long one use of a profile's pattern may take (TEITOOLS_REGEX_SECONDS, default 1)."""
    try:
        s = float(os.environ.get("TEITOOLS_REGEX_SECONDS", "1"))
    except ValueError:
        s = 1.0
    return s if 0 < s < 3600 else 1.0


@dataclass
class Pattern:
    """A regular expression of a profile, compiled once, each use bounded in time.

    One call may take `limit` seconds, and all calls of one ingest run 30 times that, so
    a catastrophic pattern fails on its first bad line and a slow one before the book ends.
    """

    rx: Any  # a compiled `regex` pattern
    label: str  # the key it came from: "[lines] running_heads[0]"
    file: str
    line: int | None
    limit: float = field(default_factory=regex_seconds)
    left: float = -1.0  # seconds left of the run's budget; set by reset()

    def __post_init__(self) -> None:
        self.reset()

    @property
    def pattern(self) -> str:
        return self.rx.pattern

    def reset(self) -> None:
        """Give the pattern its whole time budget again (at the start of an ingest run)."""
        self.left = 30 * self.limit

    def _fail(self, e: Exception, timeout: float) -> InvalidInput:
        if not isinstance(e, TimeoutError):  # a replacement naming a group the match lacks
            return InvalidInput(
                f"{self.label} has a bad replacement: {e}",
                self.file,
                self.line,
                rule="profile/regex",
            )
        how = (
            f"{self.limit:g} s on one line"
            if timeout == self.limit
            else (f"{30 * self.limit:g} s in all")
        )
        return InvalidInput(
            f"{self.label} {show(self.pattern)} took over {how} "
            "(a pattern that backtracks catastrophically?); simplify it",
            self.file,
            self.line,
            rule="profile/regex-timeout",
        )

    def _run(self, fn: Callable[..., Any], *args: Any) -> Any:
        timeout = self.limit if self.left > self.limit else max(self.left, 0.001)
        t = time.monotonic()
        try:
            return fn(*args, timeout=timeout)
        except (TimeoutError, regex.error, IndexError) as e:
            raise self._fail(e, timeout) from None
        finally:
            self.left -= time.monotonic() - t

    def sub_lines(self, repl: str, lines: list[str]) -> list[str]:
        """`sub` on each line: the same as [p.sub(repl, t) for t in lines], in a tighter loop."""
        sub, limit, clock, out = self.rx.sub, self.limit, time.monotonic, []
        timeout = limit
        try:
            for t in lines:
                timeout = limit if self.left > limit else max(self.left, 0.001)
                start = clock()
                out.append(sub(repl, t, timeout=timeout))
                self.left -= clock() - start
        except (TimeoutError, regex.error, IndexError) as e:
            raise self._fail(e, timeout) from None
        return out

    def search(self, s: str) -> Any:
        return self._run(self.rx.search, s)

    def fullmatch(self, s: str) -> Any:
        return self._run(self.rx.fullmatch, s)

    def sub(self, repl: Any, s: str) -> str:
        return self._run(self.rx.sub, repl, s)


@dataclass
class Profile:
    """Everything ingest needs to know about one source, with defaults for plain OCR text."""

    name: str
    # [document]
    id: str = "document"
    title: str = "Untitled"
    lang: str = "en"
    div_type: str = "text"
    head: str | None = None
    header: dict[str, Any] = field(default_factory=dict)
    # [region]
    start: Pattern | None = None
    start_after: bool = False
    end: Pattern | None = None
    # [pages]
    numbered: bool = True
    first: int = 1
    keep: str = "all"  # "all", "even" or "odd": which of interleaved streams this document is
    number_max_length: int = 6
    blank_around_number: int = 2  # blank lines after a page-number line (one before suffices)
    blank_run_for_missing_number: int = 3
    facing_target: str | None = None
    facing_offset: int = -1
    page_id_prefix: str = "p"
    # [lines]
    running_heads: list[Pattern] = field(default_factory=list)
    replacements: list[tuple[Pattern, str]] = field(default_factory=list)
    soft_hyphen: str = "¬"
    one_line_paragraphs: bool = False
    # [footnotes]
    note_markers: str = "*♦†"
    note_marker_normal: dict[str, str] = field(default_factory=lambda: {"♦": "*", "†": "*"})
    superscript_notes: bool = False
    # [structure]
    headings: list[Pattern] = field(default_factory=list)
    heading_continuation: Pattern | None = None
    heading_div_type: str = "chapter"
    subheadings: list[Pattern] = field(default_factory=list)
    subheading_div_type: str = "section"
    stage: Pattern | None = None
    brackets: str | None = None  # resp of bracketed insertions, e.g. "#translator"; None: plain
    quote_blocks: bool = True
    italics_markdown: bool = False

    def patterns(self) -> Iterator[Pattern]:
        """Every regular expression of the profile."""
        for f in fields(self):
            v = getattr(self, f.name)
            for x in v if isinstance(v, list) else [v]:
                x = x[0] if isinstance(x, tuple) else x
                if isinstance(x, Pattern):
                    yield x


# --- checking values ----------------------------------------------------------------------


KEY = "profile/unknown-key"


class _Bad(Bad):
    def __init__(self, message: str, rule: str = "profile/type", at: str = ""):
        super().__init__(message, rule, at)


def _text(v: Any, what: str = "a string") -> str:
    if not isinstance(v, str):
        hint = f' (write "{v}")' if isinstance(v, int | float) and not isinstance(v, bool) else ""
        raise _Bad(f"must be {what}, not {show(v)}{hint}")
    m = UNSAFE.search(v)
    if m:
        raise _Bad(
            f"holds the character U+{ord(m[0]):04X}, which XML cannot hold: {show(v)}",
            "profile/value",
        )
    return v


def _word(v: Any) -> str:
    """A non-empty string without spaces: a type, a pointer, a marker."""
    s = _text(v)
    if not s or any(c.isspace() for c in s):
        raise _Bad(f"must be one word without spaces, not {show(v)}", "profile/value")
    return s


def _parses_as_id(s: str) -> bool:
    """Whether the XML parser takes `s` as an xml:id (its tables of letters are older)."""
    try:
        etree.fromstring(f'<x xml:id="{s}"/>')
    except etree.XMLSyntaxError:
        return False
    return True


def _ncname(v: Any) -> str:
    s = _text(v)
    if not (_NCNAME.fullmatch(s) and _parses_as_id(s)):
        raise _Bad(
            f"must be an XML name (a letter or _, then letters, digits, _ - .), not {show(v)}",
            "profile/value",
        )
    return s


def _lang(v: Any) -> str:
    s = _text(v)
    if not _LANG.fullmatch(s):
        raise _Bad(
            f'must be a language code such as "en" or "de-CH", not {show(v)}', "profile/value"
        )
    return s


def _bool(v: Any) -> bool:
    if not isinstance(v, bool):
        raise _Bad(f"must be true or false, not {show(v)}")
    return v


def _int(lo: int, hi: int) -> Callable[[Any], int]:
    def check(v: Any) -> int:
        if not isinstance(v, int) or isinstance(v, bool):
            raise _Bad(f"must be an integer, not {show(v)}")
        if not lo <= v <= hi:
            raise _Bad(f"must be between {lo} and {hi}, not {v}", "profile/value")
        return v

    return check


def _choice(*allowed: str) -> Callable[[Any], str]:
    def check(v: Any) -> str:
        if v not in allowed:
            known = ", ".join(f'"{a}"' for a in allowed)
            raise _Bad(f"must be one of {known}, not {show(v)}", "profile/value")
        return v

    return check


def _char(v: Any) -> str:
    s = _text(v)
    if len(s) != 1 or s.isspace() or s.isalnum():
        raise _Bad(
            f"must be one character (not a letter, digit or space), not {show(v)}", "profile/value"
        )
    return s


def _markers(v: Any) -> str:
    s = _text(v)
    if not s or any(c.isspace() or c.isalnum() for c in s):
        raise _Bad(
            f'must be the note markers, e.g. "*†" (no letters, digits or spaces), not {show(v)}',
            "profile/value",
        )
    return s


def _marker_map(v: Any) -> dict[str, str]:
    if not isinstance(v, dict):
        raise _Bad(f'must be a table such as {{ "†" = "*" }}, not {show(v)}')
    for k, x in v.items():
        if len(k) != 1:
            raise _Bad(f"keys must be single characters, not {show(k)}", "profile/value")
        try:
            _markers(x)
        except Bad as e:
            raise _Bad(e.message, e.rule, f".{show(k)}") from None
    return dict(v)


def _list_of(check: Callable[[Any], Any]) -> Callable[[Any], list[Any]]:
    def checked(v: Any) -> list[Any]:
        if not isinstance(v, list):
            raise _Bad(f"must be a list, not {show(v)}")
        return each(v, check)

    return checked


def _resp(v: Any) -> list[str]:
    if not isinstance(v, list) or len(v) not in (2, 3):
        raise _Bad(f'must be ["what was done", "by whom"] (and an xml:id), not {show(v)}')
    out = [_text(x) for x in v]
    if len(out) == 3:
        _ncname(out[2])
    return out


def _expansion(p: str) -> int:
    """About how many items the fixed repeats of a pattern expand to when compiled.

    The engine writes `(?:a{1000}){1000}` out in full: bounding this keeps a short pattern
    from taking seconds and gigabytes to compile.
    """
    stack = [[0, 0]]  # per open group: [its size, the size of its last item]
    i, n = 0, len(p)
    while i < n:
        c = p[i]
        frame = stack[-1]
        if c == "\\":
            i += 2
            if i < n and p[i - 1] in "pPNxuUg" and p[i] in "{<":
                close = p.find("}" if p[i] == "{" else ">", i)
                i = n if close < 0 else close + 1
            frame[0] += 1
            frame[1] = 1
            continue
        if c == "[":
            j = i + 1
            if j < n and p[j] == "^":
                j += 1
            if j < n and p[j] == "]":
                j += 1
            while j < n and p[j] != "]":
                j += 2 if p[j] == "\\" else 1
            i = j + 1
            frame[0] += 1
            frame[1] = 1
            continue
        if c == "(":
            stack.append([0, 0])
        elif c == ")" and len(stack) > 1:
            size = stack.pop()[0]
            stack[-1][0] += size
            stack[-1][1] = size
        elif c == "{":
            m = re.match(r"\{(\d*)(?:(,)(\d*))?\}", p[i:])
            if m and (m[1] or m[3]):
                k = int(m[3]) if m[3] else int(m[1]) + (1 if m[2] else 0)
                frame[0] += frame[1] * (k - 1)
                frame[1] *= k
                if frame[0] > MAX_EXPANSION:
                    return frame[0]
                i += m.end()
                continue
            frame[0] += 1
            frame[1] = 1
        elif c not in "*+?|":
            frame[0] += 1
            frame[1] = 1
        i += 1
    return max(f[0] for f in stack)


def _compile(v: Any) -> Pattern:
    s = _text(v, "a regular expression (a string)")
    if not s:
        raise _Bad("is an empty regular expression", "profile/regex")
    if len(s) > MAX_PATTERN:
        raise _Bad(
            f"is a regular expression of {len(s)} characters, over {MAX_PATTERN}", "profile/regex"
        )
    if _expansion(s) > MAX_EXPANSION:
        raise _Bad(
            f"repeats too much to compile ({show(s)}): use fewer or smaller {{n}} counts",
            "profile/regex",
        )
    try:
        rx = regex.compile(s)
    except Exception as e:  # the engine's errors, and RecursionError on deep nesting
        raise _Bad(f"is not a valid regular expression {show(s)}: {e}", "profile/regex") from None
    return Pattern(rx, "", "", None)  # the key and its place are filled in by _check


def _replacement(v: Any) -> tuple[Pattern, str]:
    if not isinstance(v, list) or len(v) != 2:
        raise _Bad(f'must be a pair ["pattern", "replacement"], not {show(v)}')
    rx = _compile(v[0])
    repl = _text(v[1], "a string (the replacement)")
    try:
        rx.rx.sub(repl, "", timeout=1)
    except Exception as e:  # a bad group reference or escape in the replacement
        raise _Bad(f"has a bad replacement {show(repl)}: {e}", "profile/regex") from None
    return rx, repl


def _table(schema: dict[str, Callable[[Any], Any]]) -> Callable[[Any], dict[str, Any]]:
    """A checker for an inline table whose keys `schema` names."""

    def check(v: Any) -> dict[str, Any]:
        if not isinstance(v, dict):
            keys = ", ".join(f"{k} = …" for k in schema)
            raise _Bad(f"must be a table {{ {keys} }}, not {show(v)}")
        out = {}
        for k, x in v.items():
            if k not in schema:
                bad = unknown(k, list(schema), "a key", KEY)
                raise _Bad(bad.message, bad.rule, f".{k}")
            try:
                out[k] = schema[k](x)
            except Bad as e:
                raise _Bad(e.message, e.rule, f".{k}{e.at}") from None
        return out

    return check


TEXTS = (
    "title subtitle author publisher idno licence licence_target source_author source_title "
    "source_place source_publisher source_date source_pages project language"
).split()

# Every key a profile may hold, table by table, with what checks its value.
SCHEMA: dict[str, dict[str, Callable[[Any], Any]]] = {
    "document": {
        "id": _ncname,
        "title": _text,
        "lang": _lang,
        "div_type": _word,
        "head": _text,
    },
    "region": {"start": _compile, "start_after": _bool, "end": _compile},
    "pages": {
        "numbered": _bool,
        "first": _int(0, 10**9),
        "keep": _choice("all", "even", "odd"),
        "number_max_length": _int(1, 100),
        "blank_around_number": _int(0, 1000),
        "blank_run_for_missing_number": _int(1, 1000),
        "facing": _table({"document": _word, "offset": _int(-(10**9), 10**9)}),
        "id_prefix": _ncname,
    },
    "lines": {
        "running_heads": _list_of(_compile),
        "replacements": _list_of(_replacement),
        "soft_hyphen": _char,
        "one_line_paragraphs": _bool,
    },
    "footnotes": {"markers": _markers, "normalize": _marker_map, "superscripts": _bool},
    "structure": {
        "headings": _list_of(_compile),
        "heading_continuation": _compile,
        "heading_div_type": _word,
        "subheadings": _list_of(_compile),
        "subheading_div_type": _word,
        "stage": _compile,
        "brackets": _word,
        "quote_blocks": _bool,
        "italics_markdown": _bool,
    },
    "header": {
        **{k: _text for k in TEXTS},
        "resp": _list_of(_resp),
        "source_notes": _list_of(_text),
        "editorial": _list_of(_text),
    },
}


def _check(data: dict[str, Any], text: str, path: Path) -> dict[str, Any]:
    """Check every key of one profile file and compile its patterns: the file's values."""
    lines = text.split("\n")

    def fail(table: str | None, key: str, e: Bad) -> NoReturn:
        settings_fail(path, lines, table, key, e)

    out: dict[str, Any] = {}
    for name, value in data.items():
        if name == "extends":
            try:
                out[name] = _text(value, "the name or path of a profile")
            except Bad as e:
                fail(None, name, e)
            continue
        if name not in SCHEMA:
            fail(None, name, unknown(name, ["extends", *SCHEMA], "a table or key", KEY))
        if not isinstance(value, dict):
            fail(None, name, _Bad(f"must be a table ([{name}]), not {show(value)}"))
        out[name] = {}
        for key, x in value.items():
            if key not in SCHEMA[name]:
                fail(name, key, unknown(key, list(SCHEMA[name]), "a key", KEY))
            try:
                out[name][key] = SCHEMA[name][key](x)
            except Bad as e:
                fail(name, key, e)
    for label, pat in _patterns(out):
        table, _, key = label.partition(" ")
        pat.label, pat.file = label, str(path)
        pat.line = line_of(lines, table[1:-1], re.sub(r"\[.*", "", key))
    stage = out.get("structure", {}).get("stage")
    if stage is not None and stage.fullmatch("") is not None:
        fail(
            "structure",
            "stage",
            _Bad(f"matches an empty text: {show(stage.pattern)}", "profile/regex"),
        )
    return out


def _patterns(out: dict[str, Any]) -> Iterator[tuple[str, Pattern]]:
    """(label, pattern) of every regular expression among checked values."""
    for table, keys in out.items():
        if not isinstance(keys, dict):
            continue
        for key, v in keys.items():
            items = v if isinstance(v, list) else [v]
            for i, x in enumerate(items):
                x = x[0] if isinstance(x, tuple) else x
                if isinstance(x, Pattern):
                    yield f"[{table}] {key}" + (f"[{i}]" if isinstance(v, list) else ""), x


# --- loading --------------------------------------------------------------------------------


def _load_toml(path: Path, chain: tuple[Path, ...] = ()) -> dict[str, Any]:
    text, data = read_toml(path, "profile", "profile/toml")
    data = _check(data, text, path)
    parent = data.pop("extends", None)
    if parent is None:
        return data
    line = line_of(text.split("\n"), None, "extends")
    try:
        base_path = resolve_profile_path(parent, path.parent)
    except InputError as e:
        raise InputError(
            f"extends {show(parent)}: {e.problem.message}", str(path), line, rule="profile/extends"
        ) from None
    seen = (*chain, path.resolve())
    if base_path.resolve() in seen:
        names = " → ".join(p.name for p in (*seen, base_path))
        raise InvalidInput(
            f"extends {show(parent)}: the profile extends itself ({names})",
            str(path),
            line,
            rule="profile/extends",
        )
    if len(seen) >= MAX_EXTENDS:
        raise InvalidInput(
            f"extends {show(parent)}: over {MAX_EXTENDS} profiles extend one another",
            str(path),
            line,
            rule="profile/extends",
        )
    return _merge(_load_toml(base_path, seen), data)


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def resolve_profile_path(name: str | Path, relative_to: Path | None = None) -> Path:
    """A profile is a path, or the name of one that ships with teitools (`wolfe-report`)."""
    p = Path(name)
    candidates = [p] if p.is_absolute() else [(relative_to or Path.cwd()) / p, Path.cwd() / p]
    for c in candidates:
        if c.is_file():
            return c
    if p.name not in ("", ".", ".."):
        builtin = Path(str(BUILTIN / (p.name if p.suffix == ".toml" else f"{p.name}.toml")))
        if builtin.is_file():
            return builtin
    for c in candidates:
        if c.exists():
            return c  # a folder or a pipe: reading it says what it is
    known = ", ".join(builtin_profiles())
    raise InputError(
        f"no such profile (built-in profiles: {known})", str(name), rule="profile/missing"
    )


def builtin_profiles() -> list[str]:
    """The names of the profiles that ship with teitools."""
    return sorted(q.stem for q in Path(str(BUILTIN)).glob("*.toml"))


def load_profile(name: str | Path) -> Profile:
    """Load a profile file (following `extends`) into a Profile, checking all its values."""
    path = resolve_profile_path(name)
    data = _load_toml(path)
    doc, region = data.get("document", {}), data.get("region", {})
    pages, lines = data.get("pages", {}), data.get("lines", {})
    notes, struct = data.get("footnotes", {}), data.get("structure", {})
    prof = Profile(name=UNSAFE.sub("\ufffd", path.stem))
    prof.id = doc.get("id", prof.id)
    prof.title = doc.get("title", prof.title)
    prof.lang = doc.get("lang", prof.lang)
    prof.div_type = doc.get("div_type", prof.div_type)
    prof.head = doc.get("head")
    prof.header = data.get("header", {})
    prof.start = region.get("start")
    prof.start_after = region.get("start_after", False)
    prof.end = region.get("end")
    prof.numbered = pages.get("numbered", True)
    prof.first = pages.get("first", 1)
    prof.keep = pages.get("keep", "all")
    prof.number_max_length = pages.get("number_max_length", prof.number_max_length)
    prof.blank_around_number = pages.get("blank_around_number", prof.blank_around_number)
    prof.blank_run_for_missing_number = pages.get(
        "blank_run_for_missing_number", prof.blank_run_for_missing_number
    )
    facing = pages.get("facing", {})
    prof.facing_target = facing.get("document")
    prof.facing_offset = facing.get("offset", -1)
    prof.page_id_prefix = pages.get("id_prefix", prof.page_id_prefix)
    prof.running_heads = lines.get("running_heads", [])
    prof.replacements = lines.get("replacements", [])
    prof.soft_hyphen = lines.get("soft_hyphen", prof.soft_hyphen)
    prof.one_line_paragraphs = lines.get("one_line_paragraphs", False)
    prof.note_markers = notes.get("markers", prof.note_markers)
    prof.note_marker_normal = notes.get("normalize", prof.note_marker_normal)
    prof.superscript_notes = notes.get("superscripts", False)
    prof.headings = struct.get("headings", [])
    prof.heading_continuation = struct.get("heading_continuation")
    prof.heading_div_type = struct.get("heading_div_type", prof.heading_div_type)
    prof.subheadings = struct.get("subheadings", [])
    prof.subheading_div_type = struct.get("subheading_div_type", prof.subheading_div_type)
    prof.stage = struct.get("stage")
    prof.brackets = struct.get("brackets")
    prof.quote_blocks = struct.get("quote_blocks", True)
    prof.italics_markdown = struct.get("italics_markdown", False)
    return prof
