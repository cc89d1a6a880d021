"""planflow settings. Everything a deployment changes comes from the environment.

DATABASE_URL      default: an SQLite file in var/; postgres://user@host:5432/name for PostgreSQL
SECRET_KEY        required when DJANGO_DEBUG is off
DJANGO_DEBUG      "1" for development (make run sets it); off by default
ALLOWED_HOSTS     comma separated; default localhost names
PLANFLOW_DEMO_PASSWORD  password of the demo accounts made by `manage.py loaddemo` (demos only)
Production (HTTPS, HSTS, cookies, proxies, login throttling, logs): see "Production hardening" below.
"""

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.conf import global_settings
from django.utils.translation import gettext_lazy as _

from config.env import env_flag
from config.logging import build_logging

BASE_DIR = Path(__file__).resolve().parent.parent


DEBUG = env_flag("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or ""
if not SECRET_KEY:
    if not DEBUG and not env_flag("PLANFLOW_TESTING"):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "planflow-insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",") if h.strip()]

PLANFLOW_DEMO_PASSWORD = os.environ.get("PLANFLOW_DEMO_PASSWORD", "planflow-demo")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI from our own static files: no CDN, no inline script (CSP)
    "guardian",
    "simple_history",
    "axes",  # login throttling (accounts.throttling)
    "csp",  # Content-Security-Policy header (CONTENT_SECURITY_POLICY below)
    "viewflow",
    "viewflow.workflow",  # who acts next: the approval flow's processes and tasks (workflow/flows.py)
    "filestore",  # files kept with the record, in the database transaction that records them
    "accounts",
    "plans",
    "documents",  # the plan as a document: HTML/PDF/DOCX and the PAdES-signed PDFs
    "workflow",
    "approvals",
    "reporting",
    "register",  # the outgoing register (sổ đăng ký văn bản đi) and its files
    "planimport",  # a draft plan from a Word file, a PDF or text (issue 17)
    "audit",
    "demo",  # the demo organizations, people and seed plans (manage.py loaddemo)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files under gunicorn (STATIC_ROOT, after collectstatic)
    "config.middleware.RequestLogMiddleware",  # request id + one JSON line per request (config/logging.py)
    "config.request_limits.RequestBodyLimitMiddleware",  # body size (413 under /api/) and JSON depth (400), before any view
    "config.middleware.DatabaseUnavailableMiddleware",  # database down → 503 page / JSON, not a trace
    "config.middleware.LostRaceMiddleware",  # a write that lost a race (IntegrityError) → 409, not a 500
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.ui_language.ChosenLanguageMiddleware",  # LocaleMiddleware without Accept-Language: Vietnamese by default
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a login lockout into accounts.throttling.lockout_response
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # the menu and the header: each app's entries, asked only where a page shows them
                "plans.context_processors.plan_menu",
                "reporting.context_processors.reporting_menu",
                "register.context_processors.register_menu",
                "workflow.context_processors.approval_desk",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DEFAULT_SQLITE_URL = "sqlite:///" + str(BASE_DIR / "var" / "planflow.sqlite3")
# Server processes keep their database connection for PLANFLOW_DB_CONN_MAX_AGE seconds (60) instead of
# opening one per request (~5 ms and a PostgreSQL backend fork each); a kept connection is checked
# before each request reuses it, so a restarted database gives a new connection, or the clean 503.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or DEFAULT_SQLITE_URL,
        conn_max_age=int(os.environ.get("PLANFLOW_DB_CONN_MAX_AGE", 60)),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # SQLite, the default, with several server processes and threads (tests/hardening/test_sqlite_concurrency.py):
    # - every transaction starts with BEGIN IMMEDIATE, taking the write lock at once: a deferred one that
    #   read first and then wanted to write failed with "database is locked" whatever the timeout;
    # - a writer waits up to PLANFLOW_SQLITE_TIMEOUT seconds (20) for the lock instead of failing;
    # - WAL: readers are not blocked by the writer (a property of the file, set again on every connection).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=int(os.environ.get("PLANFLOW_SQLITE_TIMEOUT", 20)),
        transaction_mode="IMMEDIATE",
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "accounts.throttling.LoginThrottleBackend",  # first: refuses a locked-out client (django-axes)
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
    "workflow.task_permissions.OrganizationRoleBackend",  # clerks may take their organization's issue task
]
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user row

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]  # planflow's own script (static/planflow/ui.js)
STATIC_ROOT = Path(os.environ.get("PLANFLOW_STATIC_ROOT", BASE_DIR / "staticfiles"))  # collectstatic copies here

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.tokens.IdleExpiringTokenAuthentication",  # DRF's token, refused after PLANFLOW_TOKEN_IDLE_DAYS unused
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "config.request_limits.JSONParser",  # refuses JSON nested deeper than PLANFLOW_JSON_MAX_DEPTH
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "config.api_errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "planflow API",
    "DESCRIPTION": "Kế hoạch from draft to closing. See docs/API.md for the contract.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Request and response bodies as separate components (a response always carries every field), and
    # the corrections a generated client needs (config/openapi.py).
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "config.openapi.postprocess"],
    # One name for the plan states wherever they appear (state, from_state, to_state).
    "ENUM_NAME_OVERRIDES": {
        "PlanStateEnum": "plans.lifecycle.State",
        "PlanActionEnum": "plans.rules.ACTION_CHOICES",
        "SuccessionEnum": "plans.models.Succession",
        "DelegationKindEnum": "plans.models.Delegation.KINDS",
        "BlockKindEnum": "plans.models.BlockKind",
        "TimingKindEnum": "plans.serializers.TIMING_KIND_CHOICES",
    },
    # /api/docs/ loads Swagger UI from drf-spectacular-sidecar's static files (the CSP allows no CDN).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Mail: EMAIL_BACKEND from the environment when set. In development (`make run`, DJANGO_DEBUG outside
