"""Where a data type's points for one date live (LEAN's Common/Data/SubscriptionDataSource.cs and
its transport medium and file format enums). In the model layer so LEAN's own types
(``TradeBar.get_source``) and user custom types (``PythonData``) share it."""

from __future__ import annotations

from enum import IntEnum
from typing import Any


class SubscriptionTransportMedium(IntEnum):
    LOCAL_FILE = LocalFile = 0
    REMOTE_FILE = RemoteFile = 1
    REST = Rest = 2
    STREAMING = Streaming = 3
    OBJECT_STORE = ObjectStore = 4


class FileFormat(IntEnum):
    CSV = Csv = 0
    BINARY = Binary = 1
    ZIP_ENTRY_NAME = ZipEntryName = 2
    UNFOLDING_COLLECTION = UnfoldingCollection = 3
    INDEX = Index = 4
    FOLDING_COLLECTION = FoldingCollection = 5


class SubscriptionDataSource:
    """Where a custom type's data for one date lives: ``(source, transport_medium, format)``."""

    def __init__(
        self,
        source: str,
        transport_medium: Any = SubscriptionTransportMedium.LOCAL_FILE,
        format: Any = FileFormat.CSV,  # noqa: A002
        headers: Any = None,
    ) -> None:
        self.source = str(source)
        if transport_medium is None:
            lowered = self.source.lower()
            remote = lowered.startswith(("http://", "https://"))
            transport_medium = (
                SubscriptionTransportMedium.REMOTE_FILE
                if remote
                else SubscriptionTransportMedium.LOCAL_FILE
            )
        self.transport_medium = SubscriptionTransportMedium(int(transport_medium))
        self.format = FileFormat(int(format))
        self.headers = dict(headers or {})

    Source = property(lambda self: self.source)
    TransportMedium = property(lambda self: self.transport_medium)
    Format = property(lambda self: self.format)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SubscriptionDataSource) and (
            self.source,
            self.transport_medium,
            self.format,
        ) == (other.source, other.transport_medium, other.format)

    def __hash__(self) -> int:
        return hash((self.source, int(self.transport_medium), int(self.format)))

    def __repr__(self) -> str:
        return f"SubscriptionDataSource({self.source!r}, {self.transport_medium.name}, {self.format.name})"


def lean_trade_file(symbol: Any, date: Any, resolution: Any) -> SubscriptionDataSource:
    """The trade file of ``symbol`` in a LEAN data folder, relative to it
    (``equity/usa/minute/aapl/20140605_trade.zip``, ``equity/usa/daily/aapl.zip``; LEAN's
    ``LeanData.GenerateZipFilePath`` for trade data)."""
    from engine.model.enums import Resolution, SecurityType

    res = Resolution(int(resolution))
    kind = symbol.security_type.folder_name
    ticker = symbol.value.lower()
    folder = f"{kind}/{symbol.market.lower()}/{res.name.lower()}"
    if res in (Resolution.HOUR, Resolution.DAILY):
        suffix = (
            "_trade"
            if symbol.security_type in (SecurityType.CRYPTO, SecurityType.CRYPTO_FUTURE)
            else ""
        )
        path = f"{folder}/{ticker}{suffix}.zip"
    else:
        path = f"{folder}/{ticker}/{date:%Y%m%d}_trade.zip"
    return SubscriptionDataSource(path, SubscriptionTransportMedium.LOCAL_FILE, FileFormat.CSV)
