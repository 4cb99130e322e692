"""The one exception hierarchy of teitools: every error carries its place and a rule id."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass


def shown(name: str) -> str:
    """A file name as it can be printed, and written in XML: bytes that are not UTF-8 (a name
    from another system) and control characters are written as \\xNN."""
    try:
        text = os.fsencode(name).decode("utf-8", "backslashreplace")
    except UnicodeError:
        text = name.encode("utf-8", "backslashreplace").decode("utf-8")
    return re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\x{ord(m[0]):02x}", text)


@dataclass
class Problem:
    """One located finding: `file:line:col: severity: message [rule]`."""

    file: str
    line: int | None
    col: int | None
    message: str
    rule: str
    severity: str = "error"

    def __str__(self) -> str:
        place = shown(self.file)
        if self.line is not None:
            place += f":{self.line}"
            if self.col is not None:
                place += f":{self.col}"
        return f"{place}: {self.severity}: {self.message} [{self.rule}]"


class TeitoolsError(Exception):
    """Base of every error teitools reports to its user; `exit_code` follows the CLI convention."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        file: str = "",
        line: int | None = None,
        col: int | None = None,
        rule: str = "error",
    ):
        super().__init__(message)
        self.problem = Problem(file, line, col, message, rule)

    def __str__(self) -> str:
        return str(self.problem)


class InputError(TeitoolsError):
    """The input cannot be read at all: missing, empty, binary, not UTF-8, not writable (exit 2)."""

    exit_code = 2


class InvalidInput(TeitoolsError):
    """The input was read but is not what it must be: malformed XML, a profile mismatch (exit 1)."""

    exit_code = 1


class UsageError(TeitoolsError):
    """The command was asked for something the input does not have, e.g. an unknown siglum."""

    exit_code = 2
