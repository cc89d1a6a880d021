"""Distribution and receipt (issue 19): an issued plan reaches the organizations of planflow among
its recipients; their clerk records receipt, then a leader acknowledges; the issuer sees each step."""

import pytest

from accounts.models import Membership, Role
from audit.verify.trail import verify_plan
from plans.models import Delivery
from tests.conftest import PASSWORD, plan_data
from tests.register.test_register import issue

pytestmark = pytest.mark.django_db


def person(django_user_model, username, organization, role):
    user = django_user_model.objects.create_user(username, password=PASSWORD, first_name="Người", last_name=username)
    Membership.objects.create(user=user, organization=organization, role=role)
    return user


@pytest.fixture
def sent(world, make_plan, django_user_model):
    recipients = plan_data(world)["recipients"] + [
        {"name": "UBND tỉnh Kon Tum", "purpose": "b/c", "organization": world["province"]},
        {"name": "UBND xã Kon Braih", "purpose": "t/h", "organization": world["commune"]},
    ]
    people = {
        "province_clerk": person(django_user_model, "province_clerk", world["province"], Role.CLERK),
        "province_leader": person(django_user_model, "province_leader", world["province"], Role.SIGNER),
    }
    return issue(world, make_plan(recipients=recipients)), people


def test_issue_sends_to_each_organization_among_the_recipients(world, sent):
    plan, _people = sent
    assert sorted(Delivery.objects.filter(plan=plan).values_list("organization__name", flat=True)) == [
        "UBND tỉnh Kon Tum",
        "UBND xã Kon Braih",
    ]
    assert {d.status for d in Delivery.objects.filter(plan=plan)} == {"sent"}


def test_the_clerk_records_receipt_then_a_leader_acknowledges(world, sent, client):
    plan, people = sent
    clerk, leader = people["province_clerk"], people["province_leader"]
    client.force_login(leader)
    assert client.get(f"/api/plans/{plan.pk}/").status_code == 404  # a leader sees it once received
    assert client.get("/api/received/").json()["count"] == 0
    client.force_login(clerk)
    assert [r["status"] for r in client.get("/api/received/").json()["results"]] == ["sent"]
    assert client.post(f"/api/plans/{plan.pk}/acknowledge/").json()["status"] == "received"
    assert client.post(f"/api/plans/{plan.pk}/acknowledge/").status_code == 409  # once
    client.force_login(leader)
    assert client.get(f"/api/plans/{plan.pk}/").status_code == 200
    assert client.post(f"/api/plans/{plan.pk}/acknowledge/").json()["status"] == "acknowledged"
    client.force_login(world["users"]["drafter"])  # the issuer sees each recipient's step
    html = client.get(f"/plans/{plan.pk}/").content.decode()
    assert 'data-status="acknowledged"' in html and 'data-status="sent"' in html
    assert client.post(f"/api/plans/{plan.pk}/acknowledge/").status_code == 403  # not a recipient
    assert login_as(client, world["users"]["xa_drafter"]).post(f"/api/plans/{plan.pk}/acknowledge/").status_code == 404
    report = verify_plan(plan.pk)
    assert not report.chain_problems, report.chain_problems
    assert list(plan.audit_events.filter(action__in=["received", "acknowledged"]).values_list("action", flat=True)) == [
        "received",
        "acknowledged",
    ]


def test_the_received_page_records_receipt(world, sent, client):
    plan, people = sent
    client.force_login(people["province_clerk"])
    page = client.get("/plans/received/").content.decode()
    assert plan.subject[:40] in page and 'data-action="received"' in page
    assert client.post(f"/plans/{plan.pk}/acknowledge/", {"next": "received"}).status_code == 302
    assert Delivery.objects.get(plan=plan, organization=world["province"]).status == "received"


def login_as(client, user):
    client.force_login(user)
    return client
