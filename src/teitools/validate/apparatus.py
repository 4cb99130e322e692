"""The apparatus rules: what no grammar can say about sigla, pointers and readings.

Each rule has an id (`apparatus/wit-declared`...) so that a document can switch one off with
a processing instruction `<?teitools ignore="apparatus/positive-complete"?>`, or a user with
`teitools validate --ignore RULE`.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from functools import cached_property
from io import BytesIO

from lxml import etree

from ..errors import Problem, TeitoolsError
from ..tei import TEI_NS, XML_NS, written
from ..witnesses import EDITIONS, MARKERS, Apparatus, T

XML_ID = f"{{{XML_NS}}}id"
POINTER_ATTRS = ("source", "resp", "corresp", "target", "next", "prev", "ana", "wit", "ed")


class _Lines:
    """The lines of a source, found by their offsets as far as they are asked for, and
    decoded one by one: a document of many MB is not held a second time, as text, nor all
    its lines found, to place a few problems near its start."""

    def __init__(self, source: bytes):
        self.source = source
        self.starts = array("q", [0])  # where each line found so far starts
        self.ended = not source  # every line is found
        self.decoded: dict[int, str] = {}

    def upto(self, k: int) -> int:
        """How many of the first k lines there are (k, unless the source has fewer)."""
        starts, source = self.starts, self.source
        while len(starts) < k and not self.ended:
            nl = source.find(b"\n", starts[-1])
            if nl < 0:
                self.ended = True
            else:
                starts.append(nl + 1)
        return min(k, len(starts)) if self.source else 0

    def __bool__(self) -> bool:
        return bool(self.source)

    def __getitem__(self, k: int) -> str:
        if k not in self.decoded:
            more = self.upto(k + 2) > k + 1
            end = self.starts[k + 1] - 1 if more else len(self.source)
            self.decoded[k] = self.source[self.starts[k] : end].decode("utf-8", "replace")
        return self.decoded[k]


class Located:
    """Finds the column of an attribute in the source, for messages as precise as a compiler's."""

    def __init__(self, file: str, source: bytes | None):
        self.file = file
        self.source = source
        self._attrs: dict[int, dict[tuple[str, str | None], int]] = {}
        self.holders: list[etree._Element] | None = None  # _with_pointers, found once
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
                        for k in range(line - 1, self.lines.upto(line + 20))
                        if (c := self._attr_index(k).get(key))
                    ),
                    None,
                )
                if hit:
                    line, col = hit[0] + 1, hit[1]
                    break
        elif line and self.lines and line <= self.lines.upto(line):
            col = self._tag_index(line - 1).get(etree.QName(el).localname)
        return Problem(self.file, line, col, message, rule, severity)


_ATTR = re.compile(r"""(?<![\w:-])([\w:.-]+)\s*=\s*(["'])(.*?)\2""")
_TAG = re.compile(r"<(?:[\w.-]+:)?([\w.-]+)")


def _ids(root: etree._Element) -> dict[str, list[etree._Element]]:
    out: dict[str, list[etree._Element]] = {}
    for el in root.xpath("//*[@xml:id]"):
        out.setdefault(el.get(XML_ID), []).append(el)
    return out


# lxml's view of the table of xml:ids libxml2's parser keeps (the class etree.parseid returns)
_IDTable = type(etree.parseid(BytesIO(b"<a/>"))[1])


class _Ids:
    """A document's xml:ids, each with its elements (a list, as _ids gives them), looked up
    in the table of ids libxml2 keeps for the document (filled as it is parsed, and kept as
    ids are set, copied or changed): a document of thousands of ids is not walked to resolve
    a few pointers. Its ids are unique (the parser refuses a document otherwise). Should the
    table ever disagree with an element's xml:id, the document is walked instead."""

    def __init__(self, root: etree._Element):
        self.root = root
        self._walked: dict[str, list[etree._Element]] | None = None
        self._table = _IDTable(root.getroottree())

    def get(self, name: str, default=None):  # noqa: ANN001, ANN201 (dict.get's signature)
        if self._walked is not None:
            return self._walked.get(name, default)
        if name not in self._table:
            return default
        el = self._table[name]
        if el.get(XML_ID) == name:
            return [el]
        self._walked = _ids(self.root)
        return self._walked.get(name, default)

    def __contains__(self, name: str) -> bool:
        return self.get(name) is not None

    def __getitem__(self, name: str) -> list[etree._Element]:
        found = self.get(name)
        if found is None:
            raise KeyError(name)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._walked if self._walked is not None else list(self._table))


