"""Request logging and a clean 503 when the database cannot be reached.

RequestLogMiddleware (near the top of settings.MIDDLEWARE): gives each request an id (the
X-Request-ID header when a proxy sent a sane one, else a new one; echoed in the response) and logs
one line on planflow.request when it ends.

DatabaseUnavailableMiddleware: a view that fails because the database is down or unreachable
(django.db OperationalError / InterfaceError) answers 503 — the Vietnamese page for the web UI,
JSON {"detail", "code": "database_unavailable"} under /api/ — instead of a traceback. `server_error`
(config.urls handler500) does the same for a failure outside a view (in a middleware), and keeps
/api/ errors JSON.

LostRaceMiddleware: a write that lost a race with a concurrent one (IntegrityError) answers 409.
"""

import logging
import re
import sys
import time
import uuid

from django.db import IntegrityError, InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

from config.logging import request_id_var, request_user_id, security_event

request_logger = logging.getLogger("planflow.request")

_SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

DATABASE_ERRORS = (OperationalError, InterfaceError)

RETRY_AFTER_SECONDS = 30


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _SANE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            request_logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "event": "request",
                    "method": request.method,
                    "path": request.path,  # never the query string: it may carry anything
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                    "user_id": request_user_id(request),
                },
            )
            return response
        finally:
            request_id_var.reset(token)


def is_api(request):
    return request.path.startswith("/api/")


def database_unavailable_response(request):
    """503: JSON for the API, a self-contained page (no database, no menu) for the web UI."""
    message = _("Hệ thống tạm thời không kết nối được cơ sở dữ liệu. Vui lòng thử lại sau ít phút.")
    if is_api(request):
        response = JsonResponse({"detail": message, "code": "database_unavailable"}, status=503)
    else:
        response = _page(request, "503.html", {"message": message}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _page(request, template_name, context, status):
    # Rendered without the request's context processors: they may need the database (the user).
    context = {**context, "request_id": getattr(request, "request_id", "")}
    return HttpResponse(loader.render_to_string(template_name, context), status=status)


def _log_database_error(request, exc):
    security_event(
        "database_unavailable",
        request=request,
        level=logging.ERROR,
        error=f"{type(exc).__name__}: {exc}"[:500],
    )


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            _log_database_error(request, exception)
            return database_unavailable_response(request)
        return None


class LostRaceMiddleware:
    """A write that lost a race — an IntegrityError: the unique row it wanted to add was added a
    moment before by a concurrent request — answers 409 (JSON {"detail", "code": "conflict"} under
    /api/, a page otherwise) instead of a 500. Refusals that a service can foresee (a plan no longer
    in the right state…) are WrongState 409s already; this catches the rest."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, IntegrityError):
            return None
        request_logger.warning("lost race: %s", str(exception)[:300], extra={"event": "lost_race", "path": request.path})
        message = _("Một thay đổi cùng lúc đã được ghi trước yêu cầu này. Hãy tải lại trang và thử lại.")
        if is_api(request):
            return JsonResponse({"detail": message, "code": "conflict"}, status=409)
        return _page(request, "409.html", {"message": message}, status=409)


def server_error(request):
    """handler500: 503 when the error was the database, else 500 — JSON under /api/, the page otherwise."""
    exc = sys.exc_info()[1]
    if isinstance(exc, DATABASE_ERRORS):
        _log_database_error(request, exc)
        return database_unavailable_response(request)
    message = _("Đã có lỗi ở máy chủ. Lỗi đã được ghi lại; vui lòng thử lại sau.")
    if is_api(request):
        return JsonResponse({"detail": message, "code": "server_error"}, status=500)
    return _page(request, "500.html", {"message": message}, status=500)
