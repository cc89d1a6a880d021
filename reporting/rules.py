"""Who may file a report on a slot, and who decides on it: the one place the pages, the API and
reporting.services ask. Each function returns the refusal (config.refusals) to raise or show, or
None when the user may go ahead."""

from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.roles import has_role
from config.refusals import NotPermitted, WrongState
from plans.lifecycle import State
from plans.rules import DRAFTER_OF_PLAN, ORGANIZATION_CLERK, PLAN_SIGNER, relations

from .models import AWAITING_REPORT


def plan_open_refusal(plan):
    """A closed plan is read-only (403); before reporting there is nothing to report on (409)."""
    if plan.state == State.CLOSED:
        return NotPermitted(_("Kế hoạch đã kết thúc: chỉ được xem, không được thay đổi."))
    if plan.state == State.RECALLED:
        return NotPermitted(_("Kế hoạch đã bị thu hồi: chỉ được xem, không được thay đổi."))
    if plan.state != State.REPORTING:
        return WrongState(_("Kế hoạch chưa ở giai đoạn báo cáo."))
    return None


def reporter_refusal(slot, user):
    """Only a reporter of the task's lead unit reports on its slots (the API asks before it reads the body)."""
    if not has_role(user, Role.REPORTER, slot.task.lead_unit_id):
        return NotPermitted(_("Chỉ đơn vị chủ trì nhiệm vụ này được báo cáo."))
    return None


def report_refusal(slot, plan, user):
    """Why `user` may not file a report on `slot` of `plan` now, or None."""
    refusal = reporter_refusal(slot, user) or plan_open_refusal(plan)
    if refusal is None and slot.state not in AWAITING_REPORT:
        refusal = WrongState(
            _("Kỳ báo cáo này đang ở trạng thái “%(state)s”, không nhận báo cáo mới.") % {"state": slot.get_state_display()}
        )
    return refusal


def may_report(slot, plan, user):
    return report_refusal(slot, plan, user) is None


def slot_reviewer_refusal(plan, user):
    """Only the plan's drafter or signer decides on its slots (the API asks before it reads the body)."""
    if not relations(plan, user) & {DRAFTER_OF_PLAN, PLAN_SIGNER}:
        return NotPermitted(_("Chỉ người soạn thảo hoặc người ký kế hoạch được xét báo cáo."))
    return None


def review_refusal(plan, user):
    """Why `user` may not decide on `plan`'s slots now, or None."""
    return slot_reviewer_refusal(plan, user) or plan_open_refusal(plan)


def may_review(plan, user):
    return review_refusal(plan, user) is None


def waiver_refusal(plan, user):
    """Who may waive the slots that opened overdue when a stale plan started reporting: who may
    start reporting (the organization's clerk, the drafter) and the signer."""
    if not relations(plan, user) & {DRAFTER_OF_PLAN, PLAN_SIGNER, ORGANIZATION_CLERK}:
        return NotPermitted(_("Chỉ văn thư, người soạn thảo hoặc người ký kế hoạch được miễn các kỳ báo cáo quá hạn."))
    return plan_open_refusal(plan)


def part_refusal(slot, plan, user):
    """Why `user` may not file a supporting unit's part on `slot` now, or None."""
    unit_ids = set(slot.task.supporting_links.values_list("unit_id", flat=True))
    if not any(has_role(user, Role.REPORTER, unit_id) for unit_id in unit_ids):
        return NotPermitted(_("Chỉ đơn vị phối hợp của nhiệm vụ này được gửi phần báo cáo."))
    refusal = plan_open_refusal(plan)
    if refusal is None and slot.state not in AWAITING_REPORT:
        refusal = WrongState(
            _("Kỳ báo cáo này đang ở trạng thái “%(state)s”, không nhận báo cáo mới.") % {"state": slot.get_state_display()}
        )
    return refusal


def files_as_part(slot, user):
    """True when `user` reports for one of the task's supporting units and not for its lead unit: what
    they file on the slot is their unit's part."""
    if reporter_refusal(slot, user) is None:
        return False
    return any(has_role(user, Role.REPORTER, unit_id) for unit_id in slot.task.supporting_links.values_list("unit_id", flat=True))
