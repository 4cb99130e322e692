"""Reading inputs and writing outputs safely: clear errors, and nothing ever written half."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import InputError
from .tei import read_document


def read_text(path: str | os.PathLike[str]) -> str:
    """Read a UTF-8 text file, refusing by name missing, empty, binary and non-UTF-8 files,
    folders, pipes and devices, and files over the size limit (as tei.read_document does)."""
    p = Path(path)
    data = read_document(p)
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise InputError("binary file (NUL byte), not text", str(p), line, rule="io/binary")
    return decode_utf8(data, str(p), "convert it to UTF-8 first")


def decode_utf8(data: bytes, name: str, advice: str) -> str:
    """The text of a file's bytes, without a byte-order mark; bytes that are not UTF-8 refused
    at their line and column, with `advice` on what to do."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise InputError(
            f"not UTF-8 text (byte 0x{data[e.start]:02x}); {advice}",
            name,
            line,
            col,
            rule="io/encoding",
        ) from None
    return text.removeprefix("\ufeff")


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write beside the target and rename into place, so a reader never sees half a file."""
    p = Path(path)
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        raise InputError("cannot write: its folder does not exist", str(p), rule="io/write")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=parent)
    except OSError as e:
        raise InputError(f"cannot write: {e.strerror}", str(p), rule="io/write") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # a temporary file is private; the output is not
        os.replace(tmp, p)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(f"cannot write: {e.strerror}", str(p), rule="io/write") from None
