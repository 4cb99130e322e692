"""Checking the TOML settings files teitools reads (ingest profiles, project files): every value
against what its key wants, each problem one line naming the file, the line and the key."""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

from .errors import InvalidInput
from .files import decode_utf8
from .tei import read_document


class Bad(Exception):
    """A value that is not what its key wants: the message (after the key), the rule, and
    where inside the value (`[2]` for a list's third item)."""

    def __init__(self, message: str, rule: str, at: str = ""):
        super().__init__(message)
        self.message, self.rule, self.at = message, rule, at


def show(v: Any) -> str:
    """A value as the user wrote it, on one line and short."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        s = v if len(v) <= 60 else v[:57] + "…"
        s = s.replace("\\", "\\\\").replace('"', '\\"')
        return '"' + "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in s) + '"'
    if isinstance(v, int | float):
        return repr(v)
    if isinstance(v, dict):
        return "a table"
    if isinstance(v, list):
        return "a list"
    return f"a {type(v).__name__}"  # a TOML date or time


def each(values: list[Any], check: Callable[[Any], Any]) -> list[Any]:
    """Each item of a list checked; a bad one is said with its place in the list ("[2]")."""
    out = []
    for i, x in enumerate(values):
        try:
            out.append(check(x))
        except Bad as e:
            raise Bad(e.message, e.rule, f"[{i}]{e.at}") from None
    return out


def unknown(key: str, known: list[str], what: str, rule: str) -> Bad:
    """A key no table has, with the nearest known one suggested."""
    near = difflib.get_close_matches(key, known, 1)
    hint = f'; did you mean "{near[0]}"?' if near else f" (known: {', '.join(known)})"
    return Bad(f"is not {what} teitools knows{hint}", rule)


def fail(path: Path, lines: list[str], table: str | None, key: str, e: Bad) -> NoReturn:
    """Say a bad value at the line of its key: `file:line: error: [table] key message`."""
    label = f"[{table}] {key}{e.at}" if table else f"{key}{e.at}"
    label = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in label)
    raise InvalidInput(f"{label} {e.message}", str(path), line_of(lines, table, key), rule=e.rule)


def read_toml(path: Path, noun: str, rule: str) -> tuple[str, dict[str, Any]]:
    """A settings file's text and its TOML, refused at its place if it is not UTF-8 TOML;
    `noun` says what the file is ("profile", "project file")."""
    text = decode_utf8(read_document(path), str(path), f"a {noun} is UTF-8 TOML")
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"at line (\d+), column (\d+)", str(e))
        line, col = (int(m[1]), int(m[2])) if m else (None, None)
        if m is None and "end of document" in str(e):
            line = text.rstrip("\n").count("\n") + 1
        msg = re.sub(r"\s*\((at line \d+, column \d+|at end of document)\)", "", str(e))
        raise InvalidInput(f"not a valid TOML {noun}: {msg}", str(path), line, col, rule) from None
    except (RecursionError, ValueError) as e:
        raise InvalidInput(
            f"not a valid TOML {noun}: {type(e).__name__}", str(path), rule=rule
        ) from None


_HEADER = re.compile(r"\s*\[\[?\s*([^\]]*?)\s*\]")
_KEYLINE = re.compile(
    r"\s*((?:\"[^\"]*\"|'[^']*'|[\w-]+)(?:\s*\.\s*(?:\"[^\"]*\"|'[^']*'|[\w-]+))*)\s*="
)


def _parts(dotted: str) -> list[str]:
    return [x.strip().strip("\"'") for x in dotted.split(".")]


def line_of(lines: list[str], table: str | None, key: str | None) -> int | None:
    """The line where a key (or else its table) is written: a cheap scan, not a TOML parse."""
    want = ([table] if table else []) + (_parts(key) if key else [])
    current: list[str] = []
    fallback = None
    for no, raw in enumerate(lines, 1):
        m = _HEADER.match(raw)
        if m:
            current = _parts(m[1])
            if current[: len(want)] == want:
                return no
            if table and current[:1] == [table] and fallback is None:
                fallback = no
            continue
        k = _KEYLINE.match(raw)
        if not k:
            continue
        path = current + _parts(k[1])
        if path[: len(want)] == want or want[: len(path)] == path and len(path) > len(current):
            return no
        if table and path[:1] == [table] and fallback is None:
            fallback = no
    return fallback
