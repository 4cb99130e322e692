"""The apparatus model: which reading of a parallel-segmentation apparatus belongs to which witness.

Works on any such apparatus, not only ours:

- positive and negative apparatus: a <lem> without @wit stands for every witness that no
  reading of the entry names;
- <rdgGrp>, nested <app>, @wit with several pointers, `#X` pointers or bare sigla `X`;
- witness groups declared by nesting (<listWit xml:id="G"> inside a <listWit>, or a <witness>
  holding a <listWit>): naming the group names its members;
- empty readings (omissions); <note> and <witDetail> inside an entry are never text.

A witness an entry does not account for (a fragmentary witness, or a positive apparatus that
forgets one) reads the lemma there, and the entry is reported.
"""

from __future__ import annotations

import copy
import os
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations

from lxml import etree

from . import __version__
from .errors import InvalidInput, Problem, UsageError
from .tei import NS, TEI_NS, XML_NS

T = f"{{{TEI_NS}}}"
XML_ID = f"{{{XML_NS}}}id"
READINGS = {T + "lem", T + "rdg"}
# Never part of a witness's text: notes and descriptions inside entries, deleted text, and the
# edited side of choice (the witness's own side is kept: sic, orig, abbr... see _CHOICE_KEEP).
NOT_TEXT = {T + "note", T + "witDetail", T + "del", T + "teiHeader"}
_CHOICE_KEEP = (T + "corr", T + "reg", T + "expan", T + "seg")
BLOCKS = {
    T + n
    for n in (
        "p", "head", "ab", "l", "item", "stage", "byline", "docAuthor", "opener", "closer",
        "salute", "signed", "dateline", "trailer", "speaker", "label", "cell",
    )
}  # fmt: skip


# The teitools namespace: the model's decisions written into a document for the stylesheets.
TT_NS = "urn:teitools"
TT = f"{{{TT_NS}}}"
# Where a witness's text breaks off and resumes: a lacuna, or the end and start of a fragment.
BEGINS = {T + "lacunaStart": "lacuna", T + "witEnd": "fragment"}
ENDS = {T + "lacunaEnd", T + "witStart"}
MARKERS = (*BEGINS, *ENDS)
# A reading that is an editor's conjecture says so in its @type or @cause.
_CONJECTURE = re.compile(r"conj|coni|emend", re.I)
# What a hand is called in its description or @type: a corrector, a layer, a margin…
_HANDISH = re.compile(
    r"\b(hand|manus|corr|a\.\s?c\.|p\.\s?c\.|ante|post|marg|layer|scribe|rubric)", re.I
)
# Elements a @wit may point to beside <witness>: what can attest a reading, cited now and
# then: a printed edition (<bibl>…, a <listBibl> for the consensus of several), a manuscript
# described in full (<msDesc>, <msPart>, <msFrag>), a person or group whose testimony is
# reported (a scholar's notes, a reciter).
EDITIONS = {
    T + n for n in ("bibl", "biblStruct", "biblFull", "listBibl", "msDesc", "msPart", "msFrag")
}
PERSONS = {T + n for n in ("person", "personGrp", "listPerson")}
WIT_BEARERS = (T + "lem", T + "rdg", T + "rdgGrp", T + "witDetail", T + "wit")


@dataclass
class Witness:
    """A declared witness or group: its siglum, its description, its members (for a group or
    a manuscript with hands), its kind ("witness", "hand", "group", "edition", "person"), the
    witness or group it belongs to, and whether it is declared fragmentary."""

    siglum: str
    label: str
    members: list[str] = field(default_factory=list)
    kind: str = "witness"
    parent: str | None = None
    fragmentary: bool = False


def sigla_of(attr: str | None) -> list[str]:
    """The sigla an @wit names: `#SD #W` → [SD, W]; bare `SD W`; `file.xml#SD` → SD."""
    return [tok.rsplit("#", 1)[-1] for tok in (attr or "").split() if tok.rsplit("#", 1)[-1]]


def _text(el: etree._Element) -> str:
    return " ".join("".join(el.itertext()).split())


def _ident(el: etree._Element) -> str | None:
    return el.get(XML_ID) or el.get("n")


def _is_group(el: etree._Element) -> bool:
    """A <listWit xml:id> inside a list or a witness: a named group of witnesses."""
    parent = el.getparent()
    return (
        bool(el.get(XML_ID)) and parent is not None and parent.tag in (T + "listWit", T + "witness")
    )


