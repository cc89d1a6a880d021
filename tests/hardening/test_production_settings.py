"""Production settings: `check --deploy` is clean, the security headers and cookie flags are set,
static files come from WhiteNoise, gunicorn's configuration loads.

The production checks run in a subprocess with a production environment — DJANGO_DEBUG and
PLANFLOW_TESTING unset, a long random SECRET_KEY, ALLOWED_HOSTS set — exactly as an operator's
server would start, since the settings read the environment once at import."""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

HOST = "kehoach.example.gov.vn"
BASE_DIR = str(settings.BASE_DIR)

HEADERS_SCRIPT = """
import json, os
import django
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
django.setup()
from django.conf import settings
from django.test import Client

client = Client(HTTP_HOST=os.environ["ALLOWED_HOSTS"])
plain = client.get("/accounts/login/")
page = client.get("/accounts/login/", secure=True)
api = client.get("/api/me/", secure=True)
csrf = page.cookies.get("csrftoken")
print(json.dumps({
    "plain": [plain.status_code, plain.get("Location")],
    "page": [page.status_code, dict(page.headers)],
    "api": [api.status_code, dict(api.headers)],
    "csrf_cookie_secure": bool(csrf and csrf["secure"]),
    "settings": {name: getattr(settings, name) for name in (
        "DEBUG", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT",
    )},
    "static_storage": settings.STORAGES["staticfiles"]["BACKEND"],
}))
"""


def production_env(tmp_path, **overrides):
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_DEBUG", "PLANFLOW_TESTING", "DATABASE_URL"}}
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}",
        PLANFLOW_LOG_FORMAT="json",
        PLANFLOW_AUDIT_PUBLIC_KEY="ab" * 32,
    )
    env.update(overrides)
    return env


def run(args, env):
    return subprocess.run(args, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120)


def check_deploy(env):
    return run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = check_deploy(production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_fails_on_a_weak_configuration(tmp_path):
    """The check above can fail: a short key and cookies over plain HTTP are reported."""
    result = check_deploy(production_env(tmp_path, SECRET_KEY="short", PLANFLOW_SECURE_COOKIES="0", PLANFLOW_AUDIT_PUBLIC_KEY=""))
    assert result.returncode != 0
    report = result.stdout + result.stderr
    assert "security.W009" in report and "security.W012" in report and "security.W016" in report
    assert "planflow.W011" in report  # nothing anchored without the trusted key (issue 13)


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    result = check_deploy(env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_headers_cookies_and_redirect(tmp_path):
    result = run([sys.executable, "-c", HEADERS_SCRIPT], production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])

    # Plain HTTP is sent to HTTPS.
    assert report["plain"] == [301, f"https://{HOST}/accounts/login/"]

    status, headers = report["page"]
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    directives = {d.strip() for d in headers["Content-Security-Policy"].split(";")}  # order is not fixed
    assert "script-src 'self'" in directives
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]

    api_status, api_headers = report["api"]
    assert api_status == 401
    assert {"Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Strict-Transport-Security"} <= set(api_headers)

    assert report["csrf_cookie_secure"] is True
    assert report["settings"] == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
    }
    assert report["static_storage"] == "whitenoise.storage.CompressedStaticFilesStorage"


def test_behind_a_proxy_the_forwarded_scheme_counts(tmp_path):
    script = HEADERS_SCRIPT.replace('client.get("/accounts/login/")', 'client.get("/accounts/login/", HTTP_X_FORWARDED_PROTO="https")')
    result = run([sys.executable, "-c", script], production_env(tmp_path, PLANFLOW_PROXY_SSL_HEADER="1"))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["plain"] == [200, None]  # the proxy said https: no redirect loop


def test_security_headers_on_every_kind_of_page(world):
    client = Client()
    client.force_login(world["users"]["drafter"])
    policy = {
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    }
    for url in ("/accounts/login/", "/plans/", "/api/me/", "/api/docs/", "/no-such-page/"):
        response = client.get(url)
        assert set(response["Content-Security-Policy"].split("; ")) == policy, url
        assert response["X-Frame-Options"] == "DENY", url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "same-origin", url


def test_the_session_cookie_is_http_only(world):
    client = Client()
    client.post("/accounts/login/", {"username": "drafter", "password": "test-password-123"})
    assert client.cookies["sessionid"]["httponly"] is True


def test_api_docs_load_swagger_from_our_own_static_files(world):
    client = Client()
    client.force_login(world["users"]["drafter"])
    page = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "<script>" not in page  # the settings come as a separate script (SpectacularSwaggerSplitView)


def test_whitenoise_serves_static_files(world):
    with override_settings(WHITENOISE_USE_FINDERS=True):
        response = Client().get("/static/viewflow/css/viewflow.min.css")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert "Content-Security-Policy" not in response  # answered by WhiteNoise, before Django's view layer


def test_gunicorn_configuration_loads_with_workers_from_the_environment(tmp_path):
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    env = production_env(tmp_path, PLANFLOW_WORKERS="3", PLANFLOW_BIND="127.0.0.1:8123")
    result = run([gunicorn, "--config", "config/gunicorn.conf.py", "--print-config"], env)
    assert result.returncode == 0, result.stderr
    config = {name.strip(): value.strip() for name, _eq, value in (line.partition("=") for line in result.stdout.splitlines())}
    assert config["workers"] == "3"
    assert config["bind"] == "['127.0.0.1:8123']"
    assert config["wsgi_app"] == "config.wsgi:application"
