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


@dataclass
class Witness:
    """A declared witness or group: its siglum, its description, its members (for a group)."""

    siglum: str
    label: str
    members: list[str] = field(default_factory=list)


def sigla_of(attr: str | None) -> list[str]:
    """The sigla an @wit names: `#SD #W` → [SD, W]; bare `SD W`; `file.xml#SD` → SD."""
    return [tok.rsplit("#", 1)[-1] for tok in (attr or "").split() if tok.rsplit("#", 1)[-1]]


def _text(el: etree._Element) -> str:
    return " ".join("".join(el.itertext()).split())


def declared_witnesses(root: etree._Element) -> dict[str, Witness]:
    """Every witness and witness group declared in <listWit>, by siglum (xml:id, else @n)."""
    out: dict[str, Witness] = {}

    def leaves(el: etree._Element) -> list[str]:
        ids = []
        for w in el.iter(T + "witness"):
            ident = w.get(XML_ID) or w.get("n")
            if ident and w.find(f"{T}listWit") is None:
                ids.append(ident)
        return ids

    for lw in root.iter(T + "listWit"):
        for w in lw.findall(T + "witness"):
            ident = w.get(XML_ID) or w.get("n")
            if not ident:
                continue
            inner = w.find(T + "listWit")
            label = (w.text or "").strip() if inner is not None else _text(w)
            out[ident] = Witness(ident, label, leaves(inner) if inner is not None else [])
        ident = lw.get(XML_ID)
        if (
            ident
            and lw.getparent() is not None
            and lw.getparent().tag in (T + "listWit", T + "witness")
        ):
            head = lw.find(T + "head")
            out[ident] = Witness(ident, _text(head) if head is not None else ident, leaves(lw))
    if not out:  # nothing declared: the sigla the apparatus uses are the witnesses
        for el in root.iter(T + "lem", T + "rdg", T + "rdgGrp"):
            for s in sigla_of(el.get("wit")):
                out.setdefault(s, Witness(s, s))
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


class Apparatus:
    """The witnesses of one document and the readings each has, entry by entry.

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

    def leaves(self) -> list[str]:
        """The single witnesses (not groups), in the order declared."""
        return [s for s, w in self.witnesses.items() if not w.members]

    def expand(self, sigla: list[str]) -> set[str]:
        """The single witnesses a list of sigla stands for (groups expanded)."""
        out: set[str] = set()
        todo, seen = list(sigla), set()
        while todo:  # without recursion: a long chain of groups must not overflow the stack
            s = todo.pop()
            if s in seen:
                continue
            seen.add(s)
            w = self.witnesses.get(s)
            if w and w.members:
                todo.extend(w.members)
            else:
                out.add(s)
        return out

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

    def witnesses_of(self, reading: etree._Element, app: etree._Element) -> set[str]:
        """Who reads a reading: its @wit (or its rdgGrp's), or, for a lem without any,
        every witness no other reading of the entry names."""
        own = self._named(reading)
        if own:
            return own
        if reading.tag == T + "lem":
            # a second lemma without @wit names nobody either (it is an error of its own)
            named = set()
            for r in self.readings(app):
                if r is not reading:
                    named |= self._named(r)
            return set(self.leaves()) - named
        return set()

    def _named(self, reading: etree._Element) -> set[str]:
        """The witnesses a reading's own @wit (or its rdgGrp's) names, expanded."""
        own = sigla_of(reading.get("wit"))
        parent = reading.getparent()
        if not own and parent is not None and parent.tag == T + "rdgGrp":
            own = sigla_of(parent.get("wit"))
        return self.expand(own) if own else set()

    def reading_for(self, app: etree._Element, siglum: str) -> etree._Element | None:
        """The reading of `siglum` in an entry; the lemma where the entry does not say.

        A reading of nothing but deleted text typed as a correction (LombardPress's
        `correction-deletion`) records a scribe's correction, not a variant: the witness
        reads the lemma there.
        """
        want = self.expand([siglum])
        readings = self.readings(app)
        lem = next((r for r in readings if r.tag == T + "lem"), None)
        for r in readings:
            if want & self.witnesses_of(r, app):
                if lem is not None and r is not lem and _only_deleted(r):
                    return lem
                return r
        self.problems.append(
            Problem(
                self.file,
                app.sourceline,
                None,
                f"witness {siglum} is not accounted for in this entry; "
                + ("it is given the lemma" if lem is not None else "it is given nothing"),
                "witness/unaccounted",
                "note",
            )
        )
        return lem

    def witness_tree(self, siglum: str) -> etree._ElementTree:
        """A copy of the document in which every entry is replaced by the witness's reading."""
        self.check_siglum(siglum)
        return self._resolved(lambda app: self.reading_for(app, siglum))

    def lemma_tree(self) -> etree._ElementTree:
        """A copy of the document with every entry replaced by its lemma: the edited text."""
        return self._resolved(
            lambda app: next((r for r in self.readings(app) if r.tag == T + "lem"), None)
        )

    def _resolved(
        self, choose: Callable[[etree._Element], etree._Element | None]
    ) -> etree._ElementTree:
        tree = copy.deepcopy(self.tree)
        text = tree.getroot().find(T + "text")
        _resolve(text if text is not None else tree.getroot(), choose)
        return tree

    def witness_text(self, siglum: str) -> str:
        """The plain text of a witness: one paragraph a block, blocks parted by blank lines."""
        tree = self.witness_tree(siglum)
        text = tree.getroot().find(T + "text")
        return "\n\n".join(_blocks(text if text is not None else tree.getroot())) + "\n"


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
                for c in reading:
                    if c.tag not in (T + "note", T + "witDetail"):
                        holder.append(copy.deepcopy(c))
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
        if len(sd) > 1 and sd[0].tag == T + "p":  # a sourceDesc of prose takes prose
            bibl.tag = T + "p"
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
    text: str
    sigla: list[str]
    type: str | None
    lemma: bool


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


def _reading_text(el: etree._Element) -> str:
    """A reading's words (notes inside it are not its text); an omission is ""."""
    return " ".join(_blocks(el))


def entries(appar: Apparatus) -> list[Entry]:
    """Every entry (outermost and nested) with its page (last pb), paragraph number and readings."""
    out: list[Entry] = []
    order = {s: i for i, s in enumerate(appar.witnesses)}
    page: str | None = None
    para = 0
    body = appar.root.find(".//tei:text", NS)
    if body is None:
        return out
    for el in body.iter(T + "pb", T + "p", T + "app"):
        if el.tag == T + "pb":
            page = el.get("n", page)
        elif el.tag == T + "p":
            if not any(a.tag == T + "note" for a in el.iterancestors()):
                para += 1
        else:
            rs = appar.readings(el)
            lem = next((r for r in rs if r.tag == T + "lem"), None)
            out.append(
                Entry(
                    line=el.sourceline,
                    page=page,
                    paragraph=para or None,
                    lemma=_reading_text(lem) if lem is not None else "",
                    readings=[
                        Reading(
                            _reading_text(r),
                            sorted(
                                appar.witnesses_of(r, el), key=lambda s: order.get(s, len(order))
                            ),
                            r.get("type"),
                            r.tag == T + "lem",
                        )
                        for r in rs
                    ],
                    type=el.get("type") or (lem.get("type") if lem is not None else None),
                    cert=el.get("cert") or next((r.get("cert") for r in rs if r.get("cert")), None),
                    resp=el.get("resp") or next((r.get("resp") for r in rs if r.get("resp")), None),
                    source=el.get("source")
                    or next((r.get("source") for r in rs if r.get("source")), None),
                    notes=[_text(n) for n in el.findall(T + "note")],
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
