"""Line and paragraph text: rejoining broken words, normalizing quotes, dashes and spacing."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from wordfreq import zipf_frequency

# Private-use characters stand for page breaks and note calls inside paragraph text until the
# text is turned into XML; they never reach the output.
PB = "\ue000"  # a page break between words
PB_IN_WORD = "\ue001"  # a page break inside a word hyphenated across pages
NOTE = "\ue002"  # a note call; the notes travel beside the text, in order

_WORD = re.compile(r"[A-Za-zÀ-ÿ’']+")


def vocabulary(lines: Iterable[str]) -> set[str]:
    """The words a text uses whole (not split at a line end), lower-cased: its own dictionary."""
    vocab: set[str] = set()
    for line in lines:
        body = line.rstrip()
        if body.endswith(("-", "¬")):
            body = body[: body.rfind(" ") + 1] if " " in body else ""
        for tok in re.findall(r"[A-Za-zÀ-ÿ’'-]+", body):
            vocab.add(tok.lower().strip("-’'"))
    return vocab


@lru_cache(maxsize=65536)
def _common_word(word: str) -> bool:
    return zipf_frequency(word, "en") >= 2.0


def joins_as_word(left: str, right: str, vocab: set[str]) -> bool:
    """Whether `left-` at a line end and `right` on the next line are one word broken in two.

    The text's own usage decides first (`manifestation` elsewhere, or `Marxism-Leninism`
    elsewhere); a word-frequency list decides where the text uses neither form.
    """
    lw = _WORD.findall(left)
    rw = _WORD.match(right)
    if not lw or not rw or not left.endswith(lw[-1]):
        return False
    a, b = lw[-1], rw.group(0)
    joined = (a + b).lower()
    hyphened = f"{a}-{b}".lower()
    if hyphened in vocab and joined not in vocab:
        return False
    if joined in vocab:
        return True
    if b[:1].isupper():
        return False
    # A capitalized fragment that is no word itself is half a name ("Kres-" "linsky").
    return _common_word(joined) or (a[:1].isupper() and not _common_word(a.lower()))


def join_lines(items: list[str], vocab: set[str], soft_hyphen: str = "¬") -> str:
    """Join the lines of one paragraph, PB items marking the page breaks between them."""
    out = ""
    pending_pb = False
    for item in items:
        if item == PB:
            pending_pb = True
            continue
        line = item.strip()
        if not line:
            continue
        if not out:
            out = (PB if pending_pb else "") + line
        elif out.endswith(soft_hyphen):
            out = out[:-1] + (PB_IN_WORD if pending_pb else "") + line
        elif out.endswith("-") and not out.endswith("--") and joins_as_word(out[:-1], line, vocab):
            out = out[:-1] + (PB_IN_WORD if pending_pb else "") + line
        elif out.endswith(("-", "—")) and re.search(r"\w-$|—$", out):
            out = out + (PB_IN_WORD if pending_pb else "") + line
        else:
            out = out + " " + (PB if pending_pb else "") + line
        pending_pb = False
    if pending_pb:
        out += PB
    return out


_OPEN_CONTEXT = r"(^|(?<=[\s(\[—\-" + PB + PB_IN_WORD + r"]))"


def normalize(text: str, soft_hyphen: str = "¬") -> str:
    """One spelling of quotes, dashes, ellipses and spaces, as the editorial declaration says."""
    t = text
    t = re.sub(rf"(\w){re.escape(soft_hyphen)}\s*(\w)", r"\1\2", t)  # one left inside a line
    t = t.replace(soft_hyphen, "")
    t = t.replace("‘‘", "“").replace("’’", "”").replace("``", "“").replace("''", "”")
    t = t.replace("„", "“").replace("«", "“").replace("»", "”")
    t = re.sub(_OPEN_CONTEXT + '"', "“", t)
    t = t.replace('"', "”")
    t = re.sub(_OPEN_CONTEXT + "'", "‘", t)
    t = t.replace("'", "’").replace("`", "‘")
    t = t.replace("--", "—")
    t = re.sub(r"\s*—\s*", "—", t)
    t = re.sub(r"(\w) - (\w)", r"\1—\2", t)
    t = re.sub(r"\.\s?\.\s?\.", ". . .", t)  # ellipses as the 1957 printing sets them
    t = re.sub(r"[ \t]+", " ", t)
    t = re.sub(r" +([,;:!?])", r"\1", t)
    t = re.sub(r"(?<=[\w”’)\]]) +\.(?! \.)", ".", t)  # "ovation ." but not ". . ."
    t = re.sub(r"([“(\[]) +", r"\1", t)
    t = re.sub(r" +([”)\]])", r"\1", t)
    return t.strip()
