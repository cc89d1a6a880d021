from approvals.models import Signature
from audit.models import AuditEvent
from plans.models import Plan
from plans.rules import available_actions
from tests.conftest import PASSWORD
from workflow.services import perform


def test_lifecycle_through_the_service(world, make_plan):
    u = world["users"]
    plan = make_plan()
    assert [name for name, _ in available_actions(plan, u["drafter"])] == ["submit", "discard"]
    plan = perform(plan, "submit", u["drafter"])
    assert plan.state == "review"
    plan = perform(plan, "approve", u["reviewer"], comment="Đồng ý")
    assert plan.state == "signing"
    plan = perform(plan, "sign", u["signer"], kind="main", password=PASSWORD)
    plan = perform(plan, "issue", u["clerk"])
    assert plan.state == "issued" and plan.number == 1
    plan = Plan.objects.get(pk=plan.pk)
    assert plan.symbol == "01/KH-UBND"
    plan = perform(plan, "start_reporting", u["clerk"])
    plan = perform(plan, "close", u["drafter"], comment="Hoàn thành")
    assert plan.state == "closed"
    assert sorted(Signature.objects.filter(plan=plan).values_list("kind", flat=True)) == ["main", "seal"]  # issue adds the seal
    kinds = list(AuditEvent.objects.filter(plan=plan).values_list("action", flat=True))
    assert kinds == ["create", "submit", "approve", "sign_main", "issue", "start_reporting", "close"]
    assert plan.history.count() >= 6
