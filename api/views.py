"""The one view behind /api/v2/<endpoint>: authenticate, rate-limit, parse and validate the
request against the registry, run the endpoint in a transaction, answer JSON.

Answers (as QuantConnect's REST API v2): success -> HTTP 200 {"success": true, ...}; a refused request
(missing field, wrong type, unknown id, rule of the service) -> HTTP 200 {"success": false,
"errors": [message]} as QuantConnect does, so clients such as the lean CLI show the message;
bad credentials -> 401, rate limit -> 429, body too large -> 413, malformed JSON -> 400 and an
unknown endpoint -> 404, all with the same {"success": false, "errors": [...]} shape."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from accounts.selectors import personal_organization
from api.auth import authenticate
from api.common import api_access_refusal, api_organizations
from api.parsing import raw_data, validate
from api.ratelimit import check_rate
from api.registry import ApiError, Call, lookup

logger = logging.getLogger(__name__)


def error_response(message: str, status: int = 200) -> JsonResponse:
    response = JsonResponse({"success": False, "errors": [message]}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Basic realm="QuantConnect API v2"'
    if status == 429:
        response["Retry-After"] = "60"
    return response


def _message(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages) or "The request was refused."


@csrf_exempt
def dispatch(request: HttpRequest, path: str) -> JsonResponse:
    if request.method not in ("GET", "POST"):
        return error_response("Use GET or POST.", status=405)
    endpoint = lookup(path)
    try:
        user = authenticate(request)
        check_rate(user.pk)
        if endpoint is None:
            return error_response(f"Unknown API endpoint /{path.strip('/')}.", status=404)
        if not api_organizations(user):
            # The API is a feature of the paid tiers; say which one, for the user's own organization.
            organization = personal_organization(user) or user.organizations.first()
            if organization is not None:
                return error_response(api_access_refusal(organization), status=403)
            return error_response("You are not a member of any organization.", status=403)
        data, typed = raw_data(request)
        # A feature that isn't built says so whatever the request holds.
        clean = validate(endpoint, data, typed) if endpoint.available else {}
        call = Call(user=user, data=clean, request=request, provided=set(data))
        with transaction.atomic():
            payload = endpoint.view(call)
    except ApiError as exc:
        return error_response(exc.message, exc.status)
    except ValidationError as exc:
        return error_response(_message(exc))
    except PermissionDenied as exc:
        return error_response(str(exc) or "You don't have permission to do this.")
    except Http404 as exc:
        return error_response(str(exc) or "Not found.")
    return JsonResponse({**payload, "success": True})
