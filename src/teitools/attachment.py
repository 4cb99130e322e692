"""Location-referenced and double-end-point apparatus turned into parallel segmentation.

TEI links an apparatus to its base text in three ways: parallel segmentation (an inline <app>
whose readings hold the text), double end-point attachment (`<app from="#a" to="#b">`, pointing
to anchors or elements of the base text, the entry inline, in a <listApp> or in another file)
and location-referenced (`<app loc="12">`, the lemma's words cited in a line or paragraph).
teitools reads the first; `to_parallel` rewrites the other two into it, so that every command
and output works on one model. What cannot be attached is left where it stood and reported:
an entry is never lost silently, nor attached by a guess.
"""

from __future__ import annotations

import copy
import os
import re
from dataclasses import dataclass
from urllib.parse import unquote

from lxml import etree

from .errors import InvalidInput, Problem, TeitoolsError, shown
from .tei import NS, TEI_NS, XML_NS, read_tei

T = f"{{{TEI_NS}}}"
XML_ID = f"{{{XML_NS}}}id"
POINTER_ATTRS = ("from", "to", "loc")

# Cheap first look: one pass in C over a document that has nothing to attach.
_POINTING = etree.XPath(
    "boolean(//tei:app[@from or @to or @loc]"
    " | //tei:variantEncoding[@method='location-referenced'])",
    namespaces=NS,
)
# Elements that mark a point, not a span: from/to pointing to them take what lies between.
POINTS = {T + n for n in ("anchor", "milestone", "lb", "pb", "cb", "gb", "caesura")}
# Never the base text a lemma is looked for in.
NOT_BASE = {T + n for n in ("app", "note", "witDetail", "listApp", "teiHeader")}
# Units a @loc names, in the order they are looked for; then lb-delimited lines.
UNITS = ("l", "p", "ab", "seg", "lg", "div")
# The nearest of these holds an inline location-referenced entry that has no @loc.
BLOCKS = {T + n for n in ("l", "p", "ab", "head", "item", "cell", "lg", "div")}
# Containers never removed when the entries they held have gone.
KEEP = {T + n for n in ("TEI", "teiCorpus", "text", "body", "front", "group", "teiHeader")}
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_ELISION = re.compile(r"\s*(?:\.\.\.|…)\s*")
_MARK = "\u0300-\u036f"  # combining marks continue a word
RULE = "apparatus/unlocated"


@dataclass
class _Entry:
    """One entry to attach: the <app> in the result tree (or a copy of it for an external
    apparatus), and the line where the user wrote it."""

    app: etree._Element
    line: int | None
    external: bool
    targets: list[str]


def to_parallel(tree: etree._ElementTree, file: str) -> tuple[etree._ElementTree, list[Problem]]:
    """The document with every location-referenced and double-end-point entry rewritten as an
    inline parallel-segmentation <app>, and what could not be attached (warnings, notes).

    A document with nothing to attach is returned as it is (the same object, no problems).
    Otherwise the result is a new tree: the document itself, or, for an apparatus that points
    into a base text in another file of its folder, that base text with the entries attached.
    """
    if not _POINTING(tree):
        return tree, []
    return _Attacher(tree, file).run()


