"""plans.selectors.plan_with_parts / load_parts: one plan read by compiled queries (issue 21) gives the
API the same plan as with_parts' prefetch, in a fixed number of queries, with nothing read lazily."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from rest_framework.request import Request

from plans.blocks import parties_of
from plans.content import plan_content
from plans.models import Plan, TaskParty, TaskSupportingUnit
from plans.selectors import plan_with_parts, with_parts
from plans.serializers import PlanSerializer

pytestmark = pytest.mark.django_db

READS = 11  # the plan with its people, the eight parts, the supporting units, the parties


@pytest.fixture
def demo(db, settings):
    settings.PLANFLOW_DEMO_PASSWORD = "mat-khau-trinh-dien"
    call_command("loaddemo", stdout=io.StringIO())


def _serialized(plan, user):
    request = Request(RequestFactory().get(f"/api/plans/{plan.pk}/"))
    request.user = user
    return PlanSerializer(plan, context={"request": request}).data


def test_the_demo_plans_read_alike_both_ways(demo):
    plans = list(Plan.objects.order_by("pk"))
    assert len(plans) == 4
    # the demo has what each part of the read must carry
    assert TaskSupportingUnit.objects.exists() and TaskParty.objects.exists()
    for stored in plans:
        user = stored.created_by
        expected = _serialized(with_parts(Plan.objects).get(pk=stored.pk), user)
        compiled = plan_with_parts(stored.pk)
        assert _serialized(compiled, user) == expected
        assert plan_content(compiled) == plan_content(with_parts(Plan.objects).get(pk=stored.pk))


def test_a_fixed_number_of_queries_and_nothing_read_later(demo):
    for stored in Plan.objects.order_by("pk"):
        with CaptureQueriesContext(connection) as captured:
            plan = plan_with_parts(stored.pk)
        assert len(captured.captured_queries) == READS
        read = []  # what the serializers and the document layout follow from the plan
        with CaptureQueriesContext(connection) as later:
            for task in plan.tasks.all():
                read += [link.unit.name for link in task.supporting_links.all()]
                read += [task.lead_unit, task.plan is plan]
            for block in plan.blocks.all():
                read += [parties_of(block), block.target, block.task]
            read += [link.user.username for link in plan.reviewer_links.all()]
            for name in ("legal_bases", "sections", "targets", "budget_lines", "recipients"):
                read += list(getattr(plan, name).all())
            read += [plan.organization.parent, plan.signer, plan.created_by.username]
        assert later.captured_queries == []
        assert read and all(task.plan is plan for task in plan.tasks.all())


def test_a_missing_plan_raises_does_not_exist(db):
    with pytest.raises(Plan.DoesNotExist):
        plan_with_parts(10**9)


def test_each_part_is_read_with_only_what_it_names(demo):
    """A part's rows are read without the plan they belong to (load_parts puts the plan itself there):
    joining it would read the plan's columns again, and make a Plan object, for every part."""
    plan = Plan.objects.order_by("pk").first()
    with CaptureQueriesContext(connection) as captured:
        plan_with_parts(plan.pk)
    part_reads = [query["sql"] for query in captured.captured_queries[1:]]
    assert len(part_reads) == READS - 1
    for sql in part_reads:
        assert '"plans_plan"."subject"' not in sql, sql[:200]
