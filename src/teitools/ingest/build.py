"""The TEI draft: a teiHeader from the profile, and the blocks of a Draft as TEI elements."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from xml.sax.saxutils import escape

from lxml import etree

from .. import __version__
from ..errors import InvalidInput, Problem
from ..tei import TEI_NS, XML_NS
from .core import QUOTE_END, QUOTE_START, Block, Draft, Note
from .profile import UNSAFE
from .text import NOTE, PB, PB_IN_WORD

T = f"{{{TEI_NS}}}"
_PLACEHOLDER = re.compile(f"[{PB}{PB_IN_WORD}{NOTE}]")
_QUOT = {'"': "&quot;"}


def _attr(s: str) -> str:
    """A value escaped for a double-quoted attribute."""
    return escape(s, _QUOT)


def _el(tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    e = etree.Element(
        T + tag, {k.replace("xml_", f"{{{XML_NS}}}").rstrip("_"): v for k, v in attrs.items()}
    )
    if text is not None:
        e.text = text
    return e


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    e = _el(tag, text, **attrs)
    parent.append(e)
    return e


class _Inline:
    """Turns paragraph text (with placeholders for page breaks and note calls) into TEI."""

    def __init__(self, draft: Draft):
        self.prof = draft.profile
        self.source = draft.source
        self.problems = draft.problems

    def _spans(self, s: str) -> str:
        prof = self.prof
        if prof.stage is not None:
            s = prof.stage.sub(lambda m: f'<stage type="reaction">{m.group(0)}</stage>', s)
        if prof.brackets:
            s = re.sub(
                r"\[([^\[\]<>]{1,600})\]",
                lambda m: (
                    f'<supplied reason="clarification" resp="{_attr(prof.brackets)}">'
                    f"{m.group(1)}</supplied>"
                ),
                s,
            )
        if prof.italics_markdown:
            s = re.sub(r"\*([^*\s][^*]*?)\*", r'<hi rend="italic">\1</hi>', s)
        return s

    def _markup(self, text: str, pages: list[int], notes: list[Note], with_spans: bool) -> str:
        s = escape(text)
        if with_spans:
            s = self._spans(s)
        pit, nit = iter(pages), iter(notes)

        def place(m: re.Match[str]) -> str:
            c = m.group(0)
            if c == NOTE:
                note = next(nit, None)
                if note is None:  # more calls than notes: a bug, but never a traceback
                    return ""
                inner = self._markup(note.text, [], [], with_spans)
                return f'<note place="foot" n="{_attr(note.marker)}">{inner}</note>'
            n = next(pit, None)
            return "" if n is None else self._pb_xml(n, in_word=c == PB_IN_WORD)

        return _PLACEHOLDER.sub(place, s)

    def _pb_xml(self, n: int, in_word: bool = False, ns: str = "") -> str:
        """A page break: its number, an id to link to, the page it faces, whether in a word."""
        prefix = self.prof.page_id_prefix
        attrs = f' n="{n}" xml:id="{prefix}{n}"'
        if self.prof.facing_target:
            target = n + self.prof.facing_offset
            attrs += f' corresp="{_attr(self.prof.facing_target)}#{prefix}{target}"'
        if in_word:
            attrs += ' break="no"'
        return f"<pb{ns}{attrs}/>"

    def element(self, tag: str, block: Block, spans: bool = True) -> etree._Element:
        for with_spans in (True, False) if spans else (False,):
            body = self._markup(block.text, block.pages, block.notes, with_spans)
            try:
                return etree.fromstring(f'<{tag} xmlns="{TEI_NS}">{body}</{tag}>')
            except etree.XMLSyntaxError:
                self.problems.append(
                    Problem(
                        self.source,
                        block.lineno,
                        1,
                        "overlapping markup; the paragraph is left plain",
                        "ingest/overlap",
                        "warning",
                    )
                )
        raise InvalidInput(
            "this paragraph cannot be made XML", self.source, block.lineno, 1, "ingest/internal"
        )

    def pb(self, n: int) -> etree._Element:
        return etree.fromstring(self._pb_xml(n, ns=f' xmlns="{TEI_NS}"'))


def _quote_state(text: str) -> tuple[bool, bool]:
    """(opens a quotation block, closes it at its end): a paragraph wholly inside quotes."""
    t = _PLACEHOLDER.sub("", text).strip()
    opens = t.startswith("“")
    depth, closed_at = 0, None
    for i, c in enumerate(t):
        if c == "“":
            depth += 1
        elif c == "”":
            depth -= 1
            if depth == 0:
                closed_at = i
                if re.fullmatch(r"[\s.,;:!?)\]]*", t[i + 1 :]) is None:
                    return False, False  # the quotation ends inside: narrative follows
    return opens, closed_at is not None and depth == 0 and opens


def _quote_end(i: int, blocks: list[Block | None]) -> int | None:
    """Where a quotation block that starts at child i ends (inclusive), or None if none does.

    An editor's @quote / @quote-end marks decide where given; otherwise a run of paragraphs
    opening with a quotation mark, the last closing it, is a quotation.
    """
    b = blocks[i]
    if b is None:
        return None
    if b.quote & QUOTE_START:
        marked = [k for k, x in enumerate(blocks) if x is not None and x.quote & QUOTE_END]
        return next((k for k in marked if k >= i), None)
    if b.kind != "p":
        return None
    opens, closes = _quote_state(b.text)
    if not opens:
        return None
    j = i
    while not closes and j + 1 < len(blocks):
        j += 1
        nb = blocks[j]
        if nb is None:
            continue
        opens, closes = _quote_state(nb.text)
        if nb.kind != "p" or not opens:
            return None
    return j if closes else None


def _group_quotes(
    children: list[etree._Element], blocks: list[Block | None]
) -> list[etree._Element]:
    """Wrap runs of paragraphs that are wholly quotation (letters, resolutions) in <quote>."""
    out: list[etree._Element] = []
    i = 0
    while i < len(children):
        j = _quote_end(i, blocks)
        if j is None:
            out.append(children[i])
            i += 1
            continue
        q = _el("quote")
        for c in children[i : j + 1]:
            q.append(c)
        out.append(q)
        i = j + 1
    return out


def _safe(name: str) -> str:
    """A file name as XML text: a character XML cannot hold becomes U+FFFD."""
    return UNSAFE.sub("\ufffd", name)


def _header(draft: Draft) -> etree._Element:
    """A complete teiHeader from the profile's [header] table and what ingest did."""
    prof, h = draft.profile, draft.profile.header
    source = _safe(draft.source.rsplit("/", 1)[-1])
    corrections = _safe(draft.corrections_file or "no file")
    today = date.today().isoformat()
    hdr = _el("teiHeader")
    fd = _sub(hdr, "fileDesc")
    ts = _sub(fd, "titleStmt")
    _sub(ts, "title", h.get("title", prof.title), type="main")
    if h.get("subtitle"):
        _sub(ts, "title", h["subtitle"], type="sub")
    if h.get("author"):
        _sub(ts, "author", h["author"])
    entries = [
        *h.get("resp", []),
        ["Draft made from OCR text by", f"teitools ingest {__version__}"],
    ]
    for resp, name, *ident in entries:  # an optional third item is the xml:id to point @resp at
        rs = _sub(ts, "respStmt", **({"xml_id": ident[0]} if ident else {}))
        _sub(rs, "resp", resp)
        _sub(rs, "name", name)
    ps = _sub(fd, "publicationStmt")
    _sub(ps, "publisher", h.get("publisher", "teitools"))
    if h.get("idno"):
        _sub(ps, "idno", h["idno"], type="teitools")
    av = _sub(ps, "availability")
    lic = _sub(av, "licence", h.get("licence", "Licence to be stated by the editor."))
    if h.get("licence_target"):
        lic.set("target", h["licence_target"])
    _sub(ps, "date", today, when=today)
    sd = _sub(fd, "sourceDesc")
    bibl = _sub(sd, "bibl")
    for key, tag in (
        ("source_author", "author"),
        ("source_title", "title"),
        ("source_place", "pubPlace"),
        ("source_publisher", "publisher"),
        ("source_date", "date"),
    ):
        if h.get(key):
            _sub(bibl, tag, h[key])
    if h.get("source_pages"):
        _sub(bibl, "biblScope", h["source_pages"], unit="page")
    for text in h.get("source_notes", []):
        _sub(bibl, "note", text)
    _sub(
        bibl,
        "note",
        f"Transcribed from the OCR file {source} with teitools ingest (profile {prof.name}).",
        type="transcription",
    )
    enc = _sub(hdr, "encodingDesc")
    if h.get("project"):
        _sub(_sub(enc, "projectDesc"), "p", h["project"])
    ed = _sub(enc, "editorialDecl")
    corr = _sub(ed, "correction", status="high", method="silent")
    _sub(
        corr,
        "p",
        f"The OCR was proofread page by page against its sense; {draft.corrections} corrections "
        f"of wording and {draft.structural} of structure (paragraphs, footnotes, quotations) are "
        f"recorded, each with its page and reason, in {corrections}, "
        "which teitools ingest applies.",
    )
    _sub(
        _sub(ed, "normalization"),
        "p",
        "Quotation marks are curly (“ ” ‘ ’); em dashes stand without spaces; ellipses are set "
        "as spaced periods (. . .); spaces before punctuation are removed; words broken across "
        "lines are rejoined, keeping the hyphen only where the word is a hyphenated compound.",
    )
    _sub(
        _sub(ed, "hyphenation", eol="none"),
        "p",
        "End-of-line hyphenation is removed; a word broken across pages keeps its page break "
        'inside it as pb with break="no".',
    )
    for text in h.get("editorial", []):
        _sub(_sub(ed, "interpretation"), "p", text)
    pd = _sub(hdr, "profileDesc")
    _sub(_sub(pd, "langUsage"), "language", h.get("language", "English"), ident=prof.lang)
    rd = _sub(hdr, "revisionDesc")
    _sub(rd, "change", f"Made by teitools ingest {__version__} from the OCR.", when=today)
    return hdr


