"""Ingest profiles: what one printed source looks like, as a small TOML file.

A profile says where the text lies in the OCR file, how its pages are numbered, what the
running heads and footnote markers look like, and which lines are headings. A profile may
`extends = "other.toml"` to share what two documents of one book have in common.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import InputError, InvalidInput

BUILTIN = resources.files("teitools.ingest") / "profiles"


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
    start: re.Pattern[str] | None = None
    start_after: bool = False
    end: re.Pattern[str] | None = None
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
    running_heads: list[re.Pattern[str]] = field(default_factory=list)
    replacements: list[tuple[re.Pattern[str], str]] = field(default_factory=list)
    soft_hyphen: str = "¬"
    one_line_paragraphs: bool = False
    # [footnotes]
    note_markers: str = "*♦†"
    note_marker_normal: dict[str, str] = field(default_factory=lambda: {"♦": "*", "†": "*"})
    superscript_notes: bool = False
    # [structure]
    headings: list[re.Pattern[str]] = field(default_factory=list)
    heading_continuation: re.Pattern[str] | None = None
    heading_div_type: str = "chapter"
    subheadings: list[re.Pattern[str]] = field(default_factory=list)
    subheading_div_type: str = "section"
    stage: re.Pattern[str] | None = None
    brackets: str | None = None  # resp of bracketed insertions, e.g. "#translator"; None: plain
    quote_blocks: bool = True
    italics_markdown: bool = False


def _rx(value: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(value)
    except re.error as e:
        raise InvalidInput(
            f"bad regular expression {value!r}: {e}", where, rule="profile/regex"
        ) from None


def _load_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            data = tomllib.load(f)
    except FileNotFoundError:
        raise InputError("no such profile", str(path), rule="profile/missing") from None
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"at line (\d+), column (\d+)", str(e))
        line, col = (int(m[1]), int(m[2])) if m else (None, None)
        raise InvalidInput(
            f"not a valid TOML profile: {e}", str(path), line, col, "profile/toml"
        ) from None
    parent = data.pop("extends", None)
    if parent is None:
        return data
    base = _load_toml(resolve_profile_path(parent, path.parent))
    return _merge(base, data)


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
    builtin = Path(str(BUILTIN / (p.name if p.suffix == ".toml" else f"{p.name}.toml")))
    if builtin.is_file():
        return builtin
    known = ", ".join(sorted(q.stem for q in Path(str(BUILTIN)).glob("*.toml")))
    raise InputError(
        f"no such profile (built-in profiles: {known})", str(name), rule="profile/missing"
    )


def builtin_profiles() -> list[str]:
    """The names of the profiles that ship with teitools."""
    return sorted(q.stem for q in Path(str(BUILTIN)).glob("*.toml"))


def load_profile(name: str | Path) -> Profile:
    """Load a profile file (following `extends`) into a Profile, checking its values."""
    path = resolve_profile_path(name)
    data = _load_toml(path)
    where = str(path)
    doc, region = data.get("document", {}), data.get("region", {})
    pages, lines = data.get("pages", {}), data.get("lines", {})
    notes, struct = data.get("footnotes", {}), data.get("structure", {})
    prof = Profile(name=path.stem)
    prof.id = doc.get("id", prof.id)
    prof.title = doc.get("title", prof.title)
    prof.lang = doc.get("lang", prof.lang)
    prof.div_type = doc.get("div_type", prof.div_type)
    prof.head = doc.get("head")
    prof.header = data.get("header", {})
    if "start" in region:
        prof.start = _rx(region["start"], where)
    prof.start_after = bool(region.get("start_after", False))
    if "end" in region:
        prof.end = _rx(region["end"], where)
    prof.numbered = bool(pages.get("numbered", True))
    prof.first = int(pages.get("first", 1))
    prof.keep = pages.get("keep", "all")
    if prof.keep not in ("all", "even", "odd"):
        raise InvalidInput(
            f'pages.keep must be "all", "even" or "odd", not {prof.keep!r}',
            where,
            rule="profile/value",
        )
    prof.number_max_length = int(pages.get("number_max_length", prof.number_max_length))
    prof.blank_around_number = int(pages.get("blank_around_number", prof.blank_around_number))
    prof.blank_run_for_missing_number = int(
        pages.get("blank_run_for_missing_number", prof.blank_run_for_missing_number)
    )
    facing = pages.get("facing", {})
    prof.facing_target = facing.get("document")
    prof.facing_offset = int(facing.get("offset", -1))
    prof.page_id_prefix = pages.get("id_prefix", prof.page_id_prefix)
    prof.running_heads = [_rx(r, where) for r in lines.get("running_heads", [])]
    prof.replacements = [(_rx(a, where), b) for a, b in lines.get("replacements", [])]
    prof.soft_hyphen = lines.get("soft_hyphen", prof.soft_hyphen)
    prof.one_line_paragraphs = bool(lines.get("one_line_paragraphs", False))
    prof.note_markers = notes.get("markers", prof.note_markers)
    prof.note_marker_normal = notes.get("normalize", prof.note_marker_normal)
    prof.superscript_notes = bool(notes.get("superscripts", False))
    prof.headings = [_rx(r, where) for r in struct.get("headings", [])]
    if "heading_continuation" in struct:
        prof.heading_continuation = _rx(struct["heading_continuation"], where)
    prof.heading_div_type = struct.get("heading_div_type", prof.heading_div_type)
    prof.subheadings = [_rx(r, where) for r in struct.get("subheadings", [])]
    prof.subheading_div_type = struct.get("subheading_div_type", prof.subheading_div_type)
    if "stage" in struct:
        prof.stage = _rx(struct["stage"], where)
    prof.brackets = struct.get("brackets")
    prof.quote_blocks = bool(struct.get("quote_blocks", True))
    prof.italics_markdown = bool(struct.get("italics_markdown", False))
    return prof
