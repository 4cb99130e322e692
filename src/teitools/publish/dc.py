"""What a harvester sees of a TEI document: Dublin Core from its metadata, and its sets.

The header is read once, by `teitools.metadata` (the HTML index and the PDF read the same);
this module maps it on the usual TEI→DC crosswalk: titles to title, authors to creator,
editors and responsibilities to contributor, the edition's and the work's dates to date,
the genre (or form) to type, keywords to subject, the language of the text to language.
Relations are the other documents of the repository that this one points at (e.g.
wolfe-commentary's pb/@corresp="secret-report.xml#p88"), as their OAI identifiers, so a
harvester can link the records.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from lxml import etree

from .. import metadata
from ..metadata import Metadata, plain
from ..tei import NS

DC_NS = "http://purl.org/dc/elements/1.1/"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"

#: The DC elements a record carries, in the order they are written.
DC_FIELDS = (
    "title",
    "creator",
    "subject",
    "contributor",
    "publisher",
    "date",
    "type",
    "format",
    "identifier",
    "source",
    "language",
    "rights",
    "description",
    "relation",
)

#: The top-level sets; a record is in a parent set and in its child (`type`, `type:speech`).
SET_FAMILIES = {"collection": "Collections", "type": "Document types"}

# letters NFKD does not take apart
_LIGATURES = str.maketrans(
    {"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "ł": "l", "đ": "d", "ı": "i"}
)
_URI_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_LOCAL_XML = re.compile(r"(?:[^#\s]*/)?([^/#\s]+)\.xml(?:#\S*)?")


@dataclass(frozen=True)
class SetInfo:
    """One OAI set: its spec (`collection:slavic-review`) and a name for people."""

    spec: str
    name: str


@dataclass
class Description:
    """The Dublin Core of one document and the sets it belongs to."""

    dc: dict[str, list[str]] = field(default_factory=dict)
    sets: list[SetInfo] = field(default_factory=list)

    def oai_dc(self) -> bytes:
        """The `oai_dc:dc` element, as it goes inside an OAI-PMH `<metadata>`."""
        root = etree.Element(
            f"{{{OAI_DC_NS}}}dc", nsmap={"oai_dc": OAI_DC_NS, "dc": DC_NS, "xsi": XSI_NS}
        )
        root.set(f"{{{XSI_NS}}}schemaLocation", f"{OAI_DC_NS} {OAI_DC_SCHEMA}")
        for name in DC_FIELDS:
            for value in self.dc.get(name, []):
                etree.SubElement(root, f"{{{DC_NS}}}{name}").text = value
        return etree.tostring(root, encoding="utf-8")


def slug(text: str, limit: int = 60) -> str:
    """A set spec segment from a title: ASCII letters, digits and hyphens, cut at a word."""
    plain = text.replace("’", "").replace("'", "").lower().translate(_LIGATURES)
    plain = unicodedata.normalize("NFKD", plain)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    words = re.findall(r"[a-z0-9]+", plain)
    out = ""
    for w in words:
        if out and len(out) + 1 + len(w) > limit:
            break
        out = f"{out}-{w}" if out else w[:limit]
    return out


def _unique(values: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for v in values:
        if v:
            seen.setdefault(v, None)
    return list(seen)


def _texts(root: etree._Element, path: str) -> list[str]:
    return _unique(plain(el) for el in root.xpath(path, namespaces=NS))


def _contributors(md: Metadata) -> list[str]:
    out = [f"{p.name} [editor]" for p in md.editors]
    out += [f"{r.person.name} [{r.resp}]" if r.resp else r.person.name for r in md.responsibilities]
    return _unique(out)


def _dates(md: Metadata) -> list[str]:
    """The edition's date (the record's own), then the work's; the source's only when neither
    is known (it is already in dc:source)."""
    dates = [d for d in (md.edition_date, md.work_date) if d] or [d for d in [md.source_date] if d]
    return _unique(d.iso() for d in dates)


def _relations(root: etree._Element, doc_id: str, identifier: Callable[[str], str]) -> list[str]:
    """Other documents this one points at: local `name.xml[#frag]` pointers, relatedItem URIs."""
    out = root.xpath("tei:teiHeader//tei:relatedItem/@target", namespaces=NS)
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for value in el.attrib.values():
            if ".xml" not in value:
                continue
            for token in value.split():
                m = _LOCAL_XML.fullmatch(token)
                if m and not _URI_SCHEME.match(token) and m.group(1) != doc_id:
                    out.append(identifier(m.group(1)))
    return _unique(out)


def collection(root: etree._Element) -> SetInfo | None:
    """The collection a document belongs to: its series, else the work it was taken from.

    seriesStmt is where TEI says it; without one, documents edited from the same book or
    journal (sourceDesc/bibl/title) form a collection. The spec is the title up to its colon.
    """
    for path in (
        "tei:teiHeader/tei:fileDesc/tei:seriesStmt/tei:title",
        "tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:bibl/tei:title",
        "tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:biblStruct//tei:title",
    ):
        titles = _texts(root, path)
        if titles:
            spec = slug(titles[0].split(":")[0])
            if spec:
                return SetInfo(f"collection:{spec}", titles[0])
    return None


def kind_of(md: Metadata) -> str:
    """What kind of document it is: its genre (TEI/@type, text/@type, its classification);
    for prose, the type of the one division its body is (a speech, a letter); else its form
    (drama, verse, prose). A division of a play or poem (an act, a canto) is no genre."""
    for value in (md.genre, md.division if md.form == "prose" else "", md.form):
        if value and slug(value):
            return value
    return "text"


def document_type(root: etree._Element | Metadata) -> str:
    """The document's kind as a set spec segment (`speech`, `comedie`, `drama`)."""
    md = root if isinstance(root, Metadata) else metadata.describe(root)
    return slug(kind_of(md))


def describe(
    tree: etree._ElementTree | etree._Element, doc_id: str, identifier: Callable[[str], str]
) -> Description:
    """Dublin Core and sets of a TEI document, from its metadata (`teitools.metadata`);
    `identifier` turns a document id into its OAI identifier (for dc:identifier, dc:relation)."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    md = metadata.describe(root)
    kind = kind_of(md)
    types = ["Text", kind] + ([md.form] if md.form != "prose" and md.form != kind else [])
    dc = {
        "title": [md.title] if md.title else [],
        "creator": _unique(md.author_names()),
        "subject": [s for s in md.subjects if s != kind],
        "contributor": _contributors(md),
        "publisher": list(md.publishers),
        "date": _dates(md),
        "type": _unique(types),
        "format": ["application/tei+xml"],
        "identifier": _unique([identifier(doc_id), *(value for _, value in md.identifiers)]),
        "source": list(md.sources),
        "language": list(md.languages),
        "rights": _unique([*md.rights, *md.licences]),
        "description": list(md.descriptions),
        "relation": _relations(root, doc_id, identifier),
    }
    spec = slug(kind)
    sets = [SetInfo("type", SET_FAMILIES["type"]), SetInfo(f"type:{spec}", f"Documents: {kind}")]
    coll = collection(root)
    if coll:
        sets[:0] = [SetInfo("collection", SET_FAMILIES["collection"]), coll]
    return Description({k: v for k, v in dc.items() if v}, sets)
