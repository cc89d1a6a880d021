"""The whole lifecycle through the API, with tokens: two review rounds, two reviewers, a signature
with step-up password, issue with a number, reporting, closing."""

import pytest
from rest_framework.test import APIClient

from approvals.models import Signature
from audit.models import AuditEvent
from plans.models import Plan
from tests.api.conftest import plan_json
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def login(username):
    response = APIClient().post("/api/auth/token/", {"username": username, "password": PASSWORD}, format="json")
    assert response.status_code == 200, response.content
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + response.json()["token"])
    return client


def act(client, plan_id, action, expect=200, **body):
    response = client.post(f"/api/plans/{plan_id}/actions/{action}/", body, format="json")
    assert response.status_code == expect, response.content
    return response.json()


def action_names(client, plan_id):
    response = client.get(f"/api/plans/{plan_id}/actions/")
    assert response.status_code == 200
    return [a["name"] for a in response.json()]


def test_a_plan_from_draft_to_closed_through_the_api(world, unchanged):
    u = world["users"]
    drafter, reviewer, reviewer2, signer, clerk = (login(n) for n in ("drafter", "reviewer", "reviewer2", "signer", "clerk"))

    # The drafter creates the plan with two reviewers. Without a period, the monthly task makes no
    # report slots, so the plan can be closed at the end without reports.
    body = plan_json(world, reviewers=[u["reviewer"].pk, u["reviewer2"].pk])
    created = drafter.post("/api/plans/", body, format="json")
    assert created.status_code == 201, created.content
    plan_id = created.json()["id"]
    assert created.json()["available_actions"] == ["submit", "discard"]
    assert action_names(reviewer, plan_id) == []

    submitted = act(drafter, plan_id, "submit", comment="Kính trình thẩm định")
    assert (submitted["state"], submitted["review_round"], submitted["available_actions"]) == ("review", 1, ["withdraw"])
    assert action_names(reviewer, plan_id) == ["approve", "return_for_revision"]

    # A return needs a reason; without one nothing is recorded.
    with unchanged():
        refused = act(reviewer, plan_id, "return_for_revision", expect=400)
    assert refused["code"] == "invalid" and "comment" in refused["errors"]
    returned = act(reviewer, plan_id, "return_for_revision", comment="Bổ sung đơn vị phối hợp cho nhiệm vụ 1.")
    assert (returned["state"], returned["review_round"]) == ("draft", 2)
    assert returned["available_actions"] == []  # the reviewer's view

    # The drafter fixes the plan in round 2 and submits again.
    fixed_task = {**body["tasks"][0], "text": "Chủ trì, phối hợp với Phòng Tài chính - Kế hoạch đôn đốc, kiểm tra."}
    patched = drafter.patch(f"/api/plans/{plan_id}/", {"tasks": [fixed_task]}, format="json")
    assert patched.status_code == 200, patched.content
    assert patched.json()["tasks"][0]["text"] == fixed_task["text"]
    assert act(drafter, plan_id, "submit")["state"] == "review"

    # Both reviewers must approve before the plan moves to signing.
    after_first = act(reviewer, plan_id, "approve", comment="Đồng ý")
    assert after_first["state"] == "review"
    assert after_first["available_actions"] == ["return_for_revision"]  # approved already
    assert action_names(reviewer2, plan_id) == ["approve", "return_for_revision"]
    assert action_names(signer, plan_id) == ["return_for_revision"]  # the signer may return it too, but not sign yet
    after_second = act(reviewer2, plan_id, "approve")
    assert after_second["state"] == "signing"
    assert action_names(signer, plan_id) == ["return_for_revision", "sign"]
    assert "issue" in action_names(clerk, plan_id)

    # The signer signs with the password asked again; a wrong one records nothing.
    with unchanged():
        wrong = act(signer, plan_id, "sign", expect=400, kind="main", password="not-my-password")
    assert wrong["code"] == "invalid" and "password" in wrong["errors"]
    assert not Signature.objects.filter(plan_id=plan_id).exists()
    signed = act(signer, plan_id, "sign", kind="main", password=PASSWORD)
    assert signed["state"] == "signing"
    signature = Signature.objects.get(plan_id=plan_id)
    assert (signature.signer, signature.kind, signature.authority) == (u["signer"], "main", "KT.")

    # The clerk issues: number 1, symbol 01/KH-UBND, a date.
    issued = act(clerk, plan_id, "issue")
    assert (issued["state"], issued["number"], issued["symbol"]) == ("issued", 1, "01/KH-UBND")
    assert issued["issued_on"] == Plan.objects.get(pk=plan_id).issued_on.isoformat()
    assert drafter.patch(f"/api/plans/{plan_id}/", {"subject": "Sửa"}, format="json").status_code == 409

    assert act(clerk, plan_id, "start_reporting")["state"] == "reporting"

    # The drafter closes with the closing summary.
    with unchanged():
        assert act(drafter, plan_id, "close", expect=400)["code"] == "invalid"
    closed = act(drafter, plan_id, "close", comment="Hoàn thành 100% chỉ tiêu.")
    assert (closed["state"], closed["closing_summary"], closed["available_actions"]) == ("closed", "Hoàn thành 100% chỉ tiêu.", [])

    history = drafter.get(f"/api/plans/{plan_id}/history/").json()["results"]
    assert [(e["action"], e["actor"]["username"]) for e in history] == [
        ("create", "drafter"),
        ("submit", "drafter"),
        ("return_for_revision", "reviewer"),
        ("edit", "drafter"),
        ("submit", "drafter"),
        ("approve", "reviewer"),
        ("approve", "reviewer2"),
        ("sign_main", "signer"),
        ("issue", "clerk"),
        ("start_reporting", "clerk"),
        ("close", "drafter"),
    ]
    assert [e["seq"] for e in history] == list(range(1, 12))
    assert AuditEvent.objects.filter(plan_id=plan_id).count() == 11


def test_token_login_with_bad_credentials_is_400_json(world):
    client = APIClient()
    for body in ({"username": "drafter", "password": "sai"}, {"username": "ai-đó", "password": PASSWORD}):
        response = client.post("/api/auth/token/", body, format="json")
        assert response.status_code == 400
        data = response.json()
        assert data["code"] == "invalid" and data["detail"] and data["errors"]["non_field_errors"]
    response = client.post("/api/auth/token/", {"username": "drafter"}, format="json")
    assert response.status_code == 400 and "password" in response.json()["errors"]
    response = client.post("/api/auth/token/", "{", content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "parse_error"


def test_an_inactive_user_gets_no_token(world):
    user = world["users"]["drafter"]
    user.is_active = False
    user.save()
    response = APIClient().post("/api/auth/token/", {"username": "drafter", "password": PASSWORD}, format="json")
    assert response.status_code == 400


def test_the_same_token_comes_back_and_works_for_a_browser_session_too(world):
    first = APIClient().post("/api/auth/token/", {"username": "clerk", "password": PASSWORD}, format="json").json()["token"]
    second = APIClient().post("/api/auth/token/", {"username": "clerk", "password": PASSWORD}, format="json").json()["token"]
    assert first == second
    browser = APIClient(enforce_csrf_checks=True)
    browser.login(username="clerk", password=PASSWORD)
    assert browser.get("/api/me/").json()["username"] == "clerk"
    refused = browser.post("/api/plans/", plan_json(world), format="json")  # no CSRF token
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
