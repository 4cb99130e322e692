"""Building an output folder whole or not at all, and not again while nothing changed.

A build is staged in a temporary folder beside its destination and renamed into place, so a
reader (or a web server) never sees half a site; the digest of everything the output depends
on is kept in it, and a build whose digest is unchanged does nothing.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import InputError

DIGEST_FILE = ".teitools-digest"


def digest(files: Iterable[Path], extra: Iterable[str] = ()) -> str:
    """A SHA-256 of the files' names and contents, and of the extra strings (options)."""
    h = hashlib.sha256()
    for f in sorted({Path(f).resolve() for f in files}):
        h.update(str(f).encode() + b"\0")
        h.update(f.read_bytes())
        h.update(b"\0")
    for s in extra:
        h.update(s.encode() + b"\0")
    return h.hexdigest()


def code_files() -> list[Path]:
    """The code every rendering depends on: this package and what it reads TEI with."""
    here = Path(__file__).resolve().parent
    return [*here.glob("*.py"), here.parent / "witnesses.py", here.parent / "tei.py"]


def tree_files(*folders: Path) -> list[Path]:
    """Every file under the folders (stylesheets, assets), for a digest."""
    return sorted(p for d in folders for p in Path(d).rglob("*") if p.is_file())


def up_to_date(out: Path, key: str) -> bool:
    """Whether `out` was built from exactly what `key` digests."""
    try:
        return (out / DIGEST_FILE).read_text(encoding="utf-8").strip() == key
    except OSError:
        return False


@contextmanager
def staged(out: Path, key: str) -> Iterator[Path]:
    """A temporary folder to build `out` in; on success it is given the digest and put in
    the place of `out` (the old one removed), on failure removed."""
    out = Path(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".new", dir=out.parent))
    except OSError as e:
        raise InputError(f"cannot write: {e.strerror}", str(out), rule="io/write") from None
    try:
        yield tmp
        (tmp / DIGEST_FILE).write_text(key + "\n", encoding="utf-8")
        os.chmod(tmp, 0o777 & ~_umask())
        _swap(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _swap(new: Path, out: Path) -> None:
    """Put `new` where `out` is: rename the old one aside, the new one in, remove the old."""
    old = None
    if out.exists():
        if not out.is_dir():
            raise InputError("is a file, not a folder", str(out), rule="io/not-a-folder")
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=out.parent))
        os.replace(out, old / out.name)
    try:
        os.replace(new, out)
    except OSError as e:
        if old is not None:
            os.replace(old / out.name, out)
        raise InputError(f"cannot write: {e.strerror}", str(out), rule="io/write") from None
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
