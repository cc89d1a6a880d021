"""Request bodies within limits, the same for every endpoint (issue 13).

- Size: a body under /api/ larger than settings.DATA_UPLOAD_MAX_MEMORY_SIZE (PLANFLOW_MAX_BODY_BYTES)
  — or, for multipart/form-data, that plus PLANFLOW_ATTACHMENTS_PER_REPORT files of
  PLANFLOW_ATTACHMENT_MAX_BYTES — is refused with a JSON 413 before it is read. (DRF reads JSON
  from the stream and would otherwise take any size.)
- Depth: JSON nested deeper than PLANFLOW_JSON_MAX_DEPTH is a JSON 400 "parse_error" on every path,
  checked on the raw bytes before anything parses them (Python's parser raises RecursionError, a
  500, somewhere past a thousand levels; far less is already abuse). `JSONParser` and `loads_json`
  check the same for the API's parsers and for JSON carried in a form field.
- Django's own refusals of a body (too many form fields, RequestDataTooBig) answer JSON under /api/
  (`bad_request`, handler400), not the HTML 400 page.
"""

import io
import json
import re

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import JsonResponse
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

# The bytes that matter for nesting: brackets, and the quotes and backslashes that say whether a
# bracket is inside a string.
_SPECIAL = re.compile(rb'[\[\]{}"\\]')
_QUOTE, _BACKSLASH = ord('"'), ord("\\")
_OPENING, _CLOSING = frozenset(b"[{"), frozenset(b"]}")


def max_depth():
    return settings.PLANFLOW_JSON_MAX_DEPTH


def too_deep(raw, limit=None):
    """True when the JSON text `raw` (bytes or str) nests arrays/objects deeper than `limit`.
    Brackets inside strings do not count. One linear pass over the special bytes, no parsing."""
    limit = max_depth() if limit is None else limit
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogatepass")
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return False  # cannot nest deeper than the brackets it has
    depth, in_string, escaped = 0, False, -1
    for match in _SPECIAL.finditer(raw):
        position = match.start()
        if position == escaped:
            continue
        byte = raw[position]
        if in_string:
            if byte == _BACKSLASH:
                escaped = position + 1  # the next byte is escaped, whatever it is
            elif byte == _QUOTE:
                in_string = False
        elif byte == _QUOTE:
            in_string = True
        elif byte in _OPENING:
            depth += 1
            if depth > limit:
                return True
        elif byte in _CLOSING:
            depth -= 1
    return False


def depth_message():
    return _("Dữ liệu JSON lồng nhau quá %(limit)d mức.") % {"limit": max_depth()}


def loads_json(raw):
    """json.loads for JSON a client sent inside another field; too deep is a ParseError (400)."""
    if too_deep(raw):
        raise ParseError(depth_message())
    return json.loads(raw)


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing JSON nested deeper than PLANFLOW_JSON_MAX_DEPTH."""

    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read() if stream is not None else b""
        if too_deep(raw):
            raise ParseError(depth_message())
        return super().parse(io.BytesIO(raw), media_type, parser_context)


# --- size ------------------------------------------------------------------------------------------


def body_limit(content_type):
    """Largest body accepted under /api/ for this content type, in bytes."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if content_type.startswith("multipart/form-data"):
        limit += settings.PLANFLOW_ATTACHMENTS_PER_REPORT * settings.PLANFLOW_ATTACHMENT_MAX_BYTES
    return limit


def readable_size(size):
    """64 KB, 2,5 MB (Vietnamese decimal comma)."""
    if size < 1024 * 1024:
        return f"{size // 1024} KB"
    megabytes = f"{size / (1024 * 1024):.1f}".removesuffix(".0").replace(".", ",")
    return f"{megabytes} MB"


def too_large_response(limit):
    message = _("Dữ liệu gửi lên quá lớn (tối đa %(size)s).") % {"size": readable_size(limit)}
    return JsonResponse({"detail": message, "code": "too_large"}, status=413)


def _is_json(content_type):
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type == "application/json" or media_type.endswith("+json")


def _content_length(request):
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


class RequestBodyLimitMiddleware:
    """Size (under /api/) and JSON depth (everywhere) of a request body, before any view reads it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        content_type = request.META.get("CONTENT_TYPE", "")
        length = _content_length(request)
        if length and request.path.startswith("/api/"):
            limit = body_limit(content_type)
            if length > limit:
                return too_large_response(limit)
        if length and _is_json(content_type) and length <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            if too_deep(request.body):
                return JsonResponse({"detail": depth_message(), "code": "parse_error"}, status=400)
        return self.get_response(request)


def bad_request(request, exception=None):
    """handler400: Django refused the request itself (SuspiciousOperation: too many fields or files,
    a body over DATA_UPLOAD_MAX_MEMORY_SIZE read by a form…). JSON under /api/, the plain page elsewhere."""
    from django.views.defaults import bad_request as page

    if not request.path.startswith("/api/"):
        return page(request, exception)
    if isinstance(exception, RequestDataTooBig):
        return too_large_response(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    if isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        message = _("Biểu mẫu gửi lên có quá nhiều trường hoặc tệp.")
        return JsonResponse({"detail": message, "code": "too_many_fields"}, status=400)
    return JsonResponse({"detail": _("Yêu cầu không hợp lệ."), "code": "bad_request"}, status=400)
