"""planflow as `make serve` runs it by default — gunicorn with several worker processes and threads
over an SQLite file, no Redis, DJANGO_DEBUG off — for the tests that need real server processes
(tests/hardening/test_sqlite_concurrency.py, test_shared_limits.py).

`sqlite_server` (module scope) migrates a fresh database file in a temporary directory, fills it
with the `world` of tests/conftest.py and plans waiting to be issued (`fill`, run in a subprocess
against that file), starts gunicorn on a free port and stops it (by its own pid) at the end.
Nothing here touches the test suite's own database.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher

PROJECT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
PLANS_TO_ISSUE = 12
START_TIMEOUT = 90  # seconds for gunicorn's workers to answer (each warms WeasyPrint up first)


class QuickPBKDF2(PBKDF2PasswordHasher):
    """Hashes the filled users' passwords with few iterations; the server, with Django's default
    hashers, still reads them (the iteration count is part of the hash)."""

    iterations = 1000


def fill(plans=PLANS_TO_ISSUE):
    """In the current database: the `world`, `plans` plans signed and waiting to be issued, one plan
    waiting for its main signature, and an API token for each user.
    Returns {"plans": [ids], "signing": id, "tokens": {username: key}, "users": {username: id}}."""
    from django.conf import settings
    from rest_framework.authtoken.models import Token

    from tests.conftest import PASSWORD, make_world, plan_data
    from workflow.services import perform

    settings.PASSWORD_HASHERS = ["tests.hardening.sqlite_server.QuickPBKDF2"]
    world = make_world()
    u = world["users"]
    from plans.services import create_plan

    ids = []
    for i in range(plans):
        plan = create_plan(u["drafter"], world["district"], plan_data(world, subject=f"Kế hoạch phát hành đồng thời {i}"))
        perform(plan, "submit", u["drafter"])
        perform(plan, "approve", u["reviewer"])
        perform(plan, "sign", u["signer"], kind="main", password=PASSWORD)
        ids.append(plan.pk)
    waiting = create_plan(u["drafter"], world["district"], plan_data(world, subject="Kế hoạch chờ ký chính"))
    perform(waiting, "submit", u["drafter"])
    perform(waiting, "approve", u["reviewer"])
    tokens = {name: Token.objects.create(user=user).key for name, user in u.items()}
    return {"plans": ids, "signing": waiting.pk, "tokens": tokens, "users": {name: user.pk for name, user in u.items()}}


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    url: str
    env: dict
    data: dict
    log: Path

    def request(self, method, path, body=None, token=None, headers=None):
        """(status, headers, parsed JSON or raw bytes); a fresh connection each time."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Token {token}")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                status, answer_headers, raw = response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            status, answer_headers, raw = error.code, dict(error.headers), error.read()
        try:
            return status, answer_headers, json.loads(raw)
        except ValueError:
            return status, answer_headers, raw

    def manage(self, *args, code=None):
        """Run `manage.py` (or, with code=, a Python snippet after django.setup()) against the server's database."""
        if code is not None:
            argv = [sys.executable, "-c", "import django; django.setup()\n" + code]
        else:
            argv = [sys.executable, "manage.py", *args]
        done = subprocess.run(argv, cwd=PROJECT, env=self.env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout


def server_env(tmp):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PLANFLOW_", "DJANGO_", "REDIS_", "DATABASE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=f"sqlite:///{tmp / 'planflow.sqlite3'}",
        SECRET_KEY="planflow-sqlite-server-test-key-not-secret",
        PLANFLOW_SSL_REDIRECT="0",
        PLANFLOW_SECURE_COOKIES="0",
        PLANFLOW_MEDIA_ROOT=str(tmp / "media"),
        PLANFLOW_STATIC_ROOT=str(tmp / "static"),
        PLANFLOW_LOG_FORMAT="text",
        PLANFLOW_SIGNED_PDFS="0",  # PDF rendering only lengthens each transaction; the locks are what is tested
    )
    return env


@pytest.fixture(scope="session")
def sqlite_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sqlite-server")
    env = server_env(tmp)
    port = _free_port()
    server = Server(url=f"http://127.0.0.1:{port}", env=env, data={}, log=tmp / "gunicorn.log")
    server.manage("migrate", "--noinput", "-v0")
    out = server.manage(code="import json\nfrom tests.hardening.sqlite_server import fill\nprint(json.dumps(fill()))")
    server.data = json.loads(out.strip().splitlines()[-1])
    run_env = {**env, "PLANFLOW_BIND": f"127.0.0.1:{port}", "PLANFLOW_WORKERS": "3", "PLANFLOW_THREADS": "4"}
    with open(server.log, "w") as log:
        process = subprocess.Popen(
            [str(GUNICORN), "-c", "config/gunicorn.conf.py"], cwd=PROJECT, env=run_env, stdout=log, stderr=log, start_new_session=True
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert process.poll() is None, server.log.read_text()[-3000:]
            try:
                if server.request("GET", "/api/me/")[0] == 401:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "gunicorn did not answer: " + server.log.read_text()[-3000:]
            time.sleep(0.5)
        yield server
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # the group this test started: gunicorn and its workers
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)