class _Attacher:
    """One run of to_parallel: the entries of a document attached one by one, in document
    order, to the result tree, and what could not be."""

    def __init__(self, tree: etree._ElementTree, file: str):
        self.src = tree
        self.file = file
        self.shown = shown(file)
        self.problems: list[Problem] = []
        self.made: dict[etree._Element, int | None] = {}  # apps made here → entry's line
        self.ids: dict[str, etree._Element] | None = None
        self.n_index: dict[str, list[etree._Element]] | None = None
        self.result: etree._ElementTree = tree
        self.base_name = ""

    # --- finding the entries ---------------------------------------------------------------

    def run(self) -> tuple[etree._ElementTree, list[Problem]]:
        """Attach every entry; the result tree and the problems."""
        root = self.src.getroot()
        loc_ref = any(
            v.get("method") == "location-referenced" for v in root.iter(T + "variantEncoding")
        )
        entries = [a for a in root.iter(T + "app") if self._pointing(a, loc_ref)]
        if not entries:
            return self.src, []
        base = self._external_base(entries)
        if base is None:
            self.result = copy.deepcopy(self.src)
            work = [
                _Entry(a, a.sourceline, False, self._targets(a))
                for a in self.result.getroot().iter(T + "app")
                if self._pointing(a, loc_ref)
            ]
        else:
            self.result = base
            work = [_Entry(copy.deepcopy(a), a.sourceline, True, self._targets(a)) for a in entries]
            self._take_witnesses()
        attempted = False
        for entry in work:
            if self._refused(entry):
                self._unattached(entry)
                continue
            attempted = True
            if not self._attach(entry):
                self._unattached(entry)
        if attempted:
            self._declare_parallel()
        return self.result, self.problems

    def _pointing(self, app: etree._Element, loc_ref: bool) -> bool:
        """An outermost entry with @from, @to or @loc, or, in a document declared
        location-referenced, an inline entry without them."""
        if any(a.tag == T + "app" for a in app.iterancestors()):
            return False
        if any(app.get(a) is not None for a in POINTER_ATTRS):
            return True
        if not loc_ref:
            return False
        return any(a.tag == T + "text" for a in app.iterancestors())

    def _warn(
        self, line: int | None, message: str, severity: str = "warning", rule: str = RULE
    ) -> None:
        self.problems.append(Problem(self.shown, line, None, message, rule, severity))

    # --- another file ----------------------------------------------------------------------

    def _targets(self, app: etree._Element) -> list[str]:
        """The files an entry points into: its @from/@to paths, its <listApp>'s @corresp or
        @source (the base of a location-referenced apparatus)."""
        out = []
        for attr in ("from", "to"):
            value = (app.get(attr) or "").strip()
            if value and "#" in value and value.split("#", 1)[0]:
                out.append(value.split("#", 1)[0])
        if app.get("loc") is not None:
            for holder in app.iterancestors(T + "listApp"):
                named = (holder.get("corresp") or holder.get("source") or "").split()
                if named:
                    out.append(named[0].split("#", 1)[0])
                    break
        own = os.path.basename(self.file)
        return [t for t in out if t and os.path.normpath(unquote(t)) != own]

    def _external_base(self, entries: list[etree._Element]) -> etree._ElementTree | None:
        """The base text in another file that the entries point into, read safely; None when
        they point into their own document."""
        for app in entries:
            for target in self._targets(app):
                path, _ = self._confine(target)
                if path is None:
                    continue  # reported entry by entry
                self.base_name = target
                try:
                    return read_tei(path)
                except TeitoolsError as e:
                    raise InvalidInput(
                        f'the base text "{target}" this apparatus points into cannot be read: '
                        f"{e.problem.message}",
                        self.file,
                        app.sourceline,
                        rule="apparatus/external-base",
                    ) from None
        return None

    def _confine(self, target: str) -> tuple[str | None, str]:
        """The local path of a file an apparatus points into, or None and why it is refused:
        only files inside the apparatus file's own folder are read."""
        name = unquote(target)
        if _SCHEME.match(name):
            return None, "it names a URL; teitools reads only local files and never the network"
        if name.startswith(("/", "\\")) or os.path.isabs(name):
            return None, "it is an absolute path"
        if ".." in re.split(r"[/\\]", name):
            return None, "it leads out of the apparatus file's folder (..)"
        folder = os.path.realpath(os.path.dirname(os.path.abspath(self.file)))
        path = os.path.realpath(os.path.join(folder, name))
        if os.path.commonpath([folder, path]) != folder:
            return None, "it leads out of the apparatus file's folder (a link)"
        return path, ""

    def _refused(self, entry: _Entry) -> bool:
        """An entry pointing into a file that is refused or is not the base being built, or,
        attached to another file's base text, into its own file: reported."""
        targets = entry.targets
        if entry.external and not targets:
            self._warn(
                entry.line,
                f'the entry points into its own file, but this apparatus is attached to "'
                f'{self.base_name}" (an apparatus file has one base text)',
            )
            return True
        for target in targets:
            path, why = self._confine(target)
            if path is None:
                self._warn(
                    entry.line, f'the entry points into "{target}", which is not read: {why}'
                )
                return True
            if os.path.normpath(unquote(target)) != os.path.normpath(unquote(self.base_name)):
                self._warn(
                    entry.line,
                    f'the entry points into "{target}", but this apparatus is attached to '
                    f'"{self.base_name}" (an apparatus file has one base text)',
                )
                return True
        return False

    def _take_witnesses(self) -> None:
        """Give the base text the apparatus file's <listWit> when it declares no witnesses:
        the entries' @wit point to them."""
        root = self.result.getroot()
        theirs = self.src.getroot().find(f".//{T}listWit")
        if theirs is None:
            return
        if root.find(f".//{T}listWit") is not None:
            known = {w.get(XML_ID) for w in root.iter(T + "witness", T + "listWit")}
            missing = [
                w.get(XML_ID)
                for w in theirs.iter(T + "witness")
                if w.get(XML_ID) and w.get(XML_ID) not in known
            ]
            if missing:
                self._warn(
                    theirs.sourceline,
                    f'the base text "{self.base_name}" declares its own witnesses, without '
                    f"{', '.join(missing)}: the apparatus file's are not taken",
                    "note",
                    "apparatus/witnesses",
                )
            return
        fd = root.find("tei:teiHeader/tei:fileDesc", NS)
        if fd is None:
            return
        sd = etree.SubElement(fd, T + "sourceDesc")
        sd.append(copy.deepcopy(theirs))
        self._unique_ids(sd)

    def _declare_parallel(self) -> None:
        """Say in the header what the document now is: parallel segmentation, inline."""
        header = self.result.getroot().find("tei:teiHeader", NS)
        if header is None:
            return
        found = header.find(f".//{T}variantEncoding")
        if found is None:
            ed = header.find("tei:encodingDesc", NS)
            if ed is None:
                ed = etree.Element(T + "encodingDesc")
                fd = header.find("tei:fileDesc", NS)
                if fd is not None:
                    fd.addnext(ed)
                else:
                    header.insert(0, ed)
            found = etree.SubElement(ed, T + "variantEncoding")
        found.set("method", "parallel-segmentation")
        found.set("location", "internal")

    def _unattached(self, entry: _Entry) -> None:
        """An external entry that could not be attached is kept in a <listApp> in the base
        text's <back>, its pointers as they were."""
        if not entry.external:
            return
        text = self.result.getroot().find("tei:text", NS)
        if text is None:
            return
        back = text.find("tei:back", NS)
        if back is None:
            back = etree.SubElement(text, T + "back")
        holder = back.find("tei:listApp[@type='unattached']", NS)
        if holder is None:
            holder = etree.SubElement(back, T + "listApp", type="unattached")
        entry.app.tail = None
        holder.append(entry.app)
        self._unique_ids(entry.app, entry.line)

    # --- identifiers -----------------------------------------------------------------------

    def _id_index(self) -> dict[str, etree._Element]:
        if self.ids is None:
            self.ids = {}
            for el in self.result.getroot().iter():
                ident = el.get(XML_ID) if isinstance(el.tag, str) else None
                if ident is not None:
                    self.ids.setdefault(ident, el)
        return self.ids

    def _unique_ids(self, sub: etree._Element, line: int | None = None) -> None:
        """Keep xml:id unique where an external apparatus brings its own into the base."""
        ids = self._id_index()
        for el in sub.iter():
            ident = el.get(XML_ID) if isinstance(el.tag, str) else None
            if ident is None or ids.get(ident) is el:
                continue
            new, k = ident, 1
            while new in ids:
                k += 1
                new = f"{ident}-{k}"
            if new != ident:
                el.set(XML_ID, new)
                self._warn(
                    line or el.sourceline,
                    f'xml:id "{ident}" of the apparatus is also in the base text: it is '
                    f'"{new}" in the result',
                    "note",
                    "apparatus/id-renamed",
                )
            ids[new] = el

    # --- attaching one entry ---------------------------------------------------------------

    def _attach(self, entry: _Entry) -> bool:
        app = entry.app
        if app.get("from") is not None or app.get("to") is not None:
            markers = self._span_by_pointers(entry)
        else:
            markers = self._span_by_location(entry)
        if markers is None:
            return False
        self._wrap(entry, *markers)
        return True

    def _resolve(self, entry: _Entry, attr: str) -> etree._Element | None:
        """The element a @from or @to points to, or None (reported)."""
        value = (entry.app.get(attr) or "").strip()
        frag = value.split("#", 1)[1] if "#" in value else value
        if not frag:
            self._warn(entry.line, f'@{attr}="{value}" names no element of the base text')
            return None
        if "(" in frag:
            self._warn(
                entry.line,
                f'@{attr}="{value}" is an XPointer: teitools follows pointers to an xml:id '
                "(an <anchor> or an element of the base text)",
            )
            return None
        found = self._id_index().get(unquote(frag))
        if found is None:
            where = f' in "{self.base_name}"' if entry.external else ""
            self._warn(
                entry.line, f'@{attr}="{value}" points to nothing: no xml:id "{frag}"{where}'
            )
        return found

    def _span_by_pointers(self, entry: _Entry) -> tuple[etree._Element, etree._Element] | None:
        """Markers around the span from/to name (double end-point attachment)."""
        app = entry.app
        start = self._resolve(entry, "from") if app.get("from") is not None else None
        if start is None:
            if app.get("from") is None:
                self._warn(entry.line, "the entry has @to but no @from: where it begins is unknown")
            return None
        has_to = app.get("to") is not None
        end = self._resolve(entry, "to") if has_to else start
        if end is None:
            return None
        for target in (start, end):
            if target is app or app in target.iterancestors() or not _in_base(target):
                self._warn(
                    entry.line,
                    f"@{'from' if target is start else 'to'} points to "
                    f"<{etree.QName(target).localname}>, which is not in the base text "
                    "(the header, a list of entries, or the entry itself)",
                )
                return None
            if (other := self._inside_made(target)) is not None:
                self._warn(
                    entry.line,
                    f"the entry overlaps the one at line {other}: parallel segmentation cannot "
                    "hold overlapping lemmata; it is left unattached",
                )
                return None
        inline = not entry.external and not has_to
        if inline and start in app.iterancestors():
            # inline, the entry itself marks the lemma's end: from the start of the element
            m1 = _marker_at_start(start)
            m2 = _marker_before(app)
        elif (
            inline
            and start.tag in POINTS
            and start.getparent() is app.getparent()
            and (start.getparent().index(start) < start.getparent().index(app))
        ):
            m1 = _marker_after(start)
            m2 = _marker_before(app)
        else:
            m1 = _marker_after(start) if start.tag in POINTS else _marker_before(start)
            if end is start and start.tag in POINTS:
                m2 = _marker_after(m1)
            else:
                m2 = _marker_before(end) if end.tag in POINTS else _marker_after(end)
        parent = m1.getparent()
        if parent is not m2.getparent() or parent.index(m1) > parent.index(m2):
            why = (
                "@to points before @from"
                if parent is m2.getparent()
                else "its two ends are not in the same element (a lemma must not cross the "
                "boundary of a line, paragraph or word)"
            )
            _remove(m2)
            _remove(m1)
            self._warn(entry.line, f"the entry cannot be attached: {why}")
            return None
        return m1, m2

    def _inside_made(self, el: etree._Element) -> int | None:
        """The line of an entry attached here that already holds el in its lemma, if any."""
        for a in el.iterancestors(T + "app"):
            if a in self.made:
                return self.made[a] or 0
        return None

    def _span_by_location(self, entry: _Entry) -> tuple[etree._Element, etree._Element] | None:
        """Markers around the lemma's words, found in the unit @loc names (or, inline without
        @loc, the block the entry stands in)."""
        app = entry.app
        lem = app.find(T + "lem")
        words = _words(lem) if lem is not None else ""
        loc = app.get("loc")
        if not words:
            self._warn(
                entry.line,
                "the entry has no lemma (a <lem> with words), so where its readings begin "
                "and end in " + (f'"{loc}"' if loc else "its line") + " is unknown",
            )
            return None
        if loc is None:
            unit = next((a for a in app.iterancestors() if a.tag in BLOCKS), None)
            units = [unit] if unit is not None else []
        else:
            units = self._units(loc)
        if not units:
            self._warn(
                entry.line,
                f'@loc="{loc}" names no line, paragraph or division'
                if loc is not None
                else "the entry has no @loc and stands in no line or paragraph",
            )
            return None
        pattern = _lemma_pattern(words)
        hits = []
        for unit in units:
            segments = _line_segments(unit) if unit.tag == T + "lb" else _segments(unit)
            flat = "".join(s[2] for s in segments)
            found = list(pattern.finditer(flat))
            if found:
                hits.append((unit, segments, found))
        place = f'"{loc}"' if loc else "its line"
        if not hits:
            self._warn(entry.line, f'the lemma "{words}" is not in {place}')
            return None
        if len(hits) > 1:
            self._warn(
                entry.line,
                f'the lemma "{words}" is in {len(hits)} places named "{loc}": give a fuller '
                "reference",
            )
            return None
        unit, segments, found = hits[0]
        if len(found) > 1:
            self._warn(
                entry.line,
                f'the lemma "{words}" is {len(found)} times in {place}: attached to the first',
                "note",
                "apparatus/ambiguous-lemma",
            )
        bound = unit.getparent() if unit.tag == T + "lb" else unit
        match = found[0]
        # the end first: cutting a text node leaves the offsets before the cut as they were
        m2 = _marker_in_text(segments, match.end(), start=False)
        m1 = _marker_in_text(segments, match.start(), start=True)
        if not _same_parent(m1, m2, bound):
            _remove(m2)
            _remove(m1)
            self._warn(
                entry.line,
                f'the lemma "{words}" crosses the boundary of an element in {place}: it '
                "cannot be wrapped in one entry",
            )
            return None
        return m1, m2

    def _units(self, loc: str) -> list[etree._Element]:
        """The units a @loc names: an element whose @n (or xml:id) is the reference, looked
        for as l, p, ab, seg, lg, div, then an lb that begins a line; else the reference
        read as a path of @n values ("WBP 1", "1.12": line 1 of the division WBP)."""
        found = self._named(loc, None)
        if found:
            return found
        parts = [p for p in re.split(r"[\s.:,]+", loc.strip()) if p]
        if len(parts) < 2:
            return []
        scopes: list[etree._Element] | None = None
        for part in parts[:-1]:
            scopes = [
                el
                for el in self._n_index().get(part, [])
                if el.tag not in POINTS and _within(el, scopes)
            ]
            if not scopes:
                return []
        return self._named(parts[-1], scopes)

    def _named(self, ref: str, scopes: list[etree._Element] | None) -> list[etree._Element]:
        candidates = [el for el in self._n_index().get(ref, []) if _within(el, scopes)]
        ident = self._id_index().get(ref)
        if ident is not None and ident not in candidates and _within(ident, scopes):
            candidates.append(ident)
        for name in (*UNITS, "lb"):
            hit = [el for el in candidates if el.tag == T + name]
            if hit:
                return hit
        return []

    def _n_index(self) -> dict[str, list[etree._Element]]:
        """Every element of the text by its @n, outside the apparatus itself."""
        if self.n_index is None:
            self.n_index = {}
            text = self.result.getroot().find("tei:text", NS)

            def walk(el: etree._Element) -> None:
                for child in el:
                    if not isinstance(child.tag, str) or child.tag in NOT_BASE:
                        continue
                    n = child.get("n")
                    if n is not None:
                        self.n_index.setdefault(n, []).append(child)
                    walk(child)

            if text is not None:
                walk(text)
        return self.n_index

    def _wrap(self, entry: _Entry, m1: etree._Element, m2: etree._Element) -> None:
        """Put what lies between the markers into a new inline <app>: its <lem> the base text,
        then the entry's readings and notes; remove the entry from where it stood."""
        app = entry.app
        if not entry.external:
            _detach(app)
        new = etree.Element(T + "app")
        for k, v in app.attrib.items():
            if k not in POINTER_ATTRS:
                new.set(k, v)
        old_lem = app.find(T + "lem")
        lem = etree.SubElement(new, T + "lem")
        if old_lem is not None:
            for k, v in old_lem.attrib.items():
                lem.set(k, v)
        parent = m1.getparent()
        lem.text = m1.tail
        m1.tail = None
        moved = []
        while m1.getnext() is not m2:
            moved.append(m1.getnext())
            lem.append(m1.getnext())
        base_words = _words(lem)
        lemma = _words(old_lem) if old_lem is not None else ""
        if not moved and not (lem.text or "").strip() and old_lem is not None:
            # a point (an anchor): the lemma is the base text there, as the entry gives it
            lem.text = old_lem.text
            for c in list(old_lem):
                lem.append(c)
        elif lemma and not _ELISION.search(lemma) and lemma != base_words:
            self._warn(
                entry.line,
                f'the entry\'s lemma "{lemma}" differs from the base text it points to '
                f'("{base_words}"): the base text is kept',
                "note",
                "apparatus/lemma-differs",
            )
        for child in list(app):
            if child.tag == T + "lem" or child is old_lem:
                continue
            if child.tail is not None and not child.tail.strip():
                child.tail = None
            new.append(child)
        parent.insert(parent.index(m1), new)
        _remove(m1)
        _remove(m2)
        _outside_spaces(new, lem)
        self.made[new] = entry.line
        if entry.external:
            self._unique_ids(new, entry.line)


