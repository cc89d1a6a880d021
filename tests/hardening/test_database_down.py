"""A database that cannot be reached gives a clean 503 — a Vietnamese page for the web UI, JSON for
the API — and a log line, never a traceback. The requests run in a thread whose connection points at
a dead database (tests/hardening/conftest.py `dead_database`); the test's own connection is untouched."""

import json
import sys

import pytest
from django.contrib.auth import get_user_model
from django.db import OperationalError
from django.test import Client, RequestFactory
from rest_framework.test import APIClient

from config.middleware import server_error
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

MESSAGE = "Hệ thống tạm thời không kết nối được cơ sở dữ liệu. Vui lòng thử lại sau ít phút."


def assert_clean_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert MESSAGE in page
    assert "Traceback" not in page and "OperationalError" not in page
    assert response["X-Request-ID"] in page  # a reference the user can quote to the operator


def test_the_plan_list_of_a_logged_in_user(world, dead_database, log_output):
    client = Client()
    client.force_login(world["users"]["drafter"])
    response = dead_database(lambda: client.get("/plans/"))
    assert_clean_page(response)
    assert [e["path"] for e in log_output.events("database_unavailable")] == ["/plans/"]
    assert log_output.events("database_unavailable")[0]["level"] == "ERROR"


def test_the_login_form(world, dead_database):
    response = dead_database(lambda: Client().post("/accounts/login/", {"username": "drafter", "password": PASSWORD}))
    assert_clean_page(response)


def test_the_api_answers_json(world, api, dead_database):
    client = api("drafter")
    response = dead_database(lambda: client.get("/api/plans/"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json() == {"detail": MESSAGE, "code": "database_unavailable"}


def test_the_token_endpoint_answers_json(world, dead_database):
    response = dead_database(lambda: APIClient().post("/api/auth/token/", {"username": "drafter", "password": PASSWORD}, format="json"))
    assert response.status_code == 503
    assert response.json()["code"] == "database_unavailable"


def test_the_database_still_works_for_everyone_else(world, dead_database):
    dead_database(lambda: APIClient().get("/api/plans/", HTTP_AUTHORIZATION="Token " + "0" * 40))
    assert get_user_model().objects.filter(username="drafter").exists()
    client = Client()
    client.force_login(world["users"]["drafter"])
    assert client.get("/plans/").status_code == 200


def _server_error_while_handling(exc, path):
    request = RequestFactory().get(path)
    try:
        raise exc
    except type(exc):
        assert sys.exc_info()[1] is exc
        return server_error(request)


def test_handler500_gives_503_for_a_database_error_outside_a_view(db):
    """A failure in a middleware reaches handler500 (config.urls), not the middleware's process_exception."""
    page = _server_error_while_handling(OperationalError("connection refused"), "/plans/")
    assert page.status_code == 503 and MESSAGE in page.content.decode()
    api = _server_error_while_handling(OperationalError("connection refused"), "/api/plans/")
    assert api.status_code == 503
    assert api["Content-Type"] == "application/json"


def test_handler500_keeps_other_errors_500_and_api_errors_json(db):
    page = _server_error_while_handling(ValueError("boom"), "/plans/")
    assert page.status_code == 500
    assert "Đã có lỗi ở máy chủ" in page.content.decode() and "boom" not in page.content.decode()
    api = _server_error_while_handling(ValueError("boom"), "/api/plans/")
    assert api.status_code == 500
    assert api["Content-Type"] == "application/json"
    body = json.loads(api.content)
    assert set(body) == {"detail", "code"} and body["code"] == "server_error"
