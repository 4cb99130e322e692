"""Schemas: RELAX NG, XSD (1.0 and 1.1) and Schematron, each compiled once per process.

RELAX NG is checked against a *subset* of the grammar first: every element definition that
the document does not use is replaced by notAllowed and the grammar simplified. A subset
grammar accepts only documents the whole grammar accepts (RELAX NG patterns are monotone),
and lxml compiles it in milliseconds where tei_all takes seconds. The cut is exact for the
documents it was cut for (it accepts what the whole grammar accepts), and cut to the
attributes in use too, libxml2 validates twice as fast; its messages are the whole grammar's
in every case compared (tests/test_validate_cache.py). The whole grammar is compiled only
where no cut compiles in time or the cut gives no message.

A cut is kept on disk (in the cache folder, keyed by the grammar's bytes, the names and this
module's code), so a fresh process reads it instead of cutting again.
"""

from __future__ import annotations

import copy
import hashlib
import os
import re
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import unquote

from lxml import etree, isoschematron

from ..errors import InputError, Problem
from ..tei import safe_parser

RNG_NS = "http://relaxng.org/ns/structure/1.0"
XSD_NS = "http://www.w3.org/2001/XMLSchema"
SCH_NS = "http://purl.oclc.org/dsdl/schematron"
SVRL_NS = "http://purl.oclc.org/dsdl/svrl"
R = f"{{{RNG_NS}}}"


def _load(path: str) -> etree._ElementTree:
    try:
        return etree.parse(path, safe_parser())
    except OSError:
        raise InputError("no such schema", path, rule="io/missing") from None
    except etree.XMLSyntaxError as e:
        line, col = e.position
        raise InputError(
            f"schema is not well-formed XML: {e.msg}", path, line, col, "schema/well-formed"
        ) from None


_REMOTE = re.compile(r"[a-z][a-z0-9+.-]*://", re.I)
_REFS = (
    f"{{{XSD_NS}}}import",
    f"{{{XSD_NS}}}include",
    f"{{{XSD_NS}}}redefine",
    f"{{{XSD_NS}}}override",
    R + "include",
    R + "externalRef",
)


def _refuse_remote(path: str, url: str, line: int | None = None) -> InputError:
    """The one way a schema that reaches for the network is refused."""
    return InputError(
        f"the schema refers to {url}: not fetched (teitools never uses the network); "
        "give a local copy",
        path,
        line,
        rule="schema/remote",
    )


def _check_refs(path: str, doc: etree._ElementTree) -> None:
    """Refuse a schema that imports or includes a schema on a server, before compiling it."""
    for el in doc.getroot().iter(*_REFS):
        url = el.get("schemaLocation") or el.get("href") or ""
        if _REMOTE.match(url) and not url.lower().startswith("file:"):
            raise _refuse_remote(path, url, el.sourceline)


def _tidy(message: str) -> str:
    return re.sub(r"^Element '\{[^}]+\}(\w+)'", r"element <\1>", message.strip())


class Schema:
    """A compiled schema: `check(tree, file)` returns the problems, located."""

    kind = "schema"

    def __init__(self, path: str):
        self.path = path
        self.name = os.path.basename(path)

    def check(self, tree: etree._ElementTree, file: str) -> list[Problem]:
        raise NotImplementedError