# --- markers and text ------------------------------------------------------------------------


def _marker() -> etree._Element:
    return etree.Element("marker")


def _marker_before(el: etree._Element) -> etree._Element:
    m = _marker()
    el.addprevious(m)
    return m


def _marker_after(el: etree._Element) -> etree._Element:
    m = _marker()
    m.tail, el.tail = el.tail, None
    el.addnext(m)
    return m


def _marker_at_start(el: etree._Element) -> etree._Element:
    m = _marker()
    m.tail, el.text = el.text, None
    el.insert(0, m)
    return m


def _remove(el: etree._Element) -> None:
    """Remove an element, keeping its tail where it stood."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _detach(app: etree._Element) -> None:
    """Take an entry from where it stood, and the containers it leaves empty (a <listApp>,
    a <div> or <ab> of entries, a <note>), up to the body or back."""
    parent = app.getparent()
    _remove(app)
    while parent is not None and parent.tag not in KEEP:
        if (parent.text or "").strip() or any(
            isinstance(c.tag, str) and c.tag != T + "head" or (c.tail or "").strip() for c in parent
        ):
            break
        up = parent.getparent()
        _remove(parent)
        parent = up


def _outside_spaces(app: etree._Element, lem: etree._Element) -> None:
    """Spaces at the edges of a lemma belong to the text around the entry, where every
    witness keeps them ("world <app>…</app> to"), not to the base text's reading alone."""
    text = lem.text or ""
    if len(lem) == 0 and not text.strip():
        return
    if lead := text[: len(text) - len(text.lstrip())]:
        lem.text = text.lstrip() or None
        prev = app.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + lead
        else:
            parent = app.getparent()
            parent.text = (parent.text or "") + lead
    last = lem[-1] if len(lem) else None
    end = (last.tail if last is not None else lem.text) or ""
    if trail := end[len(end.rstrip()) :]:
        if last is not None:
            last.tail = end.rstrip() or None
        else:
            lem.text = end.rstrip() or None
        app.tail = trail + (app.tail or "")


