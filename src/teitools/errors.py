"""The one exception hierarchy of teitools: every error carries its place and a rule id."""

from __future__ import annotations

from dataclasses import dataclass


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
        place = self.file
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