@dataclass
class _Division:
    """A div being built: its children in order, and the block each child was made from."""

    el: etree._Element
    children: list[etree._Element] = field(default_factory=list)
    blocks: list[Block | None] = field(default_factory=list)

    def add(self, child: etree._Element, block: Block | None = None) -> None:
        self.children.append(child)
        self.blocks.append(block)

    def take(self, pending: list[etree._Element]) -> None:
        """Page breaks waiting for the next text go where that text goes."""
        for pb in pending:
            self.add(pb)
        pending.clear()


def build_tei(draft: Draft) -> etree._ElementTree:
    """The draft as a TEI document: header, and the text in divisions, pages and paragraphs."""
    prof = draft.profile
    inline = _Inline(draft)
    root = etree.Element(T + "TEI", nsmap={None: TEI_NS})
    root.set(f"{{{XML_NS}}}lang", prof.lang)
    root.append(_header(draft))
    body = _sub(_sub(root, "text"), "body")
    top = _sub(body, "div", type=prof.div_type, xml_id=prof.id)
    if prof.head:
        _sub(top, "head", prof.head)

    # Each division collects its children (with the block each came from, for quotations);
    # a heading opens a division in the text, a subheading one inside the current division.
    top_div = _Division(top)
    divisions = [top_div]
    chapter = current = top_div
    pending: list[etree._Element] = []
    for item in draft.blocks:
        if isinstance(item, tuple):
            pending.append(inline.pb(item[1]))
            continue
        if item.kind in ("head", "subhead"):
            sub = item.kind == "subhead"
            div = _el("div", type=prof.subheading_div_type if sub else prof.heading_div_type)
            (chapter if sub else top_div).add(div)
            new = _Division(div)
            divisions.append(new)
            new.take(pending)
            new.add(inline.element("head", item), item)
            current = new
            if not sub:
                chapter = new
            continue
        current.take(pending)
        tag = "stage" if prof.stage is not None and prof.stage.fullmatch(item.text) else "p"
        el = inline.element(tag, item, spans=tag == "p")
        if tag == "stage":
            el.set("type", "reaction")
        current.add(el, item if tag == "p" else None)
    current.take(pending)
    for d in divisions:
        for c in _group_quotes(d.children, d.blocks) if prof.quote_blocks else d.children:
            d.el.append(c)
    etree.cleanup_namespaces(root, top_nsmap={None: TEI_NS})
    return etree.ElementTree(root)


def _indent(el: etree._Element, level: int = 0) -> None:
    """Indent element-only content; mixed content (a paragraph's) is left exactly as it is."""
    kids = list(el)
    if not kids or (el.text and el.text.strip()) or any(k.tail and k.tail.strip() for k in kids):
        return
    pad = "\n" + "  " * (level + 1)
    el.text = pad
    for k in kids:
        k.tail = pad
        _indent(k, level + 1)
    kids[-1].tail = "\n" + "  " * level


def tei_bytes(tree: etree._ElementTree) -> bytes:
    """Serialize a TEI tree as the project writes every file: UTF-8, declared, indented."""
    _indent(tree.getroot())
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True)
