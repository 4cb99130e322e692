"""Running the application under uvicorn: in the foreground (`teitools serve`) or in a
background thread (tests), always on a socket bound first, so that a taken port is one clear
error and port 0 picks a free one."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from ..errors import InputError
from .oai import Application


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


def server(app: Application, access_log: bool = True, quiet: bool = False) -> uvicorn.Server:
    """A uvicorn server for the application; `quiet` leaves the process's logging alone."""
    config = uvicorn.Config(
        app,
        lifespan="on",
        access_log=access_log,
        log_level="warning" if quiet else "info",
        log_config=None if quiet else uvicorn.config.LOGGING_CONFIG,
        server_header=False,
    )
    return uvicorn.Server(config)


def run(app: Application, sock: socket.socket, access_log: bool = True) -> None:
    """Serve until interrupted: Ctrl-C or SIGTERM stop it cleanly, requests finished."""
    try:
        server(app, access_log).run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn raises the signal again once it has shut down
        pass


@contextmanager
def background(app: Application, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve in a background thread for the length of a `with` block; yields the base URL."""
    sock = listen(host, port)
    srv = server(app, access_log=False, quiet=True)
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
