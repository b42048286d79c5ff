"""Custom data (``PythonData`` subclasses added with ``self.add_data``): see data.py and source.py."""

from engine.custom.data import (
    FileFormat,
    PythonData,
    SubscriptionDataSource,
    SubscriptionTransportMedium,
)
from engine.custom.source import CustomConfig, CustomDataError, CustomDataMissing, read_points

__all__ = [
    "CustomConfig",
    "CustomDataError",
    "CustomDataMissing",
    "FileFormat",
    "PythonData",
    "SubscriptionDataSource",
    "SubscriptionTransportMedium",
    "read_points",
]
