"""What a TEI document says about itself, read once from any teiHeader.

Titles, authors and editors (names without their identifiers and notes), responsibilities,
the dates of the work, of its source and of the edition (each where TEI puts them), the
language of the text, publisher, rights, identifiers, genre and form, subjects and a
description. Every output (the HTML index, the PDF's document information, oai_dc) takes them
from `describe()`, so they cannot disagree, whichever project wrote the header.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import PurePath

from lxml import etree

from .tei import NS, TEI_NS, XML_NS

T = f"{{{TEI_NS}}}"
LANG = f"{{{XML_NS}}}lang"

#: Children of a name (or of an author) that are not part of the name a reader sees.
NOT_NAME = frozenset(
    {
        "idno", "note", "affiliation", "email", "address", "birth", "death", "floruit",
        "occupation", "residence", "state", "trait", "bibl", "listBibl", "ptr", "graphic",
    }
)  # fmt: skip
#: The parts of a personal name, assembled with spaces in document order.
NAME_PARTS = frozenset(
    {"forename", "surname", "roleName", "nameLink", "addName", "genName", "name", "persName"}
)
#: Names that are what a work was published under: they win over a civil name.
PEN_NAMES = frozenset({"pen", "pseudonym", "pseudo", "nom-de-plume"})
#: `@type` of a date (or an event) that dates the work itself, most telling first.
WORK_DATE_TYPES = ("written", "composition", "created", "creation", "premiere", "print")
#: The elements that end a line or page inside a title: a space, unless `@break="no"`.
BREAKS = frozenset({"lb", "cb", "pb"})
#: In a `choice`, the alternatives left out when the other is there (sic → corr, …).
CHOICE_SKIP = {"sic": "corr", "orig": "reg", "abbr": "expan"}
HEADER = "tei:teiHeader"
FILE_DESC = f"{HEADER}/tei:fileDesc"
TITLE_STMT = f"{FILE_DESC}/tei:titleStmt"
PUB_STMT = f"{FILE_DESC}/tei:publicationStmt"
SOURCE_DESC = f"{FILE_DESC}/tei:sourceDesc"
DESCRIPTION_LIMIT = 500
#: A date as ISO 8601 (and TEI's @when) writes it: a year, a month, a day, a time; `..` for
#: the open end of an interval.
ISO_DATE = re.compile(
    r"\.\.|-?\d{4,}(-\d\d(-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)?)?)?)?"
)


@dataclass(frozen=True)
class Title:
    """A title of the document as the titleStmt gives it, with its `@type` and `@level`."""

    text: str
    type: str = ""
    level: str = ""
    lang: str = ""


@dataclass(frozen=True)
class Person:
    """A person or body as a name (`name`), its parts, its other names and its identifiers:
    (`isni`, …) from `idno`, (`key`, …) and (`ref`, …) from the attributes."""

    name: str
    forename: str = ""
    surname: str = ""
    other_names: tuple[str, ...] = ()
    ids: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Responsibility:
    """Who did what: a respStmt's `resp` (or the element's name: `principal`, `funder`)."""

    resp: str
    person: Person


@dataclass(frozen=True)
class Date:
    """A date as TEI gives it: `@when`, or the bounds `@notBefore`/`@notAfter` (or `@from`/
    `@to`), the text, and what it dates (`written`, `print`, `premiere`, … or '')."""

    when: str = ""
    not_before: str = ""
    not_after: str = ""
    text: str = ""
    type: str = ""

    def iso(self) -> str:
        """ISO 8601: the date, an interval `1150/1170` (`..` for an open end), or the text."""
        if self.when:
            return self.when
        if self.not_before or self.not_after:
            return f"{self.not_before or '..'}/{self.not_after or '..'}"
        return self.text

    def is_iso(self) -> bool:
        """Whether `iso()` is an ISO 8601 date or interval (not the date's text)."""
        return all(ISO_DATE.fullmatch(part) for part in self.iso().split("/"))

    def year(self) -> int | None:
        """The (first) year it names, for ordering; None if it names none."""
        for value in (self.when, self.not_before, self.not_after, self.text):
            m = re.search(r"(?<!\d)-?\d{3,4}(?!\d)", value)
            if m:
                return int(m.group())
        return None


@dataclass(frozen=True)
class Metadata:
    """Everything the outputs say about a document, from its teiHeader (and its text where the
    header is silent: language, form, a title)."""

    titles: tuple[Title, ...] = ()
    authors: tuple[Person, ...] = ()
    editors: tuple[Person, ...] = ()
    responsibilities: tuple[Responsibility, ...] = ()
    work_date: Date | None = None
    work_dates: tuple[Date, ...] = ()
    source_date: Date | None = None
    edition_date: Date | None = None
    language: str = ""
    languages: tuple[str, ...] = ()
    publishers: tuple[str, ...] = ()
    rights: tuple[str, ...] = ()
    licences: tuple[str, ...] = ()
    identifiers: tuple[tuple[str, str], ...] = ()
    genre: str = ""
    form: str = "prose"
    division: str = ""
    subjects: tuple[str, ...] = ()
    descriptions: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    series: tuple[str, ...] = ()
    fallback_title: str = field(default="", repr=False)

    @property
    def main_title(self) -> str:
        """The main title: `@type="main"`, else the first untyped title, else the first one;
        without any, the text's title page or first heading, or the file's name."""
        for test in (lambda t: t.type == "main", lambda t: not t.type, lambda t: True):
            found = [t for t in self.titles if test(t) and not t.level]
            if found:
                return _in_language(found, self.language).text
        return self.fallback_title

    @property
    def subtitles(self) -> list[str]:
        """Subtitles: `@type="sub"`, and further untyped titles beside an untyped main one."""
        main = self.main_title
        out = [t.text for t in self.titles if t.type == "sub" and not t.level]
        if not any(t.type == "main" for t in self.titles):
            untyped = [t.text for t in self.titles if not t.type and not t.level]
            out = [t for t in untyped if t != main] + out
        return list(_unique(out))

    @property
    def title(self) -> str:
        """The full title: the main title and its subtitles."""
        return ": ".join([self.main_title, *self.subtitles]) if self.main_title else ""

    @property
    def description(self) -> str:
        """The first description (an abstract, a project description, a note on the source)."""
        return self.descriptions[0] if self.descriptions else ""

    def author_names(self) -> list[str]:
        """The authors' names, in order."""
        return [a.name for a in self.authors]

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready summary (dates as ISO strings too), e.g. for a site-wide index."""
        out = asdict(self)
        del out["fallback_title"]
        out.update(title=self.title, main_title=self.main_title, subtitles=self.subtitles)
        for key in ("work_date", "source_date", "edition_date"):
            date = getattr(self, key)
            out[f"{key}_iso"] = date.iso() if date else ""
        return out

    def element(self, namespace: str = "", tag: str = "metadata") -> etree._Element:
        """The metadata as a small XML element a stylesheet can read (in `namespace`):
        `title[@type]`, `author[@key]`, `editor`, `resp[@role]`,
        `date[@of=work|source|edition]` (its `@when` only where it is ISO 8601), `language`,
        `publisher`, `rights[@target]`, `genre`, `form`, `subject`, `description`."""
        ns = f"{{{namespace}}}" if namespace else ""
        root = etree.Element(ns + tag, nsmap={None: namespace} if namespace else None)

        def add(name: str, text: str, **attrs: str) -> None:
            if text:
                el = etree.SubElement(root, ns + name, {k: v for k, v in attrs.items() if v})
                el.text = text

        add("title", self.main_title, type="main")
        for sub in self.subtitles:
            add("title", sub, type="sub")
        for role, people in (("author", self.authors), ("editor", self.editors)):
            for p in people:
                add(role, p.name, key=" ".join(f"{k}:{v}" for k, v in p.ids))
        for r in self.responsibilities:
            add("resp", r.person.name, role=r.resp)
        for of in ("work", "source", "edition"):
            date = getattr(self, f"{of}_date")
            if date:
                when = date.iso() if date.is_iso() else ""
                add("date", date.text or date.iso(), of=of, when=when, type=date.type)
        for lang in self.languages:
            add("language", lang)
        for publisher in self.publishers:
            add("publisher", publisher)
        for text in self.rights:
            add("rights", text)
        for url in self.licences:
            add("rights", url, target=url)
        add("genre", self.genre)
        add("form", self.form)
        for subject in self.subjects:
            add("subject", subject)
        add("description", self.description)
        return root


def describe(tree: etree._ElementTree | etree._Element) -> Metadata:
    """The metadata of a TEI document (a `TEI` or `teiCorpus` root, or its tree)."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    texts = [t for t in root.iter(f"{T}text") if not _inside(t, "teiHeader")]
    work_dates = _work_dates(root)
    return Metadata(
        titles=_titles(root),
        authors=tuple(p for a in _at(root, f"{TITLE_STMT}/tei:author") if (p := person(a))),
        editors=tuple(p for e in _at(root, f"{TITLE_STMT}/tei:editor") if (p := person(e))),
        responsibilities=_responsibilities(root),
        work_date=_work_date(work_dates),
        work_dates=tuple(work_dates),
        source_date=_source_date(root),
        edition_date=_first_date(
            [
                *_at(root, f"{PUB_STMT}/tei:date"),
                *_at(root, f"{FILE_DESC}/tei:editionStmt//tei:date"),
            ]
        ),
        language=_language(root, texts),
        languages=_languages(root, texts),
        publishers=_texts(
            _at(
                root,
                f"{PUB_STMT}/tei:publisher|{PUB_STMT}/tei:distributor|{PUB_STMT}/tei:authority",
            )
        ),
        rights=_texts(
            _at(root, f"{PUB_STMT}/tei:availability/*[self::tei:licence or self::tei:p]")
        ),
        licences=_unique(
            root.xpath(
                f"{PUB_STMT}/tei:availability/tei:licence/@target"
                f"| {PUB_STMT}/tei:availability//tei:ref/@target",
                namespaces=NS,
            )
        ),
        identifiers=tuple(
            dict.fromkeys(
                (i.get("type", ""), v) for i in _at(root, f"{PUB_STMT}/tei:idno") if (v := plain(i))
            )
        ),
        genre=_genre(root),
        form=_form(texts),
        division=_division(texts),
        subjects=_texts(
            _at(root, f"{HEADER}/tei:profileDesc/tei:textClass/tei:keywords//tei:term")
        ),
        descriptions=_descriptions(root),
        sources=tuple(_sources(root)),
        series=_texts(_at(root, f"{FILE_DESC}/tei:seriesStmt/tei:title")),
        fallback_title=_fallback_title(root, texts),
    )


# ---- text


def plain(el: etree._Element, skip: Iterable[str] = ("note",)) -> str:
    """The text of an element as a reader sees it, whitespace collapsed: without the
    descendants named in `skip` (local names), comments, or the rejected side of a `choice`;
    a line or page break (`lb`, `pb`, `cb`) is a space unless it breaks no word."""
    skipped = {f"{T}{name}" for name in skip}
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.text:
            parts.append(node.text)
        chosen = {c.tag for c in node} if node.tag == f"{T}choice" else set()
        for child in node:
            tag = child.tag
            if isinstance(tag, str) and tag not in skipped:
                local = tag[len(T) :] if tag.startswith(T) else ""
                if local in BREAKS:
                    parts.append("" if child.get("break") == "no" else " ")
                elif not (local in CHOICE_SKIP and f"{T}{CHOICE_SKIP[local]}" in chosen):
                    walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return " ".join("".join(parts).split())


def person(el: etree._Element) -> Person | None:
    """A person from an `author`, `editor`, `name`, `persName` or `orgName`: the name under
    which the work goes (a pen name wins over a civil name, which is kept in `other_names`),
    assembled from its parts; `idno`, notes, affiliations and addresses are not part of it."""
    names = [c for c in el if _local(c) in ("persName", "name", "orgName")]
    ids = _ids(el)
    if _local(el) in ("persName", "name", "orgName"):
        names = [el]
    elif names:
        ids += tuple(i for n in names for i in _ids(n) if i not in ids)
    if names:
        pen = [n for n in names if n.get("type", "").lower() in PEN_NAMES]
        main = (pen or names)[0]
        name = _name(main)
        others = _unique(n for n in (_name(o) for o in names if o is not main) if n != name)
        forename = " ".join(plain(f) for f in main if _local(f) == "forename")
        surname = " ".join(plain(s) for s in main if _local(s) == "surname")
    else:
        name, others, forename, surname = plain(el, NOT_NAME), (), "", ""
    return Person(name, forename, surname, others, ids) if name else None


def _name(el: etree._Element) -> str:
    """A name: its parts joined by spaces (none after an elided `d'`), or its text if it is
    written out with text between the parts ("Dickens, <forename>Charles</forename>")."""
    parts = [c for c in el if isinstance(c.tag, str) and _local(c) not in NOT_NAME]
    loose = (el.text or "") + "".join(c.tail or "" for c in el)
    if not parts or loose.strip() or any(_local(c) not in NAME_PARTS for c in parts):
        return plain(el, NOT_NAME)
    out = ""
    for text in (plain(c, NOT_NAME) for c in parts):
        if text:
            out = f"{out}{text}" if not out or out[-1] in "'’" else f"{out} {text}"
    return out


def _ids(el: etree._Element) -> tuple[tuple[str, str], ...]:
    """(type, value) of a name's `idno` children, `@key` and each `@ref` pointer."""
    out = [(i.get("type", "idno"), v) for i in el if _local(i) == "idno" if (v := plain(i))]
    if el.get("key"):
        out.append(("key", el.get("key", "")))
    out += [("ref", r) for r in el.get("ref", "").split()]
    return tuple(dict.fromkeys(out))


# ---- titles and people


def _titles(root: etree._Element) -> tuple[Title, ...]:
    out = []
    for t in _at(root, f"{TITLE_STMT}/tei:title"):
        text = plain(t)
        if text:
            out.append(Title(text, t.get("type", ""), t.get("level", ""), t.get(LANG, "")))
    return tuple(dict.fromkeys(out))


def _in_language(titles: list[Title], lang: str) -> Title:
    """Of several titles of one kind, the one in the language of the text, else the first."""
    base = lang.split("-")[0]
    return next((t for t in titles if base and t.lang.split("-")[0] == base), titles[0])


def _fallback_title(root: etree._Element, texts: list[etree._Element]) -> str:
    """A title where the titleStmt has none: the title page's, the first heading, the file."""
    for text in texts:
        for path in (
            ".//tei:docTitle/tei:titlePart[@type='main' or not(@type)]",
            ".//tei:docTitle",
            ".//tei:head",
        ):
            for el in text.xpath(path, namespaces=NS):
                if found := plain(el):
                    return found
    url = root.getroottree().docinfo.URL
    return PurePath(url).stem if url else ""


def _responsibilities(root: etree._Element) -> tuple[Responsibility, ...]:
    out = []
    for stmt in _at(root, f"{TITLE_STMT}/tei:respStmt"):
        resp = " ".join(t for r in stmt if _local(r) == "resp" and (t := plain(r)))
        resp = re.sub(r"\s+by$", "", resp).strip()
        for el in stmt:
            if _local(el) in ("name", "persName", "orgName") and (p := person(el)):
                out.append(Responsibility(resp, p))
    for el in _at(root, f"{TITLE_STMT}/*[self::tei:principal or self::tei:sponsor "
                  "or self::tei:funder or self::tei:meeting]"):  # fmt: skip
        if p := person(el):
            out.append(Responsibility(_local(el), p))
    return tuple(dict.fromkeys(out))


# ---- dates


def _date(el: etree._Element, kind: str = "") -> Date:
    return Date(
        el.get("when") or el.get("when-iso", ""),
        el.get("notBefore") or el.get("from") or el.get("notBefore-iso", ""),
        el.get("notAfter") or el.get("to") or el.get("notAfter-iso", ""),
        plain(el),
        kind or el.get("type", ""),
    )


def _first_date(els: Iterable[etree._Element], kind: str = "") -> Date | None:
    for el in els:
        date = _date(el, kind)
        if date.iso():
            return date
    return None


def _work_dates(root: etree._Element) -> list[Date]:
    """Every date the header (or the standOff) gives for the work: its creation, a letter's
    sending, dates and events typed `written`, `print`, `premiere` …, in document order."""
    types = " or ".join(f"@type='{t}'" for t in WORK_DATE_TYPES)
    profile = f"{HEADER}/tei:profileDesc"
    paths = (
        ("creation", f"{profile}/tei:creation//*[self::tei:date or self::tei:origDate]"),
        ("sent", f"{profile}/tei:correspDesc/tei:correspAction[not(@type) or @type='sent']"
         "/tei:date"),
        ("", f"{HEADER}//tei:date[{types}] | tei:standOff//tei:date[{types}]"),
        ("", f"tei:standOff//tei:event[{types}]"),
    )  # fmt: skip
    out = []
    for kind, path in paths:
        for el in _at(root, path):
            date = _date(el, kind)
            if _local(el) == "event":  # its text describes the event, not the date
                date = Date(date.when, date.not_before, date.not_after, "", date.type)
            if date.iso() and date not in out:
                out.append(date)
    return out


def _work_date(dates: list[Date]) -> Date | None:
    """The date of the work: its creation (a letter's sending), else when it was written,
    else the earliest of its first performance and first printing."""
    for kinds in (("creation", "sent"), ("written", "composition", "created")):
        for d in dates:
            if d.type in kinds:
                return d
    dated = [d for d in dates if d.year() is not None]
    if not dated:
        return dates[0] if dates else None
    return min(dated, key=lambda d: (d.year() or 0, d.iso()))


def _source_date(root: etree._Element) -> Date | None:
    """The date of the source: the first date of a bibliographic description in sourceDesc
    (an imprint's), else a manuscript's date of origin, else the title page's date."""
    types = " or ".join(f"@type='{t}'" for t in WORK_DATE_TYPES)
    bibl = f"{SOURCE_DESC}/*[self::tei:bibl or self::tei:biblStruct or self::tei:biblFull]"
    return _first_date(
        [
            *_at(root, f"{bibl}//tei:imprint/tei:date"),
            *_at(root, f"{bibl}//tei:date[not({types}) and not(ancestor::tei:note)]"),
            *_at(root, f"{SOURCE_DESC}/tei:msDesc//tei:origDate"),
            *_at(root, "tei:text/tei:front//tei:docDate | tei:text/tei:back//tei:docDate"),
        ],
        "source",
    )


# ---- language, form, classification


def _language(root: etree._Element, texts: list[etree._Element]) -> str:
    """The language of the text: text/@xml:lang (or its body's), TEI/@xml:lang, else the main
    language of langUsage (the largest `@usage`, else the first)."""
    for el in [*texts[:1], *(t.find(f"{T}body") for t in texts[:1]), root]:
        if el is not None and el.get(LANG):
            return el.get(LANG, "")
    used = _at(root, f"{HEADER}/tei:profileDesc/tei:langUsage/tei:language[@ident]")
    if not used:
        return ""
    return max(used, key=lambda e: _number(e.get("usage", ""))).get("ident", "")


def _languages(root: etree._Element, texts: list[etree._Element]) -> tuple[str, ...]:
    """The language of the text first, then the others langUsage lists."""
    idents = root.xpath(
        f"{HEADER}/tei:profileDesc/tei:langUsage/tei:language/@ident", namespaces=NS
    )
    return _unique([_language(root, texts), *idents])


def _number(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        return -1.0


def _form(texts: list[etree._Element]) -> str:
    """drama if the text has speeches, verse if lines outnumber paragraphs, else prose."""
    lines = paragraphs = 0
    for text in texts:
        if next(text.iter(f"{T}sp"), None) is not None:
            return "drama"
        lines += sum(1 for _ in text.iter(f"{T}l"))
        paragraphs += sum(1 for _ in text.iter(f"{T}p", f"{T}ab"))
    return "verse" if lines > paragraphs else "prose"


def _division(texts: list[etree._Element]) -> str:
    """The `@type` of the one division the body consists of (a speech, a letter), or ''."""
    if len(texts) != 1:
        return ""
    divs = texts[0].xpath("tei:body/tei:div", namespaces=NS)
    return divs[0].get("type", "") if len(divs) == 1 else ""


def _genre(root: etree._Element) -> str:
    """What kind of text it is, as the document says: TEI/@type, text/@type, else the first
    term of its classification (textClass/keywords)."""
    candidates = [root.get("type", ""), *root.xpath("tei:text/@type", namespaces=NS)]
    candidates += [
        plain(t)
        for t in _at(root, f"{HEADER}/tei:profileDesc/tei:textClass/tei:keywords//tei:term")[:1]
    ]
    return next((c.strip() for c in candidates if c.strip()), "")


# ---- description and sources


def _descriptions(root: etree._Element) -> tuple[str, ...]:
    """An abstract, else the project's description, else the notes on the source, else the
    beginning of sourceDesc's prose."""
    for path in (
        f"{HEADER}/tei:profileDesc/tei:abstract",
        f"{HEADER}/tei:encodingDesc/tei:projectDesc",
        f"{SOURCE_DESC}/tei:bibl/tei:note",
        f"{SOURCE_DESC}/tei:p",
    ):
        found = _texts(_at(root, path))
        if found:
            return tuple(_shorten(t) for t in found)
    return ()


def _shorten(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def _sources(root: etree._Element) -> list[str]:
    """Each bibliographic description in sourceDesc as one citation line (notes and licences
    left out; one nested in another, such as the original of a digital source, on its own),
    and each manuscript's identifier."""
    out: list[str] = []
    skip = ("note", "availability", "bibl", "biblStruct", "listBibl", "relatedItem")

    def line(el: etree._Element) -> str:
        """Written-out text as it is; structured parts (a biblStruct's) joined by commas."""
        children = [c for c in el if isinstance(c.tag, str) and _local(c) not in skip]
        mixed = (el.text or "").strip() or any((c.tail or "").strip() for c in el)
        if mixed or not children:
            return plain(el, skip)
        return ", ".join(t for c in children if (t := line(c)))

    def cite(bibl: etree._Element) -> None:
        out.append(line(bibl))
        for inner in bibl:
            if _local(inner) in ("bibl", "biblStruct"):
                cite(inner)

    for bibl in _at(root, f"{SOURCE_DESC}/*[self::tei:bibl or self::tei:biblStruct]"):
        cite(bibl)
    for full in _at(root, f"{SOURCE_DESC}/tei:biblFull"):
        out.append(plain(full, skip))
    path = f"{SOURCE_DESC}/tei:msDesc/tei:msIdentifier"
    out += [", ".join(t for c in ms if (t := plain(c))) for ms in _at(root, path)]
    return list(_unique(out))


# ---- helpers


def _at(root: etree._Element, path: str) -> list[etree._Element]:
    return root.xpath(path, namespaces=NS)


def _local(el: etree._Element) -> str:
    tag = el.tag
    return tag[len(T) :] if isinstance(tag, str) and tag.startswith(T) else ""


def _inside(el: etree._Element, local: str) -> bool:
    return any(_local(a) == local for a in el.iterancestors())


def _texts(els: Iterable[etree._Element]) -> tuple[str, ...]:
    return _unique(plain(el) for el in els)


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))
