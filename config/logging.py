"""Logs an operator can ship: one JSON object per line, with secrets scrubbed.

Two loggers of ours, both under "planflow":

- ``planflow.request``: one line per request — method, path (never the query string), status,
  duration_ms, user_id, request_id (config.middleware.RequestLogMiddleware).
- ``planflow.security``: failed logins and lockouts (accounts.throttling, from the axes/Django
  signals), wrong step-up passwords, issued and revoked API tokens, refused actions
  (`log_refusal`, called by the API error handler and the action pages), audit verify failures
  (`log_verify_failure`), an unreachable database.

Every handler carries `ScrubSecretsFilter`: passwords, tokens, cookies, Authorization headers and
the SECRET_KEY never reach the output, whatever a library put in its message. `build_logging()`
is the LOGGING setting (config/settings.py); PLANFLOW_LOG_FORMAT=json|text chooses the format.
"""

import contextvars
import datetime
import json
import logging
import re
import traceback

# The id of the request being served, added to every line logged while serving it.
request_id_var = contextvars.ContextVar("planflow_request_id", default=None)

security_logger = logging.getLogger("planflow.security")

SCRUBBED = "[scrubbed]"

# A field whose name contains one of these words is never logged with its value.
SENSITIVE_KEY = re.compile(r"pass|pwd|secret|token|authorization|cookie|session|csrf|api[_-]?key|signature_value|private", re.I)

# Secrets inside free text: "password=…", "'password': '…'", "Token abc…", "Cookie: …", a DRF token key.
_TEXT_PATTERNS = [
    # A header line "Authorization: …" / "Cookie: …": everything up to the end of the line
    (re.compile(r"\b((?:set-)?cookie|(?:proxy-)?authorization)(\s*:\s*)[^\r\n]*", re.I), lambda m: m.group(1) + m.group(2) + SCRUBBED),
    # key=value / key: value / 'key': 'value' / "key": "value" for sensitive keys
    (
        re.compile(
            r"""(?P<key>["']?[\w-]*(?:pass|pwd|secret|token|sessionid|csrf|api[_-]?key|authorization|cookie)[\w-]*["']?\s*[=:]\s*)"""
            r"""(?P<value>"[^"]*"|'[^']*'|[^\s,;&}\]]+)""",
            re.I,
        ),
        lambda m: m.group("key") + SCRUBBED,
    ),
    # HTTP credentials: "Token <key>", "Bearer <jwt>", "Basic <b64>"
    (re.compile(r"\b(Token|Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}", re.I), lambda m: f"{m.group(1)} {SCRUBBED}"),
    # A bare DRF token key (40 hexadecimal characters), wherever it shows up.
    (re.compile(r"(?<![0-9a-fA-F])[0-9a-fA-F]{40}(?![0-9a-fA-F])"), lambda m: SCRUBBED),
]

# Attributes every LogRecord has; anything else on a record came from `extra=`.
_RECORD_ATTRIBUTES = set(vars(logging.LogRecord("x", logging.INFO, "x", 0, "x", None, None))) | {"message", "asctime", "taskName"}


def _secret_key():
    try:
        from django.conf import settings

        return settings.SECRET_KEY if settings.configured else ""
    except Exception:  # logging must never fail because settings are not ready
        return ""