# The attributes that point (the owners found through them: one pass over each attribute
# named, twice as fast as testing every element for any of them), each looked for only where
# the document's bytes write it at all (tei.written): a document's few pointers are not found
# by walking it nine times.
_FINDERS: dict[tuple[str, ...], etree.XPath] = {}


def _owners(found: list) -> list[etree._Element]:
    """The elements that hold the attributes found, once each, in document order."""
    return list(dict.fromkeys(a.getparent() for a in found))


def _holding(root: etree._Element, source: bytes | None, names: Iterable[str]) -> list:
    """The elements that hold any of the attributes named, once each, in document order."""
    tree = root.getroottree()
    present = tuple(written(tree, source, names))
    if not present:
        return []
    if present not in _FINDERS:
        _FINDERS[present] = etree.XPath("|".join(f"//@{a}" for a in present))
    return _owners(_FINDERS[present](root))


def _with_pointers(root: etree._Element, loc: Located) -> list[etree._Element]:
    """The elements holding a pointer (but @wit), found once for the rules that ask."""
    if loc.holders is None:
        loc.holders = _holding(root, loc.source, (a for a in POINTER_ATTRS if a != "wit"))
    return loc.holders


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
    ids = _Ids(root)
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
    for el in _with_pointers(root, loc):
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


def _near(name: str, ids: _Ids) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(ids), n=1, cutoff=0.75)
    return f'; did you mean "#{close[0]}"?' if close else ""


def _declared_list(appar: Apparatus) -> str:
    return ", ".join(appar.witnesses) or "none"


# What a @wit may point to beside a <witness> (or a group of them, <listWit>): what can
# attest a reading. A printed edition (<bibl>, <biblStruct>, <biblFull>, and a <listBibl> for
# the consensus of several, as the Digital Latin Library lists early editions), a manuscript
# described in full (<msDesc>, <msPart>, <msFrag>), and a person or group whose testimony is
# reported (<person>, <personGrp>, <listPerson>: a scholar's notes, a reciter, a singer).
WITNESS_LIKE = EDITIONS | {
    T + n
    for n in ("witness", "listWit", "listBibl", "msPart", "msFrag", "person", "personGrp",
              "listPerson")
}  # fmt: skip


def wit_declared(root, appar, ids, loc) -> Iterator[Problem]:
    """Every @wit token names a witness: one declared in <listWit>, or an element of the
    document that can attest a reading (WITNESS_LIKE: a printed edition, a manuscript
    description, a person) with that xml:id."""
    declared = set(appar.witnesses)
    for el in root.iter(T + "lem", T + "rdg", T + "rdgGrp", T + "witDetail", T + "wit"):
        for tok in (el.get("wit") or "").split():
            siglum = tok.rsplit("#", 1)[-1]
            if siglum in declared:
                continue
            found = ids.get(siglum, ())
            if any(f.tag in WITNESS_LIKE for f in found):
                continue
            if found and isinstance(found[0].tag, str):
                what = (
                    f'@wit "{tok}" points to a <{etree.QName(found[0]).localname}>, which is '
                    "no witness (a <witness>, or a <bibl>, <msDesc> or <person> cited as one)"
                )
            else:
                what = f'@wit "{tok}" names no witness (declared: {_declared_list(appar)})'
            yield loc.at(el, "wit", what, "apparatus/wit-declared")


def sigla_sound(root, appar, ids, loc) -> Iterator[Problem]:
    """Sigla unique; and, where some @wit writes bare sigla (`A B`, not `#A #B`), none the
    prefix of another: written together they would be ambiguous. A hand's siglum built on its
    manuscript's (M, Mac) is how hands are named and printed (M with a superscript), not a
    fault; with `#` pointers everywhere no siglum can be misread."""
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
    bare = any(
        "#" not in tok
        for el in root.iter(T + "lem", T + "rdg", T + "rdgGrp", T + "witDetail", T + "wit")
        for tok in (el.get("wit") or "").split()
    )
    if not bare:
        return
    sigla = set(appar.witnesses)
    for b in sorted(sigla):  # each siglum's prefixes looked up: linear in the sigla's length
        for a in (b[:k] for k in range(1, len(b))):
            if a in sigla and a not in _parents(appar, b):
                found = ids.get(b)
                yield loc.at(
                    found[0] if found else root,
                    XML_ID,
                    f'siglum "{a}" is a prefix of siglum "{b}": sigla written '
                    "together (as in bare @wit lists or printed apparatus) become ambiguous",
                    "apparatus/siglum-prefix",
                )


