"""API tokens end with the password they were given for, and when they lie unused (issue 13, point 4).

- A password change by any path — the web form, Django's admin, `set_password` + `save` (the shell,
  `manage.py changepassword`) — revokes every API token of that user.
- A token unused for PLANFLOW_TOKEN_IDLE_DAYS (30) stops working: 401, and it is deleted. Its last
  use is written at most once per PLANFLOW_TOKEN_TOUCH_MINUTES, not on every request.
"""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token

from tests.conftest import PASSWORD
from tests.hardening.test_tokens import token_for, with_token

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "another-Passw0rd-for-13"


def works(token):
    return with_token(token).get("/api/me/").status_code == 200


def test_changing_the_password_with_set_password_revokes_the_users_tokens(world):
    token, other = token_for("drafter"), token_for("reviewer")
    drafter = world["users"]["drafter"]
    drafter.set_password(NEW_PASSWORD)
    drafter.save()
    assert not works(token)
    assert not Token.objects.filter(user=drafter).exists()
    assert works(other)  # someone else's token is untouched


def test_changing_ones_own_password_with_the_form_revokes_ones_tokens(world, client):
    """The password change form (Django's PasswordChangeForm, at /admin/password_change/ for staff)."""
    admin = get_user_model().objects.create_superuser("root13", password=PASSWORD)
    token = token_for("root13")
    client.force_login(admin)
    response = client.post(
        "/admin/password_change/", {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302, response.content[:2000]
    assert not works(token)


def test_changing_a_password_in_the_admin_revokes_that_users_tokens(world, client):
    token = token_for("drafter")
    admin = get_user_model().objects.create_superuser("root13", password=PASSWORD)
    client.force_login(admin)
    drafter = world["users"]["drafter"]
    response = client.post(
        f"/admin/auth/user/{drafter.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302, response.content[:2000]
    drafter.refresh_from_db()
    assert drafter.check_password(NEW_PASSWORD)
    assert not works(token)


def test_the_changepassword_command_revokes_the_tokens(world, monkeypatch):
    from django.core.management import call_command

    token = token_for("drafter")
    monkeypatch.setattr("getpass.getpass", lambda prompt="": NEW_PASSWORD)
    call_command("changepassword", "drafter")
    assert not works(token)


def test_other_saves_of_the_user_keep_the_tokens(world):
    token = token_for("drafter")
    drafter = world["users"]["drafter"]
    drafter.first_name = "Trần Văn"
    drafter.save()
    assert works(token)


def test_a_login_that_upgrades_the_password_hash_keeps_the_tokens(world, settings):
    """Django re-hashes a password on login when the hasher changed; that is no password change."""
    drafter = world["users"]["drafter"]
    token = token_for("drafter")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher", "django.contrib.auth.hashers.MD5PasswordHasher"]
    assert drafter.check_password(PASSWORD)  # re-hashed with PBKDF2 and saved
    drafter.refresh_from_db()
    assert drafter.password.startswith("pbkdf2_sha256$")
    assert works(token)


def age(token_key, days):
    """Pretend the token was last used `days` ago."""
    from accounts.models import TokenUse

    moment = timezone.now() - timedelta(days=days)
    Token.objects.filter(key=token_key).update(created=moment)
    TokenUse.objects.update_or_create(token_id=token_key, defaults={"last_used": moment})


def test_a_token_unused_for_the_idle_days_stops_working_and_is_deleted(world):
    token = token_for("drafter")
    age(token, 31)
    response = with_token(token).get("/api/me/")
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "token_expired"
    assert "30 ngày" in body["detail"]
    assert not Token.objects.filter(key=token).exists()
    assert works(token_for("drafter"))  # logging in again gives a working token


def test_a_token_used_within_the_idle_days_keeps_working(world, settings):
    token = token_for("drafter")
    age(token, 29)
    assert works(token)
    settings.PLANFLOW_TOKEN_IDLE_DAYS = 7
    age(token, 8)
    assert not works(token)


def test_logging_in_again_after_the_idle_days_replaces_the_stale_token(world):
    stale = token_for("drafter")
    age(stale, 40)
    fresh = token_for("drafter")
    assert fresh != stale
    assert works(fresh)


def test_the_last_use_is_written_at_most_once_an_hour(world):
    from accounts.models import TokenUse

    token = token_for("drafter")
    age(token, 2)
    client = with_token(token)
    with CaptureQueriesContext(connection) as first:
        assert client.get("/api/me/").status_code == 200
    used = TokenUse.objects.get(token_id=token).last_used
    assert timezone.now() - used < timedelta(minutes=1)
    with CaptureQueriesContext(connection) as later:
        for _ in range(3):
            assert client.get("/api/me/").status_code == 200
    writes = [q["sql"] for q in later.captured_queries if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))]
    assert writes == []
    assert TokenUse.objects.get(token_id=token).last_used == used
    assert len(later.captured_queries) % 3 == 0
    assert len(later.captured_queries) // 3 < len(first.captured_queries)  # the first request also wrote the use