def _words(el: etree._Element) -> str:
    """The words of an element, notes and entries' descriptions left out, whitespace collapsed."""
    parts: list[str] = []

    def walk(e: etree._Element) -> None:
        parts.append(e.text or "")
        for c in e:
            if isinstance(c.tag, str) and c.tag not in (T + "note", T + "witDetail"):
                walk(c)
            parts.append(c.tail or "")

    walk(el)
    return " ".join("".join(parts).split())


def _lemma_pattern(words: str) -> re.Pattern[str]:
    """The lemma as whole words across any whitespace; an elision (… or ...) stands for any
    words between ("of ... wys")."""
    pieces = [p for p in _ELISION.split(words) if p.strip()]
    body = r".*?".join(r"\s+".join(re.escape(w) for w in p.split()) for p in pieces)
    return re.compile(rf"(?<![\w{_MARK}]){body}(?![\w{_MARK}])", re.S)


Segment = tuple[etree._Element, str, str]  # (node, "text" or "tail", the string)


def _segments(unit: etree._Element) -> list[Segment]:
    """The text nodes of a unit in reading order, entries and notes left out."""
    out: list[Segment] = []

    def walk(el: etree._Element) -> None:
        if el.text:
            out.append((el, "text", el.text))
        for c in el:
            if isinstance(c.tag, str) and c.tag not in NOT_BASE:
                walk(c)
            if c.tail:
                out.append((c, "tail", c.tail))

    walk(unit)
    return out


