"""The apparatus rules: what no grammar can say about sigla, pointers and readings.

Each rule has an id (`apparatus/wit-declared`...) so that a document can switch one off with
a processing instruction `<?teitools ignore="apparatus/positive-complete"?>`, or a user with
`teitools validate --ignore RULE`.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Iterator
from functools import cached_property

from lxml import etree

from ..errors import Problem, TeitoolsError
from ..tei import TEI_NS, XML_NS
from ..witnesses import Apparatus, T, sigla_of

XML_ID = f"{{{XML_NS}}}id"
POINTER_ATTRS = ("source", "resp", "corresp", "target", "next", "prev", "ana", "wit", "ed")
FRAGMENTARY = "fragmentary"


class _Lines:
    """The lines of a source, found by their offsets and decoded one by one when asked for:
    a document of many MB is not held a second time, as text, to place a few problems."""

    def __init__(self, source: bytes):
        self.source = source
        self.starts = array("q", [0] if source else [])
        self.starts.extend(m.end() for m in re.finditer(b"\n", source))
        self.decoded: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self.starts)

    def __bool__(self) -> bool:
        return bool(self.starts)

    def __getitem__(self, k: int) -> str:
        if k not in self.decoded:
            end = self.starts[k + 1] - 1 if k + 1 < len(self.starts) else len(self.source)
            self.decoded[k] = self.source[self.starts[k] : end].decode("utf-8", "replace")
        return self.decoded[k]


class Located:
    """Finds the column of an attribute in the source, for messages as precise as a compiler's."""

    def __init__(self, file: str, source: bytes | None):
        self.file = file
        self.source = source
        self._attrs: dict[int, dict[tuple[str, str | None], int]] = {}
        self._tags: dict[int, dict[str, int]] = {}

    @cached_property
    def lines(self) -> _Lines:
        """The source's lines, each decoded only when a problem is placed on or near it."""
        return _Lines(self.source or b"")

    def _attr_index(self, k: int) -> dict[tuple[str, str | None], int]:
        """Where each attribute (name, value) and each name first stands on line k: the line
        is scanned once, so that a long line of many problems costs no more than once."""
        if k not in self._attrs:
            index: dict[tuple[str, str | None], int] = {}
            for m in _ATTR.finditer(self.lines[k]):
                index.setdefault((m[1], m[3]), m.start() + 1)
                index.setdefault((m[1], None), m.start() + 1)
            self._attrs[k] = index
        return self._attrs[k]

    def _tag_index(self, k: int) -> dict[str, int]:
        """Where each element name first opens on line k, scanned once."""
        if k not in self._tags:
            index: dict[str, int] = {}
            for m in _TAG.finditer(self.lines[k]):
                index.setdefault(m[1], m.start() + 1)
            self._tags[k] = index
        return self._tags[k]

    def at(
        self, el: etree._Element, attr: str | None, message: str, rule: str, severity: str = "error"
    ) -> Problem:
        line, col = el.sourceline, None
        if attr and line and self.lines:
            name = "xml:id" if attr == XML_ID else attr
            value = el.get(attr) or ""
            for key in ((name, value), (name, None)):
                hit = next(
                    (
                        (k, c)
                        for k in range(line - 1, min(line + 20, len(self.lines)))
                        if (c := self._attr_index(k).get(key))
                    ),
                    None,
                )
                if hit:
                    line, col = hit[0] + 1, hit[1]
                    break
        elif line and self.lines and line <= len(self.lines):
            col = self._tag_index(line - 1).get(etree.QName(el).localname)
        return Problem(self.file, line, col, message, rule, severity)


_ATTR = re.compile(r"""(?<![\w:-])([\w:.-]+)\s*=\s*(["'])(.*?)\2""")
_TAG = re.compile(r"<(?:[\w.-]+:)?([\w.-]+)")


def _ids(root: etree._Element) -> dict[str, list[etree._Element]]:
    out: dict[str, list[etree._Element]] = {}
    for el in root.xpath("//*[@xml:id]"):
        out.setdefault(el.get(XML_ID), []).append(el)
    return out


_WITH_POINTERS = etree.XPath(
    "//*[" + " or ".join(f"@{a}" for a in POINTER_ATTRS if a != "wit") + "]"
)


def check_apparatus(
    tree: etree._ElementTree, file: str, source: bytes | None = None
) -> list[Problem]:
    """Every apparatus rule over one document."""
    root = tree.getroot()
    loc = Located(file, source)
    try:
        appar = Apparatus(tree, file)
    except TeitoolsError as e:  # a witness group that contains itself: no rule can run
        return [e.problem]
    ids = _ids(root)
    out: list[Problem] = []
    for rule in RULES:
        out.extend(rule(root, appar, ids, loc))
    return out