class RelaxNG(Schema):
    kind = "relaxng"

    def __init__(self, path: str, doc: etree._ElementTree):
        super().__init__(path)
        _check_refs(path, doc)
        self.doc = doc
        self._full: etree.RelaxNG | None = None
        self._union: frozenset[str] = frozenset()
        self._subset: etree.RelaxNG | None = None
        self._source: str | None = None
        self._starts: frozenset[str] | None | bool = False  # False: not yet known
        self._lock = threading.Lock()

    def full(self) -> etree.RelaxNG:
        with self._lock:
            if self._full is None:
                self._full = self._compile(self.doc)
            return self._full

    def prepare(self, names: frozenset[str], cuts: Path | None = None) -> None:
        """Cut the grammar for a batch of documents that use these names (document_names),
        at once; `cuts`: the folder where cuts are kept between processes."""
        self.subset(names, cuts)

    def subset(self, names: frozenset[str], cuts: Path | None = None) -> etree.RelaxNG | None:
        """A grammar cut down to (at least) the elements named, and the attributes named
        "@name" if any is; None: use the whole one.

        The cut grows with the names met in this process, so a corpus checked in batches
        compiles it a few times, not once per file; any superset of a document's names is as
        sound. libxml2 can take very long over some cut grammars, so each is first compiled
        in a forked probe with a time limit; one that does not compile in time is not used.
        A cut kept in `cuts` compiled in time when it was kept, and is not probed again.
        """
        with self._lock:
            if names <= self._union:
                return self._subset
            self._union = self._union | names
            kept = self._kept(self._union, cuts)
            if kept is not None and kept.with_suffix(".slow").exists():
                self._subset = None
                return None
            if kept is not None and kept.is_file():
                try:
                    grammar = etree.parse(str(kept), safe_parser())
                    if next(grammar.getroot().iter(*_REFS), None) is None:  # none is kept
                        self._subset = etree.RelaxNG(grammar)
                        return self._subset
                except (OSError, etree.XMLSyntaxError, etree.RelaxNGParseError):
                    pass  # not readable (a truncated or foreign file): cut again
            elements = frozenset(n for n in self._union if not n.startswith("@"))
            attributes = {n[1:] for n in self._union if n.startswith("@")} or None
            grammar = prune_grammar(self.doc, elements, attributes)
            fast = _compiles_in_time(grammar)
            self._subset = etree.RelaxNG(grammar) if fast else None
            if kept is not None:
                from .cache import write_atomic

                write_atomic(kept if fast else kept.with_suffix(".slow"), etree.tostring(grammar))
            return self._subset

    def _kept(self, names: frozenset[str], cuts: Path | None) -> Path | None:
        """Where the cut to `names` is kept: named by the digest of the grammar's bytes,
        the cutting code and the names. A grammar that includes others is not kept: its
        cut depends on them, and refers to them by paths relative to the grammar."""
        if cuts is None:
            return None
        if next(self.doc.getroot().iter(R + "include", R + "externalRef"), None) is not None:
            return None
        if self._source is None:
            self._source = _sha_file(self.path) + _sha_file(__file__)
        key = hashlib.sha256("\0".join([self._source, *sorted(names)]).encode()).hexdigest()
        return cuts / f"{key}.rng"

    def _wrong_root(self, tree: etree._ElementTree, file: str) -> list[Problem]:
        """A document whose root the grammar cannot begin with, said without the whole
        grammar (tei_all takes seconds to compile, for a verdict known at once): the one
        problem libxml2 would report at the root, in teitools' words."""
        if self._starts is False:
            self._starts = _roots(self.doc.getroot())
        root = tree.getroot()
        if not self._starts or root.tag in self._starts:
            return []
        found = etree.QName(root)
        spaces = {etree.QName(n).namespace for n in self._starts}
        where = ""
        if found.namespace not in spaces:
            where = (
                f" in the namespace {found.namespace}" if found.namespace else " in no namespace"
            )
        expected = " or ".join(f"<{etree.QName(n).localname}>" for n in sorted(self._starts))
        return [
            Problem(
                file,
                root.sourceline,
                None,
                f"element <{found.localname}>{where} cannot be the root: expected {expected} "
                f"({self.name})",
                "schema/relaxng",
            )
        ]

    def _compile(self, doc: etree._ElementTree) -> etree.RelaxNG:
        try:
            return etree.RelaxNG(doc)
        except etree.RelaxNGParseError as e:
            raise InputError(
                f"schema does not compile: {e}", self.path, rule="schema/compile"
            ) from None

    def started(self) -> bool:
        """Whether the grammar has been cut (for some names) in this process."""
        return bool(self._union)

    def check(
        self,
        tree: etree._ElementTree,
        file: str,
        names: frozenset[str] | None = None,
        wider: Callable[[], frozenset[str]] | None = None,
    ) -> list[Problem]:
        """The document's problems; `names`: its document_names, if already known; `wider`:
        names to cut for beside the document's, if the cut must grow for it (those of the
        files checked with it, so that it grows once for them, not once for each).

        The cut decides as the whole grammar does (prune_grammar), and says the same words
        where they were compared; the whole grammar is compiled (seconds, for tei_all) only
        where there is no cut or it gives no message. A document the cut made so far accepts
        is valid (the cut accepts nothing the whole grammar does not): its names are not
        walked; they are where it does not, to know whether the cut lacks one of them."""
        tried = None  # the cut already tried, its error log this document's messages
        if names is None and (current := self._subset) is not None:
            if current.validate(tree):
                return []
            tried = current
        if names is None:
            names = document_names(tree)
        if wider is not None and not names <= self._union:
            names = names | wider()
        subset = self.subset(names)
        if subset is not None and subset is not tried and subset.validate(tree):
            return []
        if wrong := self._wrong_root(tree, file):
            return wrong
        if subset is not None and (found := self._problems(subset, file)):
            return found
        full = self.full()
        if full.validate(tree):
            return []
        return self._problems(full, file)

    def _problems(self, grammar: etree.RelaxNG, file: str) -> list[Problem]:
        """The messages of the last validation by `grammar`, located."""
        return [
            Problem(
                file,
                e.line or None,
                (e.column or 0) + 1 if e.column else None,
                f"{_tidy(e.message)} ({self.name})",
                "schema/relaxng",
            )
            for e in grammar.error_log
        ]


