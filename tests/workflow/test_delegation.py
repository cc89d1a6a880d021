"""Delegated signing (issue 19, Art. 13): a TUQ. plan is signed only under a grant valid at that
moment; an expired or revoked grant refuses with a 403 that says so; the block prints the grant."""

import datetime

import pytest

from approvals.models import Signature
from config.refusals import NotPermitted
from plans.delegation import grant, revoke
from plans.models import Delegation
from tests.conftest import PASSWORD
from workflow.services import perform

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


def in_signing(world, make_plan, authority):
    u = world["users"]
    plan = make_plan(signing_authority=authority)
    perform(plan, "submit", u["drafter"])
    return perform(plan, "approve", u["reviewer"])


def sign(world, plan):
    return perform(plan, "sign", world["users"]["signer"], kind="main", password=PASSWORD)


def test_tuq_needs_a_valid_grant_at_the_moment_of_signing(world, make_plan, head):
    plan = in_signing(world, make_plan, "TUQ.")
    with pytest.raises(NotPermitted, match="không có ủy quyền ký"):
        sign(world, plan)
    expired = grant(
        head,
        world["district"],
        kind="TUQ.",
        grantee=world["users"]["signer"],
        doc_type="KH",
        valid_from=TODAY - 9 * DAY,
        valid_until=TODAY - DAY,
    )
    with pytest.raises(NotPermitted, match="đã hết hạn ngày"):
        sign(world, plan)
    valid = grant(
        head,
        world["district"],
        kind="TUQ.",
        grantee=world["users"]["signer"],
        plan=plan,
        position="CHÁNH VĂN PHÒNG",
        valid_from=TODAY,
        valid_until=TODAY,
    )
    revoke(valid, head)
    with pytest.raises(NotPermitted, match="đã bị thu hồi ngày"):
        sign(world, plan)
    assert not Signature.objects.filter(plan=plan).exists()  # refused: nothing signed
    grant(
        head,
        world["district"],
        kind="TUQ.",
        grantee=world["users"]["signer"],
        plan=plan,
        position="CHÁNH VĂN PHÒNG",
        valid_from=TODAY,
        valid_until=TODAY + DAY,
    )
    sign(world, plan)
    signature = Signature.objects.get(plan=plan, kind="main")
    assert (signature.authority, signature.position) == ("TUQ.", "CHÁNH VĂN PHÒNG")  # the block prints what the grant says
    assert expired.history.first().history_user == head  # grants are audited (simple-history)
    assert [h.history_change_reason for h in Delegation.history.filter(id=valid.pk).order_by("history_id")] == ["grant", "revoke"]


def test_kt_needs_a_grant_once_the_head_has_named_deputies(world, make_plan, head):
    plan = in_signing(world, make_plan, "KT.")
    other = in_signing(world, make_plan, "KT.")
    assert sign(world, plan).state == "signing"  # no deputies named: as before
    grant(head, world["district"], kind="KT.", grantee=world["users"]["signer"], plan=plan, valid_from=TODAY, valid_until=TODAY)
    with pytest.raises(NotPermitted):
        sign(world, other)  # the grant covers one plan only


def test_who_may_grant_and_revoke_over_the_api(world, head, client):
    body = {
        "organization": world["district"].pk,
        "kind": "TUQ.",
        "grantee": world["users"]["signer"].pk,
        "doc_type": "KH",
        "valid_from": TODAY.isoformat(),
        "valid_until": (TODAY + 30 * DAY).isoformat(),
    }
    client.force_login(world["users"]["drafter"])
    assert client.post("/api/delegations/", body, content_type="application/json").status_code == 403
    client.force_login(world["users"]["signer"])
    assert (
        client.post("/api/delegations/", {**body, "grantee": world["users"]["signer"].pk}, content_type="application/json").status_code
        == 400
    )  # not to oneself
    client.force_login(head)
    created = client.post("/api/delegations/", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["status"] == "valid"
    pk = created.json()["id"]
    client.force_login(world["users"]["clerk"])
    assert client.post(f"/api/delegations/{pk}/revoke/").status_code == 404
    client.force_login(head)
    assert client.post(f"/api/delegations/{pk}/revoke/").json()["status"] == "revoked"
    assert client.post(f"/api/delegations/{pk}/revoke/").status_code == 409