Rule = Callable[[etree._Element, Apparatus, dict, Located], Iterator[Problem]]


# Suggesting a near xml:id compares with every id: done for the first misses only, so that a
# document of thousands of broken pointers is still checked in linear time.
NEAR_LIMIT = 20


# The elements of the apparatus: their pointers must resolve (an error). A pointer elsewhere
# (a cast list's @corresp, a link to a page of another edition) is only a warning: TEI from
# other projects points at what it does not hold, and the apparatus does not depend on it.
_IN_APPARATUS = etree.XPath(
    "boolean(ancestor-or-self::*[self::t:app or self::t:listApp or self::t:listWit "
    "or self::t:witDetail])",
    namespaces={"t": TEI_NS},
)


def pointers_resolve(root, appar, ids, loc) -> Iterator[Problem]:
    misses = 0
    for el in _WITH_POINTERS(root):
        severity = None  # asked only of an element with a broken pointer
        for attr in POINTER_ATTRS:
            for tok in (el.get(attr) or "").split():
                if not tok.startswith("#") or attr == "wit":
                    continue
                if tok[1:] not in ids:
                    misses += 1
                    if severity is None:
                        severity = "error" if _IN_APPARATUS(el) else "warning"
                    near = _near(tok[1:], ids) if misses <= NEAR_LIMIT else ""
                    yield loc.at(
                        el,
                        attr,
                        f'@{attr} "{tok}" points to no element '
                        f'(no xml:id="{tok[1:]}" in this document){near}',
                        "apparatus/pointer",
                        severity,
                    )


def _near(name: str, ids: dict) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(ids), n=1, cutoff=0.75)
    return f'; did you mean "#{close[0]}"?' if close else ""


def _declared_list(appar: Apparatus) -> str:
    return ", ".join(appar.witnesses) or "none"


def wit_declared(root, appar, ids, loc) -> Iterator[Problem]:
    declared = set(appar.witnesses)
    for el in root.iter(T + "lem", T + "rdg", T + "rdgGrp", T + "witDetail", T + "wit"):
        raw = el.get("wit") or ""
        for tok in raw.split():
            siglum = tok.rsplit("#", 1)[-1]
            if siglum not in declared:
                shown = tok if tok.startswith("#") or "#" in tok else tok
                yield loc.at(
                    el,
                    "wit",
                    f'@wit "{shown}" names no witness (declared: {_declared_list(appar)})',
                    "apparatus/wit-declared",
                )


def sigla_sound(root, appar, ids, loc) -> Iterator[Problem]:
    seen: dict[str, etree._Element] = {}
    for w in root.iter(T + "witness"):
        for s in {w.get(XML_ID), w.get("n")} - {None}:
            if s in seen and seen[s] is not w:
                yield loc.at(
                    w,
                    XML_ID if w.get(XML_ID) == s else "n",
                    f'siglum "{s}" is declared twice (first on line {seen[s].sourceline})',
                    "apparatus/siglum-unique",
                )
            seen.setdefault(s, w)
    sigla = set(appar.witnesses)
    for b in sorted(sigla):  # each siglum's prefixes looked up: linear in the sigla's length
        for a in (b[:k] for k in range(1, len(b))):
            if a in sigla:
                found = ids.get(b)
                yield loc.at(
                    found[0] if found else root,
                    XML_ID,
                    f'siglum "{a}" is a prefix of siglum "{b}": sigla written '
                    "together (as in bare @wit lists or printed apparatus) become ambiguous",
                    "apparatus/siglum-prefix",
                )