def _sha_file(path: str) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return "-"


def _compiles_in_time(grammar: etree._ElementTree, seconds: float = 2.0) -> bool:
    """Whether lxml compiles a grammar within the time, tried in a forked child process."""
    if not hasattr(os, "fork"):
        return False
    pid = os.fork()
    if pid == 0:  # the probe: compile, report by exit status, never return
        try:
            etree.RelaxNG(grammar)
            os._exit(0)
        except BaseException:
            os._exit(1)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status) == 0
        time.sleep(0.001)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return False


def _element_name(el: etree._Element) -> str | None:
    """The {ns}local name an <element name="..."> pattern matches, or None for name classes."""
    name = el.get("name")
    if name is None or ":" in name:
        return None
    ns = el.get("ns")
    if ns is None:
        ns = next((a.get("ns") for a in el.iterancestors() if a.get("ns") is not None), "")
    return f"{{{ns}}}{name}"


def _attribute_name(el: etree._Element) -> str | None:
    """The {ns}local (or bare local) name an <attribute name="..."> pattern matches, as lxml
    names attributes; None for name classes and prefixes it cannot resolve."""
    name = el.get("name")
    if name is None:
        return None
    if ":" in name:
        prefix, local = name.split(":", 1)
        ns = XML_NS if prefix == "xml" else el.nsmap.get(prefix)
        return f"{{{ns}}}{local}" if ns else None
    ns = el.get("ns", "")  # an attribute's namespace is not inherited: none unless said
    return f"{{{ns}}}{name}" if ns else name


XML_NS = "http://www.w3.org/XML/1998/namespace"


def document_names(tree: etree._ElementTree) -> frozenset[str]:
    """The element names a document uses, and its attribute names marked with "@": what a
    grammar is cut to for it."""
    tags: set[str] = set()
    attributes: set[str] = set()
    for el in tree.iter(etree.Element):
        tags.add(el.tag)
        if keys := el.keys():
            attributes.update(keys)
    return frozenset(tags.union("@" + a for a in attributes))


# What names_hint reads in a document's bytes: namespace declarations, start tags (their name,
# then what follows it), and in those, what looks like an attribute (a space, a name, "=").
_DECLARED = re.compile(rb"""xmlns(?::([\w.-]+))?\s*=\s*(["'])(.*?)\2""", re.S)
_START_TAG = re.compile(rb"<([A-Za-z_][^\s/>]*)([^>]*)>")
_ATTRIBUTE = re.compile(rb"\s([A-Za-z_][\w.:-]*)\s*=")