def _line_segments(lb: etree._Element) -> list[Segment]:
    """The text nodes of a line begun by an <lb/>, up to the next line break."""
    out: list[Segment] = []
    if lb.tail:
        out.append((lb, "tail", lb.tail))
    for c in lb.itersiblings():
        if c.tag == T + "lb" or isinstance(c.tag, str) and c.find(f".//{T}lb") is not None:
            break
        if isinstance(c.tag, str) and c.tag not in NOT_BASE:
            out.extend(_segments(c))
        if c.tail:
            out.append((c, "tail", c.tail))
    return out


def _marker_in_text(segments: list[Segment], pos: int, start: bool) -> etree._Element:
    """A marker at a character position of the segments' joined text, splitting its text
    node: the text before stays before, the rest follows."""
    offset = 0
    for node, attr, text in segments:
        end = offset + len(text)
        if (offset <= pos < end) if start else (offset < pos <= end):
            cut = pos - offset
            m = _marker()
            if attr == "text":
                current = node.text or ""
                m.tail, node.text = current[cut:] or None, current[:cut] or None
                node.insert(0, m)
            else:
                current = node.tail or ""
                m.tail, node.tail = current[cut:] or None, current[:cut] or None
                node.addnext(m)
            return m
        offset = end
    raise AssertionError("a match lies inside the text it was found in")