def _label(el: etree._Element) -> str:
    """A witness's description without the list of its hands or members."""
    parts = [el.text or ""]
    for c in el:
        if c.tag != T + "listWit" and isinstance(c.tag, str):
            parts.append("".join(c.itertext()))
        parts.append(c.tail or "")
    return " ".join("".join(parts).split())


def declared_witnesses(root: etree._Element) -> dict[str, Witness]:
    """Every witness and witness group declared in <listWit>, by siglum (xml:id, else @n), in
    the order declared; then the <bibl>s (printed editions) that an @wit points to."""
    out: dict[str, Witness] = {}

    def leaves(el: etree._Element) -> list[str]:
        ids = []
        for w in el.iter(T + "witness"):
            ident = _ident(w)
            if ident and w.find(f"{T}listWit") is None:
                ids.append(ident)
        return ids

    def parent_of(el: etree._Element) -> str | None:
        for anc in el.iterancestors():
            if anc.tag == T + "witness" and _ident(anc):
                return _ident(anc)
            if anc.tag == T + "listWit" and _is_group(anc):
                return anc.get(XML_ID)
            if anc.tag not in (T + "listWit", T + "witness"):
                return None
        return None

    for el in root.iter(T + "listWit", T + "witness"):
        if el.tag == T + "witness":
            ident = _ident(el)
            if not ident or ident in out:
                continue
            inner = el.find(T + "listWit")
            label = _label(el)
            parent = parent_of(el)
            kind = "witness"
            if parent and parent in out and out[parent].kind != "group":
                hand = ident.startswith(parent) or _HANDISH.search(f"{label} {el.get('type', '')}")
                kind = "hand" if hand else "witness"
            out[ident] = Witness(
                ident,
                label,
                leaves(inner) if inner is not None else [],
                kind,
                parent,
                "fragmentary" in (el.get("ana") or ""),
            )
        elif _is_group(el) and getattr(out.get(el.get(XML_ID)), "kind", "") != "group":
            # a group wins over a witness of its name (which may then be its own member)
            head = el.find(T + "head")
            ident = el.get(XML_ID)
            out[ident] = Witness(
                ident, _text(head) if head is not None else ident, leaves(el), "group",
                parent_of(el),
            )  # fmt: skip
    used = [s for el in root.iter(*WIT_BEARERS) for s in sigla_of(el.get("wit"))]
    if not out:  # nothing declared: the sigla the apparatus uses are the witnesses
        for s in used:
            out.setdefault(s, Witness(s, s))
        return out
    missing = {s for s in used if s not in out}
    if missing:
        for el in root.iter(*EDITIONS, *PERSONS):
            ident = el.get(XML_ID)
            if ident in missing and ident not in out:
                kind = "person" if el.tag in PERSONS else "edition"
                out[ident] = Witness(ident, _text(el), kind=kind)
    return out


