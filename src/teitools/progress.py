"""The progress line of the commands that work through many files: on a terminal, one line
rewritten in place ("[12/300] tei/play.xml"), cleared when the work is done; nothing where
standard error is not a terminal (piped, in a script, in CI)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO

from .tei import shown

Progress = Callable[[int, int, str], None]  # (done, of how many, the file last done)


def on_terminal(stream: TextIO | None = None) -> Progress | None:
    """The progress line on `stream` (standard error), if it is a terminal; else None."""
    stream = stream or sys.stderr
    if not stream.isatty():
        return None

    def progress(done: int, total: int, file: str) -> None:
        stream.write(f"\r[{done}/{total}] {shown(file)[-60:]:<60}")
        if done >= total:
            stream.write("\r" + " " * 75 + "\r")
        stream.flush()

    return progress
