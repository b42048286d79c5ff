"""``self.download(address, [headers], [user_name, password])``: LEAN's QCAlgorithm.Download
(Api/Api.cs ``DownloadBytes``): the resource's text over HTTP(S), with the given headers, a
default user agent and basic authentication when a user name or password is given."""

from __future__ import annotations

import base64
import urllib.request
from typing import Any

TIMEOUT_SECONDS = 30


class WebException(Exception):
    """A download that failed (LEAN's ``System.Net.WebException``)."""


def _header_pairs(headers: Any) -> list[tuple[str, str]]:
    if headers is None:
        return []
    items = headers.items() if hasattr(headers, "items") else headers
    pairs = []
    for item in items:
        key, value = (item.key, item.value) if hasattr(item, "key") else item
        pairs.append((str(key), str(value)))
    return pairs


def download(
    address: str, headers: Any = None, user_name: str | None = None, password: str | None = None
) -> str:
    pairs = _header_pairs(headers)
    try:
        request = urllib.request.Request(str(address))
        for key, value in pairs:
            request.add_header(key, value)
        if not any(key.lower() == "user-agent" for key, _ in pairs):
            request.add_header("User-Agent", "QCAlgorithm.Download(): User Agent Header")
        if user_name or password:
            credentials = f"{user_name or ''}:{password or ''}".encode("ascii")
            request.add_header("Authorization", f"Basic {base64.b64encode(credentials).decode()}")
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return response.read().decode("utf-8")
    except (OSError, ValueError) as exc:
        message = f"Api.DownloadBytes(): Failed to download data from {address}"
        if user_name or password:
            message += f" with username: {user_name} and password: {'*' * len(password or '')}"
        # LEAN's sentence, then the cause: most often that a sandboxed run has no network
        reason = getattr(exc, "reason", None) or exc
        raise WebException(
            f"{message}. Please verify the source for missing http:// or https:// (cause: "
            f"{reason}; runs in the platform's sandbox have no network access: put the file in "
            "the project folder or the object store)"
        ) from exc