def names_hint(data: bytes) -> frozenset[str]:
    """The names a document seems to use (as document_names gives them), read in its bytes
    without parsing: every start tag's name in each namespace its prefix is declared for
    anywhere in the document (an unprefixed one: each default namespace, and none), every
    attribute-like name in a start tag. Meant as a superset, found cheaply: a grammar is cut
    once for a corpus before its files are checked; a name it misses only makes a file's
    check cut the grammar again (RelaxNG.subset), never a wrong result."""
    prefixes: dict[bytes, set[str]] = {b"xml": {XML_NS}}
    defaults = {""}
    for prefix, _, uri in _DECLARED.findall(data):
        name = uri.decode("utf-8", "replace")
        if prefix:
            prefixes.setdefault(prefix, set()).add(name)
        else:
            defaults.add(name)
    tags = set(_START_TAG.findall(data))  # the same tag is often written again and again
    elements = {name for name, _ in tags}
    attributes = set(_ATTRIBUTE.findall(b" ".join({rest for _, rest in tags})))
    attributes.discard(b"xmlns")
    out: set[str] = set()
    for names, unprefixed, mark in ((elements, defaults, ""), (attributes, {""}, "@")):
        for qname in names:
            prefix, _, local = qname.rpartition(b":")
            spaces = prefixes.get(prefix, set()) if prefix else unprefixed
            if prefix == b"xmlns":
                continue
            text = local.decode("utf-8", "replace")
            out.update(mark + (f"{{{ns}}}{text}" if ns else text) for ns in spaces)
    return frozenset(out)


def prune_grammar(
    doc: etree._ElementTree, keep: Iterable[str], attributes: Iterable[str] | None = None
) -> etree._ElementTree:
    """The grammar with every element pattern not named in `keep` made notAllowed, and, if
    `attributes` is given, every attribute pattern not named there; simplified.

    Exact for a document that uses only those names: a valid document's derivation uses no
    other element or attribute pattern, so the cut accepts it; the cut accepts nothing the
    whole grammar does not. Fewer attribute patterns make libxml2 validate twice as fast."""
    keep = set(keep)
    g = copy.deepcopy(doc)
    root = g.getroot()
    work: list[etree._Element] = []  # notAllowed patterns, each to be followed up once

    def not_allowed(old: etree._Element) -> None:
        new = etree.Element(R + "notAllowed")
        new.tail = old.tail
        old.getparent().replace(old, new)
        work.append(new)

    for el in list(root.iter(R + "element")):
        q = _element_name(el)
        if q is not None and q not in keep and el.getparent() is not None:
            not_allowed(el)
    if attributes is not None:
        used = set(attributes)
        for el in list(root.iter(R + "attribute")):
            q = _attribute_name(el)
            if q is not None and q not in used and el.getparent() is not None:
                not_allowed(el)
    work.extend(root.iter(R + "notAllowed"))  # and those the grammar says itself
    # a name defined more than once (combine=) is left alone: its parts are not the whole
    defined = Counter(d.get("name") for d in root.iter(R + "define"))
    refs: dict[str, list[etree._Element]] = {}
    for ref in root.iter(R + "ref"):
        refs.setdefault(ref.get("name"), []).append(ref)
    gone: dict[str, etree._Element] = {}
    # Each notAllowed makes what holds it notAllowed, empty, or one alternative fewer (a
    # definition's children form a group): followed up from each once, not by walking the
    # whole grammar again until nothing changes (three times slower, the same grammar).
    while work:
        dead = work.pop()
        parent = dead.getparent()
        if parent is None:
            continue
        if parent.tag == R + "define":
            name = parent.get("name")
            if defined[name] == 1 and name not in gone:
                gone[name] = parent
                for ref in refs.get(name, ()):
                    if ref.getparent() is not None:
                        not_allowed(ref)
        elif parent.tag == R + "choice":
            parent.remove(dead)
            if parent.getparent() is not None and not any(isinstance(c.tag, str) for c in parent):
                not_allowed(parent)
        elif parent.getparent() is None:
            continue
        elif parent.tag in _DEAD_WITH_ANY:
            not_allowed(parent)
        elif parent.tag in (R + "zeroOrMore", R + "optional"):
            empty = etree.Element(R + "empty")
            empty.tail = parent.tail
            parent.getparent().replace(parent, empty)
    for d in gone.values():
        if d.getparent() is not None:
            d.getparent().remove(d)
    _tidy_empty(root)
    return g


