"""``self.download``: LEAN's QCAlgorithm.Download over HTTP, headers and basic authentication,
and the failure LEAN reports."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from engine.algorithm.downloads import WebException, download


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        body = "|".join(
            [
                self.path,
                self.headers.get("User-Agent", ""),
                self.headers.get("Authorization", ""),
                self.headers.get("X-Key", ""),
            ]
        ).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture
def server():
    httpd = HTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_download_text_with_headers_and_credentials(server):
    text = download(f"{server}/picks.csv?dl=1", {"X-Key": "abc"}, "user", "pw")
    path, agent, auth, key = text.split("|")
    assert path == "/picks.csv?dl=1"
    assert agent == "QCAlgorithm.Download(): User Agent Header"
    assert auth == "Basic dXNlcjpwdw=="  # base64 of "user:pw"
    assert key == "abc"
    # headers as LEAN's list of key/value pairs, and no credentials
    assert download(f"{server}/x", [("X-Key", "k")]).split("|")[2:] == ["", "k"]


def test_failed_download_names_the_address_and_hides_the_password():
    with pytest.raises(WebException) as failure:
        download("http://127.0.0.1:9/none.csv", None, "me", "secret")
    message = str(failure.value)
    assert "Failed to download data from http://127.0.0.1:9/none.csv" in message
    assert "username: me and password: ******" in message and "secret" not in message
    # the cause follows (here: nothing listens on port 9), and where to put the file instead
    assert "(cause: [Errno 111] Connection refused;" in message
    assert "put the file in the project folder or the object store" in message
    with pytest.raises(WebException, match="missing http:// or https://"):
        download("www.example.com/file.csv")
