"""The server under hostile requests, over a real socket on 127.0.0.1: forged tokens, absurd
paths, redirects to other hosts, requests that never finish, large records, the build's own
dotfiles. Each is answered (or the connection closed) without a 500 and without holding
what it need not."""

from __future__ import annotations

import base64
import gc
import http.client
import socket
import time
import tracemalloc
import urllib.parse
from pathlib import Path

import pytest
from lxml import etree

from teitools.publish import prepare
from teitools.publish.oai import Application
from teitools.publish.server import background
from teitools.publish.store import Identity
from teitools.publish.store import publish as store_publish

from .test_publish_security import valid_tei

OAI = "{http://www.openarchives.org/OAI/2.0/}"
REPO = "editions.example.org"
BIG_MB = 4


def store_documents(db: Path, documents: dict[str, str]) -> None:
    """Put documents in the store as publish would (without validating them again)."""
    docs = [prepare(f"{d}.xml", text.encode(), REPO) for d, text in documents.items()]
    store_publish(db, docs, (), Identity(REPO))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A store with a small and a large record, an HTML folder with a subfolder and the
    build's own dotfile, served with a one-second limit on reading a request."""
    tmp = tmp_path_factory.mktemp("site")
    db = tmp / "oai.db"
    big = valid_tei("big", "Many words in a large record. " * (BIG_MB * 1024 * 1024 // 30))
    store_documents(db, {"small": valid_tei("small"), "big": big})
    html = tmp / "html"
    (html / "assets").mkdir(parents=True)
    (html / "index.html").write_text("<!DOCTYPE html><title>edition</title>")
    (html / "assets" / "style.css").write_text("body {}")
    (html / ".teitools-digest").write_text("internal")
    (html / "assets" / ".hidden").write_text("internal")
    (html / "link").symlink_to(html / ".teitools-digest")
    app = Application(db, html=html)
    with background(app, request_timeout=1.0) as url:
        yield url, big.encode()
    app.close()


def raw(url: str, method: str, target: str, body: bytes | None = None, headers=None):
    """(status, headers, body) of one request sent exactly as written (no normalizing)."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request(method, target, body=body, headers=headers or {})
        r = conn.getresponse()
        return r.status, dict(r.getheaders()), r.read()
    finally:
        conn.close()


def error_codes(body: bytes) -> list[str]:
    return [e.get("code") for e in etree.fromstring(body).iter(f"{OAI}error")]


# -- resumption tokens -----------------------------------------------------------------------


def forged(raw_json: bytes) -> str:
    return base64.urlsafe_b64encode(raw_json).decode().rstrip("=")


@pytest.mark.parametrize(
    "token",
    [
        forged(b"[" * 2000 + b"]" * 2000),  # nested 2,000 deep
        forged(b'{"a":' * 1500 + b"1" + b"}" * 1500),
        forged(b"[1," + b'"x",' * 3000 + b"1]"),  # flat but far too long
        "A" * 12_000,  # over the token limit, under the header limit
    ],
    ids=["nested-lists", "nested-objects", "long", "huge"],
)
def test_a_forged_token_is_a_bad_resumption_token(site, token):
    url, _ = site
    query = urllib.parse.urlencode({"verb": "ListRecords", "resumptionToken": token})
    status, _, body = raw(url, "GET", f"/oai?{query}")
    assert status == 200 and error_codes(body) == ["badResumptionToken"]
    ctype = {"Content-Type": "application/x-www-form-urlencoded"}
    if len(query) < 64 * 1024:  # a POST body is bounded apart (413)
        status, _, body = raw(url, "POST", "/oai", query.encode(), ctype)
        assert status == 200 and error_codes(body) == ["badResumptionToken"]


def test_a_request_line_over_the_header_limit_is_refused_and_the_server_goes_on(site):
    """A 100 KB request line is refused: by the HTTP layer (400, or the connection closed
    before the client reads the answer, as the bytes arrive), or as a bad token; and the
    server answers the next request."""
    url, _ = site
    try:
        status, _, body = raw(url, "GET", "/oai?verb=ListRecords&resumptionToken=" + "A" * 100_000)
        assert status == 400 or error_codes(body) == ["badResumptionToken"]
    except ConnectionError:
        pass
    status, _, body = raw(url, "GET", "/oai?verb=Identify")
    assert status == 200 and b"<Identify>" in body


# -- paths -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/" + "a/" * 3000 + "x.html", "/" + "x" * 300 + "/index.html", "/" + "a" * 5000],
    ids=["3000-segments", "long-segment", "long-name"],
)
def test_an_absurd_path_is_not_found(site, path):
    url, _ = site
    assert raw(url, "GET", path)[0] == 404


@pytest.mark.parametrize(
    "target, location",
    [
        ("//evil.example/../assets", "/assets/"),
        ("//evil.example/%2e%2e/assets", "/assets/"),
        ("/assets", "/assets/"),
        ("/./assets", "/assets/"),
        ("/../../assets", "/assets/"),
        ("///assets", "/assets/"),
    ],
)
def test_a_redirect_is_to_a_path_on_this_server(site, target, location):
    url, _ = site
    status, headers, _ = raw(url, "GET", target)
    assert status == 301
    assert headers["location"] == location
    assert not headers["location"].startswith("//")


@pytest.mark.parametrize(
    "path", ["/.teitools-digest", "/assets/.hidden", "/assets/../.teitools-digest", "/link"]
)
def test_dotfiles_are_never_served(site, path):
    url, _ = site
    status, _, body = raw(url, "GET", path)
    assert status == 404 and b"internal" not in body
    assert raw(url, "GET", "/assets/style.css")[0] == 200  # the rest of the folder is


# -- requests that never finish ---------------------------------------------------------------


@pytest.mark.parametrize(
    "partial",
    [
        b"GET /oai?verb=Identify HTTP/1.1\r\nHost: x\r\n",  # headers never finished
        b"POST /oai HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded"
        b"\r\nContent-Length: 100\r\n\r\nverb=Ide",  # a body that never comes
        b"",  # a connection that never says anything
    ],
    ids=["headers", "body", "nothing"],
)
def test_a_request_that_never_finishes_is_cut_off(site, partial):
    url, _ = site
    parts = urllib.parse.urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        start = time.monotonic()
        sock.sendall(partial)
        data = sock.recv(65536)
        while data and time.monotonic() - start < 8:
            data = sock.recv(65536)
        assert data == b""  # the server closed the connection
        assert time.monotonic() - start < 6  # the 1 s limit, plus keep-alive at most


# -- large records ----------------------------------------------------------------------------


def peak_while(fn) -> int:
    """The most memory Python allocated (above what it held) while `fn` ran."""
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base, _ = tracemalloc.get_traced_memory()
        fn()
        return tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()


def read_in_chunks(url: str, target: str) -> tuple[int, int]:
    """(bytes read, status), the body read and dropped chunk by chunk."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        conn.request("GET", target)
        r = conn.getresponse()
        n = 0
        while chunk := r.read(65536):
            n += len(chunk)
        return n, r.status
    finally:
        conn.close()


def test_a_large_tei_file_is_streamed_not_held(site):
    url, big = site
    status, headers, body = raw(url, "GET", "/tei/big.xml")
    assert status == 200 and body == big
    result = {}
    peak = peak_while(lambda: result.update(got=read_in_chunks(url, "/tei/big.xml")))
    assert result["got"] == (len(big), 200)
    assert peak < len(big) / 4, f"{peak / 1e6:.1f} MB held for a {len(big) / 1e6:.1f} MB file"


def test_a_large_record_in_tei_costs_about_its_size(site):
    url, big = site
    query = urllib.parse.urlencode(
        {"verb": "GetRecord", "identifier": f"oai:{REPO}:big", "metadataPrefix": "tei"}
    )
    status, _, body = raw(url, "GET", f"/oai?{query}")
    assert status == 200
    root = etree.fromstring(body)
    assert root.find(f".//{OAI}metadata")[0].findtext(".//{*}body//{*}p").startswith("Many words")
    result = {}
    peak = peak_while(lambda: result.update(got=read_in_chunks(url, f"/oai?{query}")))
    assert result["got"] == (len(body), 200)
    # the record as stored, once; not decoded, joined and encoded again (five times its size)
    assert peak < 1.6 * len(big), f"{peak / 1e6:.1f} MB for a {len(big) / 1e6:.1f} MB record"