# The patterns a notAllowed child makes notAllowed (their children are all required)
_DEAD_WITH_ANY = frozenset(
    R + t for t in ("group", "interleave", "oneOrMore", "element", "attribute", "list", "mixed")
)


def _roots(grammar: etree._Element) -> frozenset[str] | None:
    """The names of the elements a document may begin with (reached from <start> without
    passing through another element); None where a name class, an included grammar or a
    nested one makes it hard to say."""
    if next(grammar.iter(R + "include", R + "externalRef", R + "parentRef"), None) is not None:
        return None
    if any(g is not grammar for g in grammar.iter(R + "grammar")):
        return None
    defines: dict[str, list[etree._Element]] = {}
    for d in grammar.iter(R + "define"):
        defines.setdefault(d.get("name"), []).append(d)
    out: set[str] = set()
    seen: set[str] = set()
    todo = [s for s in grammar.iter(R + "start")]
    while todo:
        node = todo.pop()
        for el in node.iter(R + "element", R + "ref"):
            inside = False  # within an element below `node`: not a root
            for a in el.iterancestors():
                if a is node:
                    break
                inside = inside or a.tag == R + "element"
            if inside:
                continue
            if el.tag == R + "element":
                if (q := _element_name(el)) is None:
                    return None
                out.add(q)
            elif (name := el.get("name")) not in seen:
                seen.add(name)
                todo.extend(defines.get(name, []))
    return frozenset(out)


def _patterns(el: etree._Element) -> list[etree._Element]:
    return [c for c in el if isinstance(c.tag, str) and c.tag.startswith(R)]


def _tidy_empty(root: etree._Element) -> None:
    """Say the cut grammar plainly: a reference to a definition that is only <empty/> is
    <empty/>; an <empty/> beside other patterns in a group means nothing and goes; a group
    of one pattern is that pattern. libxml2 validates far faster without them, and takes
    exponential time compiling some grammars that keep them."""
    changed = True
    while changed:
        changed = False
        bodies: dict[str, list[etree._Element]] = {}
        for d in root.iter(R + "define"):
            bodies.setdefault(d.get("name"), []).append(d)
        empty = {
            name
            for name, ds in bodies.items()
            if len(ds) == 1
            and not ds[0].get("combine")
            and [c.tag for c in _patterns(ds[0])] == [R + "empty"]
        }
        for ref in list(root.iter(R + "ref")):
            if ref.get("name") in empty:
                new = etree.Element(R + "empty")
                new.tail = ref.tail
                ref.getparent().replace(ref, new)
                changed = True
        for e in list(root.iter(R + "empty")):
            parent = e.getparent()
            if parent.tag in (R + "choice", R + "except"):
                continue  # an empty alternative
            if parent.tag in (R + "element", R + "attribute") and parent.get("name") is None:
                continue  # beside a name class
            if len(_patterns(parent)) > 1:
                _drop(e)
                changed = True
        changed = _unwrap(root) or changed


def _unwrap(root: etree._Element) -> bool:
    """Replace a group, choice or interleave of one pattern by that pattern (the same
    language). libxml2 takes exponential time compiling some grammars that keep them: TEI's
    <listWit>, once cut to (witness | listWit)+ inside a group of one, took minutes."""
    done = False
    for e in list(root.iter(R + "group", R + "choice", R + "interleave")):
        kids = _patterns(e)
        others = [c for c in e if isinstance(c.tag, str) and not c.tag.startswith(R)]
        parent = e.getparent()
        if len(kids) == 1 and not others and parent is not None and not e.attrib:
            kids[0].tail = e.tail
            parent.replace(e, kids[0])
            done = True
    return done


