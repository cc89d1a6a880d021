"""The conditions of each transition, as reasons a clerk would read (Vietnamese).

The plan's own content decides `submit` (below). The other conditions depend on what the apps
above plans record, so those apps add their checks when Django starts (their AppConfig.ready):

    approve   every assigned reviewer approved in this round        approvals.selectors
    issue     a valid main signature over the current content       approvals.selectors
    close     every report slot accepted or waived                  reporting.services

plans never imports them: `unmet_conditions` asks whatever was added for the action.
"""

from django.db.models import Exists
from django.utils.translation import gettext as _


def _submit(plan):
    reasons = []
    if not (plan.subject or "").strip():
        reasons.append(_("Kế hoạch chưa có trích yếu."))
    has_section, has_led_task = (
        type(plan)
        .objects.filter(pk=plan.pk)
        .values_list(
            Exists(plan.sections.all()) | Exists(plan.blocks.all()),
            Exists(plan.tasks.filter(lead_unit__isnull=False)) | Exists(plan.blocks.filter(parties__role="lead")),
        )
        .get()
    )  # both in one query
    if not has_section:
        reasons.append(_("Kế hoạch chưa có mục nội dung nào."))
    if not has_led_task:
        reasons.append(_("Kế hoạch chưa có nhiệm vụ nào có đơn vị chủ trì."))  # a unit, or a post or group named
    if not plan.signer_id:
        reasons.append(_("Chưa chọn người ký."))
    links = list(plan.reviewer_links.select_related("user").order_by("id"))
    # The review split of the round this submit starts asks these reviewers (workflow.flows): kept on
    # the plan so that it need not read them again.
    plan.reviewer_links_of_new_round = links
    reviewer_ids = {link.user_id for link in links}
    if not reviewer_ids:
        reasons.append(_("Chưa chọn người thẩm định."))
    if plan.created_by_id in reviewer_ids or plan.created_by_id == plan.signer_id:
        reasons.append(_("Người soạn thảo không được thẩm định hoặc ký kế hoạch của mình."))
    if plan.signer_id and plan.signer_id in reviewer_ids:
        reasons.append(_("Người ký không được đồng thời là người thẩm định."))
    return reasons


CHECKS = {"submit": [_submit]}


def add_condition(action, check):
    """Add `check(plan) -> [reasons]` to `action`'s conditions (called from an AppConfig.ready)."""
    checks = CHECKS.setdefault(action, [])
    if check not in checks:
        checks.append(check)


def unmet_conditions(plan, action):
    """Reasons (Vietnamese) why `action` cannot happen yet; empty when it can."""
    reasons = []
    for check in CHECKS.get(action, ()):
        reasons.extend(check(plan))
    return reasons
