"""Helpers for the hardening tests: token clients, the log output as an operator would see it,
a plan waiting for its main signature, and requests served while the database is dead."""

import io
import json
import logging
import socket
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.api.conftest import advance, unchanged  # noqa: F401 - unchanged: a fixture for the hardening tests
from tests.reporting.conftest import reporting_plan  # noqa: F401 - a fixture for the hardening tests


@pytest.fixture
def api(world):
    """api("drafter") → an APIClient sending that user's token; api() → anonymous."""

    def client(username=None):
        c = APIClient()
        if username:
            token, _ = Token.objects.get_or_create(user=world["users"][username])
            c.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return c

    return client


@pytest.fixture
def signing_plan(world, make_plan):
    """A plan of the district waiting for the main signature of `signer`."""
    return advance(make_plan(), world, "signing")


class LogOutput:
    """What the configured console handler wrote during the test: the real formatter and scrub filter."""

    def __init__(self, stream):
        self.stream = stream

    @property
    def text(self):
        return self.stream.getvalue()

    def lines(self):
        """Every line as parsed JSON (fails the test if one is not JSON)."""
        return [json.loads(line) for line in self.text.splitlines() if line.strip()]

    def events(self, name):
        return [line for line in self.lines() if line.get("event") == name]


@pytest.fixture
def log_output():
    """Redirects the handler settings.LOGGING configured (JSON format, scrub filter) to a buffer."""
    handler = next(h for h in logging.getLogger("planflow").handlers if h.name == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        yield LogOutput(stream)
    finally:
        handler.setStream(previous)


def _closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens there once the socket is closed


@pytest.fixture
def dead_database(tmp_path):
    """dead_database(fn) runs fn() in a thread whose database connection points at a database that
    is not there: PostgreSQL on a closed port, or an SQLite file in a missing directory. Only that
    thread's connection object is changed; the test's own connection (and transaction) is untouched."""

    def run(fn):
        def in_thread():
            connection = connections["default"]  # a new connection object: connections are per thread
            settings = dict(connection.settings_dict)
            if connection.vendor == "postgresql":
                settings.update(HOST="127.0.0.1", PORT=str(_closed_port()))
            else:
                settings["NAME"] = str(tmp_path / "missing-directory" / "planflow.sqlite3")
            connection.settings_dict = settings
            try:
                return fn()
            finally:
                connection.close()

        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(in_thread).result()

    return run