def _drop(el: etree._Element) -> None:
    """Remove an element, keeping its tail text."""
    parent = el.getparent()
    prev = el.getprevious()
    if el.tail:
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


class XSD(Schema):
    """XSD 1.0 with lxml; XSD 1.1 (assertions, vc:minVersion="1.1") with xmlschema."""

    kind = "xsd"

    def __init__(self, path: str, doc: etree._ElementTree):
        super().__init__(path)
        _check_refs(path, doc)
        root = doc.getroot()
        vc = "{http://www.w3.org/2007/XMLSchema-versioning}minVersion"
        self.v11 = root.get(vc) == "1.1" or bool(
            root.xpath("//xs:assert", namespaces={"xs": XSD_NS})
        )
        try:
            if self.v11:
                self.schema = _xsd11(path)
            else:
                self.schema = etree.XMLSchema(doc)
        except InputError:
            raise
        except Exception as e:  # both libraries raise their own parse errors
            raise InputError(f"schema does not compile: {e}", path, rule="schema/compile") from None

    def check(self, tree: etree._ElementTree, file: str) -> list[Problem]:
        if not self.v11:
            if self.schema.validate(tree):
                return []
            return [
                Problem(file, e.line, None, f"{_tidy(e.message)} ({self.name})", "schema/xsd")
                for e in self.schema.error_log
            ]
        out = []
        for err in self.schema.iter_errors(tree):
            elem = getattr(err, "elem", None)
            line = getattr(elem, "sourceline", None)
            reason = err.reason or str(err.message)
            where = (
                f"<{etree.QName(elem).localname}>: "
                if elem is not None and isinstance(elem.tag, str)
                else ""
            )
            out.append(Problem(file, line, None, f"{where}{reason} ({self.name})", "schema/xsd"))
        return out


def _xsd11(path: str) -> xmlschema.XMLSchema11:  # noqa: F821
    """An XSD 1.1 schema whose assertions compare strings by code point, as XSD says.

    elementpath takes its default collation from the process's LC_COLLATE when a parser is
    built; a library that set the locale (Pango does) would give it a locale collation that
    may not be installed, and a failed switch leaves elementpath's locale lock held for good.
    """
    import locale
    import warnings

    import xmlschema
    from xmlschema.exceptions import XMLResourceBlocked

    remote: list[str] = []

    def mapper(url: str) -> str:
        """Note every location on a server; allow="local" then refuses to fetch it."""
        if _REMOTE.match(url) and not url.lower().startswith("file:"):
            remote.append(url)
        return url

    saved = locale.setlocale(locale.LC_COLLATE)
    try:
        locale.setlocale(locale.LC_COLLATE, "C")
        # a failed import is only a warning to xmlschema: silenced here, refused below
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                schema = xmlschema.XMLSchema11(
                    path, allow="local", defuse="always", uri_mapper=mapper
                )
            except XMLResourceBlocked:
                schema = None
    finally:
        locale.setlocale(locale.LC_COLLATE, saved)
    if remote:
        raise _refuse_remote(path, remote[0])
    if schema is None:
        raise InputError("the schema refers to a file it may not read", path, rule="schema/remote")
    return schema


_SCH_STEPS = Path(isoschematron.__file__).parent / "resources" / "xsl" / "iso-schematron-xslt1"
# A Schematron runs as XSLT: its document() calls may read nothing, neither a file nor the
# network; only its includes, from its own folder, are read while it is compiled.
_NO_ACCESS = etree.XSLTAccessControl(
    read_file=False, write_file=False, create_dir=False, read_network=False, write_network=False
)
_READ_LOCAL = etree.XSLTAccessControl(
    read_file=True, write_file=False, create_dir=False, read_network=False, write_network=False
)


