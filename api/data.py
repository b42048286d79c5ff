"""QuantConnect REST API v2 Downloading Data. Data downloads are a later issue: until then these answer the
error shape; that feature replaces them here with `@endpoint` functions."""

from __future__ import annotations

from api.registry import Field, unavailable

SECTION = "Downloading data"
REASON = "data downloads are not built yet; the engine reads the server's local data folder."
ORGANIZATION_ID = Field("organizationId", "string", "Organization paying for the data.")

unavailable(
    "data/read",
    section=SECTION,
    summary="Get a download link for a data file.",
    reason=REASON,
    request=[
        ORGANIZATION_ID,
        Field("filePath", "string", "Path of the file in the data folder."),
        Field("format", "string", "link"),
    ],
)
unavailable(
    "data/prices",
    section=SECTION,
    summary="Read data prices.",
    reason=REASON,
    request=[ORGANIZATION_ID],
)
unavailable(
    "data/list",
    section=SECTION,
    summary="List data files.",
    reason=REASON,
    request=[Field("filePath", "string", "Folder to list.")],
)
