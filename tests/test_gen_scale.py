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
