"""Building an output folder whole or not at all, and not again while nothing changed.

A build is staged in a temporary folder beside its destination and swapped into place in one
step (renameat2 on Linux), so a reader (or a web server) never sees half a site nor none; what
builds that were killed leave behind is cleaned up by the next one. The digest of everything
the output depends on is kept in it, and a build whose digest is unchanged does nothing.
"""

from __future__ import annotations

import ctypes
import errno
import glob
import hashlib
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from ..errors import InputError

DIGEST_FILE = ".teitools-digest"


def digest(
    files: Iterable[Path], extra: Iterable[str] = (), documents: Mapping[Path, bytes] | None = None
) -> str:
    """A SHA-256 of the files' names and contents, of the documents already read (name:
    bytes), and of the extra strings (options)."""
    h = hashlib.sha256()
    for f in sorted({Path(f).resolve() for f in files}):
        h.update(os.fsencode(f) + b"\0")
        h.update(f.read_bytes())
        h.update(b"\0")
    for name, data in sorted(
        (os.fsencode(Path(k).resolve()), v) for k, v in (documents or {}).items()
    ):
        h.update(name + b"\0" + data + b"\0")
    for s in extra:
        h.update(os.fsencode(s) + b"\0")
    return h.hexdigest()


def code_files() -> list[Path]:
    """The code every rendering depends on: this package, what it reads TEI with, and the
    header metadata and project settings it is given."""
    here = Path(__file__).resolve().parent
    package = here.parent
    shared = ("witnesses.py", "tei.py", "metadata.py", "project.py")
    return [*here.glob("*.py"), *(package / name for name in shared)]


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
    the place of `out` (the old one removed), on failure removed. What killed builds left
    beside `out` is cleaned up first; an error writing (a full disk) is one InputError."""
    out = Path(out)
    make_folder(out.parent)
    if out.exists() and not out.is_dir():
        raise InputError("is a file, not a folder", str(out), rule="io/not-a-folder")
    try:
        recover(out)
        tmp = Path(tempfile.mkdtemp(prefix=_prefix(out), suffix=".new", dir=out.parent))
    except OSError as e:
        raise _write_error(e, out) from None
    try:
        yield tmp
        (tmp / DIGEST_FILE).write_text(key + "\n", encoding="utf-8")
        os.chmod(tmp, 0o777 & ~_umask())
        _swap(tmp, out)
    except OSError as e:
        raise _write_error(e, out) from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def make_folder(folder: Path) -> None:
    """Make `folder` (and its parents) for an output, or say in one line why not."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        pass  # said below: which part of the path is a file
    except OSError as e:
        raise _write_error(e, folder) from None
    if folder.is_dir():
        return
    blocking = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), folder)
    raise InputError(
        f"cannot write: {blocking} is a file, not a folder", str(folder), rule="io/not-a-folder"
    )


def _write_error(e: OSError, out: Path) -> InputError:
    """An OSError while building `out`, said in one line."""
    reason = e.strerror or (str(e).splitlines() or ["error"])[0]
    return InputError(f"cannot write: {reason}", str(out), rule="io/write")


def _prefix(out: Path) -> str:
    """How this process's temporaries beside `out` begin: `.NAME.PID.`, so a later build
    knows whether the process that made one is gone."""
    return f".{out.name}.{os.getpid()}."


def _swap(new: Path, out: Path) -> None:
    """Put `new` where `out` is, the old one removed. Where the system can exchange two
    folders in one step, `out` is always a whole site, old or new; elsewhere the old one is
    renamed aside first, and a build killed in between leaves it for `recover` to put back."""
    if not out.exists():
        os.replace(new, out)
        return
    if not out.is_dir():
        raise InputError("is a file, not a folder", str(out), rule="io/not-a-folder")
    if exchange(new, out):
        shutil.rmtree(new, ignore_errors=True)  # `new` is now the old site
        return
    old = Path(tempfile.mkdtemp(prefix=_prefix(out), suffix=".old", dir=out.parent))
    os.rmdir(old)
    os.replace(out, old)
    try:
        os.replace(new, out)
    except OSError:
        os.replace(old, out)
        raise
    shutil.rmtree(old, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _renameat2() -> object | None:
    """libc's renameat2, where there is one (Linux)."""
    if sys.platform != "linux":
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    fn.restype = ctypes.c_int
    return fn


def exchange(a: Path, b: Path) -> bool:
    """Swap the two paths in one atomic step; False where the system cannot (then nothing
    was changed)."""
    fn = _renameat2()
    if fn is None:
        return False
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False  # a file system or kernel without it
    raise OSError(err, os.strerror(err), os.fspath(b))


# A leftover whose name carries no process id is taken as abandoned after this long.
STALE_SECONDS = 600


def recover(out: Path) -> None:
    """Clean up after builds of `out` that were killed: their `.NAME.PID.*.new` and `.old`
    folders (and files) are removed once their process is gone; if `out` itself is missing
    because a build was killed between its two renames, the old site is put back first."""
    out = Path(out)
    leftovers = []
    if not out.parent.is_dir():
        return
    for p in out.parent.glob(f".{glob.escape(out.name)}.*"):
        if p.name.endswith((".new", ".old")) and _abandoned(p, out.name):
            leftovers.append(p)
    if not out.exists():
        olds = [p for p in leftovers if p.name.endswith(".old")]
        for old in sorted(olds, key=lambda p: p.lstat().st_mtime, reverse=True)[:1]:
            inside = old / out.name  # where earlier versions of teitools put it
            try:
                os.replace(inside if inside.is_dir() else old, out)
            except OSError:
                pass
    for p in leftovers:
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)
        elif p.exists() or p.is_symlink():
            p.unlink(missing_ok=True)


def _abandoned(p: Path, name: str) -> bool:
    """Whether the temporary `p` belongs to no running build: its process (named in it) is
    gone, or it names none and is older than STALE_SECONDS."""
    rest = p.name[len(name) + 2 :].split(".")  # [pid, random, new|old], or [random, new|old]
    if len(rest) == 3 and rest[0].isdigit():
        pid = int(rest[0])
        return pid != os.getpid() and not _alive(pid)
    if len(rest) != 2:
        return False  # another output's, whose name begins like this one's
    try:
        return time.time() - p.lstat().st_mtime > STALE_SECONDS
    except OSError:
        return False


def _alive(pid: int) -> bool:
    """Whether a process with this id is running."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, owned by someone else
    return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