def entries_sound(root, appar, ids, loc) -> Iterator[Problem]:
    fragmentary = {
        s
        for s in appar.witnesses
        if any(FRAGMENTARY in (w.get("ana") or "") for w in ids.get(s, ()))
    }
    leaves = appar.leaves()
    for app in root.iter(T + "app"):
        readings = appar.readings(app)
        lem = [r for r in readings if r.tag == T + "lem"]
        if not lem and len(readings) < 2:
            yield loc.at(
                app,
                None,
                "an <app> needs a <lem> or at least two readings",
                "apparatus/app-content",
            )
        seen: dict[str, etree._Element] = {}
        for r in readings:
            for s in sorted(appar.expand(sigla_of(r.get("wit")))):
                if s in seen:
                    yield loc.at(
                        r,
                        "wit",
                        f'witness "{s}" is given two readings in one entry '
                        f"(also on line {seen[s].sourceline})",
                        "apparatus/witness-twice",
                    )
                seen[s] = r
            empty = not (r.text or "").strip() and not any(
                isinstance(c.tag, str) and c.tag not in (T + "note", T + "witDetail") for c in r
            )
            if empty and not re.search(r"om|absent", r.get("type") or ""):
                yield loc.at(
                    r,
                    None,
                    f"an empty <{etree.QName(r).localname}> (an omission) must "
                    'say so: add type="omission"',
                    "apparatus/omission-typed",
                )
        if lem and lem[0].get("wit"):  # a positive entry: every witness accounted for
            missing = [s for s in leaves if s not in seen and s not in fragmentary]
            if missing:
                yield loc.at(
                    app,
                    None,
                    "this positive entry does not account for witness"
                    f"{'es' if len(missing) > 1 else ''} {', '.join(missing)} (mark a "
                    'fragmentary witness ana="#fragmentary", or give the lemma no @wit '
                    "for a negative apparatus)",
                    "apparatus/positive-complete",
                )


def chains(root, appar, ids, loc) -> Iterator[Problem]:
    for el in root.xpath("//*[@next or @prev]"):
        for attr, back in (("next", "prev"), ("prev", "next")):
            ptr = el.get(attr)
            if not ptr or not ptr.startswith("#") or ptr[1:] not in ids:
                continue
            other = ids[ptr[1:]][0]
            mine = el.get(XML_ID)
            if other.tag != el.tag:
                yield loc.at(
                    el,
                    attr,
                    f"@{attr} links a <{etree.QName(el).localname}> to a "
                    f"<{etree.QName(other).localname}>; a chain joins parts of one kind",
                    "apparatus/chain",
                )
            elif other.get(back) and (not mine or other.get(back) != f"#{mine}"):
                yield loc.at(
                    el,
                    attr,
                    f'@{attr}="{ptr}" but that element\'s @{back} is '
                    f'"{other.get(back)}", not "#{mine}"',
                    "apparatus/chain",
                )
    yield from _circles(root, ids, loc)


def _circles(root, ids, loc) -> Iterator[Problem]:
    """Each element whose @next chain runs into a circle, found in one walk over the chains:
    every element is followed once, its verdict kept for the chains that reach it."""
    circles: dict[etree._Element, bool] = {}  # element → its chain runs in a circle
    for el in root.xpath("//*[@next]"):
        path: list[etree._Element] = []
        on_path: set[etree._Element] = set()
        cur, verdict = el, False
        while cur is not None and cur.get("next", "").startswith("#"):
            if cur in circles:
                verdict = circles[cur]
                break
            if cur in on_path:
                verdict = True
                break
            on_path.add(cur)
            path.append(cur)
            nxt = ids.get(cur.get("next")[1:])
            cur = nxt[0] if nxt else None
        for p in path:
            circles[p] = verdict
        if circles.get(el):
            yield loc.at(el, "next", "@next chain runs in a circle", "apparatus/chain")


def variant_encoding(root, appar, ids, loc) -> Iterator[Problem]:
    apps = list(root.iter(T + "app"))
    if not apps:
        return
    ve = root.find(f".//{{{TEI_NS}}}variantEncoding")
    if ve is None:
        yield loc.at(
            apps[0],
            None,
            "the document has an apparatus but declares no "
            '<variantEncoding> in <encodingDesc> (e.g. method="parallel-segmentation" '
            'location="internal")',
            "apparatus/variant-encoding",
        )
        return
    method = ve.get("method")
    located = [a for a in apps if a.get("loc") or a.get("from") or a.get("to")]
    want = "location-referenced" if located and len(located) == len(apps) else None
    if method == "parallel-segmentation" and located:
        yield loc.at(
            located[0],
            "loc" if located[0].get("loc") else "from",
            "a location-referenced entry (@loc/@from) in a document that declares "
            'variantEncoding method="parallel-segmentation"',
            "apparatus/variant-encoding",
        )
    elif want and method != want:
        yield loc.at(
            ve,
            "method",
            f'entries are location-referenced but variantEncoding says method="{method}"',
            "apparatus/variant-encoding",
        )
    if method == "parallel-segmentation" and ve.get("location") == "external":
        yield loc.at(
            ve,
            "location",
            'parallel segmentation is inline: location="internal"',
            "apparatus/variant-encoding",
        )


RULES: list[Rule] = [
    pointers_resolve,
    wit_declared,
    sigla_sound,
    entries_sound,
    chains,
    variant_encoding,
]
