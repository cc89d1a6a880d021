"""Structured logs an operator can ship: JSON lines for each request and each security event, and never
a password, a token, a cookie, an Authorization header or the SECRET_KEY — checked on the output of
the handler settings.LOGGING configures (`log_output`), scrub filter and all."""

import logging

import pytest
from django.conf import settings
from django.test import Client
from rest_framework.test import APIClient

from config.logging import log_verify_failure, scrub
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

SECRET_PASSWORD = "Hunter2-very-secret-guess"


def test_each_request_is_one_json_line(world, api, log_output):
    response = api("drafter").get("/api/me/")
    [line] = log_output.events("request")
    assert line["logger"] == "planflow.request"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/api/me/", 200)
    assert line["user_id"] == world["users"]["drafter"].pk
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["request_id"] == response["X-Request-ID"]
    assert line["level"] == "INFO" and line["ts"].endswith("+00:00")


def test_the_query_string_is_not_logged_and_a_proxy_request_id_is_kept(world, log_output):
    client = Client()
    client.force_login(world["users"]["drafter"])
    response = client.get("/plans/?q=something-private", HTTP_X_REQUEST_ID="edge-42")
    assert response["X-Request-ID"] == "edge-42"
    [line] = log_output.events("request")
    assert line["path"] == "/plans/" and line["request_id"] == "edge-42"
    assert "something-private" not in log_output.text

    odd = client.get("/plans/", HTTP_X_REQUEST_ID="<script>" * 20)
    assert odd["X-Request-ID"] != "<script>" * 20 and len(odd["X-Request-ID"]) == 32


def test_failed_logins_and_lockouts_are_logged_without_the_password(world, log_output):
    client = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "drafter", "password": SECRET_PASSWORD})
    failures = log_output.events("login_failed")
    assert len(failures) == settings.AXES_FAILURE_LIMIT
    assert failures[0]["username"] == "drafter" and failures[0]["ip"] == "127.0.0.1"
    assert failures[0]["path"] == "/accounts/login/" and failures[0]["level"] == "WARNING"
    [locked] = log_output.events("login_locked_out")
    assert locked["username"] == "drafter"
    assert SECRET_PASSWORD not in log_output.text


def test_token_requests_leave_no_password_token_or_header_in_the_log(world, log_output):
    APIClient().post("/api/auth/token/", {"username": "reviewer", "password": SECRET_PASSWORD}, format="json")
    response = APIClient().post("/api/auth/token/", {"username": "reviewer", "password": PASSWORD}, format="json")
    token = response.json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    client.get("/api/me/")
    client.delete("/api/auth/token/")
    # A library that logs a whole request's worth of details gets scrubbed too.
    logging.getLogger("some.library").warning(
        "request failed: Authorization: Token %s Cookie: sessionid=%s; password=%s secret=%s",
        token,
        client.cookies.get("sessionid", "abc123sessionvalue"),
        PASSWORD,
        settings.SECRET_KEY,
    )

    output = log_output.text
    for secret in (SECRET_PASSWORD, PASSWORD, token, settings.SECRET_KEY, "abc123sessionvalue"):
        assert secret not in output
    assert log_output.events("login_failed")[0]["username"] == "reviewer"
    assert [e["via"] for e in log_output.events("token_revoked")] == ["api"]
    assert "[scrubbed]" in output


def test_refused_actions_are_logged(world, api, make_plan, log_output):
    plan = make_plan()
    response = api("reviewer").post(f"/api/plans/{plan.pk}/actions/approve/", {}, format="json")
    assert response.status_code == 409
    [refusal] = log_output.events("action_refused")
    assert (refusal["code"], refusal["status"], refusal["user_id"]) == ("wrong_state", 409, world["users"]["reviewer"].pk)
    assert refusal["path"] == f"/api/plans/{plan.pk}/actions/approve/"

    client = Client()
    client.force_login(world["users"]["reviewer"])
    client.post(f"/plans/{plan.pk}/actions/approve/", {})
    ui_refusal = log_output.events("action_refused")[-1]
    assert (ui_refusal["code"], ui_refusal["action"], ui_refusal["plan_id"]) == ("wrong_state", "approve", plan.pk)


def test_wrong_step_up_passwords_are_logged(world, api, make_plan, log_output):
    from tests.api.conftest import advance

    plan = advance(make_plan(), world, "signing")
    api("signer").post(f"/api/plans/{plan.pk}/actions/sign/", {"kind": "main", "password": SECRET_PASSWORD}, format="json")
    [failed] = log_output.events("step_up_failed")
    assert failed["user_id"] == world["users"]["signer"].pk and failed["failures"] == 1
    assert SECRET_PASSWORD not in log_output.text


def test_log_verify_failure_for_the_audit_code(log_output):
    log_verify_failure(plan_id=7, reason="event 12: hash does not match", event_id=12)
    [line] = log_output.events("audit_verify_failed")
    assert (line["level"], line["logger"], line["plan_id"], line["event_id"]) == ("ERROR", "planflow.security", 7, 12)


@pytest.mark.parametrize(
    "text",
    [
        "password=hunter2",
        "{'password': 'hunter2'}",
        '{"new_password1": "hunter2"}',
        "Authorization: Token 0123456789abcdef0123456789abcdef01234567",
        "Authorization: Bearer hunter2hunter2",
        "Cookie: sessionid=hunter2; csrftoken=hunter2",
        "csrfmiddlewaretoken=hunter2&username=x",
        "key 0123456789abcdef0123456789abcdef01234567 leaked",
    ],
)
def test_scrub_removes_secrets_from_free_text(text):
    assert "hunter2" not in scrub(text)
    assert "0123456789abcdef0123456789abcdef01234567" not in scrub(text)


def test_scrub_keeps_ordinary_text():
    text = "GET /api/plans/12/actions/sign/ 400 content_hash=" + "a" * 64
    assert scrub(text) == text


def test_sensitive_extra_fields_and_tracebacks_are_scrubbed(log_output):
    try:
        raise RuntimeError(f"could not connect with password={SECRET_PASSWORD}")
    except RuntimeError:
        logging.getLogger("planflow.test").exception("failed", extra={"password": SECRET_PASSWORD, "session_key": "abc", "plan_id": 3})
    [line] = [entry for entry in log_output.lines() if entry["logger"] == "planflow.test"]
    assert line["password"] == "[scrubbed]" and line["session_key"] == "[scrubbed]" and line["plan_id"] == 3
    assert "RuntimeError" in line["exc"] and SECRET_PASSWORD not in log_output.text
