"""The same limits in every server process, without Redis (issue 13, point 7), and forwarded headers
trusted only when PLANFLOW_PROXY_SSL_HEADER says a proxy sets them.

- Without REDIS_URL the cache — where the step-up password throttle counts — is a table in the
  database (made by `migrate`), so wrong passwords typed into any server process count together.
  Shown with separate processes against one SQLite file (tests/hardening/sqlite_server.py). The
  login lockout (django-axes) keeps its attempts in the database already; checked the same way.
- gunicorn trusts X-Forwarded-Proto only with PLANFLOW_PROXY_SSL_HEADER=1; without it a client on
  the server's own machine cannot make plain HTTP count as HTTPS.
"""

import json
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PASSWORD
from tests.hardening.sqlite_server import PROJECT, server_env, sqlite_server  # noqa: F401 - the fixture

LIMIT = 5  # PLANFLOW_STEP_UP_FAILURE_LIMIT and PLANFLOW_LOGIN_FAILURE_LIMIT defaults


def settings_in_a_fresh_process(tmp_path, **env):
    """settings.CACHES as a server process with this environment sees it."""
    environment = {**server_env(tmp_path), **env}
    code = "import django, json; django.setup(); from django.conf import settings; print(json.dumps(settings.CACHES))"
    done = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, env=environment, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_without_redis_the_cache_is_a_database_table(tmp_path):
    caches = settings_in_a_fresh_process(tmp_path)
    assert caches["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    with_redis = settings_in_a_fresh_process(tmp_path, REDIS_URL="redis://127.0.0.1:6379/0")
    assert with_redis["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"


def test_step_up_failures_in_other_processes_lock_the_signer_out(sqlite_server):  # noqa: F811
    server = sqlite_server
    signer_id = server.data["users"]["signer"]
    one_wrong_password = (
        "from django.contrib.auth import get_user_model\n"
        "from accounts.throttling import TooManyAttempts, step_up_password_ok\n"
        f"user = get_user_model().objects.get(pk={signer_id})\n"
        "try:\n    print(step_up_password_ok(user, 'not-my-password'))\n"
        "except TooManyAttempts:\n    print('locked')\n"
    )
    answers = [server.manage(code=one_wrong_password).strip().splitlines()[-1] for _ in range(LIMIT)]
    assert answers == ["False"] * (LIMIT - 1) + ["locked"]

    # The server's processes, which saw none of those attempts, refuse the signer too — even with the right password.
    status, _headers, body = server.request(
        "POST",
        f"/api/plans/{server.data['signing']}/actions/sign/",
        {"kind": "main", "password": PASSWORD},
        token=server.data["tokens"]["signer"],
    )
    assert status == 429, body
    assert body["code"] == "too_many_attempts"


def test_login_failures_in_other_processes_lock_the_login(sqlite_server):  # noqa: F811
    server = sqlite_server
    one_wrong_login = (
        "from django.contrib.auth import authenticate\n"
        "from django.test import RequestFactory\n"
        "request = RequestFactory().post('/api/auth/token/', REMOTE_ADDR='127.0.0.1')\n"
        "print(authenticate(request, username='reporter', password='wrong'))\n"
    )
    for _ in range(LIMIT):
        server.manage(code=one_wrong_login)
    status, _headers, body = server.request("POST", "/api/auth/token/", {"username": "reporter", "password": PASSWORD})
    assert status == 429, body
    assert body["code"] == "locked_out"


# --- forwarded headers ------------------------------------------------------------------------------


def gunicorn_config(monkeypatch, **env):
    for name in ("PLANFLOW_PROXY_SSL_HEADER", "FORWARDED_ALLOW_IPS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(Path(PROJECT) / "config" / "gunicorn.conf.py"))


def test_gunicorn_trusts_no_forwarded_header_without_the_setting(monkeypatch):
    config = gunicorn_config(monkeypatch)
    assert config["forwarded_allow_ips"] == ""
    assert config["secure_scheme_headers"] == {}


def test_gunicorn_trusts_x_forwarded_proto_from_the_proxy_with_the_setting(monkeypatch):
    config = gunicorn_config(monkeypatch, PLANFLOW_PROXY_SSL_HEADER="1", FORWARDED_ALLOW_IPS="10.0.0.5")
    assert config["forwarded_allow_ips"] == "10.0.0.5"
    assert config["secure_scheme_headers"] == {"X-FORWARDED-PROTO": "https"}
    assert gunicorn_config(monkeypatch, PLANFLOW_PROXY_SSL_HEADER="1")["forwarded_allow_ips"] == "127.0.0.1"


@pytest.mark.parametrize("header", ["X-Forwarded-Proto", "X-Forwarded-Protocol", "X-Forwarded-Ssl"])
def test_a_client_cannot_make_plain_http_count_as_https(sqlite_server, header):  # noqa: F811
    """The server runs in production mode (HSTS on): Strict-Transport-Security is sent only on a
    request Django takes for HTTPS. A plain HTTP request from 127.0.0.1 claiming HTTPS is not one."""
    value = {"X-Forwarded-Proto": "https", "X-Forwarded-Protocol": "ssl", "X-Forwarded-Ssl": "on"}[header]
    status, headers, _body = sqlite_server.request(
        "GET", "/api/me/", token=sqlite_server.data["tokens"]["auditor"], headers={header: value}
    )
    assert status == 200
    assert "Strict-Transport-Security" not in headers, headers