class _Confined(etree.Resolver):
    """Lets the XSLT engine load files only under the given folders; refuses, and notes,
    every other location (another folder, a server)."""

    def __init__(self, *folders: Path):
        super().__init__()
        self.folders = [str(f.resolve()) + os.sep for f in folders]
        self.refused: list[str] = []

    def resolve(self, url, pubid, context):  # noqa: ANN001 (lxml's signature)
        local = url[7:] if url.startswith("file://") else url
        # both the name as given and unescaped must lie inside: the loader may read either
        inside = all(
            os.path.realpath(name).startswith(tuple(self.folders))
            for name in (local, unquote(local))
        )
        if not _REMOTE.match(local) and inside:
            return None  # the ordinary loader reads it
        self.refused.append(url)
        raise InputError(f"refused: {url}")


XSL_NS = "http://www.w3.org/1999/XSL/Transform"
SAXON_NS = "http://icl.com/saxon"  # libxslt's saxon:line-number(), an EXSLT-era function


def _locations_as_lines(xslt: etree._Element) -> None:
    """Have the compiled Schematron say where a finding is by its line, not by an XPath.

    The skeleton writes each finding's location as a path that counts the preceding siblings
    of every ancestor, quadratic in a body of many paragraphs with a finding each (a 5 MB
    document took minutes); the line is what teitools reports anyway."""
    for template in xslt.iter(f"{{{XSL_NS}}}template"):
        if template.get("mode") == "schematron-get-full-path":
            for child in list(template):
                template.remove(child)
            template.text = None
            etree.SubElement(
                template,
                f"{{{XSL_NS}}}value-of",
                select="concat('line:', saxon:line-number())",
                nsmap={"saxon": SAXON_NS},
            )


def _denied(e: Exception) -> str | None:
    """The location an XSLT run was refused, from lxml's error and its log."""
    text = f"{e}\n{getattr(e, 'error_log', '')}"
    m = re.search(r"read rights for (\S+) denied|file read for (\S+) refused", text)
    return (m[1] or m[2]) if m else None


