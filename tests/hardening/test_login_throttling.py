"""Login throttling (django-axes): after AXES_FAILURE_LIMIT failed logins a username is locked out
from that client address — on the web form and on POST /api/auth/token/, which count together."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LIMIT = 5  # PLANFLOW_LOGIN_FAILURE_LIMIT's default


def ui_login(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def token_login(username, password, ip="127.0.0.1"):
    return APIClient(REMOTE_ADDR=ip).post("/api/auth/token/", {"username": username, "password": password}, format="json")


def test_the_web_login_locks_out_after_the_limit_with_a_clear_page(world):
    client = Client()
    for _attempt in range(LIMIT - 1):
        response = ui_login(client, "drafter", "wrong-password")
        assert response.status_code == 200
        assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()

    locked = ui_login(client, "drafter", "wrong-password")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Đăng nhập sai quá 5 lần" in page and "15 phút" in page
    assert locked["Retry-After"] == str(15 * 60)

    # Even the right password is refused now, and nobody is logged in.
    again = ui_login(client, "drafter", PASSWORD)
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_token_endpoint_locks_out_with_json(world):
    for _attempt in range(LIMIT - 1):
        response = token_login("signer", "wrong-password")
        assert response.status_code == 400
        assert response.json()["code"] == "invalid"

    locked = token_login("signer", "wrong-password")
    assert locked.status_code == 429
    assert locked["Content-Type"] == "application/json"
    body = locked.json()
    assert body["code"] == "locked_out"
    assert "Đăng nhập sai quá 5 lần" in body["detail"]
    assert locked["Retry-After"] == str(15 * 60)

    right_password = token_login("signer", PASSWORD)
    assert right_password.status_code == 429
    assert "token" not in right_password.json()


def test_the_web_form_and_the_token_endpoint_count_together(world):
    client = Client()
    for _attempt in range(3):
        assert ui_login(client, "clerk", "wrong").status_code == 200
    assert token_login("clerk", "wrong").status_code == 400
    assert token_login("clerk", "wrong").status_code == 429
    assert ui_login(client, "clerk", PASSWORD).status_code == 429


def test_the_lockout_is_per_username_and_address(world):
    for _attempt in range(LIMIT):
        token_login("reviewer", "wrong", ip="10.0.0.1")
    assert token_login("reviewer", PASSWORD, ip="10.0.0.1").status_code == 429
    # The same person from another office, and a colleague from the same one, are not locked out.
    assert token_login("reviewer", PASSWORD, ip="10.0.0.2").status_code == 200
    assert token_login("reviewer2", PASSWORD, ip="10.0.0.1").status_code == 200


def test_the_limit_and_the_lockout_time_come_from_settings(world, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = timedelta(minutes=30)
    assert token_login("auditor", "wrong").status_code == 400
    locked = token_login("auditor", "wrong")
    assert locked.status_code == 429
    assert "Đăng nhập sai quá 2 lần" in locked.json()["detail"] and "30 phút" in locked.json()["detail"]
    assert locked["Retry-After"] == str(30 * 60)


def test_the_lockout_ends_after_the_cool_off(world):
    for _attempt in range(LIMIT):
        token_login("drafter2", "wrong")
    assert token_login("drafter2", PASSWORD).status_code == 429
    # Fifteen minutes later (the attempts are moved back in time instead of waiting).
    AccessAttempt.objects.filter(username="drafter2").update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert token_login("drafter2", PASSWORD).status_code == 200


def test_a_successful_login_starts_the_count_again(world):
    client = Client()
    for _attempt in range(LIMIT - 1):
        ui_login(client, "drafter", "wrong")
    assert ui_login(client, "drafter", PASSWORD).status_code == 302
    client = Client()
    for _attempt in range(LIMIT - 1):
        assert ui_login(client, "drafter", "wrong").status_code == 200


def test_logging_in_still_works(world):
    client = Client()
    response = ui_login(client, "drafter", PASSWORD)
    assert response.status_code == 302
    assert client.get("/plans/").status_code == 200
    # The test client's own helpers (no request to throttle) keep working too.
    assert Client().login(username="drafter", password=PASSWORD)
    assert not Client().login(username="drafter", password="wrong")
