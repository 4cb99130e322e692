"""Reading inputs and writing outputs safely: clear errors, and nothing ever written half."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import InputError


def read_text(path: str | os.PathLike[str]) -> str:
    """Read a UTF-8 text file, refusing missing, empty, binary and non-UTF-8 files by name."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", str(p), rule="io/missing") from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", str(p), rule="io/not-a-file") from None
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror}", str(p), rule="io/read") from None
    if not data.strip():
        raise InputError("the file is empty", str(p), rule="io/empty")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise InputError("binary file (NUL byte), not text", str(p), line, rule="io/binary")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise InputError(
            f"not UTF-8 text (byte 0x{data[e.start]:02x}); convert it to UTF-8 first",
            str(p),
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
