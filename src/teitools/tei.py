"""Loading TEI safely: the one parser configuration of the whole project."""

from __future__ import annotations

import codecs
import functools
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from .errors import InputError, InvalidInput, Problem, shown  # noqa: F401 (shown: re-exported)

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NS = {"tei": TEI_NS}


def safe_parser() -> etree.XMLParser:
    """A parser that never touches the network nor resolves external entities or DTDs."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
    )


# The largest document teitools reads, in MB (TEITOOLS_MAX_MB overrides): memory for a
# document is a small multiple of its size, and a bound keeps a stray 10 GB file from taking
# the machine down.
DEFAULT_MAX_MB = 100


def max_bytes() -> int:
    """The size limit on one input document, in bytes (TEITOOLS_MAX_MB, default 100 MB)."""
    try:
        mb = float(os.environ.get("TEITOOLS_MAX_MB", DEFAULT_MAX_MB))
    except ValueError:
        mb = DEFAULT_MAX_MB
    return int(mb * 1024 * 1024)


def read_document(path: str | os.PathLike[str]) -> bytes:
    """The bytes of an input file, refused by name when it is missing, a folder, not a regular
    file (a FIFO or a device would block or never end), empty, or over the size limit."""
    name = os.fspath(path)
    try:
        st = os.stat(name)
    except FileNotFoundError:
        raise InputError("no such file", name, rule="io/missing") from None
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror}", name, rule="io/read") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError("is a folder, not a file", name, rule="io/not-a-file")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(
            "not a regular file (a pipe, socket or device): give a file", name, rule="io/not-a-file"
        )
    limit = max_bytes()
    if st.st_size > limit:
        raise InputError(
            f"the file is {st.st_size / 1048576:.0f} MB, over the limit of "
            f"{limit / 1048576:.0f} MB (set TEITOOLS_MAX_MB to raise it)",
            name,
            rule="io/too-large",
        )
    try:
        with open(name, "rb") as f:
            # as many bytes as the file has (a buffer of the limit's size would be made for
            # each file), and what it may have grown by since, up to the limit
            data = f.read(min(st.st_size, limit) + 1)
            if len(data) > st.st_size:
                data += f.read(limit + 1 - len(data))
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror}", name, rule="io/read") from None
    if len(data) > limit:
        raise InputError(
            f"the file is over the limit of {limit / 1048576:.0f} MB "
            "(set TEITOOLS_MAX_MB to raise it)",
            name,
            rule="io/too-large",
        )
    if not data.strip():
        raise InputError("the file is empty", name, rule="io/empty")
    return data


def parse(path: str | os.PathLike[str]) -> etree._ElementTree:
    """Parse an XML file, turning every failure into an error that names file:line:col."""
    name = os.fspath(path)
    return parse_bytes(read_document(name), name)


def parse_bytes(data: bytes, name: str) -> etree._ElementTree:
    """Parse a file's bytes already read (base URI: the file), errors as parse() gives them."""
    base = os.path.abspath(name)
    try:
        base.encode("utf-8")
    except UnicodeEncodeError:  # a file name that is not UTF-8: its URI says it in %XX
        base = Path(base).as_uri()
    try:
        root = etree.fromstring(data, safe_parser(), base_url=base)
    except etree.XMLSyntaxError as e:
        raise syntax_error(e, name, data) from None
    return root.getroottree()


_XML11 = re.compile(rb"""(?:\xef\xbb\xbf)?<\?xml\s+version\s*=\s*["']1\.1["']""")


def syntax_error(e: etree.XMLSyntaxError, name: str, data: bytes | None = None) -> InvalidInput:
    """A parser's complaint said plainly, at its place: a duplicate xml:id and an entity bomb
    get their own words and rules."""
    # lxml appends ", line N, column M" to its messages; the place is said once, in front.
    msg = (e.msg or "not well-formed XML").split(", line ")[0]
    line, col = e.position if e.position else (None, None)
    rule = "xml/well-formed"
    if (ref := re.match(r"xmlParseCharRef: invalid xmlChar value (\d+)", msg)) and data:
        if 0 < int(ref[1]) < 0x20 and _XML11.match(data):
            msg = (
                f"the control character U+{int(ref[1]):04X} (a character reference XML 1.1 "
                "allows) is refused: teitools reads XML 1.1 but keeps text as XML 1.0 does, "
                "which cannot hold it (nor can HTML or the stylesheets); remove it"
            )
            rule = "xml/xml11-control"
    elif depth := re.match(r"Excessive depth in document: (\d+)", msg):
        msg = (
            f"elements nested more than {depth[1]} deep: teitools reads at most {depth[1]} "
            "levels (a document nested deeper is almost always broken or hostile)"
        )
        rule = "xml/too-deep"
    elif dup := re.match(r"ID (\S+) already defined", msg):
        msg = f'xml:id "{dup[1]}" is used twice: an identifier must be unique'
        rule = "xml/id-unique"
    elif "amplification" in msg or "entity" in msg.lower() and "loop" in msg.lower():
        msg = (
            "entity expansion refused: the document's entities would expand to an "
            "enormous text (an entity bomb)"
        )
        rule = "xml/entity-bomb"
        if data is not None and (decl := first_entity_decl(data))[0] is not None:
            line, col = decl
    return InvalidInput(msg, name, line, col, rule=rule)