def scrub(text):
    """`text` with every secret it contains replaced by [scrubbed]."""
    if not text:
        return text
    text = str(text)
    secret_key = _secret_key()
    if secret_key and len(secret_key) >= 8:
        text = text.replace(secret_key, SCRUBBED)
    for pattern, replacement in _TEXT_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def scrub_value(key, value):
    """A value logged under `key`, made safe: sensitive keys lose their value, text is scrubbed."""
    if key is not None and SENSITIVE_KEY.search(str(key)):
        return SCRUBBED
    if isinstance(value, dict):
        return {k: scrub_value(k, v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [scrub_value(None, v) for v in value]
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return scrub(str(value))


class ScrubSecretsFilter(logging.Filter):
    """Rewrites each record in place: message, extra fields and traceback scrubbed."""

    def filter(self, record):
        record.msg = scrub(record.getMessage())
        record.args = ()
        for key in list(vars(record)):
            if key not in _RECORD_ATTRIBUTES and key != "request":  # the HttpRequest: formatters log its method and path only
                setattr(record, key, scrub_value(key, getattr(record, key)))
        if record.exc_info and not record.exc_text:
            record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True


def _extra_fields(record):
    fields = {}
    for key, value in vars(record).items():
        if key in _RECORD_ATTRIBUTES or key.startswith("_"):
            continue
        if key == "request":  # django.request passes the HttpRequest: its method and path are enough
            fields["method"] = getattr(value, "method", None)
            fields["path"] = getattr(value, "path", None)
            continue
        fields[key] = value if isinstance(value, (str, int, float, bool, type(None), list, dict)) else str(value)
    request_id = request_id_var.get()
    if request_id and "request_id" not in fields:
        fields["request_id"] = request_id
    return fields


class JsonFormatter(logging.Formatter):
    """{"ts", "level", "logger", "message", …extra fields, "exc"} on one line."""

    def format(self, record):
        line = {
            "ts": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update(_extra_fields(record))
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line["exc"] = record.exc_text
        return json.dumps(line, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """Readable lines for development: time, level, logger, message, then key=value of the extra fields."""

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def format(self, record):
        text = super().format(record)
        fields = _extra_fields(record)
        if fields:
            first_line, _newline, rest = text.partition("\n")
            extras = " ".join(f"{k}={json.dumps(v, ensure_ascii=False, default=str)}" for k, v in fields.items())
            text = f"{first_line} {extras}" + (f"\n{rest}" if rest else "")
        return text


def build_logging(*, fmt="json", level="WARNING", planflow_level="INFO"):
    """The LOGGING setting: everything to stderr through the scrub filter, in `fmt` (json or text)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"scrub": {"()": "config.logging.ScrubSecretsFilter"}},
        "formatters": {
            "json": {"()": "config.logging.JsonFormatter"},
            "text": {"()": "config.logging.TextFormatter"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json" if fmt != "text" else "text",
                "filters": ["scrub"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Django's own handlers (console in DEBUG, mail_admins) are replaced by ours.
            "django": {"handlers": ["console"], "level": level, "propagate": False},
            # 4xx answers are in planflow.request already; 5xx (with their traceback) still come through.
            "django.request": {"level": "ERROR"},
            "planflow": {"handlers": ["console"], "level": planflow_level, "propagate": False},
            # django-axes repeats planflow.security's login_failed / login_locked_out; only its errors.
            "axes": {"handlers": ["console"], "level": "ERROR", "propagate": False},
            # gunicorn's own messages (worker boots, timeouts) when config/gunicorn.conf.py passes this on.
            "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        },
    }


# --- what the rest of planflow calls ------------------------------------------------------------


def client_ip(request):
    """The client's address: REMOTE_ADDR, or behind PLANFLOW_TRUSTED_PROXIES reverse proxies the
    X-Forwarded-For entry the outermost trusted proxy added (entries further left can be forged).
    The security log and django-axes' login throttling (settings.AXES_CLIENT_IP_CALLABLE) count by it."""
    from django.conf import settings

    proxies = getattr(settings, "PLANFLOW_TRUSTED_PROXIES", 0)
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def request_user_id(request):
    """The id of the request's user if authentication has already run, without querying for it."""
    from django.utils.functional import SimpleLazyObject, empty

    user = getattr(request, "__dict__", {}).get("user")
    if isinstance(user, SimpleLazyObject):
        user = None if user._wrapped is empty else user._wrapped
    return getattr(user, "pk", None)


def security_event(event, *, request=None, level=logging.WARNING, **fields):
    """One line on planflow.security: `event` (a stable name) with `fields` and the request's client."""
    if request is not None:
        request = getattr(request, "_request", request)  # a DRF Request wraps Django's
        fields.setdefault("ip", client_ip(request))
        fields.setdefault("method", request.method)
        fields.setdefault("path", request.path)
        fields.setdefault("user_id", request_user_id(request))
    fields = {(f"{k}_" if k in _RECORD_ATTRIBUTES else k): v for k, v in fields.items()}
    security_logger.log(level, event, extra={"event": event, **fields})


def log_refusal(request, refusal, **fields):
    """A refused action (a config.refusals.Refusal: 400/403/409/429) on planflow.security."""
    level = logging.WARNING if refusal.status in (403, 429) else logging.INFO
    security_event(
        "action_refused", request=request, level=level, code=refusal.code, status=refusal.status, detail=refusal.message, **fields
    )


def log_verify_failure(*, plan_id=None, reason="", **fields):
    """An audit verification that failed (a broken chain, a changed row, a bad checkpoint), as an ERROR
    on planflow.security. For the audit code: call it wherever verify finds a problem."""
    security_event("audit_verify_failed", level=logging.ERROR, plan_id=plan_id, reason=reason, **fields)
