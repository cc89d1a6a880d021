"""The "Ủy quyền ký" page (issue 19, Art. 13): a signer grants TUQ./KT. to another signer of the
body, sees the grants with their status, and revokes one after a confirmation; nobody else reaches
the page; a form with errors changes nothing and says why in Vietnamese."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans.delegation import grant
from plans.models import Delegation

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


def logged_in(client, user):
    client.force_login(user)
    return client


def grant_data(world, **fields):
    return {
        "organization": str(world["district"].pk),
        "kind": "TUQ.",
        "grantee": str(world["users"]["signer"].pk),
        "plan": "",
        "doc_type": "KH",
        "position": "CHÁNH VĂN PHÒNG",
        "valid_from": TODAY.isoformat(),
        "valid_until": (TODAY + 30 * DAY).isoformat(),
        **fields,
    }


def test_a_head_grants_and_sees_the_grant_in_the_list(world, head, client):
    client = logged_in(client, head)
    page = client.get("/plans/delegations/")
    assert page.status_code == 200
    assert "Ủy quyền ký" in page.content.decode()

    answer = client.post("/plans/delegations/", grant_data(world))
    assert answer.status_code == 302
    made = Delegation.objects.get()
    assert (made.kind, made.grantor, made.grantee, made.doc_type) == ("TUQ.", head, world["users"]["signer"], "KH")
    listed = client.get("/plans/delegations/").content.decode()
    assert f'data-grant="{made.pk}"' in listed and "Đang hiệu lực" in listed and "CHÁNH VĂN PHÒNG" in listed


def test_a_form_with_errors_changes_nothing_and_says_why(world, head, client):
    client = logged_in(client, head)
    backwards = client.post("/plans/delegations/", grant_data(world, valid_until=(TODAY - DAY).isoformat()))
    assert backwards.status_code == 422
    assert "Ngày hết hiệu lực phải sau ngày bắt đầu." in backwards.content.decode()
    no_scope = client.post("/plans/delegations/", grant_data(world, doc_type=""))
    assert "Cần chọn một kế hoạch hoặc một loại văn bản." in no_scope.content.decode()
    to_oneself = client.post("/plans/delegations/", grant_data(world, grantee=str(head.pk)))
    assert to_oneself.status_code == 422 and "Người được giao" in to_oneself.content.decode()  # not among the choices
    not_a_date = client.post("/plans/delegations/", grant_data(world, valid_from="31/02/2026"))
    assert not_a_date.status_code == 422
    assert not Delegation.objects.exists()


def test_revoking_asks_first_then_keeps_the_row(world, head, client):
    made = grant(head, world["district"], kind="KT.", grantee=world["users"]["signer"], doc_type="KH", valid_from=TODAY, valid_until=TODAY)
    client = logged_in(client, head)
    confirm = client.get(f"/plans/delegations/{made.pk}/revoke/")
    assert confirm.status_code == 200 and "không thể hoàn tác" in confirm.content.decode()
    made.refresh_from_db()
    assert made.revoked_at is None  # asking changed nothing
    assert client.post(f"/plans/delegations/{made.pk}/revoke/").status_code == 302
    made.refresh_from_db()
    assert made.revoked_at is not None
    assert "Đã thu hồi" in client.get("/plans/delegations/").content.decode()
    again = client.post(f"/plans/delegations/{made.pk}/revoke/", follow=True)
    assert "Ủy quyền này đã bị thu hồi." in again.content.decode()


def test_only_signers_reach_the_page_and_see_it_in_the_menu(world, head, client):
    for role in ("drafter", "reviewer", "clerk", "auditor"):
        client = logged_in(client, world["users"][role])
        assert client.get("/plans/delegations/").status_code == 403
        assert client.post("/plans/delegations/", grant_data(world)).status_code == 403
        assert "/plans/delegations/" not in client.get("/plans/").content.decode()
    assert not Delegation.objects.exists()
    assert "/plans/delegations/" in logged_in(client, head).get("/plans/").content.decode()


def test_the_list_reads_the_same_number_of_queries_for_3_and_30_grants(world, head, client):
    client = logged_in(client, head)

    def queries(count):
        while Delegation.objects.count() < count:
            grant(
                head, world["district"], kind="TUQ.", grantee=world["users"]["signer"], doc_type="KH", valid_from=TODAY, valid_until=TODAY
            )
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/plans/delegations/").status_code == 200
        return len(captured)

    assert queries(3) == queries(30)
