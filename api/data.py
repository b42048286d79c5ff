"""QuantConnect REST API v2 Downloading Data (`data/*`), as the lean CLI's `lean data download`
calls them: `data/read` answers a link to one file of the data the organization's backtests read
(its own imports first, then the installation's data folder), `data/list` lists files under a
prefix, `data/prices` the price of each file (all free on this server).

`data/read` takes the CLI's `filePath` (e.g. `equity/usa/daily/spy.zip`) or the documented
`ticker`, `type`, `resolution`, `market`, `date` fields, from which the path is built as LEAN names
its files. The link is signed and short-lived and names the organization inside the signature, so
another organization's files cannot be reached by editing it.
"""

from __future__ import annotations

from datetime import datetime

from django.core import signing
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse

from accounts.models import Organization
from api.common import organization_for
from api.registry import ApiError, Call, Field, endpoint, model
from backtests.data_library.selectors import data_file_for, data_files_under
from backtests.services import ensure_data_dir
from engine.data.folder import DataFolder

SECTION = "Downloading data"
DOWNLOAD_SALT = "qcweb.api.data-download"
DOWNLOAD_SECONDS = 10 * 60
ORGANIZATION_ID = Field("organizationId", "string", "Organization whose data is read.")
SECURITY_TYPES = ("Base", "Equity", "Option", "Commodity", "Forex", "Future", "Cfd", "Crypto")
RESOLUTIONS = ("Tick", "Second", "Minute", "Hour", "Daily")

model(
    "ReadDataLinkResponse",
    "Response from reading purchased data.",
    [
        Field("link", "string", "Link to the data.", required=True),
        Field("success", "boolean", "Indicate if the API request was successful.", required=True),
    ],
)
model(
    "DataListResponse",
    "Files under a prefix (without the prefix's first folder, as the lean CLI expects).",
    [
        Field("objects", "array", "File paths.", required=True, items="string"),
        Field("success", "boolean", "Indicate if the API request was successful.", required=True),
    ],
)
model(
    "DataVendor",
    "A source of downloadable data and its price.",
    [
        Field("vendorName", "string", "Name of the source.", required=True),
        Field("regex", "string", "Paths it prices, as /regex/.", required=True),
        Field("price", "number", "Price of one file in QCC.", required=True),
    ],
)
model(
    "DataPricesResponse",
    "Prices of downloadable data.",
    [
        Field("datasources", "object", "Data sources by name.", required=True),
        Field("prices", "array", "Prices.", required=True, items="DataVendor"),
        Field("agreement", "string", "Where the data terms are.", required=True),
        Field("success", "boolean", "Indicate if the API request was successful.", required=True),
    ],
)


def _path_from_fields(call: Call) -> str:
    """The LEAN path of the documented request fields (ticker, type, resolution, market, date)."""
    ticker = str(call.get("ticker") or "").strip()
    if not ticker:
        raise ApiError("filePath or ticker is required.")
    kind = str(call.get("type") or "Equity")
    resolution = str(call.get("resolution") or "Daily")
    if kind not in SECURITY_TYPES:
        raise ApiError(f"type must be one of {', '.join(SECURITY_TYPES)}.")
    if resolution not in RESOLUTIONS:
        raise ApiError(f"resolution must be one of {', '.join(RESOLUTIONS)}.")
    day = None
    if resolution in ("Tick", "Second", "Minute"):
        try:
            day = datetime.strptime(str(call.get("date") or ""), "%Y%m%d").date()
        except ValueError:
            raise ApiError(
                "date is required as yyyyMMdd for tick, second and minute data."
            ) from None
    market = str(call.get("market") or "usa")
    try:
        path = DataFolder("").zip_path(kind, market, ticker, resolution, "trade", day)
    except ValueError as exc:
        raise ApiError(str(exc)) from None
    return path.as_posix()


@endpoint(
    "data/read",
    section=SECTION,
    summary="Get a download link for a data file.",
    request=[
        ORGANIZATION_ID,
        Field("filePath", "string", "Path in the data folder, e.g. equity/usa/daily/spy.zip."),
        Field("format", "string", "link (the only format served)."),
        Field("ticker", "string", "Ticker (when filePath is not given)."),
        Field("type", "string", "Security type: " + ", ".join(SECURITY_TYPES)),
        Field("resolution", "string", "Resolution: " + ", ".join(RESOLUTIONS)),
        Field("market", "string", "Market, e.g. usa, oanda, coinbase."),
        Field("date", "string", "yyyyMMdd for tick, second and minute data."),
    ],
    response="ReadDataLinkResponse",
)
def data_read(call: Call) -> dict:
    organization = organization_for(call.user, call.get("organizationId"))
    if str(call.get("format") or "link") != "link":
        raise ApiError("format: only link is served; download the file from the link.")
    path = str(call.get("filePath") or "").strip().lstrip("/") or _path_from_fields(call)
    try:
        data_file_for(organization, ensure_data_dir(), path)
    except LookupError as exc:
        raise ApiError(str(exc)) from None
    token = signing.dumps({"o": organization.pk, "p": path}, salt=DOWNLOAD_SALT)
    return {"link": call.request.build_absolute_uri(reverse("api:data_download", args=[token]))}


@endpoint(
    "data/list",
    section=SECTION,
    summary="List data files under a path prefix.",
    request=[
        Field("filePath", "string", "Prefix, e.g. equity/usa/daily/.", required=True),
        ORGANIZATION_ID,
    ],
    response="DataListResponse",
)
def data_list(call: Call) -> dict:
    organization = organization_for(call.user, call.get("organizationId"))
    prefix = str(call.get("filePath") or "").strip().lstrip("/")
    if not prefix:
        raise ApiError("filePath is required: a prefix such as equity/usa/daily/.")
    files = data_files_under(organization, ensure_data_dir(), prefix)
    return {"objects": [path.split("/", 1)[1] if "/" in path else path for path in files]}


@endpoint(
    "data/prices",
    section=SECTION,
    summary="Prices of downloadable data (every file is free on this server).",
    request=[ORGANIZATION_ID],
    response="DataPricesResponse",
)
def data_prices(call: Call) -> dict:
    organization_for(call.user, call.get("organizationId"))
    return {
        "datasources": {},
        "prices": [{"vendorName": "qcweb", "regex": "/.*/", "price": 0}],
        "agreement": call.request.build_absolute_uri(reverse("datasets:list")),
    }


def data_download(request: HttpRequest, token: str) -> HttpResponse:
    """The file behind a `data/read` link (signed, ten minutes)."""
    try:
        payload = signing.loads(token, salt=DOWNLOAD_SALT, max_age=DOWNLOAD_SECONDS)
        organization = Organization.objects.get(pk=int(payload["o"]))
        path = data_file_for(organization, ensure_data_dir(), str(payload["p"]))
    except (signing.BadSignature, Organization.DoesNotExist, KeyError, TypeError, ValueError):
        return JsonResponse({"success": False, "errors": ["Invalid or expired link."]}, status=404)
    except LookupError as exc:
        return JsonResponse({"success": False, "errors": [str(exc)]}, status=404)
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)
