"""GET /api/plans/{id}/verify/ and GET /api/audit/export/?plan=ID: who may ask, and what they get."""

import pytest

from tests.audit.conftest import event, tamper


def test_verify_answers_as_api_md_says(full_plan, api):
    response = api("auditor").get(f"/api/plans/{full_plan.pk}/verify/")
    assert response.status_code == 200
    assert response.json() == {"ok": True, "chain_ok": True, "signatures_ok": True, "anchored": False, "problems": [], "signatures": []}


def test_verify_reports_a_problem(full_plan, api):
    seq = event(full_plan, "submit").seq
    tamper('UPDATE audit_auditevent SET "comment" = %s WHERE plan_id = %s AND seq = %s', ["x", full_plan.pk, seq], ["audit_auditevent"])
    body = api("drafter").get(f"/api/plans/{full_plan.pk}/verify/").json()
    assert body == {
        "ok": False,
        "chain_ok": False,
        "signatures_ok": True,
        "anchored": False,
        "problems": [f"Sự kiện #{seq}: nội dung đã bị thay đổi (mã băm không khớp)."],
        "signatures": [],
    }


@pytest.mark.parametrize("url", ["/api/plans/{id}/verify/", "/api/audit/export/?plan={id}"])
def test_a_plan_outside_the_users_scope_is_404_and_anonymous_is_401(full_plan, api, url):
    address = url.format(id=full_plan.pk)
    outside = api("xa_drafter").get(address)
    assert outside.status_code == 404 and outside.json()["code"] == "not_found"
    assert api("auditor").get(url.format(id=full_plan.pk + 1000)).status_code == 404
    anonymous = api().get(address)
    assert anonymous.status_code == 401 and anonymous.json()["code"] == "not_authenticated"


@pytest.mark.parametrize("query", ["", "?plan=", "?plan=abc", "?plan=-1", "?plan=99999999999999999999999"])
def test_export_needs_a_plan_id(db, world, api, query):
    response = api("auditor").get(f"/api/audit/export/{query}")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and "plan" in response.json()["errors"]


def test_verify_with_a_huge_id_is_404(db, world, api):
    assert api("auditor").get("/api/plans/99999999999999999999999/verify/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_verify_and_export_outside_a_transaction_take_their_own_snapshot(world, make_plan, api):
    """Requests are not wrapped in a transaction: verify opens its own (REPEATABLE READ on PostgreSQL)."""
    plan = make_plan()
    assert api("auditor").get(f"/api/plans/{plan.pk}/verify/").json()["ok"] is True
    bundle = api("auditor").get(f"/api/audit/export/?plan={plan.pk}").json()
    assert [e["action"] for e in bundle["events"]] == ["create"]
