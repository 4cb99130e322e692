"""Running the application under uvicorn: in the foreground (`teitools serve`) or in a
background thread (tests), always on a socket bound first, so that a taken port is one clear
error and port 0 picks a free one.

What a client can hold is bounded: a request (headers and body) must arrive whole within
`REQUEST_TIMEOUT` seconds (`RequestTimeoutProtocol`: uvicorn has a keep-alive timeout but none
for a request that arrives slowly), an idle connection is closed after `KEEP_ALIVE` seconds,
headers are at most 16 KB, and past `MAX_CONNECTIONS` connections at once a request is answered
503 rather than queued."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from ..errors import InputError
from .oai import Application

REQUEST_TIMEOUT = 10.0  # seconds for a request to arrive whole, headers and body
KEEP_ALIVE = 5  # seconds an idle connection is kept open
MAX_CONNECTIONS = 256  # connections and requests at once; past it, 503
MAX_HEADERS = 16 * 1024  # bytes of request headers


class RequestTimeoutProtocol(H11Protocol):
    """uvicorn's HTTP/1.1 with a time limit on reading each request: a client that has not
    sent its whole request (headers and body) within `request_timeout` seconds of connecting,
    or of the previous response, is disconnected. Under the uvicorn command:
    `--http teitools.publish.server:RequestTimeoutProtocol`."""

    request_timeout: float = REQUEST_TIMEOUT
    _read_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()  # the next request on this connection has its own time

    def _arm(self) -> None:
        self._disarm()
        self._read_timer = self.loop.call_later(self.request_timeout, self._read_timeout)

    def _disarm(self) -> None:
        if self._read_timer is not None:
            self._read_timer.cancel()
            self._read_timer = None

    def _read_timeout(self) -> None:
        self._read_timer = None
        # IDLE: the request line or headers are not all in; SEND_BODY: the body is not
        if not self.transport.is_closing() and self.conn.their_state in (h11.IDLE, h11.SEND_BODY):
            self.transport.close()


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to host:port (port 0: any free port), or an error saying why not."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP said outright: asyncio sets TCP_NODELAY only on sockets that say it, and
    # without it a small response waits ~40 ms for a delayed ACK (Nagle)
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except (OSError, OverflowError) as e:
        sock.close()
        reason = getattr(e, "strerror", None) or str(e)
        raise InputError(
            f"cannot listen: {reason}", f"{host}:{port}", rule="serve/listen"
        ) from None
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def server(
    app: Application,
    access_log: bool = True,
    quiet: bool = False,
    request_timeout: float = REQUEST_TIMEOUT,
) -> uvicorn.Server:
    """A uvicorn server for the application, with the limits above; `quiet` leaves the
    process's logging alone."""
    protocol = type(
        "RequestTimeoutProtocol", (RequestTimeoutProtocol,), {"request_timeout": request_timeout}
    )
    config = uvicorn.Config(
        app,
        http=protocol,
        lifespan="on",
        access_log=access_log,
        log_level="warning" if quiet else "info",
        log_config=None if quiet else uvicorn.config.LOGGING_CONFIG,
        server_header=False,
        timeout_keep_alive=KEEP_ALIVE,
        limit_concurrency=MAX_CONNECTIONS,
        h11_max_incomplete_event_size=MAX_HEADERS,
        timeout_graceful_shutdown=int(REQUEST_TIMEOUT),
    )
    return uvicorn.Server(config)


def run(app: Application, sock: socket.socket, access_log: bool = True) -> None:
    """Serve until interrupted: Ctrl-C or SIGTERM stop it cleanly, requests finished."""
    try:
        server(app, access_log).run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn raises the signal again once it has shut down
        pass


@contextmanager
def background(
    app: Application,
    host: str = "127.0.0.1",
    port: int = 0,
    request_timeout: float = REQUEST_TIMEOUT,
) -> Iterator[str]:
    """Serve in a background thread for the length of a `with` block; yields the base URL."""
    sock = listen(host, port)
    srv = server(app, access_log=False, quiet=True, request_timeout=request_timeout)
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not srv.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the server did not start")
        time.sleep(0.01)
    try:
        yield url_of(sock)
    finally:
        srv.should_exit = True
        thread.join(10)
        sock.close()
