"""gen_scale (benchmark data): its bulk path writes history, chains and signatures that verify accepts."""

import io

import pytest

from approvals.models import Signature
from audit.verify.trail import plan_ids_to_verify, verify_plans
from bench.gen_scale import Province
from plans.models import Plan


@pytest.mark.django_db
def test_a_generated_province_verifies(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    Province(out=io.StringIO()).generate(plans=24, organizations=4, sample=1, batch=10)
    assert Plan.objects.count() >= 24
    states = set(Plan.objects.values_list("state", flat=True))
    assert {"draft", "review", "signing", "issued", "reporting", "closed"} <= states
    issued = Plan.objects.filter(state__in=["issued", "reporting", "closed"])
    assert Signature.objects.filter(plan__in=issued, kind=Signature.Kind.SEAL).count() == issued.count() > 3
    problems = {report.plan_id: report.problems for report in verify_plans(plan_ids_to_verify()) if not report.ok}
    assert problems == {}


@pytest.mark.django_db
def test_the_generated_province_has_the_inbox_and_search_cases(settings, tmp_path):
    """bench/run.py measures an inbox of ≥ 1,000 open slots (issue 18) and a search of body words (issue 19)."""
    from bench.gen_scale import INBOX_SLOTS
    from bench.run import bench_org, open_slots_of
    from plans.models import PlanSearch

    settings.MEDIA_ROOT = tmp_path
    Province(out=io.StringIO()).generate(plans=24, organizations=4, sample=1, batch=10)
    assert open_slots_of(bench_org(1).units[0]) >= INBOX_SLOTS
    assert PlanSearch.objects.filter(text__contains="giu gin ban sac").exists()
    assert PlanSearch.objects.filter(text__contains="chu tri trien khai").count() >= 20  # the body, not only the subject
    problems = {report.plan_id: report.problems for report in verify_plans(plan_ids_to_verify()) if not report.ok}
    assert problems == {}


@pytest.mark.django_db
def test_a_bulk_plan_carries_the_body_the_services_make(settings, tmp_path):
    """The bulk plans are not bodiless: each has the blocks and parties plans.services made for the same
    content (a sample plan), linked to its own target and task, its parties on its own units."""
    from plans.models import Block, TaskParty

    settings.MEDIA_ROOT = tmp_path
    Province(out=io.StringIO()).generate(plans=12, organizations=3, sample=1, batch=10)
    sample = Plan.objects.filter(subject__startswith="Kế hoạch mẫu").order_by("pk").first()
    bulk = Plan.objects.filter(subject__startswith="Kế hoạch số liệu").exclude(organization=sample.organization).order_by("pk").first()

    def body(plan):
        units = list(plan.organization.children.order_by("pk").values_list("pk", flat=True))
        rows = []
        for block in Block.objects.filter(plan=plan).order_by("position"):
            parties = [
                (p.role, p.position, p.name, units.index(p.organization_id) if p.organization_id else None)
                for p in TaskParty.objects.filter(block=block).order_by("position")
            ]
            target_ok = block.target is None or block.target.plan_id == plan.pk
            task_ok = block.task is None or block.task.plan_id == plan.pk
            rows.append((block.position, block.kind, block.label, block.text, block.value, target_ok, task_ok, parties))
        return rows

    expected = body(sample)
    assert len(expected) >= 4 and {"heading", "paragraph", "target", "task"} <= {row[1] for row in expected}
    assert any(row[7] for row in expected)  # the task block names its lead unit
    assert body(bulk) == expected
    bulk_plans = Plan.objects.filter(subject__startswith="Kế hoạch số liệu")
    assert Block.objects.filter(plan__in=bulk_plans).values("plan").distinct().count() == bulk_plans.count() >= 7
