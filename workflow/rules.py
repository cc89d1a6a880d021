"""Who may take which action on a plan: the table of API.md, in one place.

A rule is a set of relations; a user may act when any relation holds. Each relation joins a role
in the plan's organization (accounts.Membership) with, for people assigned to this plan, the object
permission django-guardian holds for them (granted by `workflow.permissions.sync_plan_permissions`).
"""

from django.utils.translation import gettext_lazy as _
from guardian.core import ObjectPermissionChecker

from accounts.models import Role
from accounts.roles import has_role

DRAFTER_OF_PLAN = "drafter_of_plan"
ASSIGNED_REVIEWER = "assigned_reviewer"
PLAN_SIGNER = "plan_signer"
ORGANIZATION_CLERK = "organization_clerk"

ACTIONS = {
    # name: (label, relations that may act, irreversible?)
    "submit": (_("Trình thẩm định"), {DRAFTER_OF_PLAN}, False),
    "approve": (_("Đồng ý, trình ký"), {ASSIGNED_REVIEWER}, False),
    "return_for_revision": (_("Trả lại để sửa"), {ASSIGNED_REVIEWER, PLAN_SIGNER}, False),
    "sign": (_("Ký"), {ASSIGNED_REVIEWER, PLAN_SIGNER}, True),
    "issue": (_("Ban hành, cấp số"), {ORGANIZATION_CLERK}, True),
    "start_reporting": (_("Bắt đầu theo dõi báo cáo"), {ORGANIZATION_CLERK, DRAFTER_OF_PLAN}, False),
    "close": (_("Kết thúc kế hoạch"), {PLAN_SIGNER, DRAFTER_OF_PLAN}, True),
}

# A person never reviews, signs or issues a plan they drafted (separation of duties).
FORBIDDEN_TO_DRAFTER = {"approve", "return_for_revision", "sign", "issue"}


def relations(plan, user):
    """The relations `user` holds to `plan` (a set of the constants above)."""
    if not user or not user.is_authenticated:
        return set()
    held = set()
    checker = ObjectPermissionChecker(user)
    org = plan.organization_id
    if has_role(user, Role.DRAFTER, org) and checker.has_perm("plans.draft_plan", plan):
        held.add(DRAFTER_OF_PLAN)
    if has_role(user, Role.REVIEWER, org) and checker.has_perm("plans.review_plan", plan):
        held.add(ASSIGNED_REVIEWER)
    if has_role(user, Role.SIGNER, org) and checker.has_perm("plans.sign_plan", plan):
        held.add(PLAN_SIGNER)
    if has_role(user, Role.CLERK, org):
        held.add(ORGANIZATION_CLERK)
    return held


def is_permitted(plan, action, user, held=None):
    if action not in ACTIONS:
        return False
    if action in FORBIDDEN_TO_DRAFTER and user.pk == plan.created_by_id:
        return False
    held = relations(plan, user) if held is None else held
    return bool(held & ACTIONS[action][1])


def sign_kind_permitted(plan, kind, user, held=None):
    """Initials (ký nháy) are for an assigned reviewer; the main signature for the plan's signer."""
    held = relations(plan, user) if held is None else held
    if user.pk == plan.created_by_id:
        return False
    if kind == "initial":
        return ASSIGNED_REVIEWER in held
    if kind == "main":
        return PLAN_SIGNER in held
    return False