def first_entity_decl(data: bytes) -> tuple[int | None, int | None]:
    """Line and column of the first <!ENTITY declaration, if any."""
    m = re.search(rb"<!ENTITY", data)
    if not m:
        return None, None
    line = data.count(b"\n", 0, m.start()) + 1
    return line, m.start() - (data.rfind(b"\n", 0, m.start()) + 1) + 1


# The most attributes teitools accepts on one element. No TEI element has nearly as many;
# beyond it a schema validator spends time quadratic in their number on its messages, and
# XSLT processors have limits of their own.
MAX_ATTRIBUTES = 200
_CROWDED = etree.XPath("(//*[count(@*) > $n])[1]")
# A start tag of more than MAX_ATTRIBUTES attributes (each at least ` a=""`) is a run of some
# thousand bytes after its "<" with no other "<" (which no attribute value may hold): where the
# bytes have no such run, no element can be crowded, and the tree need not be walked.
_LONG_RUN = re.compile(rb"<[^<]{%d}" % (5 * MAX_ATTRIBUTES))


@functools.lru_cache(maxsize=64)
def ascii_compatible(encoding: str | None) -> bool:
    """Whether a document in this encoding writes its markup (names, "<", "=") as ASCII bytes,
    so that what its bytes lack, its tree lacks: UTF-8, Latin-1 and the like; not UTF-16."""
    if not encoding:
        return False
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return False
    if name.startswith(("utf-16", "utf-32", "utf-7")):
        return False
    sample = "<a:b c.d-e_f='#g'/>\n"
    try:
        return sample.encode(name) == sample.encode("ascii")
    except UnicodeError:
        return False


def written(tree: etree._ElementTree, data: bytes | None, attributes: Iterable[str]) -> list[str]:
    """Those of the (ASCII) attribute names that the document parsed from `data` may have:
    all, except where its bytes, in an ASCII-compatible encoding, never write one as an
    attribute's name (after a space, before "="). No parse adds a name its bytes lack
    (entities are never expanded), so a name left out spares a walk of the tree for it."""
    if data is None or not ascii_compatible(tree.docinfo.encoding):
        return list(attributes)
    out = []
    for name in attributes:
        found = _NAMED.get(name)
        if found is None:  # the name first: its bytes are looked for as a literal, quickly
            found = _NAMED[name] = re.compile(re.escape(name.encode()) + rb"\s*=")
        if any(m.start() == 0 or data[m.start() - 1] in b" \t\r\n" for m in found.finditer(data)):
            out.append(name)
    return out


_NAMED: dict[str, re.Pattern[bytes]] = {}


def limit_problems(tree: etree._ElementTree, name: str, data: bytes | None = None) -> list[Problem]:
    """What a document holds beyond teitools' limits (an element of too many attributes);
    `data`: the bytes it was parsed from, which spare the walk when they show it is not."""
    if data is not None and ascii_compatible(tree.docinfo.encoding):
        if not _LONG_RUN.search(data):
            return []
    found = _CROWDED(tree, n=MAX_ATTRIBUTES)
    if not found:
        return []
    el = found[0]
    return [
        Problem(
            name,
            el.sourceline,
            None,
            f"<{etree.QName(el).localname}> has {len(el.attrib)} attributes, more than "
            f"teitools accepts on one element ({MAX_ATTRIBUTES}); its schemas were not checked",
            "xml/too-many-attributes",
        )
    ]


def safety_problems(tree: etree._ElementTree, name: str, data: bytes) -> list[Problem]:
    """What the safe parser left unresolved, said plainly: DTDs on servers, entities."""
    out = []
    info = tree.docinfo
    if info.system_url and re.match(r"https?:", info.system_url):
        out.append(
            Problem(
                name,
                1,
                None,
                f"DOCTYPE points at {info.system_url}: not fetched "
                "(teitools never uses the network)",
                "xml/doctype-remote",
                "note",
            )
        )
    dtd = info.internalDTD
    if dtd is not None:
        for ent in dtd.iterentities():
            if ent.system_url:
                line, col = first_entity_decl(data)
                out.append(
                    Problem(
                        name,
                        line,
                        col,
                        f'external entity "{ent.name}" '
                        f"({ent.system_url}) is not resolved: teitools never reads "
                        "outside the document",
                        "xml/external-entity",
                    )
                )
    for ref in tree.getroot().iter(etree.Entity):
        out.append(
            Problem(
                name,
                ref.getparent().sourceline if ref.getparent() is not None else None,
                None,
                f"entity reference {ref.text} is left unexpanded (entities are "
                "not expanded, for safety): write its text instead",
                "xml/entity-reference",
            )
        )
    return out