def _parents(appar: Apparatus, siglum: str) -> list[str]:
    """The witnesses and groups a witness belongs to, nearest first."""
    out: list[str] = []
    w = appar.witnesses.get(siglum)
    while w is not None and w.parent and w.parent not in out:
        out.append(w.parent)
        w = appar.witnesses.get(w.parent)
    return out


# An <app> may exist only to carry where a witness breaks off or resumes (the model's
# MARKERS: lacunaStart, lacunaEnd, witStart, witEnd), in a reading or with their own @wit.
_NOT_CONTENT = {T + "note", T + "witDetail"}

# An empty reading says it is an omission in its @type or @cause (or its entry's), in any of
# the vocabularies editors use: TEI's "omission" (DLL's "lineOmission"), LombardPress's
# "variation-absent" (and "absent"), the Latin "om."/"omissio", a cause that explains one
# (homoeoteleuton, homoeoarcton: PTA types the one and causes the other), a lacuna, an
# erasure, or a conjecture removing words (LombardPress's "conjecture-removed").
_OMISSION = re.compile(
    r"omi(ss|t)|absen|lacun|eras|rasur|remov|delet|h?om[oe]+i?o?(tel|arc)"
    r"|(?<![a-z])(om|lac)(?![a-z])",
    re.I,
)
# A reading that has words where the lemma has none: an addition in those witnesses
# (LombardPress's "variation-present", "correction-addition", "correction-deletion" and the
# other corrections; "add.", "plus", an insertion, an interpolation, a repetition).
_ADDITION = re.compile(
    r"addit|present|plus|insert|interpol|correct|repeti|dittog"
    r"|(?<![a-z])(add|corr|iter)(?![a-z])",
    re.I,
)


def _kind(el: etree._Element) -> str:
    return f"{el.get('type') or ''} {el.get('cause') or ''}"


def _empty(r: etree._Element) -> bool:
    """A reading with no words and no element but notes: an omission (or an addition's
    empty lemma). One with @copyOf or @sameAs has the words it points to (DLL, PTA: the
    corrected state of a witness that reads as the lemma)."""
    return (
        not (r.text or "").strip()
        and not r.get("copyOf")
        and not r.get("sameAs")
        and not any(isinstance(c.tag, str) and c.tag not in _NOT_CONTENT for c in r)
    )


def _only_markers(el: etree._Element) -> bool:
    """An element holding nothing but lacuna or fragment markers (and notes)."""
    kids = [c for c in el if isinstance(c.tag, str) and c.tag not in _NOT_CONTENT]
    return (
        bool(kids)
        and all(c.tag in MARKERS for c in kids)
        and not (el.text or "").strip()
        and not any((c.tail or "").strip() for c in kids)
    )


def _marker_entry(app: etree._Element, readings: list[etree._Element]) -> bool:
    """An <app> that only carries where witnesses break off or resume: markers directly
    inside it, or readings of nothing but markers (beside, maybe, an empty one)."""
    if not readings:
        return _only_markers(app)
    marks = [r for r in readings if _only_markers(r)]
    return bool(marks) and all(r in marks or _empty(r) for r in readings)


def _location_referenced(root: etree._Element) -> Callable[[etree._Element], bool]:
    """Whether an entry is location-referenced or double-end-point attached: its base text
    stands outside the <app>, so that one reading (and no lemma) is its ordinary form."""
    ve = root.find(f".//{T}variantEncoding")
    whole = ve is not None and ve.get("method") in ("location-referenced", "double-end-point")

    def test(app: etree._Element) -> bool:
        return (
            whole
            or any(app.get(a) for a in ("loc", "from", "to"))
            or any(a.tag == T + "listApp" for a in app.iterancestors())
        )

    return test


