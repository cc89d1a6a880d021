"""Search without diacritics (issue 19, item 7): the plan's own text, its body (paragraphs, tasks
and their parties) and the reports filed on it, on SQLite and PostgreSQL alike; the filters; the
list's query count does not grow with the number of plans found."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans.models import Plan, PlanSearch
from plans.services import update_plan
from reporting.models import ReportSlot
from reporting.services import submit_report
from tests.reporting.conftest import reporting_plan  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def found(client, **params):
    response = client.get("/api/plans/", params)
    assert response.status_code == 200, response.content
    return {p["id"] for p in response.json()["results"]}


def body_plan(make_plan, api, world, body):
    plan = make_plan(subject="Kế hoạch có nội dung")
    response = api("drafter").patch(f"/api/plans/{plan.pk}/", {"body": body}, format="json")
    assert response.status_code == 200, response.content
    return plan


def test_nep_nghi_finds_the_words_in_the_subject_a_paragraph_a_task_and_a_report(world, make_plan, api, reporting_plan):  # noqa: F811
    in_subject = make_plan(subject="Hộ thay đổi nếp nghĩ, cách làm")
    in_paragraph = body_plan(make_plan, api, world, [{"kind": "paragraph", "text": "Để người dân đổi NẾP NGHĨ về rác thải."}])
    in_task = body_plan(
        make_plan, api, world, [{"kind": "task", "text": "Tuyên truyền thay đổi nếp nghĩ", "lead": {"unit": world["police"].pk}}]
    )
    by_party = body_plan(
        make_plan, api, world, [{"kind": "task", "text": "Tổ chức ra quân", "supporting": [{"name": "Đoàn Thanh niên xã"}]}]
    )
    make_plan(subject="Nếp sống văn minh")
    slot = ReportSlot.objects.filter(plan=reporting_plan).first()
    client = api("drafter")
    assert reporting_plan.pk not in found(client, q="nep nghi")
    submit_report(slot, world["users"]["reporter"], progress=40, text="Đã giúp người dân đổi nếp nghĩ.")
    expected = {in_subject.pk, in_paragraph.pk, in_task.pk, reporting_plan.pk}
    assert found(client, q="nep nghi") == expected
    assert found(client, q="nếp nghĩ") == expected
    assert found(client, q="doan thanh nien") == {by_party.pk}  # đ → d, a party named in words


def test_a_body_rewritten_is_searched_as_it_now_reads(world, make_plan, api):
    plan = body_plan(make_plan, api, world, [{"kind": "paragraph", "text": "Chỉnh trang đô thị"}])
    client = api("drafter")
    assert found(client, q="chinh trang do thi") == {plan.pk}
    update_plan(Plan.objects.get(pk=plan.pk), world["users"]["drafter"], {"body": [{"kind": "paragraph", "text": "Nước sạch"}]})
    assert found(client, q="chinh trang") == set()
    assert found(client, q="nuoc sach") == {plan.pk}
    assert PlanSearch.objects.get(plan=plan).text.startswith("ke hoach co noi dung")


def test_the_filters_state_unit_year_and_type_narrow_the_search(world, make_plan, api, reporting_plan):  # noqa: F811
    other = make_plan(
        subject="Báo cáo hằng tháng khác", tasks=[{"text": "Việc", "lead_unit": world["finance"], "supporting_units": [world["police"]]}]
    )
    client = api("drafter")
    assert found(client, q="bao cao hang thang") == {reporting_plan.pk, other.pk}  # task text of the first
    assert found(client, q="bao cao hang thang", state="reporting") == {reporting_plan.pk}
    assert found(client, q="bao cao hang thang", unit=world["police"].pk) == {reporting_plan.pk, other.pk}  # leads, supports
    assert found(client, q="bao cao hang thang", unit=world["finance"].pk) == {reporting_plan.pk, other.pk}
    year = Plan.objects.get(pk=reporting_plan.pk).issue_year
    assert found(client, q="bao cao hang thang", year=year) == {reporting_plan.pk}
    assert found(client, q="bao cao hang thang", doc_type="KH") == {reporting_plan.pk, other.pk}
    assert found(client, q="bao cao hang thang", doc_type="QĐ") == set()
    assert found(client, q="bao cao hang thang", organization=world["district"].pk) == {reporting_plan.pk, other.pk}


def test_the_search_list_costs_the_same_for_few_and_many_plans_found(world, make_plan, api):
    client = api("drafter")

    def count():
        client.get("/api/plans/", {"q": "nep nghi", "unit": world["police"].pk})  # warm-up
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/api/plans/", {"q": "nep nghi", "unit": world["police"].pk})
        return len(captured), response.json()["count"]

    task = [{"text": "Đổi nếp nghĩ", "lead_unit": world["police"], "supporting_units": []}]
    for _ in range(2):
        make_plan(subject="Nếp nghĩ", period_start=date(2025, 1, 1), period_end=date(2025, 12, 31), tasks=task)
    few, n = count()
    assert n == 2
    for _ in range(12):
        make_plan(subject="Nếp nghĩ", tasks=task)
    many, n = count()
    assert (many, n) == (few, 14)


def test_every_word_is_required_in_any_order_without_diacritics(world, make_plan, api, reporting_plan):  # noqa: F811
    both = make_plan(subject="Thay đổi nếp nghĩ của người dân")
    apart = make_plan(subject="Nếp sống mới", preamble="Nâng cao nhận thức, suy nghĩ")
    only_one = make_plan(subject="Nếp sống văn minh")
    client = api("drafter")
    assert found(client, q="nep nghi") == {both.pk, apart.pk}  # each word, not the phrase
    assert found(client, q="nghi nep") == {both.pk, apart.pk}  # any order
    assert found(client, q="NGHĨ   nếp") == {both.pk, apart.pk}
    assert found(client, q="nep nghi dan") == {both.pk}
    assert found(client, q="nep") == {both.pk, apart.pk, only_one.pk}
    assert found(client, q="nep nghi khong-co") == set()
    assert found(client, q="ng nghi nep") == {both.pk, apart.pk}  # "ng" is inside "nghi"
    # one word in the plan's text, the other in a report filed on it
    slot = ReportSlot.objects.filter(plan=reporting_plan).first()
    submit_report(slot, world["users"]["reporter"], progress=40, text="Đã hoàn thành đợt tuyên truyền lưu động.")
    subject_word = PlanSearch.objects.get(plan=reporting_plan).text.split()[0]
    assert found(client, q=f"luu dong {subject_word}") == {reporting_plan.pk}


def test_the_page_searches_every_word_too(world, make_plan, client):
    from tests.ui.test_plan_list import plan_links

    both = make_plan(subject="Thay đổi nếp nghĩ của người dân")
    make_plan(subject="Nếp sống văn minh")
    client.force_login(world["users"]["drafter"])
    assert plan_links(client.get("/plans/", {"q": "nghĩ nếp"}).content.decode()) == {both.pk}
