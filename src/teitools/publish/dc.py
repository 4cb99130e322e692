"""What a harvester sees of a TEI document: Dublin Core from its teiHeader, and its sets.

The mapping follows the usual TEI→DC crosswalk: the titleStmt gives title, creator and
contributors, the publicationStmt publisher, date, identifiers and rights, the sourceDesc the
source, langUsage the language. Relations are the other documents of the repository that this
one points at (e.g. wolfe-commentary's pb/@corresp="secret-report.xml#p88"), as their OAI
identifiers, so a harvester can link the records.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from lxml import etree

from ..tei import NS, TEI_NS, XML_NS

DC_NS = "http://purl.org/dc/elements/1.1/"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"

#: The DC elements a record carries, in the order they are written.
DC_FIELDS = (
    "title",
    "creator",
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


def text_of(el: etree._Element, skip: Iterable[str] = ("note",)) -> str:
    """The text of an element, whitespace collapsed, without the descendants named in `skip`."""
    skipped = {f"{{{TEI_NS}}}{name}" for name in skip}
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if isinstance(node.tag, str) and node.text:
            parts.append(node.text)
        for child in node:
            if child.tag not in skipped:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return " ".join("".join(parts).split())


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


def _texts(root: etree._Element, path: str) -> list[str]:
    return _unique(text_of(el) for el in root.xpath(path, namespaces=NS))


def _unique(values: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for v in values:
        if v:
            seen.setdefault(v, None)
    return list(seen)


def _title(root: etree._Element) -> list[str]:
    stmt = "tei:teiHeader/tei:fileDesc/tei:titleStmt"
    main = _texts(root, f"{stmt}/tei:title[not(@type) or @type='main']")
    subs = _texts(root, f"{stmt}/tei:title[@type='sub']")
    if not main:
        main = _texts(root, f"{stmt}/tei:title")[:1]
    return [": ".join([main[0], *subs])] if main else []


def _contributors(root: etree._Element) -> list[str]:
    stmt = "tei:teiHeader/tei:fileDesc/tei:titleStmt"
    out = [f"{name} [editor]" for name in _texts(root, f"{stmt}/tei:editor")]
    for resp_stmt in root.xpath(f"{stmt}/tei:respStmt", namespaces=NS):
        resp = " ".join(text_of(r) for r in resp_stmt.xpath("tei:resp", namespaces=NS))
        resp = re.sub(r"\s+by$", "", resp).strip()
        for name in resp_stmt.xpath("tei:name|tei:persName|tei:orgName", namespaces=NS):
            out.append(f"{text_of(name)} [{resp}]" if resp else text_of(name))
    return _unique(out)


def _date(root: etree._Element) -> list[str]:
    dates = root.xpath("tei:teiHeader/tei:fileDesc/tei:publicationStmt/tei:date", namespaces=NS)
    return _unique(d.get("when") or text_of(d) for d in dates)


def _rights(root: etree._Element) -> list[str]:
    avail = "tei:teiHeader/tei:fileDesc/tei:publicationStmt/tei:availability"
    out = _texts(root, f"{avail}/tei:licence|{avail}/tei:p")
    out += root.xpath(f"{avail}/tei:licence/@target", namespaces=NS)
    return _unique(out)


def _sources(root: etree._Element) -> list[str]:
    """Each bibliographic description in sourceDesc as one citation line, notes left out."""
    out = []
    path = "tei:teiHeader/tei:fileDesc/tei:sourceDesc/*[self::tei:bibl or self::tei:biblStruct]"
    for bibl in root.xpath(path, namespaces=NS):
        mixed = (bibl.text or "").strip() or any((c.tail or "").strip() for c in bibl)
        if mixed:
            out.append(text_of(bibl))
        else:
            out.append(", ".join(t for c in bibl if (t := text_of(c))))
    path = "tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:msDesc/tei:msIdentifier"
    out += [", ".join(t for c in ms if (t := text_of(c))) for ms in root.xpath(path, namespaces=NS)]
    return _unique(out)


def _description(root: etree._Element) -> list[str]:
    header = "tei:teiHeader"
    for path in (
        f"{header}/tei:profileDesc/tei:abstract",
        f"{header}/tei:encodingDesc/tei:projectDesc",
        f"{header}/tei:fileDesc/tei:sourceDesc/tei:bibl/tei:note",
    ):
        found = _texts(root, path)
        if found:
            return found
    return []


def _languages(root: etree._Element) -> list[str]:
    langs = root.xpath(
        "tei:teiHeader/tei:profileDesc/tei:langUsage/tei:language/@ident", namespaces=NS
    )
    return _unique(langs or [root.get(f"{{{XML_NS}}}lang", "")])


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


def document_type(root: etree._Element) -> str:
    """What kind of document it is: TEI/@type, text/@type, or the type of its one main div."""
    for value in (
        root.get("type"),
        *root.xpath("tei:text/@type", namespaces=NS),
        *root.xpath("tei:text/tei:body[count(tei:div)=1]/tei:div/@type", namespaces=NS),
    ):
        if value and slug(value):
            return slug(value)
    return "text"


def describe(
    tree: etree._ElementTree | etree._Element, doc_id: str, identifier: Callable[[str], str]
) -> Description:
    """Dublin Core and sets of a TEI document; `identifier` turns a document id into its OAI
    identifier (for dc:identifier and dc:relation)."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    kind = document_type(root)
    pub = "tei:teiHeader/tei:fileDesc/tei:publicationStmt"
    dc = {
        "title": _title(root),
        "creator": _texts(root, "tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:author"),
        "contributor": _contributors(root),
        "publisher": _texts(root, f"{pub}/tei:publisher|{pub}/tei:distributor|{pub}/tei:authority"),
        "date": _date(root),
        "type": ["Text", kind],
        "format": ["application/tei+xml"],
        "identifier": _unique([identifier(doc_id), *_texts(root, f"{pub}/tei:idno")]),
        "source": _sources(root),
        "language": _languages(root),
        "rights": _rights(root),
        "description": _description(root),
        "relation": _relations(root, doc_id, identifier),
    }
    sets = [SetInfo("type", SET_FAMILIES["type"]), SetInfo(f"type:{kind}", f"Documents: {kind}")]
    coll = collection(root)
    if coll:
        sets[:0] = [SetInfo("collection", SET_FAMILIES["collection"]), coll]
    return Description({k: v for k, v in dc.items() if v}, sets)