def require_tei(tree: etree._ElementTree, name: str, corpus: bool = True) -> None:
    """Refuse, at the root's line, a document whose root is not <TEI> in the TEI namespace,
    nor <teiCorpus> (a corpus of TEI documents, nested corpora too) where the caller reads
    corpora whole (`corpus`; a command that reads one document's apparatus does not)."""
    root = tree.getroot()
    if root.tag == f"{{{TEI_NS}}}TEI" or corpus and root.tag == f"{{{TEI_NS}}}teiCorpus":
        return
    found = etree.QName(root)
    if root.tag == f"{{{TEI_NS}}}teiCorpus":
        raise InvalidInput(
            "a teiCorpus: this command reads one <TEI> document, and the TEI documents of a "
            "corpus each have their own witnesses and apparatus; give it one of them "
            "(build and validate read a corpus whole)",
            name,
            root.sourceline,
            rule="tei/corpus",
        )
    where = f" in the namespace {found.namespace}" if found.namespace else " in no namespace"
    roots = "<TEI> or <teiCorpus>" if corpus else "<TEI>"
    raise InvalidInput(
        f"not a TEI document: its root is <{found.localname}>{where}; teitools reads "
        f"{roots} documents in the TEI namespace ({TEI_NS})",
        name,
        root.sourceline,
        rule="tei/root",
    )


def require_resolved(tree: etree._ElementTree, name: str, data: bytes) -> None:
    """Refuse a document that leaves an entity unresolved (the safe parser expands none): any
    text drawn from it would silently miss what the entity stands for."""
    if tree.docinfo.internalDTD is None and next(tree.getroot().iter(etree.Entity), None) is None:
        return
    for problem in safety_problems(tree, name, data):
        if problem.severity == "error":
            raise InvalidInput(problem.message, name, problem.line, problem.col, rule=problem.rule)


def read_tei(
    path: str | os.PathLike[str],
    data: bytes | None = None,
    *,
    corpus: bool = False,
    limits: bool = False,
) -> etree._ElementTree:
    """A TEI document read for its text: read (or its `data`, already read) and parsed safely,
    refused (one line, at its place) if its root is not TEI (a teiCorpus only where `corpus`:
    witness and apparatus read one document, whose witnesses are its own), if it is over
    teitools' limits (where `limits`: what validate refuses, a rendering refuses alike), or if
    it leaves an entity unresolved."""
    name = os.fspath(path)
    if data is None:
        data = read_document(name)
    tree = parse_bytes(data, name)
    require_tei(tree, name, corpus=corpus)
    if limits:
        for problem in limit_problems(tree, name, data):
            message = problem.message.split(";")[0] + "; it is not rendered"
            raise InvalidInput(message, name, problem.line, problem.col, rule=problem.rule)
    require_resolved(tree, name, data)
    return tree


def page_texts(
    tree: etree._ElementTree | etree._Element, skip: tuple[str, ...] = ("teiHeader",)
) -> dict[str, str]:
    """The text of a document page by page (keyed by pb/@n), whitespace collapsed.

    Elements named in `skip` are left out, their tails kept: by default the header; a caller
    comparing with the source may also skip readings, an editor's corrections, labels.
    A footnote's text counts on the page of its call, set off as ⟦…⟧. Text before the
    first pb is keyed "".
    """
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    pages: dict[str, list[str]] = {"": []}
    current = [""]
    skipped = {f"{{{TEI_NS}}}{name}" for name in skip}

    def walk(el: etree._Element) -> None:
        if el.tag in skipped:
            if el.tail:
                pages[current[0]].append(el.tail)
            return
        local = etree.QName(el).localname if isinstance(el.tag, str) else ""
        if local == "pb":
            current[0] = el.get("n", "")
            pages.setdefault(current[0], [])
            # a page break inside a word joins the word's halves without a space
            if el.get("break") == "no":
                pages[current[0]].append("\u2060")
        elif isinstance(el.tag, str):
            if local == "note":
                pages[current[0]].append(" ⟦")
            if local == "supplied":
                pages[current[0]].append("[")
            if el.text:
                pages[current[0]].append(el.text)
            for child in el:
                walk(child)
            if local == "supplied":
                pages[current[0]].append("]")
            if local == "note":
                pages[current[0]].append("⟧ ")
            if local in ("p", "head", "stage", "l", "item", "quote", "div"):
                pages[current[0]].append(" ")
        if el.tail:
            pages[current[0]].append(el.tail)

    walk(root)
    out = {}
    for k, parts in pages.items():
        text = " ".join("".join(parts).split())
        text = text.replace(" \u2060", "").replace("\u2060 ", "").replace("\u2060", "")
        out[k] = text.replace("⟦ ", "⟦").replace(" ⟧", "⟧")
    if not out[""]:
        del out[""]
    return out
