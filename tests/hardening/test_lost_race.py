"""A lost race is a 409, not a 500 (issue 13, point 8). Races the services foresee (a plan no longer in
the state an action needs) are WrongState 409s (tests/workflow/test_races.py,
tests/hardening/test_sqlite_concurrency.py); a unique row added a moment before by a concurrent
request (IntegrityError) is answered 409 too (config.middleware.LostRaceMiddleware)."""

import pytest
from django.db import IntegrityError
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.conftest import PASSWORD
from tests.ui.helpers import plan_form_data

pytestmark = pytest.mark.django_db


def test_two_logins_of_one_user_at_once_share_one_token(world, monkeypatch):
    """The other login made the token between this one's look-up and its insert."""
    from accounts import tokens

    other = Token.objects.create(user=world["users"]["drafter"])
    real_lookup = tokens.existing_token
    lookups = []

    def lookup_before_the_other_login(user):
        lookups.append(user)
        return None if len(lookups) == 1 else real_lookup(user)

    monkeypatch.setattr(tokens, "existing_token", lookup_before_the_other_login)
    response = APIClient().post("/api/auth/token/", {"username": "drafter", "password": PASSWORD}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["token"] == other.key
    assert len(lookups) == 2


def test_an_integrity_error_is_a_json_409_under_api(world, monkeypatch):
    def lost(user):
        raise IntegrityError("UNIQUE constraint failed: authtoken_token.user_id")

    monkeypatch.setattr("accounts.api.token_for_login", lost)
    response = APIClient().post("/api/auth/token/", {"username": "drafter", "password": PASSWORD}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert "cùng lúc" in response.json()["detail"]


def test_an_integrity_error_is_a_409_page_in_the_web_ui(world, client, monkeypatch):
    def lost(*args, **kwargs):
        raise IntegrityError("UNIQUE constraint failed")

    monkeypatch.setattr("plans.views.create_plan", lost)
    client.force_login(world["users"]["drafter"])
    response = client.post("/plans/new/", plan_form_data(world))
    assert response.status_code == 409
    assert "Có một thay đổi cùng lúc" in response.content.decode()
