"""API tokens are revocable: DELETE /api/auth/token/ by their holder, `manage.py revoke_tokens` by an operator."""

import pytest
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def token_for(username):
    response = APIClient().post("/api/auth/token/", {"username": username, "password": PASSWORD}, format="json")
    assert response.status_code == 200
    return response.json()["token"]


def with_token(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_the_holder_revokes_their_token(world):
    token = token_for("drafter")
    client = with_token(token)
    assert client.get("/api/me/").status_code == 200

    response = client.delete("/api/auth/token/")
    assert response.status_code == 204
    assert not Token.objects.filter(key=token).exists()

    refused = with_token(token).get("/api/me/")
    assert refused.status_code == 401
    assert refused.json()["code"] == "authentication_failed"

    # Logging in again gives a new token that works.
    fresh = token_for("drafter")
    assert fresh != token
    assert with_token(fresh).get("/api/me/").status_code == 200


def test_revoking_touches_only_the_callers_token(world):
    mine, theirs = token_for("drafter"), token_for("reviewer")
    assert with_token(mine).delete("/api/auth/token/").status_code == 204
    assert with_token(theirs).get("/api/me/").status_code == 200


def test_revoking_needs_a_login(world):
    response = APIClient().delete("/api/auth/token/")
    assert response.status_code == 401
    assert set(response.json()) == {"detail", "code"}
    bad = with_token("0" * 40).delete("/api/auth/token/")
    assert bad.status_code == 401


def test_a_stale_token_header_does_not_block_logging_in(world):
    """POST takes no credentials: a client still sending a revoked token can log in again."""
    response = with_token("0" * 40).post("/api/auth/token/", {"username": "drafter", "password": PASSWORD}, format="json")
    assert response.status_code == 200


def test_the_command_revokes_the_named_users_tokens(world, capsys):
    drafter, reviewer, signer = token_for("drafter"), token_for("reviewer"), token_for("signer")
    call_command("revoke_tokens", "--user", "drafter", "--user", "reviewer")
    out = capsys.readouterr().out
    assert "Đã thu hồi token của drafter." in out and "Đã thu hồi token của reviewer." in out
    assert with_token(drafter).get("/api/me/").status_code == 401
    assert with_token(reviewer).get("/api/me/").status_code == 401
    assert with_token(signer).get("/api/me/").status_code == 200

    call_command("revoke_tokens", "--user", "drafter")
    assert "drafter không có token." in capsys.readouterr().out


def test_the_command_refuses_unknown_users_and_changes_nothing(world):
    token = token_for("drafter")
    with pytest.raises(CommandError, match="nobody"):
        call_command("revoke_tokens", "--user", "drafter", "--user", "nobody")
    assert Token.objects.filter(key=token).exists()


def test_the_schema_documents_revoking_and_the_lockout(world, api):
    schema = api("drafter").get("/api/schema/", {"format": "json"}).json()
    token_path = schema["paths"]["/api/auth/token/"]
    assert set(token_path["delete"]["responses"]) == {"204", "401", "406"}  # 406: every endpoint (config/openapi.py)
    assert token_path["delete"]["operationId"] == "auth_token_destroy"
    assert "429" in token_path["post"]["responses"]
    assert token_path["post"].get("security", []) in ([], [{}])  # logging in takes no credentials
    assert "429" in schema["paths"]["/api/plans/{id}/actions/{name}/"]["post"]["responses"]
