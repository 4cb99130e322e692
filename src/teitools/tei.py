"""Loading TEI safely: the one parser configuration of the whole project."""

from __future__ import annotations

import os
import re

from lxml import etree

from .errors import InputError, InvalidInput, Problem

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


def parse(path: str | os.PathLike[str]) -> etree._ElementTree:
    """Parse an XML file, turning every failure into an error that names file:line:col."""
    name = os.fspath(path)
    if not os.path.exists(name):
        raise InputError("no such file", name, rule="io/missing")
    if os.path.isdir(name):
        raise InputError("is a folder, not a file", name, rule="io/not-a-file")
    if os.path.getsize(name) == 0:
        raise InputError("the file is empty", name, rule="io/empty")
    try:
        return etree.parse(name, safe_parser())
    except etree.XMLSyntaxError as e:
        raise syntax_error(e, name) from None
    except OSError as e:
        raise InputError(f"cannot read: {e}", name, rule="io/read") from None


def parse_bytes(data: bytes, name: str) -> etree._ElementTree:
    """Parse a file's bytes already read (base URI: the file), errors as parse() gives them."""
    try:
        root = etree.fromstring(data, safe_parser(), base_url=os.path.abspath(name))
    except etree.XMLSyntaxError as e:
        raise syntax_error(e, name, data) from None
    return root.getroottree()


def syntax_error(e: etree.XMLSyntaxError, name: str, data: bytes | None = None) -> InvalidInput:
    """A parser's complaint said plainly, at its place: a duplicate xml:id and an entity bomb
    get their own words and rules."""
    # lxml appends ", line N, column M" to its messages; the place is said once, in front.
    msg = (e.msg or "not well-formed XML").split(", line ")[0]
    line, col = e.position if e.position else (None, None)
    rule = "xml/well-formed"
    if dup := re.match(r"ID (\S+) already defined", msg):
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
