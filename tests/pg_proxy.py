"""A stand-in network between svdesk and the test PostgreSQL server, that a test can cut.

The test server listens only on a Unix socket; PgProxy listens on 127.0.0.1 and passes bytes
both ways. stop() closes the listener and every connection through it, as when the server goes
down or the office network drops: the next connection is refused."""

from __future__ import annotations

import contextlib
import os
import socket
import threading
from urllib.parse import parse_qsl, urlsplit, urlunsplit


def server_socket(url: str) -> str:
    """The Unix socket file of the server SVDESK_TEST_PG names."""
    parts = urlsplit(url)
    host = dict(parse_qsl(parts.query)).get("host") or parts.hostname or "/tmp"
    return os.path.join(host, f".s.PGSQL.{parts.port or 5432}")


class PgProxy:
    def __init__(self, server_url: str):
        self.target = server_socket(server_url)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, server_url: str, dbname: str, user: str = "svdesk") -> str:
        """server_url's database dbname, reached through this proxy over TCP."""
        del server_url  # the same server, by another way
        return urlunsplit(("postgresql", f"{user}@127.0.0.1:{self.port}", "/" + dbname, "", ""))

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return  # stopped
            upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            upstream.connect(self.target)
            with self._lock:
                self._open += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(src: socket.socket, dst: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := src.recv(65536):
                dst.sendall(data)
        for s in (src, dst):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept (Linux)
        self.listener.close()
        with self._lock:
            for s in self._open:
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()
            self._open.clear()
