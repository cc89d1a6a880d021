"""Issue numbers (Nghị định 30, Art. 15): from 01 each calendar year, per issuing body, no gaps.

Every plan here is issued through workflow.services.perform, as the clerk does it.
"""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Role
from config.refusals import ConditionsUnmet, NotPermitted
from plans.models import IssueCounter, Plan
from plans.services import create_plan
from tests.conftest import PASSWORD, plan_data
from workflow.services import perform


def signed_plan(world, make_plan, **overrides):
    """A district plan in `signing` with its signer's main signature: ready for the clerk."""
    u = world["users"]
    plan = make_plan(**overrides)
    perform(plan, "submit", u["drafter"])
    perform(plan, "approve", u["reviewer"])
    return perform(plan, "sign", u["signer"], kind="main", password=PASSWORD)


def issue(plan, world):
    return perform(plan, "issue", world["users"]["clerk"])


@pytest.fixture
def commune_people(world):
    """Reviewer, signer and clerk of UBND xã Kon Braih, so its plans can be issued too."""
    User = get_user_model()
    people = {}
    for username, role in [("xa_reviewer", Role.REVIEWER), ("xa_signer", Role.SIGNER), ("xa_clerk", Role.CLERK)]:
        people[username] = User.objects.create_user(username, password=PASSWORD)
        Membership.objects.create(user=people[username], organization=world["commune"], role=role)
    return people


def signed_commune_plan(world, people):
    data = plan_data(
        world,
        signer=people["xa_signer"],
        reviewers=[people["xa_reviewer"]],
        tasks=[{"text": "Tuyên truyền", "lead_unit": world["commune_unit"], "supporting_units": []}],
    )
    plan = create_plan(world["users"]["xa_drafter"], world["commune"], data)
    perform(plan, "submit", world["users"]["xa_drafter"])
    perform(plan, "approve", people["xa_reviewer"])
    return perform(plan, "sign", people["xa_signer"], kind="main", password=PASSWORD)


def test_numbers_run_from_one_without_gaps_and_print_with_a_leading_zero_below_ten(world, make_plan):
    plans = [issue(signed_plan(world, make_plan, subject=f"Kế hoạch số thứ tự {i}"), world) for i in range(1, 16)]
    plans = [Plan.objects.select_related("organization").get(pk=p.pk) for p in plans]
    assert [p.number for p in plans] == list(range(1, 16))
    assert plans[0].symbol == "01/KH-UBND"
    assert plans[4].symbol == "05/KH-UBND"
    assert plans[8].symbol == "09/KH-UBND"
    assert plans[9].symbol == "10/KH-UBND"
    assert plans[14].symbol == "15/KH-UBND"
    year = timezone.localdate().year
    assert {p.issue_year for p in plans} == {year}
    assert IssueCounter.objects.get(organization=world["district"], doc_type="KH", year=year).last_number == 15


def test_each_issuing_body_counts_on_its_own(world, make_plan, commune_people):
    first = issue(signed_plan(world, make_plan), world)
    commune = perform(signed_commune_plan(world, commune_people), "issue", commune_people["xa_clerk"])
    second = issue(signed_plan(world, make_plan, subject="Kế hoạch thứ hai"), world)
    assert (first.number, second.number) == (1, 2)
    assert commune.number == 1
    assert commune.organization_id == world["commune"].pk


def _freeze(monkeypatch, moment):
    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_the_year_is_the_calendar_year_in_vietnam_and_a_new_year_starts_again_at_one(world, make_plan, monkeypatch):
    # 16:59:59 UTC on 31 December is 23:59:59 in Asia/Ho_Chi_Minh (UTC+7): still the old year.
    _freeze(monkeypatch, dt.datetime(2025, 12, 31, 16, 59, 59, tzinfo=dt.UTC))
    old_year = [issue(signed_plan(world, make_plan, subject=f"Cuối năm {i}"), world) for i in (1, 2)]
    # Two seconds later it is 1 January 2026 in Vietnam, though still 31 December in UTC.
    _freeze(monkeypatch, dt.datetime(2025, 12, 31, 17, 0, 1, tzinfo=dt.UTC))
    new_year = issue(signed_plan(world, make_plan, subject="Đầu năm"), world)
    assert [(p.number, p.issue_year, p.issued_on) for p in old_year] == [(1, 2025, dt.date(2025, 12, 31)), (2, 2025, dt.date(2025, 12, 31))]
    assert (new_year.number, new_year.issue_year, new_year.issued_on) == (1, 2026, dt.date(2026, 1, 1))


def test_a_rolled_back_issue_gives_its_number_back(world, make_plan, monkeypatch):
    first = issue(signed_plan(world, make_plan, subject="Thứ nhất"), world)
    second = signed_plan(world, make_plan, subject="Thứ hai")

    # The caller's transaction fails after the number was taken …
    with pytest.raises(RuntimeError), transaction.atomic():
        issue(second, world)
        raise RuntimeError("the request failed after issuing")
    # … and the service itself fails halfway, after taking the number, before the audit event.
    import plans.audited

    def broken_append_event(*args, **kwargs):
        raise RuntimeError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(plans.audited, "append_event", broken_append_event)  # perform's audited write
        with pytest.raises(RuntimeError):
            issue(second, world)

    second.refresh_from_db()
    assert second.state == "signing" and second.number is None
    assert IssueCounter.objects.get(organization=world["district"]).last_number == 1
    assert issue(second, world).number == 2
    assert first.number == 1
    assert issue(signed_plan(world, make_plan, subject="Thứ ba"), world).number == 3


def test_a_refused_issue_takes_no_number(world, make_plan):
    u = world["users"]
    unsigned = make_plan()
    perform(unsigned, "submit", u["drafter"])
    perform(unsigned, "approve", u["reviewer"])
    with pytest.raises(ConditionsUnmet):
        issue(unsigned, world)  # no main signature yet
    signed = signed_plan(world, make_plan, subject="Đã ký")
    with pytest.raises(NotPermitted):
        perform(signed, "issue", u["reviewer"])  # not a clerk
    assert not IssueCounter.objects.filter(last_number__gt=0).exists()
    assert issue(signed, world).number == 1
