"""Daphne as qcweb runs it: request bodies are limited while they arrive.

Daphne (on Twisted) receives a whole request body before the application runs, and Twisted
also parses form and multipart bodies into memory on the way, for nothing: daphne never reads
what it parsed (a 100 MB multipart POST raised the server's memory by about 1 GB before Django
saw the request). `install()` makes daphne's requests skip that parse and answer 413 as soon as
the declared or received length passes `MAX_REQUEST_BODY_BYTES`, without reading further.
qcweb/asgi.py calls it, so `daphne qcweb.asgi:application` and `runserver` both use it.
"""

from __future__ import annotations

from daphne import http_protocol

from qcweb.middleware import body_limit, too_large

_DaphneRequest = http_protocol.WebRequest


class BodyLimitedRequest(_DaphneRequest):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._parsePOSTFormSubmission = False  # Twisted's in-memory form parse (see above)
        self._limit = body_limit()
        self._received = 0
        self._refused = False

    def gotLength(self, length: int | None) -> None:
        super().gotLength(length)
        if length is not None and length > self._limit:
            # No "100 Continue": the client need not send the body at all.
            self.requestHeaders.removeHeader(b"expect")
            self._refuse()

    def handleContentChunk(self, data: bytes) -> None:
        if self._refused:
            return
        self._received += len(data)
        if self._received > self._limit:  # a body without a length (chunked)
            self._refuse()
            return
        super().handleContentChunk(data)

    def requestReceived(self, command: bytes, path: bytes, version: bytes) -> None:
        if not self._refused:
            super().requestReceived(command, path, version)

    def _refuse(self) -> None:
        self._refused = True
        path = getattr(self.channel, "_path", b"").split(b"?")[0].decode("latin-1")
        content_type, body = too_large(path, self._limit)
        head = (
            "HTTP/1.1 413 Content Too Large\r\n"
            f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
            "Connection: close\r\n\r\n"
        )
        self.channel.transport.write(head.encode("latin-1") + body)
        self.channel.loseConnection()


def install() -> None:
    # daphne's HTTPFactory gives each connection `http_protocol.WebRequest` as its request class.
    http_protocol.WebRequest = BodyLimitedRequest
