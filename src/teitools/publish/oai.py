"""OAI-PMH 2.0 over the record store, as a plain ASGI application that also serves the edition.

    uvicorn --factory teitools.publish.oai:from_environment   # TEITOOLS_DB=store.db

`Protocol` answers one request (its arguments as pairs) with the bytes of the response, every
error condition with its OAI code; `Application` is the ASGI layer: /oai by GET and POST, the
published TEI files at /tei/<name>.xml, and the HTML edition (a folder) at /.

List requests are paged by keyset: a resumptionToken carries the query, the generation of the
store when the list began (a snapshot: records published or changed later are left out) and
the (datestamp, identifier) of the last record sent, so no state is kept between requests and
a harvest stays consistent while documents are published meanwhile.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import functools
import json
import mimetypes
import os
import re
import threading
from collections.abc import Awaitable, Callable, Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote
from xml.sax.saxutils import escape

from .formats import FORMATS
from .store import DATESTAMP, Header, Repository, Selection, Store, utc_datestamp

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
OAI_ID_NS = "http://www.openarchives.org/OAI/2.0/oai-identifier"
OAI_ID_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"

#: Each verb's required and optional arguments (resumptionToken is handled apart: exclusive).
VERBS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "Identify": ((), ()),
    "ListMetadataFormats": ((), ("identifier",)),
    "ListSets": ((), ()),
    "GetRecord": (("identifier", "metadataPrefix"), ()),
    "ListIdentifiers": (("metadataPrefix",), ("from", "until", "set")),
    "ListRecords": (("metadataPrefix",), ("from", "until", "set")),
}
RESUMABLE = ("ListSets", "ListIdentifiers", "ListRecords")

# what the schema allows in <request> attributes: a value that breaks these is a badArgument
_XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# an identifier is an anyURI: RFC 3986 syntax, non-ASCII letters allowed (as libxml2 has it)
_PCHAR = r"(?:[A-Za-z0-9\-._~!$&'()*+,;=@\u0080-\U0010ffff]|%[0-9A-Fa-f]{2})"
_URI = (
    rf"(?:[A-Za-z][A-Za-z0-9+.\-]*:(?:{_PCHAR}|[:/])*"  # scheme:...
    rf"|{_PCHAR}+(?:/(?:{_PCHAR}|[:/])*)?|/(?:{_PCHAR}|[:/])*)"  # or a relative reference
    rf"(?:\?(?:{_PCHAR}|[:/?])*)?(?:#(?:{_PCHAR}|[:/?])*)?"
)
_PATTERNS = {
    "metadataPrefix": re.compile(r"[A-Za-z0-9\-_.!~*'()]+"),
    "set": re.compile(r"[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*"),
    "identifier": re.compile(_URI),
}
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_SECONDS = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
_EARLIEST, _LATEST = "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z"
# a token this repository gives is a flat list of a dozen short fields: anything longer is
# forged, and is refused before it is decoded
_MAX_TOKEN = 4096


class OAIError(Exception):
    """One or more protocol errors, each an OAI-PMH error code with a message for people."""

    def __init__(self, code: str, message: str, *more: tuple[str, str]):
        super().__init__(message)
        self.errors = [(code, message), *more]


def _attr(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def _element(name: str, text: str, **attrs: str) -> str:
    extra = "".join(f' {k}="{_attr(v)}"' for k, v in attrs.items())
    return f"<{name}{extra}>{escape(text)}</{name}>"


@dataclass(frozen=True)
class Token:
    """Where a paged list stands: the query, its snapshot, the last record sent, how far."""

    verb: str
    store_id: str
    selection: Selection
    last: tuple[str, str]
    cursor: int
    size: int

    def encode(self) -> str:
        s = self.selection
        fields = [1, self.verb, self.store_id, s.generation, s.prefix, s.set, s.from_, s.until]
        fields += [*self.last, self.cursor, self.size]
        raw = json.dumps(fields, separators=(",", ":"), ensure_ascii=False).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str, verb: str, repo: Repository) -> Token:
        """The token a harvester sent back, checked field by field, or badResumptionToken."""
        bad = OAIError("badResumptionToken", "the resumptionToken is not one this repository gave")
        if len(text) > _MAX_TOKEN:
            raise bad
        try:
            raw = base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
            # one flat list (no field holds a bracket): nothing nested reaches the decoder
            if raw.count(b"[") != 1 or b"{" in raw:
                raise bad
            fields = json.loads(raw)
        except (binascii.Error, ValueError, RecursionError):
            raise bad from None
        if not isinstance(fields, list) or len(fields) != 12 or fields[0] != 1:
            raise bad
        _, tverb, store_id, gen, prefix, set_, from_, until, day, doc_id, cursor, size = fields
        strings = (store_id, prefix, from_, until, day, doc_id)
        ints = (gen, cursor, size)
        if (
            tverb != verb
            or not all(isinstance(v, str) for v in strings)
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in ints)
            or not (set_ is None or isinstance(set_, str) and _PATTERNS["set"].fullmatch(set_))
        ):
            raise bad
        if store_id != repo.store_id:
            raise OAIError(
                "badResumptionToken", "the resumptionToken is from another or an older store"
            )
        if (
            prefix not in FORMATS
            or not 0 <= gen <= repo.generation
            or not 0 < cursor < size
            or not all(_SECONDS.fullmatch(v) for v in (from_, until, day))
        ):
            raise bad
        return cls(
            verb, store_id, Selection(prefix, set_, from_, until, gen), (day, doc_id), cursor, size
        )


def _bound(name: str, value: str, upper: bool) -> tuple[str, str]:
    """A from/until argument as an inclusive datestamp at seconds granularity, and its
    granularity; a day means its whole length."""
    try:
        if _DAY.fullmatch(value):
            datetime.strptime(value, "%Y-%m-%d")
            return value + ("T23:59:59Z" if upper else "T00:00:00Z"), "day"
        if _SECONDS.fullmatch(value):
            datetime.strptime(value, DATESTAMP)
            return value, "seconds"
    except ValueError:
        pass
    raise OAIError(
        "badArgument", f"{name}={value!r} is not a UTC date (YYYY-MM-DD or {GRANULARITY})"
    )


# what a verb answers: text, or parts (text and the metadata of records, as stored)
_Body = str | list[str | bytes]


class Protocol:
    """The six verbs of OAI-PMH 2.0 over a store: one request in, one response's bytes out."""

    def __init__(self, page_size: int = 100, page_bytes: int = 2_000_000):
        self.page_size = page_size
        self.page_bytes = page_bytes  # a page of large TEI records ends early, by size
        self._verbs: dict[str, Callable[[Store, dict[str, str], str], _Body]] = {
            "Identify": self._identify,
            "ListMetadataFormats": self._list_metadata_formats,
            "ListSets": self._list_sets,
            "GetRecord": self._get_record,
            "ListIdentifiers": self._list_identifiers,
            "ListRecords": self._list_records,
        }

    def respond(self, store: Store, pairs: Iterable[tuple[str, str]], base_url: str) -> bytes:
        """The response to one request, errors included (OAI errors are answered with 200)."""
        return b"".join(self.response(store, pairs, base_url))

    def response(
        self, store: Store, pairs: Iterable[tuple[str, str]], base_url: str
    ) -> list[bytes]:
        """The response to one request in parts, to be sent one after the other: a record's
        metadata is one part as the store holds it, never copied into a larger string."""
        now = utc_datestamp()
        try:
            verb, args = self.arguments(list(pairs))
        except OAIError as e:  # badVerb and badArgument: the request is echoed without arguments
            return self._envelope(now, base_url, {}, [self._errors(e)])
        with store.reading():
            try:
                body = self._verbs[verb](store, args, base_url)
            except OAIError as e:
                body = self._errors(e)
        parts = [body] if isinstance(body, str) else body
        return self._envelope(now, base_url, {"verb": verb, **args}, parts)

    def arguments(self, pairs: list[tuple[str, str]]) -> tuple[str, dict[str, str]]:
        """The verb and its arguments, checked against what the verb takes and their syntax."""
        verbs = [v for k, v in pairs if k == "verb"]
        if len(verbs) != 1:
            raise OAIError("badVerb", "give exactly one verb" if verbs else "no verb given")
        verb = verbs[0]
        if verb not in VERBS:
            raise OAIError("badVerb", f"{verb!r} is not an OAI-PMH verb")
        required, optional = VERBS[verb]
        args: dict[str, str] = {}
        problems: list[str] = []
        for key, value in pairs:
            if key == "verb":
                continue
            if _XML_ILLEGAL.search(key + value):
                problems.append("an argument holds characters XML cannot carry")
            elif key in args:
                problems.append(f"{key} is repeated")
            elif key not in (*required, *optional) and not (
                key == "resumptionToken" and verb in RESUMABLE
            ):
                problems.append(f"{verb} does not take {key}")
            elif not value:
                problems.append(f"{key} is empty")
            elif key in _PATTERNS and not _PATTERNS[key].fullmatch(value):
                problems.append(f"{key}={value!r} is not a valid {key}")
            else:
                args[key] = value
        if "resumptionToken" in args and len(args) > 1:
            problems.append("resumptionToken is exclusive: give it alone with the verb")
        elif "resumptionToken" not in args:
            problems += [f"{verb} needs {k}" for k in required if k not in args]
        if not problems and ("from" in args or "until" in args):
            try:
                self._bounds(args)
            except OAIError as e:
                problems.append(str(e))
        if problems:
            raise OAIError("badArgument", problems[0], *(("badArgument", p) for p in problems[1:]))
        return verb, args

    @staticmethod
    def _bounds(args: dict[str, str]) -> tuple[str, str]:
        from_, fgran = _bound("from", args["from"], False) if "from" in args else (_EARLIEST, "")
        until, ugran = _bound("until", args["until"], True) if "until" in args else (_LATEST, "")
        if fgran and ugran and fgran != ugran:
            raise OAIError("badArgument", "from and until must have the same granularity")
        if from_ > until:
            raise OAIError("badArgument", "from is later than until")
        return from_, until

    # -- the verbs -------------------------------------------------------------------------

    def _identify(self, store: Store, args: dict[str, str], base_url: str) -> str:
        repo = store.repository()
        sample = repo.oai_identifier(store.first_doc_id() or "document")
        identifier = (
            f'<oai-identifier xmlns="{OAI_ID_NS}" xmlns:xsi="{XSI_NS}" '
            f'xsi:schemaLocation="{OAI_ID_NS} {OAI_ID_SCHEMA}">'
            f"<scheme>oai</scheme>{_element('repositoryIdentifier', repo.identifier)}"
            f"<delimiter>:</delimiter>{_element('sampleIdentifier', sample)}</oai-identifier>"
        )
        return (
            "<Identify>"
            + _element("repositoryName", repo.name)
            + _element("baseURL", base_url)
            + "<protocolVersion>2.0</protocolVersion>"
            + _element("adminEmail", repo.admin_email)
            + _element("earliestDatestamp", store.earliest_datestamp())
            + "<deletedRecord>persistent</deletedRecord>"
            + _element("granularity", GRANULARITY)
            + f"<description>{identifier}</description></Identify>"
        )

    def _list_metadata_formats(self, store: Store, args: dict[str, str], base_url: str) -> str:
        prefixes = list(FORMATS)
        if "identifier" in args:
            doc_id = self._existing(store, args["identifier"])
            prefixes = store.prefixes(doc_id)
            if not prefixes:
                raise OAIError(
                    "noMetadataFormats", f"{args['identifier']} is deleted: it has no metadata"
                )
        return (
            "<ListMetadataFormats>"
            + "".join(
                "<metadataFormat>"
                + _element("metadataPrefix", p)
                + _element("schema", FORMATS[p].schema)
                + _element("metadataNamespace", FORMATS[p].namespace)
                + "</metadataFormat>"
                for p in prefixes
                if p in FORMATS
            )
            + "</ListMetadataFormats>"
        )

    def _list_sets(self, store: Store, args: dict[str, str], base_url: str) -> str:
        if "resumptionToken" in args:  # every set list fits in one response
            raise OAIError("badResumptionToken", "this repository gives no token for ListSets")
        sets = store.sets()
        if not sets:
            raise OAIError("noSetHierarchy", "the repository has no sets (it has no records)")
        return (
            "<ListSets>"
            + "".join(
                f"<set>{_element('setSpec', s.spec)}{_element('setName', s.name)}</set>"
                for s in sets
            )
            + "</ListSets>"
        )

    def _get_record(self, store: Store, args: dict[str, str], base_url: str) -> _Body:
        doc_id = self._existing(store, args["identifier"])
        prefix = self._format(args["metadataPrefix"])
        header = store.header(doc_id)
        assert header is not None
        xml = None if header.deleted else store.metadata(doc_id, prefix)
        if xml is None and not header.deleted:
            raise OAIError("cannotDisseminateFormat", f"{args['identifier']} has no {prefix}")
        return ["<GetRecord>", *self._record(store.repository(), header, xml), "</GetRecord>"]

    def _list_identifiers(self, store: Store, args: dict[str, str], base_url: str) -> _Body:
        return self._list("ListIdentifiers", store, args)

    def _list_records(self, store: Store, args: dict[str, str], base_url: str) -> _Body:
        return self._list("ListRecords", store, args)

    # -- helpers ---------------------------------------------------------------------------

    def _existing(self, store: Store, identifier: str) -> str:
        doc_id = store.repository().doc_id(identifier)
        if doc_id is None or store.header(doc_id) is None:
            raise OAIError("idDoesNotExist", f"{identifier} is not in this repository")
        return doc_id

    @staticmethod
    def _format(prefix: str) -> str:
        if prefix not in FORMATS:
            raise OAIError(
                "cannotDisseminateFormat",
                f"{prefix} is not a format of this repository (it has {', '.join(FORMATS)})",
            )
        return prefix

    def _list(self, verb: str, store: Store, args: dict[str, str]) -> list[str | bytes]:
        repo = store.repository()
        if "resumptionToken" in args:
            token = Token.decode(args["resumptionToken"], verb, repo)
            sel, after, cursor, size = token.selection, token.last, token.cursor, token.size
        else:
            prefix = self._format(args["metadataPrefix"])
            if "set" in args and not store.sets():
                raise OAIError("noSetHierarchy", "the repository has no sets (it has no records)")
            from_, until = self._bounds(args)
            sel = Selection(prefix, args.get("set"), from_, until, repo.generation)
            after, cursor, size = None, 0, store.count(sel)
        parts: list[str | bytes] = [f"<{verb}>"]
        budget = self.page_bytes
        last: Header | None = None
        sent = 0
        more = False
        with closing(store.records(sel, after, with_metadata=verb == "ListRecords")) as records:
            for header, xml in records:
                if sent == self.page_size or budget <= 0:
                    more = True
                    break
                if verb == "ListRecords":
                    record = self._record(repo, header, xml)
                else:
                    record = [self._header(repo, header)]
                parts += record
                budget -= sum(map(len, record))
                sent += 1
                last = header
        if last is None:  # every record left changed after the list began: none to send
            raise OAIError("noRecordsMatch", "no records match the request")
        if more:
            nxt = Token(
                verb, repo.store_id, sel, (last.datestamp, last.doc_id), cursor + sent, size
            )
            parts.append(
                _element(
                    "resumptionToken", nxt.encode(), completeListSize=str(size), cursor=str(cursor)
                )
            )
        elif cursor:  # the last page of a list that was split: an empty token closes it
            parts.append(
                _element("resumptionToken", "", completeListSize=str(size), cursor=str(cursor))
            )
        parts.append(f"</{verb}>")
        return parts

    @staticmethod
    def _header(repo: Repository, header: Header) -> str:
        status = ' status="deleted"' if header.deleted else ""
        return (
            f"<header{status}>"
            + _element("identifier", repo.oai_identifier(header.doc_id))
            + _element("datestamp", header.datestamp)
            + "".join(_element("setSpec", s) for s in header.sets)
            + "</header>"
        )

    def _record(self, repo: Repository, header: Header, xml: bytes | None) -> list[str | bytes]:
        head = f"<record>{self._header(repo, header)}"
        if header.deleted or xml is None:
            return [head + "</record>"]
        return [head + "<metadata>", xml, "</metadata></record>"]

    @staticmethod
    def _errors(e: OAIError) -> str:
        return "".join(_element("error", message, code=code) for code, message in e.errors)

    @staticmethod
    def _envelope(
        now: str, base_url: str, request: dict[str, str], body: list[str | bytes]
    ) -> list[bytes]:
        head = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<OAI-PMH xmlns="{OAI_NS}" xmlns:xsi="{XSI_NS}" '
            f'xsi:schemaLocation="{OAI_NS} {OAI_SCHEMA}">'
            f"<responseDate>{now}</responseDate>"
            f"{_element('request', base_url, **request)}"
        )
        parts = [head, *body, "</OAI-PMH>\n"]
        # the text between records is joined (small); the records' metadata stays as it is
        out: list[bytes] = []
        text: list[str] = []
        for part in parts:
            if isinstance(part, str):
                text.append(part)
                continue
            out += ["".join(text).encode(), part]
            text = []
        out.append("".join(text).encode())
        return out


