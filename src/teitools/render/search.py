"""The site's search index, split so that a query loads only what it needs.

The stylesheets list the passages (`[{d: edition, u: address, p: place, t: text}, ...]`);
here they are written as scripts that load from the file system as from a server (a script
tag, not a request a browser refuses on file: URLs):

- `assets/search-index.js`: what the search page loads first, a few KB: how many passages,
  how many to a piece, which word pieces exist, each edition's name and number of passages;
- `assets/search/w-KEY.js`: the words beginning with KEY (their first two letters, folded:
  lower case, accents off; where those of two letters would make a piece of more than
  SPLIT_OVER bytes, as "de" does in French, KEY-C: those whose third is C, KEY- those of two
  letters) and the passages each occurs in, edition by edition;
- `assets/search/p-STEM-K.js`: an edition's passages, a piece of CHUNK at a time, for the
  results shown.

Each edition's pieces and words are made with the edition (`write_edition`), and kept with
its pages while it does not change; the site's part (`write_index`) only joins them.

A query loads the word pieces of its words and the passage pieces of the results it shows:
for 300 plays, a few hundred KB instead of the whole index. The folding and the words are
those of assets/search.js, which reads the pieces.
"""

from __future__ import annotations

import json
import mmap
import re
import tempfile
import unicodedata
from array import array
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

