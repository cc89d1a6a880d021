"""Who may take which action on a plan: the table of API.md, in one place.

A rule is a set of relations; a user may act when any relation holds. Each relation joins a role
in the plan's organization (accounts.Membership) with, for people assigned to this plan, the object
permission django-guardian holds for them (granted by `plans.permissions.sync_plan_permissions`).
"""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.roles import has_role

from .permissions import PLAN_PERMS

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
    org = plan.organization_id
    roles = {role for role in (Role.DRAFTER, Role.REVIEWER, Role.SIGNER, Role.CLERK) if has_role(user, role, org)}
    perms = plan_permissions(user, plan) if roles - {Role.CLERK} else set()
    if Role.DRAFTER in roles and "draft_plan" in perms:
        held.add(DRAFTER_OF_PLAN)
    if Role.REVIEWER in roles and "review_plan" in perms:
        held.add(ASSIGNED_REVIEWER)
    if Role.SIGNER in roles and "sign_plan" in perms:
        held.add(PLAN_SIGNER)
    if Role.CLERK in roles:
        held.add(ORGANIZATION_CLERK)
    return held


def plan_permissions(user, plan):
    """The codenames of the object permissions `user` holds on `plan`, in one query.

    Read from django-guardian's direct foreign-key tables of plans (plans.PlanUserObjectPermission
    and PlanGroupObjectPermission) and answered as guardian's ObjectPermissionChecker answers: an
    inactive user holds none, an active superuser all, and grants to the user's groups count."""
    from plans.models import PlanGroupObjectPermission, PlanUserObjectPermission

    if not user.is_active:
        return set()
    if user.is_superuser:
        return set(PLAN_PERMS)
    granted = PlanUserObjectPermission.objects.filter(user=user, content_object=plan).values_list("permission__codename", flat=True)
    via_groups = PlanGroupObjectPermission.objects.filter(group__user=user, content_object=plan).values_list(
        "permission__codename", flat=True
    )
    return set(granted.union(via_groups))


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