# the tests) every mail is written as a file into var/mail/ (PLANFLOW_MAIL_DIR), where the task mails
# of the demo accounts can be read; otherwise it is printed on the console.
if os.environ.get("EMAIL_BACKEND"):
    EMAIL_BACKEND = os.environ["EMAIL_BACKEND"]
elif DEBUG and not env_flag("PLANFLOW_TESTING"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = Path(os.environ.get("PLANFLOW_MAIL_DIR", BASE_DIR / "var" / "mail"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Logs on stderr, one JSON object a line (PLANFLOW_LOG_FORMAT=text for plain lines), secrets scrubbed:
# planflow.request (every request) and planflow.security (logins, lockouts, refusals…) — config/logging.py.
LOGGING = build_logging(
    fmt=os.environ.get("PLANFLOW_LOG_FORMAT", "text" if DEBUG else "json"),
    level=os.environ.get("LOG_LEVEL", "WARNING"),
    planflow_level=os.environ.get("PLANFLOW_LOG_LEVEL", "INFO"),
)

# --- Production hardening (issue 8) ----------------------------------------------------------------
# "Production" is DJANGO_DEBUG off outside the test suite: `manage.py check --deploy` is clean there
# (tests/hardening/test_production_settings.py). Every value can be changed from the environment:
#   PLANFLOW_SSL_REDIRECT=0        HTTP is not redirected to HTTPS (default on in production)
#   PLANFLOW_PROXY_SSL_HEADER=1    behind a TLS-terminating proxy that *sets* X-Forwarded-Proto (and
#                                  drops any the client sent): requests it marks https count as secure;
#                                  gunicorn (config/gunicorn.conf.py) trusts forwarded headers only then
#   PLANFLOW_TRUSTED_PROXIES=N     N reverse proxies append to X-Forwarded-For: the client address is
#                                  the Nth entry from the right (login throttling and logs); default 0
#   PLANFLOW_HSTS_SECONDS          Strict-Transport-Security max-age (default one year in production;
#                                  start lower, e.g. 3600, on a first rollout)
#   PLANFLOW_HSTS_INCLUDE_SUBDOMAINS (default on), PLANFLOW_HSTS_PRELOAD (default off: preloading is
#                                  hard to undo, so it is the operator's decision)
#   PLANFLOW_SECURE_COOKIES=0      session and CSRF cookies also over plain HTTP (default: HTTPS only)
#   CSRF_TRUSTED_ORIGINS           comma separated https://host origins, when a proxy changes the host
#   PLANFLOW_DB_CONNECT_TIMEOUT    seconds to wait for PostgreSQL before a 503 (default 5)
PRODUCTION = not DEBUG and not env_flag("PLANFLOW_TESTING")

SECURE_SSL_REDIRECT = env_flag("PLANFLOW_SSL_REDIRECT", PRODUCTION)
if env_flag("PLANFLOW_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
PLANFLOW_TRUSTED_PROXIES = int(os.environ.get("PLANFLOW_TRUSTED_PROXIES", 0))
SECURE_HSTS_SECONDS = int(os.environ.get("PLANFLOW_HSTS_SECONDS", 365 * 24 * 3600 if PRODUCTION else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("PLANFLOW_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_flag("PLANFLOW_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = ["security.W021"]  # "HSTS preload not set": off on purpose, see above
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_flag("PLANFLOW_SECURE_COOKIES", PRODUCTION)
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", int(os.environ.get("PLANFLOW_DB_CONNECT_TIMEOUT", 5)))
    # Issue 21, round trips (figures in bench/NOTES.md):
    # - PLANFLOW_DB_PREPARE_THRESHOLD (default 2; "off" turns it off): psycopg 3 binds the parameters on
    #   the server and prepares a statement once a connection has run it that many times, so
    #   PostgreSQL parses and plans it once. It only works with server-side binding, which is turned
    #   on with it. The transition's fixed reads send the same text every time (config.compiled_queries):
    #   the PostgreSQL CPU of a transition halves with it.
    # - PLANFLOW_DB_POOL=1 (default off; needs the psycopg-pool package): Django's psycopg pool
    #   instead of one kept connection per process (CONN_MAX_AGE is then 0, as Django requires).
    _prepare = os.environ.get("PLANFLOW_DB_PREPARE_THRESHOLD", "2").strip().lower()
    if _prepare not in ("", "off", "none"):
        DATABASES["default"]["OPTIONS"].update(server_side_binding=True, prepare_threshold=int(_prepare))
    if env_flag("PLANFLOW_DB_POOL", False):
        DATABASES["default"]["OPTIONS"]["pool"] = {"min_size": 1, "max_size": int(os.environ.get("PLANFLOW_DB_POOL_SIZE", 4))}
        DATABASES["default"]["CONN_MAX_AGE"] = 0

# Content-Security-Policy (django-csp): scripts only from our own static files (viewflow's
# Material frontend loads all of its JavaScript as files). Styles also allow 'unsafe-inline':
# viewflow's own templates use style="…" attributes and a theme <style> block, and its Turbo page
# swaps keep the first page's policy, so per-request nonces on <style> would be refused after one click.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        **({"report-uri": [os.environ["PLANFLOW_CSP_REPORT_URI"]]} if os.environ.get("PLANFLOW_CSP_REPORT_URI") else {}),
    }
}

# Static files: `manage.py collectstatic` copies them (compressed) into STATIC_ROOT, where WhiteNoise
# serves them under gunicorn. Outside production WhiteNoise looks files up per request instead.
STORAGES = {
    **global_settings.STORAGES,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Files kept with the record (signed PDFs, report attachments): in the database by default, written
# in the transaction that records them (filestore/storage.py says why, and what another backend needs).
STORAGES["records"] = {"BACKEND": os.environ.get("PLANFLOW_RECORD_STORAGE", "filestore.storage.DatabaseStorage")}
WHITENOISE_AUTOREFRESH = not PRODUCTION

# Login throttling (django-axes, accounts/throttling.py): after PLANFLOW_LOGIN_FAILURE_LIMIT failed
# logins (web form or POST /api/auth/token/) a username is locked out from that client address for
# PLANFLOW_LOGIN_LOCKOUT_MINUTES; attempts are kept in the database, so every server process counts.
AXES_FAILURE_LIMIT = int(os.environ.get("PLANFLOW_LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("PLANFLOW_LOGIN_LOCKOUT_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the lockout ends when the message says it does
AXES_LOCKOUT_CALLABLE = "accounts.throttling.lockout_response"
AXES_CLIENT_IP_CALLABLE = "config.logging.client_ip"
AXES_VERBOSE = False
# The step-up password of a main signature (workflow.services._sign): PLANFLOW_STEP_UP_FAILURE_LIMIT
# wrong passwords within PLANFLOW_STEP_UP_WINDOW_MINUTES refuse the signer for that long (counted in the
# cache, which every server process shares: Redis with REDIS_URL, else a table in the database).
PLANFLOW_STEP_UP_FAILURE_LIMIT = int(os.environ.get("PLANFLOW_STEP_UP_FAILURE_LIMIT", 5))
PLANFLOW_STEP_UP_WINDOW_MINUTES = int(os.environ.get("PLANFLOW_STEP_UP_WINDOW_MINUTES", 15))
# The cache holds counters that must hold across all server processes (the step-up throttle): Redis
# with REDIS_URL; without it Django's database cache, table planflow_cache, made by `migrate` (accounts.apps).
# The test suite keeps the per-process memory cache (tests/hardening/test_shared_limits.py runs real processes).
if not env_flag("PLANFLOW_TESTING"):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
        if os.environ.get("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "planflow_cache"}
    }

# API tokens (accounts/tokens.py): a token unused for PLANFLOW_TOKEN_IDLE_DAYS (30) stops working and is
# deleted (the client logs in again); its last use is written at most every PLANFLOW_TOKEN_TOUCH_MINUTES
# (60), not on every request. A password change, by any path, revokes the user's tokens.
PLANFLOW_TOKEN_IDLE_DAYS = int(os.environ.get("PLANFLOW_TOKEN_IDLE_DAYS", 30))
PLANFLOW_TOKEN_TOUCH_MINUTES = int(os.environ.get("PLANFLOW_TOKEN_TOUCH_MINUTES", 60))

# Request bodies (config/request_limits.py): a body under /api/ over PLANFLOW_MAX_BODY_BYTES (2.5 MB;
# multipart may add PLANFLOW_ATTACHMENTS_PER_REPORT files of PLANFLOW_ATTACHMENT_MAX_BYTES) is a JSON
# 413; JSON nested deeper than PLANFLOW_JSON_MAX_DEPTH (32; a plan needs 4) is a JSON 400 everywhere.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("PLANFLOW_MAX_BODY_BYTES", global_settings.DATA_UPLOAD_MAX_MEMORY_SIZE))
PLANFLOW_JSON_MAX_DEPTH = int(os.environ.get("PLANFLOW_JSON_MAX_DEPTH", 32))

MEDIA_ROOT = Path(os.environ.get("PLANFLOW_MEDIA_ROOT", BASE_DIR / "var" / "media"))  # outside the web root
# Report attachments (reporting/attachments.py): the same limits for the web form and the API.
PLANFLOW_ATTACHMENT_MAX_BYTES = int(os.environ.get("PLANFLOW_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))
PLANFLOW_ATTACHMENTS_PER_REPORT = int(os.environ.get("PLANFLOW_ATTACHMENTS_PER_REPORT", 10))
# A DOCX/XLSX is a ZIP archive: refused when it unpacks to more than this, or to more than this many
# times its own size (a zip bomb). Real Office files unpack to 2–20 times their size.
PLANFLOW_ATTACHMENT_MAX_UNCOMPRESSED_BYTES = int(os.environ.get("PLANFLOW_ATTACHMENT_MAX_UNCOMPRESSED_BYTES", 50 * 1024 * 1024))
PLANFLOW_ATTACHMENT_MAX_ZIP_RATIO = int(os.environ.get("PLANFLOW_ATTACHMENT_MAX_ZIP_RATIO", 100))
# Importing a plan from a file (planimport/readers.py): at most this size (checked before it is read;
# the DOCX unpacking limits above apply too), a scanned PDF read by Tesseract (the program named here,
# with its Vietnamese data) up to this many pages; an upload waits for its review this many hours.
PLANFLOW_IMPORT_MAX_BYTES = int(os.environ.get("PLANFLOW_IMPORT_MAX_BYTES", 20 * 1024 * 1024))
PLANFLOW_IMPORT_MAX_OCR_PAGES = int(os.environ.get("PLANFLOW_IMPORT_MAX_OCR_PAGES", 30))
PLANFLOW_IMPORT_PENDING_HOURS = int(os.environ.get("PLANFLOW_IMPORT_PENDING_HOURS", 24))
PLANFLOW_TESSERACT = os.environ.get("PLANFLOW_TESSERACT", "tesseract")
# A form may carry this many fields (Django's default, 1000, is a review of ~330 recognized blocks or a
# plan form of ~100 blocks; a long plan has several hundred).
DATA_UPLOAD_MAX_NUMBER_FIELDS = int(os.environ.get("PLANFLOW_MAX_FORM_FIELDS", 20000))
# PAdES-signed PDFs at the main signature and at issue (documents.services). Off by default in
# the test suite (rendering costs a few hundred ms; tests/documents turn it on), on everywhere else.
PLANFLOW_SIGNED_PDFS = env_flag("PLANFLOW_SIGNED_PDFS", not env_flag("PLANFLOW_TESTING"))
# An RFC 3161 time-stamping authority (documents/ltv.py): with it every PDF signature is timestamped
# and the issued PDF carries its validation data and a document timestamp (PAdES B-LTA).
PLANFLOW_TSA_URL = os.environ.get("PLANFLOW_TSA_URL", "")
# Where signing keys live (approvals/keys.py, approvals/pkcs11_keys.py): "" (the database, encrypted at
# rest), "pkcs11" (a PKCS#11 token named by PLANFLOW_PKCS11_MODULE/_TOKEN/_PIN or _PIN_FILE) or
# "pkcs11:/path/to/file" (the same in a file). Never read from the database.
PLANFLOW_SIGNATURE_KEYSTORE = os.environ.get("PLANFLOW_SIGNATURE_KEYSTORE", "")

if env_flag("PLANFLOW_TESTING"):
    # Tests hash many passwords; a fast hasher keeps the suite quick. Never used outside tests.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Background jobs: Celery + beat against Redis in production; eager (in-process) without REDIS_URL.
REDIS_URL = os.environ.get("REDIS_URL", "")
# The in-memory transport needs a host name too, or kombu warns "No hostname was supplied" on every task.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
# The worker keeps its database connection across tasks (config/celery.py closes it as a request would);
# Celery's own Django fixup closes it only after this many tasks, instead of around every task.
CELERY_DB_REUSE_MAX = int(os.environ.get("PLANFLOW_CELERY_DB_REUSE_MAX", 1000))
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "send-reminders-daily": {"task": "reporting.tasks.send_reminders", "schedule": 24 * 60 * 60},
    "audit-checkpoint-hourly": {"task": "audit.tasks.write_checkpoint", "schedule": 60 * 60},
    "send-task-digest-daily": {"task": "workflow.tasks.send_task_digest", "schedule": 24 * 60 * 60},
}
# Trust in the audit trail (audit.record.anchors): the checkpoint public key verification trusts
# (hex, as `manage.py audit_trust` prints it; unset: nothing is "anchored"), and the directory where
# each checkpoint is also appended, outside the database (the test suite uses a temporary one).
PLANFLOW_AUDIT_PUBLIC_KEY = os.environ.get("PLANFLOW_AUDIT_PUBLIC_KEY", "")
PLANFLOW_AUDIT_ANCHOR_DIR = Path(
    os.environ.get("PLANFLOW_AUDIT_ANCHOR_DIR")
    or (Path(tempfile.gettempdir()) / f"planflow-anchors-{os.getpid()}" if env_flag("PLANFLOW_TESTING") else BASE_DIR / "var" / "anchors")
)
PLANFLOW_REMINDER_DAYS_BEFORE = int(os.environ.get("PLANFLOW_REMINDER_DAYS_BEFORE", 3))
PLANFLOW_BASE_URL = os.environ.get("PLANFLOW_BASE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "planflow@localhost")
