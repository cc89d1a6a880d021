"""Nothing lost: a crash in the middle of a transition leaves everything exactly as before.

Each case lets one step of `workflow.services.perform` run and then raises (the step is wrapped
with unittest.mock): after the permission check, after the fsm transition, after the history
save, after the handler's own writes (review decision, signature, number, seal, report slots),
after the audit event, after the approval flow's task sync, and after the signed-PDF steps. The
plan, every row of the plans/approvals/audit/reporting apps (history included), the viewflow
processes and tasks and the issue counters must be as they were, and audit.verify.trail must still
report the plan's chain ok."""

import functools
from unittest import mock

import pytest
from viewflow.workflow.models import Process, Task

from audit.verify.trail import verify_plan
from plans.models import Plan
from tests.api.conftest import advance, database_state
from tests.conftest import PASSWORD
from workflow.services import perform


class Injected(Exception):
    """The fault: raised right after the wrapped step has done its work."""


def crash_after(original, fired):
    @functools.wraps(original)  # keeps django-fsm's marks on transition methods (can_proceed reads them)
    def wrapper(*args, **kwargs):
        original(*args, **kwargs)
        fired.append(original.__name__)
        raise Injected(original.__name__)

    return wrapper


# (patch target, attribute) of each step; targets are where perform() looks them up.
PERMISSION = ("workflow.services", "is_permitted")
HISTORY_SAVE = (Plan, "save")
AUDIT_EVENT = ("plans.audited", "append_event")  # perform is one plans.audited.audited_write
FLOW_SYNC = ("workflow.flow_sync", "action_performed")


def transition(action):
    return (Plan, action)


# action → (state the plan starts in, the steps perform() takes for it, in order)
COMMON = [PERMISSION, AUDIT_EVENT, FLOW_SYNC]
CASES = {
    "submit": ("draft", [*COMMON, transition("submit"), HISTORY_SAVE]),
    "approve": ("review", [*COMMON, ("workflow.services.ReviewDecision.objects", "create"), transition("approve"), HISTORY_SAVE]),
    "return_for_revision": ("review", [*COMMON, transition("return_for_revision"), HISTORY_SAVE]),
    "sign": ("signing", [*COMMON, ("workflow.services", "sign_content"), transition("sign"), ("workflow.services", "sign_main_pdf")]),
    "issue": (
        "signing+signed",
        [*COMMON, ("workflow.services", "next_number"), ("workflow.services", "apply_seal"), transition("issue"), HISTORY_SAVE]
        + [("workflow.services", "seal_issued_pdf")],
    ),
    "start_reporting": ("issued", [*COMMON, ("workflow.services", "create_slots"), transition("start_reporting"), HISTORY_SAVE]),
}
PDF_STEPS = {"sign_main_pdf", "seal_issued_pdf"}
ACTORS = {"submit": "drafter", "approve": "reviewer", "return_for_revision": "reviewer", "sign": "signer", "issue": "clerk"}
ACTORS["start_reporting"] = "clerk"

PARAMS = [
    pytest.param(action, target, attribute, id=f"{action}-after-{attribute}")
    for action, (_start, steps) in CASES.items()
    for target, attribute in steps
]


def everything(plan):
    """What a failed transition must leave untouched."""
    flow = (
        sorted(Process.objects.values_list("id", "status", "finished")),
        sorted(Task.objects.values_list("id", "status", "owner_id", "finished")),
    )
    return database_state(), flow


def prepared(world, make_plan, start):
    plan = make_plan()
    if start == "signing+signed":
        plan = advance(plan, world, "signing")
        return perform(plan, "sign", world["users"]["signer"], kind="main", password=PASSWORD)
    return advance(plan, world, start)


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "target", "attribute"), PARAMS)
def test_a_crash_after_any_step_changes_nothing(action, target, attribute, world, make_plan, settings, tmp_path):
    if attribute in PDF_STEPS:
        settings.PLANFLOW_SIGNED_PDFS = True  # the PDF steps run only when signed PDFs are on
        settings.MEDIA_ROOT = str(tmp_path / "media")
    plan = prepared(world, make_plan, CASES[action][0])
    before = everything(plan)
    assert verify_plan(plan.pk).ok

    fired = []
    with _patch(target, attribute, fired), pytest.raises(Injected):
        perform(plan, action, world["users"][ACTORS[action]], comment="Lý do", kind="main", password=PASSWORD)

    assert fired, f"{attribute} never ran: the case does not test what it names"
    assert everything(plan) == before
    assert Plan.objects.get(pk=plan.pk).state == plan.state
    report = verify_plan(plan.pk)
    assert report.ok, report.problems


def _patch(target, attribute, fired):
    owner = _resolve(target) if isinstance(target, str) else target
    return mock.patch.object(owner, attribute, crash_after(getattr(owner, attribute), fired))


def _resolve(dotted):
    import importlib

    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:]:
            obj = getattr(obj, name)
        return obj
    raise ImportError(dotted)