def _same_parent(m1: etree._Element, m2: etree._Element, bound: etree._Element) -> bool:
    """Bring the two markers into one parent where a lemma begins or ends exactly at an
    element's edge (`<hi>noon</hi> Auctoritee`), without leaving the unit."""
    while m1.getparent() is not m2.getparent():
        p1, p2 = m1.getparent(), m2.getparent()
        can1 = p1 is not bound and _at_start(m1)
        can2 = p2 is not bound and _at_end(m2)
        if p1 in p2.iterancestors():  # the end is deeper: only lifting it helps
            can1 = False
        elif p2 in p1.iterancestors():
            can2 = False
        if can1:
            _lift_start(m1)
        elif can2:
            _lift_end(m2)
        else:
            return False
    return True


def _at_start(m: etree._Element) -> bool:
    p = m.getparent()
    return p[0] is m and not (p.text or "").strip()


def _at_end(m: etree._Element) -> bool:
    return m.getnext() is None and not (m.tail or "").strip()


def _lift_start(m: etree._Element) -> None:
    p = m.getparent()
    _remove(m)
    m.tail = None
    p.addprevious(m)


def _lift_end(m: etree._Element) -> None:
    p = m.getparent()
    _remove(m)
    m.tail, p.tail = p.tail, None
    p.addnext(m)


def _in_base(el: etree._Element) -> bool:
    """Whether an element is in the text, outside lists of entries and entries not attached."""
    up = list(el.iterancestors())
    return any(a.tag == T + "text" for a in up) and not any(
        a.tag == T + "listApp" or a.tag == T + "app" and any(a.get(x) for x in POINTER_ATTRS)
        for a in up
    )


def _within(el: etree._Element, scopes: list[etree._Element] | None) -> bool:
    if scopes is None:
        return True
    return any(a in scopes for a in el.iterancestors())
