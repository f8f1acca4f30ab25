"""Two small forward proxies for the tests (issue 26.1), on loopback: an HTTP proxy (CONNECT,
which is what aiohttp-socks asks an http:// proxy for) and a SOCKS5 server (RFC 1928, with the
username/password method of RFC 1929 when credentials are set). Each resolves the names it is
given (``hosts``) itself — the bot is pointed at a name only the proxy knows, so a request that
bypassed it would fail — and counts the HTTP requests it carried: the Bot API methods and file
downloads, read from the request lines going through the tunnel (the emulator speaks plain HTTP)."""

from __future__ import annotations

import asyncio
import contextlib
import re
import socket
import struct
from collections import Counter
from collections.abc import Mapping

_REQUEST_LINE = re.compile(rb"(GET|POST) /(file/)?bot[^/\s]+/(\S+) HTTP/1\.[01]\r\n")


class Proxy:
    """Start with ``await start()``; ``calls`` counts what went through (``getMe``, ``download`` …)."""

    scheme = ""

    def __init__(self, hosts: Mapping[str, str], credentials: tuple[str, str] | None = None) -> None:
        self.hosts = dict(hosts)  # name → address, resolved here (not by the client)
        self.credentials = credentials
        self.calls: Counter[str] = Counter()
        self.tunnels = 0
        self.refused = 0  # wrong credentials
        self.port = 0
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def url(self) -> str:
        auth = f"{self.credentials[0]}:{self.credentials[1]}@" if self.credentials else ""
        return f"{self.scheme}://{auth}127.0.0.1:{self.port}"

    async def start(self, port: int = 0) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", port)
        self.port = int(self._server.sockets[0].getsockname()[1])

    async def stop(self) -> None:
        """Gone: new connections are refused and open tunnels are cut."""
        if self._server is not None:
            self._server.close()
            for task in list(self._tasks):
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 2)
            self._server = None

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            target = await self._handshake(reader, writer)
            if target is not None:
                await self._tunnel(reader, writer, *target)
        except (OSError, asyncio.IncompleteReadError, ValueError):
            pass
        finally:
            self._tasks.discard(task)
            writer.close()

    async def _handshake(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> tuple[str, int, asyncio.StreamReader, asyncio.StreamWriter] | None:
        raise NotImplementedError

    async def _open(self, host: str, port: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        return await asyncio.open_connection(self.hosts.get(host, host), port)

    async def _tunnel(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        host: str,
        port: int,
        upstream_reader: asyncio.StreamReader,
        upstream_writer: asyncio.StreamWriter,
    ) -> None:
        self.tunnels += 1

        async def forward(source: asyncio.StreamReader, sink: asyncio.StreamWriter, *, count: bool) -> None:
            pending = b""
            try:
                while chunk := await source.read(65536):
                    if count:
                        pending = self._count(pending + chunk)
                    sink.write(chunk)
                    await sink.drain()
            finally:
                sink.close()

        try:
            await asyncio.gather(
                forward(reader, upstream_writer, count=True), forward(upstream_reader, writer, count=False)
            )
        finally:
            upstream_writer.close()

    def _count(self, data: bytes) -> bytes:
        """Count the request lines in ``data``; what may be the start of the next one is kept."""
        end = 0
        for match in _REQUEST_LINE.finditer(data):
            self.calls["download" if match.group(2) else match.group(3).decode().split("?")[0]] += 1
            end = match.end()
        return data[max(end, len(data) - 512) :]


class HttpProxy(Proxy):
    scheme = "http"

    async def _handshake(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> tuple[str, int, asyncio.StreamReader, asyncio.StreamWriter] | None:
        head = await reader.readuntil(b"\r\n\r\n")
        method, target, _ = head.split(b"\r\n", 1)[0].decode().split(" ", 2)
        if method != "CONNECT":
            writer.write(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
            return None
        host, _, port = target.rpartition(":")
        upstream = await self._open(host, int(port))
        writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        await writer.drain()
        return host, int(port), *upstream


class Socks5Proxy(Proxy):
    scheme = "socks5"

    async def _handshake(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> tuple[str, int, asyncio.StreamReader, asyncio.StreamWriter] | None:
        version, count = await reader.readexactly(2)
        methods = await reader.readexactly(count)
        if version != 5:
            return None
        wanted = 2 if self.credentials else 0
        if wanted not in methods:
            writer.write(b"\x05\xff")
            return None
        writer.write(bytes([5, wanted]))
        if self.credentials:
            _, length = await reader.readexactly(2)
            user = (await reader.readexactly(length)).decode()
            (length,) = await reader.readexactly(1)
            password = (await reader.readexactly(length)).decode()
            if (user, password) != self.credentials:
                self.refused += 1
                writer.write(b"\x01\x01")
                return None
            writer.write(b"\x01\x00")
        _, command, _, kind = await reader.readexactly(4)
        if kind == 1:
            host = socket.inet_ntoa(await reader.readexactly(4))
        elif kind == 3:
            (length,) = await reader.readexactly(1)
            host = (await reader.readexactly(length)).decode()
        else:
            host = socket.inet_ntop(socket.AF_INET6, await reader.readexactly(16))
        (port,) = struct.unpack("!H", await reader.readexactly(2))
        if command != 1:  # CONNECT only
            writer.write(b"\x05\x07\x00\x01\x00\x00\x00\x00\x00\x00")
            return None
        try:
            upstream = await self._open(host, port)
        except OSError:
            writer.write(b"\x05\x05\x00\x01\x00\x00\x00\x00\x00\x00")  # connection refused
            return None
        writer.write(b"\x05\x00\x00\x01\x00\x00\x00\x00\x00\x00")
        await writer.drain()
        return host, port, *upstream