def group_cycle(witnesses: dict[str, Witness]) -> list[str] | None:
    """A group that, through its members, contains itself: the sigla around the circle.

    A member's siglum can also be a group's (a <witness n="G"> inside <listWit xml:id="G">);
    followed blindly, such a group never ends. Walked without recursion, each group once."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in witnesses:
        if state.get(start) or not witnesses[start].members:
            continue
        path = [start]
        todo = [iter(witnesses[start].members)]
        state[start] = 1
        while todo:
            nxt = next(todo[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                todo.pop()
                continue
            w = witnesses.get(nxt)
            if w is None or not w.members or state.get(nxt) == 2:
                continue
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            state[nxt] = 1
            path.append(nxt)
            todo.append(iter(w.members))
    return None


def _declared_at(root: etree._Element, siglum: str) -> int | None:
    """The line where the group with this siglum is declared (else a witness of that name)."""
    named = [
        el
        for el in root.iter(T + "listWit", T + "witness")
        if siglum in (el.get(XML_ID), el.get("n"))
    ]
    groups = [el for el in named if el.tag == T + "listWit" or el.find(T + "listWit") is not None]
    return (groups or named)[0].sourceline if named else None


def tokens(value: str | None) -> list[str]:
    return (value or "").split()


@dataclass
class Resolution:
    """What one entry gives each witness: its reading (None where the witness is absent), the
    witnesses it names nowhere (given the lemma), and those absent (in a lacuna, or outside
    their fragment)."""

    reading: dict[str, etree._Element | None]
    unaccounted: set[str]
    absent: frozenset[str]


class Apparatus:
    """The witnesses of one document and the readings each has, entry by entry: the one model
    of the apparatus. `annotate()` writes its decisions into the document, and every output
    (witness texts, the HTML and print editions) reads them from there.

    A witness's reading in an entry is the reading that names it; else the one naming its
    nearest parent (a hand not named reads as its manuscript, a member as its group; the
    manuscript never reads as its hands); among readings naming it at one level, the one
    with the highest @varSeq (its final state), else the first; else the entry's default (a
    <lem> without @wit that is no conjecture: a negative apparatus); else, if the witness is in
    a lacuna or outside its fragment there, nothing; else it is unaccounted for and given the
    lemma (a conjectural lemma never: the first reading a witness has), and that is reported.

    Refused (InvalidInput, at the declaration's line) when a witness group contains itself:
    no reading could say which witnesses it stands for."""

    def __init__(self, tree: etree._ElementTree, file: str = ""):
        self.tree = tree
        self.root = tree.getroot()
        self.file = file
        self.witnesses = declared_witnesses(self.root)
        self.problems: list[Problem] = []
        if cycle := group_cycle(self.witnesses):
            raise InvalidInput(
                f'witness group "{cycle[0]}" contains itself ({" → ".join(cycle)}): '
                "a group's members must be other witnesses",
                file,
                _declared_at(self.root, cycle[0]),
                rule="witness/group-cycle",
            )
        self._leaves = [s for s, w in self.witnesses.items() if w.kind != "group"]
        self._chain = {s: self._chain_of(s) for s in self.witnesses}
        self._direct: dict[etree._Element, dict[str, list[etree._Element]]] = {}
        self._resolved: dict[etree._Element, Resolution] = {}
        self._absence: tuple[dict, dict, dict, frozenset] | None = None
        self.annotated = False

    def _chain_of(self, siglum: str) -> list[str]:
        """The witness, then the witness or group it belongs to, and so on up."""
        chain: list[str] = []
        seen: set[str] = set()
        cur: str | None = siglum
        while cur is not None and cur not in seen:
            chain.append(cur)
            seen.add(cur)
            w = self.witnesses.get(cur)
            cur = w.parent if w else None
        return chain

    def leaves(self) -> list[str]:
        """The witnesses that have a text (not groups), in the order declared."""
        return list(self._leaves)

    def expand(self, sigla: list[str]) -> set[str]:
        """The witnesses a list of sigla names: a group stands for its members, a manuscript
        for itself and its hands (every witness whose chain of parents holds a siglum)."""
        want = set(sigla)
        out = {s for s in sigla if s not in self.witnesses}
        for s in self.witnesses:
            if want.intersection(self._chain[s]):
                out.add(s)
        return {s for s in out if s not in self.witnesses or self.witnesses[s].kind != "group"}

    def check_siglum(self, siglum: str) -> None:
        if siglum not in self.witnesses:
            known = ", ".join(self.witnesses) or "none"
            raise UsageError(
                f'no witness "{siglum}" is declared (declared: {known})',
                self.file,
                rule="witness/unknown",
            )

    def readings(self, app: etree._Element) -> list[etree._Element]:
        """The lem and rdg of an entry, those inside rdgGrp included, in document order."""
        out = []
        for child in app:
            if child.tag in READINGS:
                out.append(child)
            elif child.tag == T + "rdgGrp":
                out.extend(self.readings(child))
        return out

    @staticmethod
    def own_sigla(reading: etree._Element) -> list[str]:
        """The sigla a reading's @wit names, or its rdgGrp's."""
        own = sigla_of(reading.get("wit"))
        parent = reading.getparent()
        if not own and parent is not None and parent.tag == T + "rdgGrp":
            own = sigla_of(parent.get("wit"))
        return own

    def is_conjecture(self, reading: etree._Element) -> bool:
        """An editor's conjecture: a reading no witness has (no @wit), with a @source, or typed
        (or caused) as a conjecture or emendation."""
        if self.own_sigla(reading):
            return False
        kind = f"{reading.get('type', '')} {reading.get('cause', '')}"
        return bool(reading.get("source") or _CONJECTURE.search(kind))

    def _named(self, app: etree._Element) -> dict[str, list[etree._Element]]:
        """Each siglum the entry's readings name, with the readings naming it."""
        if app not in self._direct:
            direct: dict[str, list[etree._Element]] = {}
            for r in self.readings(app):
                for s in self.own_sigla(r):
                    direct.setdefault(s, []).append(r)
            self._direct[app] = direct
        return self._direct[app]

    def named_reading(self, app: etree._Element, siglum: str) -> etree._Element | None:
        """The reading that names the witness or one of its parents (the entry accounts for
        it), else None. Among several at one level, the highest @varSeq, else the first."""
        direct = self._named(app)
        for s in self._chain.get(siglum, [siglum]):
            if s in direct:
                return _final(direct[s])
        return None

    def default_reading(self, app: etree._Element) -> etree._Element | None:
        """The reading of every witness an entry does not name: its first <lem> without @wit
        that is no conjecture (a negative apparatus), if it has one."""
        for r in self.readings(app):
            if r.tag == T + "lem" and not self.own_sigla(r) and not self.is_conjecture(r):
                return r
        return None

    def resolution(self, app: etree._Element) -> Resolution:
        """Which reading each witness has in an entry (see the class)."""
        if app in self._resolved:
            return self._resolved[app]
        absent = self.absent_at(app)
        readings = self.readings(app)
        lem = next((r for r in readings if r.tag == T + "lem"), None)
        default = self.default_reading(app)
        fallback = lem
        if lem is not None and self.is_conjecture(lem):
            fallback = next((r for r in readings if self.own_sigla(r)), lem)
        # an entry that only carries where witnesses break off or resume has no words to
        # account for: a witness it does not name reads nothing there, and that is no fault
        carrier = lem is None and all(_carrier(r) for r in readings)
        out: dict[str, etree._Element | None] = {}
        unaccounted: set[str] = set()
        for s in self.witnesses:
            r = self.named_reading(app, s)
            if r is None and s in absent:
                out[s] = None
                continue
            if r is None:
                r = default
            if r is None:
                if self.witnesses[s].kind != "group" and not carrier:
                    unaccounted.add(s)
                r = fallback
            if r is not None and lem is not None and r is not lem and _only_deleted(r):
                r = lem
            out[s] = r
        res = Resolution(out, unaccounted, absent)
        self._resolved[app] = res
        return res

    def witnesses_of(self, reading: etree._Element, app: etree._Element) -> set[str]:
        """Who reads a reading, as the entry says it: the witnesses it falls to, not those the
        entry does not account for (they are given the lemma, silently)."""
        res = self.resolution(app)
        return {
            s for s in self._leaves if res.reading.get(s) is reading and s not in res.unaccounted
        }

    def _report_unaccounted(
        self, app: etree._Element, siglum: str, given: etree._Element | None
    ) -> None:
        said = "it is given nothing"
        if given is not None:
            said = "it is given the lemma" if given.tag == T + "lem" else "it is given a reading"
        self.problems.append(
            Problem(
                self.file,
                app.sourceline,
                None,
                f"witness {siglum} is not accounted for in this entry; {said}",
                "witness/unaccounted",
                "note",
            )
        )

    # --- lacunae and fragments -------------------------------------------------------------

    def _marker_witnesses(self, marker: etree._Element) -> set[str]:
        """Whose text a lacuna or fragment marker breaks or resumes: its own @wit (with the
        hands of a manuscript), else the witnesses of the reading that holds it."""
        own = sigla_of(marker.get("wit"))
        if own:
            return self.expand(own)
        reading = next(
            (a for a in marker.iterancestors() if a.tag in READINGS or a.tag == T + "app"), None
        )
        if reading is None or reading.tag == T + "app":
            return set()
        app = next((a for a in reading.iterancestors(T + "app")), None)
        if app is None:
            return set()
        if reading is self.default_reading(app):
            return {s for s in self._leaves if self.named_reading(app, s) is None}
        return {s for s in self._leaves if self.named_reading(app, s) is reading}

    def _absences(self) -> tuple[dict, dict, dict, frozenset]:
        """In one walk: the witnesses absent at each entry; at each marker, the witnesses whose
        absence it begins and ends; and those absent from the start (their first marker ends
        an absence: a witStart, a lacunaEnd)."""
        if self._absence is None:
            at: dict[etree._Element, frozenset[str]] = {}
            begins: dict[etree._Element, set[str]] = {}
            ends: dict[etree._Element, set[str]] = {}
            markers = list(self.root.iter(*MARKERS))
            applies = {m: self._marker_witnesses(m) for m in markers}
            first: dict[str, str] = {}
            for m in markers:
                for s in applies[m]:
                    first.setdefault(s, m.tag)
            initial = frozenset(s for s, tag in first.items() if tag in ENDS)
            state = set(initial)
            if markers:
                for el in self.root.iter(T + "app", *MARKERS):
                    if el.tag == T + "app":
                        at[el] = frozenset(state)
                    elif el.tag in BEGINS:
                        begins[el] = applies[el] - state
                        state |= applies[el]
                    else:
                        ends[el] = applies[el] & state
                        state -= applies[el]
            self._absence = (at, begins, ends, initial)
        return self._absence

    def absent_at(self, app: etree._Element) -> frozenset[str]:
        """The witnesses in a lacuna, or outside their fragment, where an entry stands."""
        return self._absences()[0].get(app, frozenset())

    # --- the model written into the document -----------------------------------------------

    def annotate(self) -> etree._ElementTree:
        """Write the model's decisions into the document (attributes in urn:teitools), for
        every output to read instead of deciding again: on the root, t:witnesses (the
        witnesses that have a text, in order); on each reading, t:wit (who has it, groups
        too; t:conjecture where it is
        one); on each entry, t:absent and t:unaccounted; on each lacuna or fragment marker,
        t:begins and t:ends (whose absence it begins or ends); on <text>, t:absent (the
        witnesses absent from its start). Done once; the tree is returned."""
        if self.annotated:
            return self.tree
        self.annotated = True
        self.root.set(TT + "witnesses", " ".join(self._leaves))
        for app in self.root.iter(T + "app"):
            if unattached(app):
                continue
            res = self.resolution(app)
            for r in self.readings(app):
                r.set(TT + "wit", " ".join(s for s in self.witnesses if res.reading.get(s) is r))
                if self.is_conjecture(r):
                    r.set(TT + "conjecture", "true")
            if res.absent:
                app.set(TT + "absent", " ".join(s for s in self._leaves if s in res.absent))
            if res.unaccounted:
                app.set(
                    TT + "unaccounted", " ".join(s for s in self._leaves if s in res.unaccounted)
                )
        _, begins, ends, initial = self._absences()
        for marks, name in ((begins, "begins"), (ends, "ends")):
            for m, who in marks.items():
                if who:
                    m.set(TT + name, " ".join(s for s in self._leaves if s in who))
        text = self.root.find(T + "text")
        if initial and text is not None:
            text.set(TT + "absent", " ".join(s for s in self._leaves if s in initial))
        etree.cleanup_namespaces(self.root, top_nsmap={"t": TT_NS})
        return self.tree

    # --- a witness's text -------------------------------------------------------------------

    def witness_tree(self, siglum: str) -> etree._ElementTree:
        """A copy of the document in which every entry is replaced by the witness's reading,
        its lacunae shown as <gap/>, and nothing of the model's annotations left."""
        self.check_siglum(siglum)
        self.annotate()
        for app in self.root.iter(T + "app"):
            if siglum in tokens(app.get(TT + "unaccounted")):
                self._report_unaccounted(app, siglum, self.resolution(app).reading.get(siglum))

        def choose(app: etree._Element) -> etree._Element | None:
            return self.resolution(app).reading.get(siglum)

        tree = self._resolved_tree(choose)
        text = tree.getroot().find(T + "text")
        _absent_parts(text if text is not None else tree.getroot(), siglum)
        _unannotated(tree.getroot())
        return tree

    def lemma_tree(self) -> etree._ElementTree:
        """A copy of the document with every entry replaced by its lemma: the edited text."""
        tree = self._resolved_tree(
            lambda app: next((r for r in self.readings(app) if r.tag == T + "lem"), None)
        )
        _unannotated(tree.getroot())
        return tree

    def _resolved_tree(
        self, choose: Callable[[etree._Element], etree._Element | None]
    ) -> etree._ElementTree:
        """A copy of the document with each entry replaced by the reading `choose` picks from
        the document's own entry (the copy's entries are matched to the originals)."""
        tree = copy.deepcopy(self.tree)
        originals = dict(
            zip(tree.getroot().iter(T + "app"), self.root.iter(T + "app"), strict=True)
        )

        def pick(app: etree._Element) -> etree._Element | None:
            orig = originals.get(app)
            chosen = choose(orig) if orig is not None and not unattached(orig) else None
            if chosen is None:
                return None
            ours = self.readings(orig)
            theirs = self.readings(app)
            return theirs[ours.index(chosen)] if chosen in ours else None

        text = tree.getroot().find(T + "text")
        _resolve(text if text is not None else tree.getroot(), pick)
        return tree

    def witness_text(self, siglum: str) -> str:
        """The plain text of a witness: one paragraph a block, blocks parted by blank lines."""
        tree = self.witness_tree(siglum)
        text = tree.getroot().find(T + "text")
        return "\n\n".join(_blocks(text if text is not None else tree.getroot())) + "\n"


def prepare(tree: etree._ElementTree, file: str = "", path: str | None = None) -> Apparatus:
    """A document made ready for every command and output: a location-referenced or
    double-end-point apparatus attached to its text (teitools.attachment), then its model,
    with the decisions written into the tree (Apparatus.annotate) for the stylesheets to
    read. `file`: the name messages give; `path`: the file's real path, whose folder holds
    any base text the apparatus points into. What could not be attached is in `problems`."""
    from .attachment import to_parallel

    tree, problems = to_parallel(tree, path or file)
    appar = Apparatus(tree, file)
    appar.problems.extend(problems)
    appar.annotate()
    return appar


def unattached(app: etree._Element) -> bool:
    """An entry that still points to its text (@from, @to, @loc) after attachment: it could
    not be placed, was reported, and gives no witness any text."""
    return app.get("from") is not None or app.get("to") is not None or app.get("loc") is not None


def _carrier(reading: etree._Element) -> bool:
    """A reading of no words that marks where witnesses break off or resume."""
    return (
        not "".join(reading.itertext()).strip() and next(reading.iter(*MARKERS), None) is not None
    )


def _final(readings: list[etree._Element]) -> etree._Element:
    """Of readings naming one witness, the last in its @varSeq (its final state), else the
    first."""
    if len(readings) == 1:
        return readings[0]

    def seq(r: etree._Element) -> float:
        try:
            return float(r.get("varSeq", ""))
        except ValueError:
            return float("-inf")

    ranked = [r for r in readings if r.get("varSeq")]
    return max(ranked, key=seq) if ranked else readings[0]


def _unannotated(root: etree._Element) -> None:
    """The model's annotations taken out of a copy that leaves teitools."""
    names = [TT + n for n in ("witnesses", "wit", "conjecture", "absent", "unaccounted",
                              "begins", "ends")]  # fmt: skip
    etree.strip_attributes(root, *names)
    etree.cleanup_namespaces(root)


def _absent_parts(root: etree._Element, siglum: str) -> None:
    """In a witness's resolved text, what lies in its lacunae or outside its fragment is
    taken out, the place where its text breaks off marked by a <gap reason="lacuna"/> (or
    "fragment"); the markers themselves are removed."""
    absent = siglum in tokens(root.get(TT + "absent"))
    if not absent and next(root.iter(*BEGINS), None) is None:
        for m in list(root.iter(*MARKERS)):
            _drop(m, keep_tail=True)
        return

    def walk(el: etree._Element) -> None:
        nonlocal absent
        if absent:
            el.text = None
        for child in list(el):
            if child.tag in BEGINS or child.tag in ENDS:
                starts = siglum in tokens(child.get(TT + "begins"))
                ends = siglum in tokens(child.get(TT + "ends"))
                if starts and not absent:
                    gap = etree.Element(T + "gap", reason=BEGINS[child.tag])
                    child.addprevious(gap)  # the marker's tail is in the absence: dropped
                    absent = True
                    _drop(child, keep_tail=False)
                    continue
                if ends:
                    absent = False
                    _drop(child, keep_tail=True)
                    continue
                _drop(child, keep_tail=not absent)
                continue
            if isinstance(child.tag, str):
                walk(child)
            if absent:
                child.tail = None

    walk(root)


def _drop(el: etree._Element, keep_tail: bool) -> None:
    """Remove an element, its tail kept in place (or not)."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail if keep_tail else None
    prev = el.getprevious()
    if tail:
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _only_deleted(r: etree._Element) -> bool:
    """A reading whose every word is deleted, typed as a correction."""
    if "correction" not in (r.get("type") or "") or r.find(f"{T}del") is None:
        return False
    kept = (r.text or "") + "".join((c.tail or "") for c in r)
    return not kept.strip() and all(c.tag in (T + "del", T + "note", T + "witDetail") for c in r)


def _resolve(el: etree._Element, choose: Callable[[etree._Element], etree._Element | None]) -> None:
    """Replace, depth first, each app under el by the contents of the reading chosen."""
    for child in list(el):
        if child.tag == T + "app":
            reading = choose(child)
            holder = etree.Element(T + "seg")
            if reading is not None:
                holder.text = reading.text
                for c in list(reading):  # moved, not copied: the tree is a copy already
                    if c.tag not in (T + "note", T + "witDetail"):
                        holder.append(c)
            _resolve(holder, choose)
            _unwrap(child, holder)
        elif isinstance(child.tag, str):
            _resolve(child, choose)


def _unwrap(old: etree._Element, holder: etree._Element) -> None:
    """Put holder's contents where old stands (keeping old's tail), and remove old."""
    parent = old.getparent()
    tail = old.tail or ""
    idx = parent.index(old)
    prev = old.getprevious()
    lead = holder.text or ""
    if prev is not None:
        prev.tail = (prev.tail or "") + lead
    else:
        parent.text = (parent.text or "") + lead
    kids = list(holder)
    parent.remove(old)
    for k, c in enumerate(kids):
        parent.insert(idx + k, c)
    if kids:
        kids[-1].tail = (kids[-1].tail or "") + tail
    elif prev is not None:
        prev.tail = (prev.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail


def _blocks(root: etree._Element) -> list[str]:
    """The text of each block (paragraph, heading, verse line...) in reading order."""
    blocks: list[str] = []
    cur: list[str] = []

    def flush() -> None:
        text = " ".join("".join(cur).replace("\u2060 ", "").replace("\u2060", "").split())
        if text:
            blocks.append(text)
        cur.clear()

    def walk(el: etree._Element) -> None:
        if not isinstance(el.tag, str) or el.tag in NOT_TEXT:
            return
        if el.tag == T + "app":  # an entry not resolved for a witness shows its lemma
            lem = next((r for r in el.iter(T + "lem")), None)
            if lem is not None:
                walk(lem)
            return
        if el.tag == T + "choice":
            kept = [c for c in el if c.tag in _CHOICE_KEEP] or list(el)[:1]
            for c in kept:
                walk(c)
                if c.tail:
                    cur.append(c.tail)
            return
        if el.tag == T + "gap":  # words not there: lost, illegible, not quoted, a lacuna
            cur.append(" […] ")
            return
        if el.tag in (T + "lb", T + "pb", T + "cb") and el.get("break") == "no":
            cur.append("\u2060")
        block = el.tag in BLOCKS
        if block:
            flush()
        if el.tag == T + "supplied":
            cur.append("[")
        cur.append(el.text or "")
        for c in el:
            walk(c)
            if c.tail:
                cur.append(c.tail)
        if el.tag == T + "supplied":
            cur.append("]")
        if block:
            flush()
        elif el.tag in (T + "lb", T + "cb"):
            cur.append(" ")

    walk(root)
    flush()
    return blocks


def derive_tei(appar: Apparatus, siglum: str) -> etree._ElementTree:
    """A TEI document of one witness alone, whose header says what it was derived from.

    A new document: the processing instructions and comments before the root are kept, the
    DOCTYPE never (its declarations, external entities among them, are not the witness's)."""
    old = appar.witness_tree(siglum).getroot()
    root = copy.deepcopy(old)
    for node in reversed(list(old.itersiblings(preceding=True))):
        if isinstance(node, etree._ProcessingInstruction | etree._Comment):
            root.addprevious(copy.copy(node))
    tree = etree.ElementTree(root)
    w = appar.witnesses[siglum]
    today = date.today().isoformat()
    ts = root.find("tei:teiHeader/tei:fileDesc/tei:titleStmt", NS)
    if ts is not None:
        title = ts.find("tei:title", NS)
        new = etree.Element(T + "title", type="sub")
        new.text = f"The text of witness {siglum}: {w.label}"
        if title is not None:
            title.addnext(new)
        else:
            ts.insert(0, new)
    sd = root.find("tei:teiHeader/tei:fileDesc/tei:sourceDesc", NS)
    if sd is not None:
        bibl = etree.SubElement(sd, T + "bibl", type="derivedFrom")
        bibl.text = (
            f"Derived by teitools witness {__version__} from {os.path.basename(appar.file)}: "
            f"the readings of witness {siglum} ({w.label}) at every apparatus entry, the "
            "lemma where an entry does not name it; notes inside entries left out."
        )
        if any(c.tag in (T + "p", T + "ab") for c in sd):  # a sourceDesc of prose takes prose
            bibl.tag = T + "p"
            del bibl.attrib["type"]
    hdr = root.find("tei:teiHeader", NS)
    if hdr is not None:
        rd = hdr.find("tei:revisionDesc", NS)
        if rd is None:
            rd = etree.SubElement(hdr, T + "revisionDesc")
        parent = rd.find("tei:listChange", NS)
        change = etree.SubElement(parent if parent is not None else rd, T + "change", when=today)
        change.text = f"The text of witness {siglum} derived by teitools witness {__version__}."
    return tree


# --- the apparatus as a list of entries ----------------------------------------------------


@dataclass
class Reading:
    """A reading of an entry: its words, who reads it (as the entry says), its type (or
    cause), whether it is the lemma, and whether an editor's conjecture (then @source and
    @resp say whose), its place in a witness's sequence of readings (@varSeq)."""

    text: str
    sigla: list[str]
    type: str | None
    lemma: bool
    conjecture: bool = False
    source: str | None = None
    resp: str | None = None
    varSeq: str | None = None


@dataclass
class Entry:
    """One apparatus entry, with where it stands in the printed source."""

    line: int | None
    page: str | None
    paragraph: int | None
    lemma: str
    readings: list[Reading]
    type: str | None
    cert: str | None
    resp: str | None
    source: str | None
    notes: list[str]
    absent: list[str] = field(default_factory=list)  # in a lacuna, outside their fragment


def _reading_text(el: etree._Element) -> str:
    """A reading's words (notes inside it are not its text); an omission is ""."""
    return " ".join(_blocks(el))


def entries(appar: Apparatus) -> list[Entry]:
    """Every entry (outermost and nested) with its page (last pb), paragraph number and readings."""
    out: list[Entry] = []
    order = {s: i for i, s in enumerate(appar.witnesses)}
    page: str | None = None
    para = 0
    numbers: dict[etree._Element, int] = {}  # each paragraph of the text, numbered
    body = appar.root.find(".//tei:text", NS)
    if body is None:
        return out
    for el in body.iter(T + "pb", T + "p", T + "app"):
        if el.tag == T + "pb":
            page = el.get("n", page)
        elif el.tag == T + "p":
            if not any(a.tag == T + "note" for a in el.iterancestors()):
                para += 1
                numbers[el] = para
        elif not unattached(el):
            # the paragraph that holds the entry (none for one in a verse line, a list…)
            holder = next((a for a in el.iterancestors(T + "p") if a in numbers), None)
            rs = appar.readings(el)
            lem = next((r for r in rs if r.tag == T + "lem"), None)
            out.append(
                Entry(
                    line=el.sourceline,
                    page=page,
                    paragraph=numbers.get(holder),
                    lemma=_reading_text(lem) if lem is not None else "",
                    readings=[
                        Reading(
                            _reading_text(r),
                            sorted(
                                appar.witnesses_of(r, el), key=lambda s: order.get(s, len(order))
                            ),
                            r.get("type") or r.get("cause"),
                            r.tag == T + "lem",
                            appar.is_conjecture(r),
                            r.get("source"),
                            r.get("resp"),
                            r.get("varSeq"),
                        )
                        for r in rs
                    ],
                    type=el.get("type") or (lem.get("type") if lem is not None else None),
                    cert=el.get("cert") or next((r.get("cert") for r in rs if r.get("cert")), None),
                    resp=el.get("resp") or next((r.get("resp") for r in rs if r.get("resp")), None),
                    source=el.get("source")
                    or next((r.get("source") for r in rs if r.get("source")), None),
                    notes=[_text(n) for n in el.findall(T + "note")],
                    absent=[s for s in appar.leaves() if s in appar.absent_at(el)],
                )
            )
    return out


@dataclass
class Summary:
    alone: dict[str, int]  # readings each witness has alone
    agreements: dict[str, int]  # "A+B": entries where A and B read the same
    attested: dict[str, int]  # entries that name each witness


def summarize(appar: Apparatus, items: list[Entry]) -> Summary:
    """How many readings each witness has alone; how often each pair agrees."""
    leaves = appar.leaves()
    alone: Counter[str] = Counter({s: 0 for s in leaves})
    attested: Counter[str] = Counter({s: 0 for s in leaves})
    pairs: Counter[str] = Counter({f"{a}+{b}": 0 for a, b in combinations(leaves, 2)})
    for e in items:
        for r in e.readings:
            if len(r.sigla) == 1:
                alone[r.sigla[0]] += 1
            for s in r.sigla:
                attested[s] += 1
            for a, b in combinations([s for s in leaves if s in r.sigla], 2):
                pairs[f"{a}+{b}"] += 1
    return Summary(dict(alone), dict(pairs), dict(attested))


def cite_source(appar: Apparatus, pointers: str | None) -> str | None:
    """What @source (or @resp) pointers name: the text of each element pointed to, if in the
    file, else the pointer itself."""
    if not pointers:
        return None
    out = []
    for ptr in pointers.split():
        hit = appar.root.xpath("//*[@xml:id=$i]", i=ptr.rsplit("#", 1)[-1]) if "#" in ptr else []
        name = hit[0].find(f"{T}name") if hit and hit[0].tag == T + "respStmt" else None
        out.append(_text(name if name is not None else hit[0]) if hit else ptr)
    return "; ".join(out)


def place(e: Entry) -> str:
    """Where an entry stands: `p. 126, ¶ 142` (or the file's line where no page is known)."""
    parts = []
    if e.page:
        parts.append(f"p. {e.page}")
    if e.paragraph:
        parts.append(f"¶ {e.paragraph}")
    return ", ".join(parts) or f"line {e.line}"
