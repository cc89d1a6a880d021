"""The conditions of each transition, as reasons a clerk would read (Vietnamese).

The plan's own content decides `submit` (below). The other conditions depend on what the apps
above plans record, so those apps add their checks when Django starts (their AppConfig.ready):

    approve   every assigned reviewer approved in this round        approvals.selectors
    issue     a valid main signature over the current content       approvals.selectors
    close     every report slot accepted or waived                  reporting.services

plans never imports them: `unmet_conditions` asks whatever was added for the action. A check may
name the compiled reads it makes of the plan (by its id alone): `condition_reads` gives them to
workflow.services.perform, which sends them with the plan's lock, and the check takes their answers
kept on the locked plan (`kept_on=plan`, config.compiled_queries) instead of asking again.
"""

from django.db.models import BigIntegerField, Exists
from django.utils.translation import gettext as _

from config.compiled_queries import CompiledQuery, Param


def _content_present():
    """Whether a plan has content (a section or a block) and a task led by someone, in one query."""
    from .models import Block, Plan, Section, Task

    def of_plan(model):
        return model.objects.filter(plan_id=Param("plan", BigIntegerField()))

    return (
        Plan.objects.filter(pk=Param("plan", BigIntegerField()))
        .order_by()
        .values_list(
            Exists(of_plan(Section)) | Exists(of_plan(Block)),
            Exists(of_plan(Task).filter(lead_unit__isnull=False)) | Exists(of_plan(Block).filter(parties__role="lead")),
        )
    )


def _reviewer_links():
    from .models import PlanReviewer

    return PlanReviewer.objects.filter(plan_id=Param("plan", BigIntegerField())).select_related("user").order_by("id")


# The same two statements on every submit: compiled once (config.compiled_queries).
CONTENT_PRESENT = CompiledQuery(_content_present)
REVIEWER_LINKS = CompiledQuery(_reviewer_links)


def reviewer_links_of(plan):
    """The plan's reviewer links with their users, in the order they were chosen (one query)."""
    links = REVIEWER_LINKS.instances(plan=plan.pk, kept_on=plan)
    for link in links:
        link.plan = plan  # as plan.reviewer_links would give them
    return links


def _submit(plan):
    reasons = []
    if not (plan.subject or "").strip():
        reasons.append(_("Kế hoạch chưa có trích yếu."))
    ((has_section, has_led_task),) = CONTENT_PRESENT.rows(plan=plan.pk, kept_on=plan)  # both in one query
    if not has_section:
        reasons.append(_("Kế hoạch chưa có mục nội dung nào."))
    if not has_led_task:
        reasons.append(_("Kế hoạch chưa có nhiệm vụ nào có đơn vị chủ trì."))  # a unit, or a post or group named
    if not plan.signer_id:
        reasons.append(_("Chưa chọn người ký."))
    links = reviewer_links_of(plan)
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
READS = {"submit": [CONTENT_PRESENT, REVIEWER_LINKS]}  # action: the compiled reads its checks make, given the plan's id as `plan`


def add_condition(action, check, reads=()):
    """Add `check(plan) -> [reasons]` to `action`'s conditions (called from an AppConfig.ready);
    `reads`: the CompiledQuerys, given the plan's id as `plan`, that `check` reads with `kept_on=plan`."""
    checks = CHECKS.setdefault(action, [])
    if check not in checks:
        checks.append(check)
    known = READS.setdefault(action, [])
    known.extend(query for query in reads if query not in known)


def condition_reads(action, plan_id):
    """[(CompiledQuery, values)] that `action`'s conditions will read of plan `plan_id`, to be sent ahead."""
    return [(query, {"plan": plan_id}) for query in READS.get(action, ())]


def unmet_conditions(plan, action):
    """Reasons (Vietnamese) why `action` cannot happen yet; empty when it can."""
    reasons = []
    for check in CHECKS.get(action, ()):
        reasons.extend(check(plan))
    return reasons