def app_content(root, appar, ids, loc) -> Iterator[Problem]:
    """An inline <app> has a <lem> or at least two readings: else the edited text has
    nothing where it stands. Not asked of an entry that only carries lacuna or fragment
    markers, of a location-referenced or double-end-point entry (its lemma is the base text
    outside it), nor of the continuation of a chain (@prev: its lemma stands in the first
    part)."""
    outside = _location_referenced(root)
    for app in root.iter(T + "app"):
        readings = appar.readings(app)
        if any(r.tag == T + "lem" for r in readings) or len(readings) >= 2:
            continue
        if _marker_entry(app, readings) or app.get("prev") or outside(app):
            continue
        yield loc.at(
            app,
            None,
            "an <app> needs a <lem> or at least two readings",
            "apparatus/app-content",
        )


def witness_twice(root, appar, ids, loc) -> Iterator[Problem]:
    """A witness named by two readings of one entry, unless their @varSeq orders them (the
    states of a text its scribe corrected: the witness reads the last). A hand named beside
    its manuscript, or a member beside its group, is no fault: the nearest one decides."""
    for app in root.iter(T + "app"):
        seen: dict[str, etree._Element] = {}
        for r in appar.readings(app):
            for s in dict.fromkeys(appar.own_sigla(r)):
                first = seen.get(s)
                if first is None:
                    seen[s] = r
                    continue
                ordered = first.get("varSeq") and r.get("varSeq")
                if ordered and first.get("varSeq") != r.get("varSeq"):
                    continue
                yield loc.at(
                    r,
                    "wit",
                    f'witness "{s}" is given two readings in one entry '
                    f"(also on line {first.sourceline})",
                    "apparatus/witness-twice",
                )


def omission_typed(root, appar, ids, loc) -> Iterator[Problem]:
    """An empty reading says that it is one. An empty <rdg> is an omission: its @type or
    @cause says so (_OMISSION: "omission", "variation-absent", "om.", a homoeoteleuton...).
    An empty <lem> prints nothing where witnesses have words: some reading of the entry is
    typed as the addition it is (_ADDITION: "variation-present", "correction-addition",
    "add."...), or the lemma says what it is (an omission, a conjecture removing words), or
    it names the word it follows in @n (LombardPress's convention)."""
    for app in root.iter(T + "app"):
        readings = appar.readings(app)
        if _marker_entry(app, readings) or _OMISSION.search(_kind(app)):
            continue
        for r in readings:
            if not _empty(r) or _OMISSION.search(_kind(r)):
                continue
            if r.tag == T + "lem":
                if r.get("n") or appar.is_conjecture(r):  # an anchor; words removed
                    continue
                if any(o is not r and _ADDITION.search(_kind(o)) for o in readings):
                    continue
                yield loc.at(
                    r,
                    None,
                    "an empty <lem> (the edited text has nothing where witnesses have "
                    "words) must say so: type the readings that add them "
                    '(type="addition", "variation-present"), or give the lemma '
                    "@n (the word it follows)",
                    "apparatus/omission-typed",
                )
                continue
            yield loc.at(
                r,
                None,
                f"an empty <{etree.QName(r).localname}> (an omission) must "
                'say so: add type="omission"',
                "apparatus/omission-typed",
            )


# A witness the positive entries name in fewer than this share of the entries where it is
# present is cited occasionally (a printed edition, a witness consulted at hard places):
# an entry need not account for it.
REGULAR_SHARE = 0.5