# -- the ASGI application ------------------------------------------------------------------

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]

_HOST = re.compile(r"[A-Za-z0-9.\-]+(:\d+)?|\[[0-9A-Fa-f:.]+\](:\d+)?")
_MAX_BODY = 64 * 1024
_CHUNK = 64 * 1024
_MAX_PATH = 2048  # characters of a URL path looked up in the HTML folder; longer: not found


class Application:
    """The ASGI application: OAI-PMH at /oai, TEI files at /tei/<name>.xml, the HTML at /.

    Store queries run in worker threads, each with its own read-only connection (cached per
    thread), so the event loop never waits on SQLite or the disk.
    """

    def __init__(
        self,
        db: str | os.PathLike[str],
        *,
        html: str | os.PathLike[str] | None = None,
        base_url: str | None = None,
        protocol: Protocol | None = None,
    ):
        self.db = os.fspath(db)
        Store(self.db).close()  # a wrong path is said now, not at the first request
        self.html = Path(html).resolve() if html is not None else None
        self.base_url = base_url
        self.protocol = protocol or Protocol()
        self._local = threading.local()
        self._opened: list[Store] = []
        self._lock = threading.Lock()

    def _store(self) -> Store:
        """This thread's connection (worker threads only: never share one across threads)."""
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = Store(self.db)
            with self._lock:
                self._opened.append(store)
        return store

    def close(self) -> None:
        """Close every connection the worker threads opened."""
        with self._lock:
            for store in self._opened:
                store.close()
            self._opened.clear()

    async def _run(self, fn: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(None, functools.partial(fn, *args))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        path, method = scope["path"], scope["method"]
        head = method == "HEAD"
        if path == "/oai":
            if method not in ("GET", "HEAD", "POST"):
                await _respond(send, 405, b"", "text/plain", [(b"allow", b"GET, HEAD, POST")])
                return
            await self._oai(scope, receive, send, head)
        elif method not in ("GET", "HEAD"):
            await _respond(send, 405, b"", "text/plain", [(b"allow", b"GET, HEAD")])
        elif path.startswith("/tei/") and path.endswith(".xml"):
            await self._tei(path[len("/tei/") : -len(".xml")], send, head)
        elif self.html is not None:
            await self._static(path, send, head)
        elif path == "/":
            body = await self._run(self._index)
            await _respond(send, 200, body, "text/html; charset=utf-8", head=head)
        else:
            await _respond(send, 404, b"not found\n", "text/plain; charset=utf-8", head=head)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                self.close()
                await send({"type": "lifespan.shutdown.complete"})
                return

    def _base_url(self, scope: Scope) -> str:
        if self.base_url:
            return self.base_url
        headers = dict(scope.get("headers") or [])
        host = headers.get(b"host", b"").decode("latin-1")
        if not _HOST.fullmatch(host):
            server = scope.get("server") or ("127.0.0.1", 80)
            host = f"{server[0]}:{server[1]}"
        return f"{scope.get('scheme', 'http')}://{host}{scope.get('root_path', '')}/oai"

    async def _oai(self, scope: Scope, receive: Receive, send: Send, head: bool) -> None:
        if scope["method"] == "POST":
            ctype = dict(scope.get("headers") or []).get(b"content-type", b"")
            if ctype.split(b";")[0].strip().lower() != b"application/x-www-form-urlencoded":
                await _respond(
                    send, 415, b"POST needs application/x-www-form-urlencoded\n", "text/plain"
                )
                return
            raw = await _body(receive)
            if raw is None:
                await _respond(send, 413, b"request too large\n", "text/plain")
                return
        else:
            raw = scope.get("query_string", b"")
        # bytes that are not UTF-8 become lone surrogates, which the protocol refuses
        text = raw.decode("utf-8", "surrogateescape")
        pairs = parse_qsl(text, keep_blank_values=True, errors="surrogateescape")
        parts = await self._run(self._answer, pairs, self._base_url(scope))
        await _start(send, 200, "text/xml; charset=utf-8", sum(map(len, parts)))
        await _send_parts(send, [] if head else parts)

    def _answer(self, pairs: list[tuple[str, str]], base_url: str) -> list[bytes]:
        """In a worker thread, with that thread's connection."""
        return self.protocol.response(self._store(), pairs, base_url)

    async def _tei(self, name: str, send: Send, head: bool) -> None:
        """A published TEI file, read from the store in chunks as it is sent: a large one is
        never held whole, however many ask for it at once."""
        found = await self._run(_open_source, self.db, name)
        if isinstance(found, int):
            text = b"withdrawn\n" if found == 410 else b"not found\n"
            await _respond(send, found, text, "text/plain; charset=utf-8", head=head)
            return
        store, blob = found
        try:
            await _start(send, 200, "application/tei+xml; charset=utf-8", len(blob))
            more = not head
            if head:
                await send({"type": "http.response.body", "body": b""})
            while more:
                chunk = await self._run(blob.read, _CHUNK)
                more = len(chunk) == _CHUNK and blob.tell() < len(blob)
                await send({"type": "http.response.body", "body": chunk, "more_body": more})
        finally:
            blob.close()
            store.close()

    def _index(self) -> bytes:
        store = self._store()
        with store.reading():
            repo, docs = store.repository(), store.live_documents()
        items = "".join(f'<li><a href="/tei/{quote(d)}.xml">{escape(d)}</a></li>' for d in docs)
        return (
            f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{escape(repo.name)}"
            f"</title></head><body><h1>{escape(repo.name)}</h1><p><a href='/oai?verb=Identify'>"
            f"OAI-PMH</a></p><ul>{items}</ul></body></html>"
        ).encode()

    async def _static(self, path: str, send: Send, head: bool) -> None:
        assert self.html is not None
        found = await self._run(_static_file, self.html, path)
        if found is None:
            await _respond(send, 404, b"not found\n", "text/plain; charset=utf-8", head=head)
        elif isinstance(found, str):
            await _respond(send, 301, b"", "text/plain", [(b"location", found.encode())])
        else:
            file, size, ctype = found
            try:
                await _start(send, 200, ctype, size)
                more = not head
                if head:
                    await send({"type": "http.response.body", "body": b""})
                while more:  # in chunks: a large file is never held whole
                    chunk = await self._run(file.read, _CHUNK)
                    more = len(chunk) == _CHUNK
                    await send({"type": "http.response.body", "body": chunk, "more_body": more})
            finally:
                file.close()


def _open_source(db: str, name: str) -> tuple[Store, Any] | int:
    """The stored TEI file of a record as an open blob, with the connection it belongs to
    (this response's own, in one read transaction until it is closed); or 404, or 410 for a
    withdrawn record. In a worker thread."""
    store = Store(db)
    try:
        store.conn.execute("BEGIN")
        row = store.conn.execute(
            "SELECT r.deleted, s.record FROM records r LEFT JOIN sources s ON s.record = r.id "
            "WHERE r.doc_id = ?",
            (name,),
        ).fetchone()
        if row is None or row[1] is None:
            store.close()
            return 410 if row is not None and row[0] else 404
        return store, store.conn.blobopen("sources", "data", row[1], readonly=True)
    except BaseException:
        store.close()
        raise


def _local_path(path: str) -> list[str] | None:
    """The segments of a URL path, normalized as a browser does (`.`, `..`, repeated
    slashes), never above the root; None for what is never served: a dotfile or dot-folder
    (a build's own files), a NUL, a path longer than any in an edition."""
    if len(path) > _MAX_PATH or "\x00" in path:
        return None
    segments: list[str] = []
    for seg in path.split("/"):
        if seg in ("", "."):
            continue
        if seg == "..":
            if segments:
                segments.pop()
        elif seg.startswith("."):
            return None
        else:
            segments.append(seg)
    return segments


def _static_file(root: Path, path: str) -> tuple[Any, int, str] | str | None:
    """A file under `root` for a URL path: (open file, size, type), a redirect, or None.

    A redirect (a folder asked for without its slash) is to the normalized path on this
    server, never to another host; paths that leave the folder (symbolic links pointing
    out), dotfiles and names the system refuses are not found."""
    segments = _local_path(path)
    if segments is None:
        return None
    try:
        target = root.joinpath(*segments).resolve()
        if not target.is_relative_to(root) or any(
            part.startswith(".") for part in target.relative_to(root).parts
        ):
            return None
        if target.is_dir():
            if not path.endswith("/"):
                return "/" + "".join(quote(seg, safe="") + "/" for seg in segments)
            target = target / "index.html"
        if not target.is_file():
            return None
        file = target.open("rb")
    except (OSError, ValueError):  # a name too long, a loop of links, ...: not found
        return None
    ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    if ctype.startswith("text/") or ctype.endswith(("xml", "javascript", "json")):
        ctype += "; charset=utf-8"
    return file, os.fstat(file.fileno()).st_size, ctype


async def _body(receive: Receive) -> bytes | None:
    """The request body, or None past the limit (OAI-PMH arguments are small)."""
    parts, size = [], 0
    while True:
        message = await receive()
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > _MAX_BODY:
            return None
        parts.append(chunk)
        if not message.get("more_body"):
            return b"".join(parts)


async def _start(
    send: Send, status: int, ctype: str, length: int, headers: Sequence[tuple[bytes, bytes]] = ()
) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", ctype.encode()),
                (b"content-length", str(length).encode()),
                *headers,
            ],
        }
    )


async def _send_parts(send: Send, parts: Sequence[bytes]) -> None:
    """Send a response body in chunks: the server's flow control paces a slow reader, and no
    part is copied whole into a larger buffer."""
    for part in parts:
        for i in range(0, len(part), _CHUNK):
            chunk = part[i : i + _CHUNK]
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
    await send({"type": "http.response.body", "body": b""})


async def _respond(
    send: Send,
    status: int,
    body: bytes,
    ctype: str,
    headers: Sequence[tuple[bytes, bytes]] = (),
    head: bool = False,
) -> None:
    await _start(send, status, ctype, len(body), headers)
    await send({"type": "http.response.body", "body": b"" if head else body})


def from_environment() -> Application:
    """The application for a production ASGI server: the store named by TEITOOLS_DB, the
    HTML edition by TEITOOLS_HTML (optional), the base URL by TEITOOLS_BASE_URL (optional)."""
    return Application(
        os.environ["TEITOOLS_DB"],
        html=os.environ.get("TEITOOLS_HTML") or None,
        base_url=os.environ.get("TEITOOLS_BASE_URL") or None,
    )
