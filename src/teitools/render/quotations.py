"""Where a citing document's quotations of another edition are found in that edition.

The Slavic Review exchange cites Khrushchev's speech by the pages of its Russian edition
(<bibl corresp="#rech-khrushcheva"><biblScope from= to=/>), which cannot be mapped to the
pages of the 1957 English text; but the words it quotes before each such note can often be
found there. A note is linked to the paragraph whose words match the quotation best: "exact"
where every word quoted stands there in order, "close" where enough of them do (another
translation of the same passage), and not at all where the match is not clear.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from lxml import etree

from ..tei import TEI_NS

T = f"{{{TEI_NS}}}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

# A close match needs this score (the mean of the shares of the quotation's word pairs and of
# its content words found in one paragraph), and must be clearly better than the next best.
CLOSE = 0.35
MARGIN = 1.4
STOPWORDS = frozenset(
    "a an and are as at be by for from had has have he his i in is it its of on or that the "
    "their them they this to was were which who with".split()
)


@dataclass
class Quotation:
    """A note citing another edition, the words it quotes there, and where they were found."""

    note: str
    words: str
    source: str
    citing: str = ""
    paragraph: int | None = None
    page: str | None = None
    match: str = "none"  # exact | close | none
    score: float = 0.0


def words(text: str) -> list[str]:
    """Normalized words: case, accents, dashes, quotes and punctuation set aside."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[\u2010-\u2015\-/]", " ", text)
    text = re.sub(r"[\u2018\u2019']", "", text)
    return re.findall(r"[a-z0-9]+", text)


def _text(el: etree._Element, stop: etree._Element | None = None) -> str:
    """The words of el up to `stop` (if given), notes left out."""
    out: list[str] = []

    def walk(e: etree._Element) -> bool:
        if e is stop:
            return False
        if e.tag == T + "note":
            return True
        out.append(e.text or "")
        for c in e:
            if not walk(c):
                return False
            out.append(c.tail or "")
        return True

    walk(el)
    return "".join(out)


def quoted_before(note: etree._Element) -> str:
    """The words a note's call follows: the last quotation closed just before it, else the
    last sentence."""
    block = next(
        (a for a in note.iterancestors() if a.tag in (T + "p", T + "quote")), note.getparent()
    )
    before = " ".join(_text(block, stop=note).split())
    m = re.search(r"“([^“]*)”[\s.,;:]*$", before)
    if m:
        quoted = m.group(1)
    else:
        quoted = re.split(r"(?<=[.!?:])\s+", before.rstrip(" .").strip())[-1]
    return re.sub(r"\[[^\]]*\]", " ", quoted)


def cited_documents(citing: etree._ElementTree) -> dict[str, str]:
    """The bibl entries of a document that stand for another document of the collection,
    by xml:id: {"rech-khrushcheva": "secret-report.xml"} (from their ref/@target)."""
    out = {}
    for bibl in citing.iter(T + "bibl"):
        ref = bibl.find(f"{T}ref[@target]")
        if bibl.get(XML_ID) and ref is not None and ref.get("target", "").endswith(".xml"):
            out[bibl.get(XML_ID)] = ref.get("target").split("#")[0]
    return out


def paragraphs(cited: etree._ElementTree) -> list[tuple[int, str | None, list[str]]]:
    """The numbered paragraphs of a document (as the stylesheets number them: every p of the
    text not in a note), each with its page and its words."""
    out = []
    page = None
    n = 0
    text = cited.getroot().find(f".//{T}text")
    for el in text.iter(T + "pb", T + "p") if text is not None else []:
        if el.tag == T + "pb":
            page = el.get("n", page)
        elif not any(a.tag == T + "note" for a in el.iterancestors()):
            n += 1
            out.append((n, page, words(_text(el))))
    return out


def _pairs(ws: list[str]) -> set[tuple[str, str]]:
    return set(zip(ws, ws[1:], strict=False))


def _contains(hay: list[str], needle: list[str]) -> bool:
    k = len(needle)
    return k > 0 and any(hay[i : i + k] == needle for i in range(len(hay) - k + 1))


def locate(quote: str, paras: list[tuple[int, str | None, list[str]]]) -> tuple[int, float, bool]:
    """The paragraph whose words match a quotation best: (index, score, whether every
    fragment between ellipses stands there word for word), or (-1, best score, False)."""
    fragments = [words(f) for f in re.split(r"\.\s*\.\s*\.", quote)]
    fragments = [f for f in fragments if len(f) >= 3]
    qpairs = set().union(*(_pairs(f) for f in fragments)) if fragments else set()
    qwords = {w for f in fragments for w in f if w not in STOPWORDS}
    if not qpairs or not qwords:
        return -1, 0.0, False

    def score(ws: list[str]) -> float:
        return (len(qpairs & _pairs(ws)) / len(qpairs) + len(qwords & set(ws)) / len(qwords)) / 2

    scores = [score(ws) for _, _, ws in paras]
    ranked = sorted(range(len(paras)), key=lambda i: -scores[i])
    best = ranked[0]
    second = scores[ranked[1]] if len(ranked) > 1 else 0.0
    exact = all(_contains(paras[best][2], f) for f in fragments)
    if exact or (scores[best] >= CLOSE and scores[best] >= MARGIN * second):
        return best, scores[best], exact
    return -1, scores[best], False


def find_quotations(
    citing: etree._ElementTree, documents: dict[str, etree._ElementTree], name: str = ""
) -> list[Quotation]:
    """Every note of `citing` (named `name`) whose bibl points (@corresp) at an entry standing
    for one of `documents` (by file name), with the place its quotation is found, if any."""
    stands_for = cited_documents(citing)
    cache: dict[str, list[tuple[int, str | None, list[str]]]] = {}
    out = []
    for note in citing.iter(T + "note"):
        bibl = note.find(f"{T}bibl[@corresp]")
        target = stands_for.get(bibl.get("corresp").lstrip("#")) if bibl is not None else None
        if not note.get(XML_ID) or target not in documents:
            continue
        paras = cache.setdefault(target, paragraphs(documents[target]))
        q = Quotation(note.get(XML_ID), quoted_before(note), target, name)
        i, q.score, exact = locate(q.words, paras)
        if i >= 0:
            q.paragraph, q.page, _ = paras[i]
            q.match = "exact" if exact else "close"
        out.append(q)
    return out