def positive_complete(root, appar, ids, loc) -> Iterator[Problem]:
    """A positive entry (its lemma names witnesses, or is a conjecture: then no witness has
    it) accounts for every witness regularly collated: named, itself or through the
    manuscript or group it belongs to, or through its hands. Not asked of a hand (it reads
    as its manuscript), a group or family (its members are asked), a printed edition cited
    from a <bibl>, a witness marked ana="#fragmentary", one absent there (in a lacuna,
    before its witStart or after its witEnd), nor one cited occasionally: named in fewer
    than half (REGULAR_SHARE) of the positive entries where it is present. A witness no
    positive entry names at all is reported once, at the first. A family is a witness
    holding others that are no hands (a hyparchetype and its members)."""
    families = {w.parent for w in appar.witnesses.values() if w.parent and w.kind != "hand"}
    collated = [
        s
        for s, w in appar.witnesses.items()
        if w.kind not in ("hand", "group", "edition") and not w.fragmentary and s not in families
    ]
    kin = _kin(appar)
    entries: list[tuple[etree._Element, frozenset[str], set[str]]] = []
    for app in root.iter(T + "app"):
        readings = appar.readings(app)
        lem = next((r for r in readings if r.tag == T + "lem"), None)
        if lem is None or _marker_entry(app, readings):
            continue
        if not (appar.own_sigla(lem) or appar.is_conjecture(lem)):
            continue  # a negative entry: its lemma is every other witness's reading
        # accounted for: a witness named, or one whose manuscript or group is (its
        # descendants), or one whose hand is (its ancestors: only a manuscript's count)
        named: set[str] = set()
        for x in {s for r in readings for s in appar.own_sigla(r)}:
            named |= kin.get(x, {x})
        entries.append((app, appar.absent_at(app), named))
    present = Counter({s: len(entries) for s in collated})
    cited: Counter[str] = Counter()
    for _app, absent, named in entries:
        present.subtract(absent)
        cited.update(named - absent)
    regular = {s for s in collated if cited[s] and cited[s] >= REGULAR_SHARE * present[s]}
    order = {s: k for k, s in enumerate(collated)}
    never = [s for s in collated if present[s] and not cited[s]]
    for k, (app, absent, named) in enumerate(entries):
        missing = sorted(regular - named - absent, key=order.__getitem__)
        forgotten = [s for s in never if s not in absent] if k == 0 else []
        if missing:
            yield loc.at(
                app,
                None,
                "this positive entry does not account for witness"
                f"{'es' if len(missing) > 1 else ''} {', '.join(missing)} (named in "
                + (
                    f"{cited[missing[0]]} of {present[missing[0]]}"
                    if len(missing) == 1
                    else ", ".join(f"{cited[s]} of {present[s]} ({s})" for s in missing)
                )
                + " positive entries where present; a witness named in fewer than half is "
                'taken as cited occasionally; mark a fragmentary witness ana="#fragmentary", '
                "or give the lemma no @wit for a negative apparatus)",
                "apparatus/positive-complete",
            )
        if forgotten:
            yield loc.at(
                app,
                None,
                "this positive entry does not account for witness"
                f"{'es' if len(forgotten) > 1 else ''} {', '.join(forgotten)} (no positive "
                "entry names it; reported once: name it, mark a fragmentary witness "
                'ana="#fragmentary", or give the lemma no @wit for a negative apparatus)',
                "apparatus/positive-complete",
            )


def _kin(appar: Apparatus) -> dict[str, set[str]]:
    """For each siglum, itself, the witnesses it stands for (its hands, its members, theirs)
    and those it belongs to: whom naming it accounts for."""
    kin = {s: {s} for s in appar.witnesses}
    for s in appar.witnesses:
        for p in _parents(appar, s):
            kin[p].add(s)
            kin[s].add(p)
    return kin


def chains(root, appar, ids, loc) -> Iterator[Problem]:
    for el in _with_pointers(root, loc):  # (@next and @prev are among the pointers)
        if el.get("next") is None and el.get("prev") is None:
            continue
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
    linked = [el for el in _with_pointers(root, loc) if el.get("next") is not None]
    yield from _circles(linked, ids, loc)


def _circles(nexts: list[etree._Element], ids, loc) -> Iterator[Problem]:
    """Each element whose @next chain runs into a circle (`nexts`: those with a @next, in
    document order), found in one walk over the chains: every element is followed once, its
    verdict kept for the chains that reach it."""
    circles: dict[etree._Element, bool] = {}  # element → its chain runs in a circle
    for el in nexts:
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
    located = [a for a in apps if a.get("loc") or a.get("from") or a.get("to")]
    if ve is None:
        # TEI makes the declaration optional, and the entries show how they are attached
        # (teitools reads them as they stand): a warning, for the tools that need it said.
        fits = "location-referenced" if len(located) == len(apps) else "parallel-segmentation"
        yield loc.at(
            apps[0],
            None,
            "the document has an apparatus but declares no "
            f'<variantEncoding> in <encodingDesc> (e.g. method="{fits}" '
            'location="internal")',
            "apparatus/variant-encoding",
            "warning",
        )
        return
    method = ve.get("method")
    want = "location-referenced" if located and len(located) == len(apps) else None
    if method == "parallel-segmentation" and located:
        yield loc.at(
            located[0],
            "loc" if located[0].get("loc") else "from",
            "a location-referenced entry (@loc/@from) in a document that declares "
            'variantEncoding method="parallel-segmentation"',
            "apparatus/variant-encoding",
        )
    elif want and method not in (want, "double-end-point"):  # @from/@to: either method
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
    app_content,
    witness_twice,
    omission_typed,
    positive_complete,
    chains,
    variant_encoding,
]