CHUNK = 500  # passages a piece
# A word piece of more bytes than this is made as pieces of the words by their third character
# (a query loads one of them): at corpus size, the words of "de", "co", "re" would otherwise
# make pieces of many MB.
SPLIT_OVER = 256 * 1024
_WORD = re.compile(r"[^\W_]+")
_FOLD = {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'}


class _Folding(dict):
    """Each character as search.js folds it, worked out once and kept: str.translate then
    folds a text at C speed."""

    def __missing__(self, code: int) -> str:
        c = unicodedata.normalize("NFD", chr(code))[0].lower()[:1] or chr(code)
        c = _FOLD.get(c, c)
        if "\u2010" <= c <= "\u2015":
            c = "-"
        self[code] = c
        return c


_FOLDING = _Folding()


def fold(text: str) -> str:
    """As search.js folds: each character its first decomposed character, in lower case;
    curly quotes straight, dashes plain."""
    return text.translate(_FOLDING)


def words(text: str) -> list[str]:
    """The words of a text, folded (letters and digits: as search.js splits them)."""
    return _WORD.findall(fold(text))


def key(word: str) -> str:
    """The piece a word is in: its first two characters, each a letter or digit as it is,
    else written as its code point, so that a piece's name is always a safe file name."""
    start = word[:2]
    found = _KEYS.get(start)
    if found is None:  # worked out once for each start a corpus's words have
        found = _KEYS[start] = "".join(
            c if c.isascii() and c.isalnum() else f"u{ord(c):x}" for c in start
        )
    return found


_KEYS: dict[str, str] = {}


def _script(call: str, *args: object) -> str:
    body = ",".join(json.dumps(a, ensure_ascii=True, separators=(",", ":")) for a in args)
    return f"{call}({body});\n"


def write_edition(stem: str, passages: list[dict], assets: Path) -> dict:
    """One edition's part of the index: its passages, written in pieces of CHUNK
    (`assets/search/p-STEM-K.js`), and its words by piece, as JSON ready to be joined with
    the other editions' (`write_index`). The record returned is what the site's index is
    made of: {count, files, words: {KEY: '{"word": [passage, ...], ...}'}}; an edition that
    did not change keeps its record and its pieces."""
    folder = assets / "search"
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for k, start in enumerate(range(0, len(passages), CHUNK)):
        name = f"p-{stem}-{k}.js"
        piece = passages[start : start + CHUNK]
        (folder / name).write_text(
            _script("teitoolsSearchPassages", stem, k, piece), encoding="ascii"
        )
        files.append(f"assets/search/{name}")
    found: defaultdict[str, list[int]] = defaultdict(list)
    split, folding = _WORD.findall, _FOLDING  # words(), at its parts' speed
    for n, passage in enumerate(passages):
        for w in set(split(passage.get("t", "").translate(folding))):
            found[w].append(n)
    pieces: defaultdict[str, dict[str, list[int]]] = defaultdict(dict)
    for w in sorted(found):
        pieces[key(w)][w] = found[w]
    tables = {k: json.dumps(t, ensure_ascii=True, separators=(",", ":")) for k, t in pieces.items()}
    return {"count": len(passages), "files": files, "words": dict(sorted(tables.items()))}


def write_index(editions: list[tuple[str, Path]], assets: Path) -> list[str]:
    """The site's index of the editions' records (stem, and the file holding `write_edition`'s
    record as JSON, in the order of the site): the word pieces, each word with the passages of
    every edition it is in (`[[EDITION, {"word": [passage, ...]}], ...]`: an edition by its
    place in the head's list, a passage by its place in its edition), and the head. The files
    written (as site paths); the passages' pieces are the editions' own.

    The records are read one at a time and their tables set down in a spool file, each piece
    then written from where its tables lie there: memory is bounded by the largest record and
    the largest piece, not by the corpus's index."""
    folder = assets / "search"
    folder.mkdir(parents=True, exist_ok=True)
    where: dict[str, array] = {}  # each piece: its tables' (offset, length) in the spool
    counts: list[list] = []
    with tempfile.TemporaryFile() as spool:
        for e, (stem, record_file) in enumerate(editions):
            record = json.loads(Path(record_file).read_text(encoding="utf-8"))
            counts.append([stem, record["count"]])
            for k, table in record["words"].items():
                data = f"[{e},{table}]".encode("ascii")
                where.setdefault(k, array("q")).extend((spool.tell(), len(data)))
                spool.write(data)
            del record
        spool.flush()
        size = spool.tell()
        view = mmap.mmap(spool.fileno(), size, access=mmap.ACCESS_READ) if size else b""
        try:
            pieces: list[str] = []
            for k in sorted(where):
                spots = where[k]
                tables = (view[spots[i] : spots[i] + spots[i + 1]] for i in range(0, len(spots), 2))
                if sum(spots[1::2]) > SPLIT_OVER:
                    for k3, parts in _split(tables).items():
                        _write_piece(folder, k3, parts)
                        pieces.append(k3)
                else:
                    _write_piece(folder, k, tables)
                    pieces.append(k)
        finally:
            if isinstance(view, mmap.mmap):
                view.close()
    head = {
        "count": sum(count for _, count in counts),
        "chunk": CHUNK,
        "words": sorted(pieces),
        "editions": counts,
    }
    (assets / "search-index.js").write_text(
        "window.teitoolsSearch = " + json.dumps(head, separators=(",", ":")) + ";\n",
        encoding="ascii",
    )
    return ["assets/search-index.js", *(f"assets/search/w-{k}.js" for k in sorted(pieces))]


def _write_piece(folder: Path, k: str, tables: Iterable[bytes]) -> None:
    """A word piece: its editions' tables (`[EDITION,{"word":[passage,...]}]` each), joined."""
    with open(folder / f"w-{k}.js", "wb") as out:
        out.write(b"teitoolsSearchWords(" + json.dumps(k).encode("ascii") + b",[")
        for i, table in enumerate(tables):
            out.write(b"," if i else b"")
            out.write(table)
        out.write(b"]);\n")


def _split(tables: Iterable[bytes]) -> dict[str, list[bytes]]:
    """The editions' tables of a piece too large, as the tables of the pieces of its words
    by their third character (each edition's in the order of the site, its words in theirs)."""
    out: dict[str, list[bytes]] = {}
    for table in tables:
        e, words = json.loads(table)
        parts: dict[str, dict[str, list[int]]] = {}
        for w, found in words.items():  # KEY-C (no "-" is in a key: no name is made twice)
            parts.setdefault(key(w) + "-" + key(w[2:3]), {})[w] = found
        for k3, part in parts.items():
            text = json.dumps(part, ensure_ascii=True, separators=(",", ":"))
            out.setdefault(k3, []).append(f"[{e},{text}]".encode("ascii"))
    return out
