"""The conditions of each transition, as reasons a clerk would read (Vietnamese)."""

from django.db.models import Exists
from django.utils.translation import gettext as _


def _submit(plan):
    from plans.models import Plan

    reasons = []
    if not (plan.subject or "").strip():
        reasons.append(_("Kế hoạch chưa có trích yếu."))
    has_section, has_led_task = (
        Plan.objects.filter(pk=plan.pk).values_list(Exists(plan.sections.all()), Exists(plan.tasks.filter(lead_unit__isnull=False))).get()
    )  # both in one query
    if not has_section:
        reasons.append(_("Kế hoạch chưa có mục nội dung nào."))
    if not has_led_task:
        reasons.append(_("Kế hoạch chưa có nhiệm vụ nào có đơn vị chủ trì."))
    if not plan.signer_id:
        reasons.append(_("Chưa chọn người ký."))
    reviewer_ids = set(plan.reviewer_links.values_list("user_id", flat=True))
    if not reviewer_ids:
        reasons.append(_("Chưa chọn người thẩm định."))
    if plan.created_by_id in reviewer_ids or plan.created_by_id == plan.signer_id:
        reasons.append(_("Người soạn thảo không được thẩm định hoặc ký kế hoạch của mình."))
    if plan.signer_id and plan.signer_id in reviewer_ids:
        reasons.append(_("Người ký không được đồng thời là người thẩm định."))
    return reasons


def _approve(plan):
    from approvals.selectors import reviewers_pending

    pending = reviewers_pending(plan)
    if pending:
        names = ", ".join(u.get_full_name() or u.get_username() for u in pending)
        return [_("Còn chờ ý kiến đồng ý của: %(names)s.") % {"names": names}]
    return []


def _issue(plan):
    from approvals.selectors import main_signature_problems

    return main_signature_problems(plan)  # key, certificate and signed content checked (approvals.verify)


def _close(plan):
    from reporting.services import unresolved_slot_count

    count = unresolved_slot_count(plan)
    if count:
        return [_("Còn %(count)d kỳ báo cáo chưa được chấp nhận hoặc miễn.") % {"count": count}]
    return []


CHECKS = {"submit": _submit, "approve": _approve, "issue": _issue, "close": _close}


def unmet_conditions(plan, action):
    check = CHECKS.get(action)
    return check(plan) if check else []