def _step(name: str, resolver: _Confined, access: etree.XSLTAccessControl) -> etree.XSLT:
    """One step of the ISO Schematron pipeline, loading through the resolver."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(resolver)
    return etree.XSLT(etree.parse(str(_SCH_STEPS / name), parser), access_control=access)


class Schematron(Schema):
    """ISO Schematron (XPath 1.0 query binding), reported with each rule's id and line.

    Compiled by the ISO pipeline (include, expand, compile to XSLT) with every read confined:
    includes only from the schema's folder, nothing from the network, and the rules, run
    against a document, may read no file at all."""

    kind = "schematron"

    def __init__(self, path: str, doc: etree._ElementTree):
        super().__init__(path)
        folder = Path(path).parent
        steps = _Confined(_SCH_STEPS)
        includes = _Confined(_SCH_STEPS, folder)
        try:
            sch = doc
            if etree.QName(doc.getroot()).localname == "schema":
                sch = _step("iso_dsdl_include.xsl", includes, _READ_LOCAL)(doc)
            sch = _step("iso_abstract_expand.xsl", steps, _NO_ACCESS)(sch)
            checkable = isoschematron.schematron_schema_valid_supported
            if checkable and not isoschematron.schematron_schema_valid(sch):
                raise etree.SchematronParseError(
                    f"invalid schematron schema: {isoschematron.schematron_schema_valid.error_log}"
                )
            xslt = _step("iso_svrl_for_xslt1.xsl", steps, _NO_ACCESS)(sch)
            _locations_as_lines(xslt.getroot())
            # parsed again so that any import it makes goes through the resolver too
            parser = etree.XMLParser(no_network=True, resolve_entities=False)
            parser.resolvers.add(steps)
            xslt = etree.fromstring(etree.tostring(xslt), parser, base_url=path)
            self.validator = etree.XSLT(xslt, access_control=_NO_ACCESS)
        except Exception as e:  # lxml's XSLT and Schematron errors, a refused include
            refused = includes.refused or steps.refused or [_denied(e)]
            if refused[0]:
                raise InputError(
                    f"the Schematron reads {refused[0]}: refused (a schema may include files "
                    "from its own folder only, and teitools never uses the network)",
                    path,
                    rule="schema/include-refused",
                ) from None
            message = " ".join(str(e).split()) or type(e).__name__
            raise InputError(
                f"schema does not compile: {message}", path, rule="schema/compile"
            ) from None

    def check(self, tree: etree._ElementTree, file: str) -> list[Problem]:
        try:
            report = self.validator(tree)
        except etree.Error as e:  # a rule that reads a file, or an XSLT runtime error
            what = _denied(e)
            message = (
                f"the Schematron {self.name} tries to read {what}: refused (its rules may "
                "read no file and no network address)"
                if what
                else f"the Schematron {self.name} failed: {' '.join(str(e).split())}"
            )
            rule = "schematron/read-refused" if what else "schematron/failed"
            return [Problem(file, None, None, message, rule)]
        ns = {"svrl": SVRL_NS}
        if not report.xpath("//svrl:failed-assert", namespaces=ns):
            return []
        out = []
        for f in report.xpath("//svrl:failed-assert | //svrl:successful-report", namespaces=ns):
            text = " ".join("".join(f.find("svrl:text", ns).itertext()).split())
            line = _line_of(tree, f.get("location") or "")
            rule = f.get("id") or f.get("role") or "assert"
            severity = "warning" if f.get("role") in ("warning", "warn", "info") else "error"
            out.append(Problem(file, line, None, text, f"schematron/{rule}", severity))
        return out


def _line_of(tree: etree._ElementTree, location: str) -> int | None:
    """The line of a finding: said by the compiled rules (line:N), else found by evaluating
    the location as the XPath the ISO skeleton writes."""
    if m := re.match(r"line:(\d+)", location):
        return int(m[1])
    try:
        hit = tree.xpath(location) if location else []
    except etree.XPathError:
        return None
    if hit and hasattr(hit[0], "sourceline"):
        return hit[0].sourceline
    if hit and hasattr(hit[0], "getparent") and hit[0].getparent() is not None:
        return hit[0].getparent().sourceline
    return None


# compiled schemas by path: the files each depends on, as they were, and the schema
_COMPILED: dict[str, tuple[tuple[tuple[str, int, int, int], ...], Schema]] = {}


def _stamps(files: Iterable[str]) -> tuple[tuple[str, int, int, int], ...]:
    out = []
    for f in files:
        try:
            st = os.stat(f)
            out.append((f, st.st_mtime_ns, st.st_size, st.st_ino))
        except OSError:
            out.append((f, -1, -1, -1))
    return tuple(out)


def compile_schema(path: str) -> Schema:
    """Compile a RELAX NG, XSD or Schematron schema once per process, by its kind; again
    when it or a file it includes has changed since (a long-lived process sees the edit)."""
    path = os.path.abspath(path)
    if not Path(path).is_file():
        raise InputError("no such schema", path, rule="io/missing")
    kept = _COMPILED.get(path)
    if kept is not None and _stamps(f for f, *_ in kept[0]) == kept[0]:
        return kept[1]
    from .cache import schema_files

    stamps = _stamps(schema_files(path))
    schema = _compile_schema(path)
    if len(_COMPILED) >= 32:  # a bound, as an lru_cache had
        _COMPILED.pop(next(iter(_COMPILED)))
    _COMPILED[path] = (stamps, schema)
    return schema


def _compile_schema(path: str) -> Schema:
    """compile_schema's work."""
    doc = _load(path)
    ns = etree.QName(doc.getroot()).namespace
    if ns == RNG_NS:
        return RelaxNG(path, doc)
    if ns == XSD_NS:
        return XSD(path, doc)
    if ns in (SCH_NS, "http://www.ascc.net/xml/schematron"):
        return Schematron(path, doc)
    raise InputError(
        "not a RELAX NG (.rng), XSD or Schematron schema (compact syntax is not read)",
        path,
        rule="schema/kind",
    )
