"""Who may do what with a plan: the table of docs/API.md, in one place.

A rule is a set of relations; a user may act when any relation holds. Each relation joins a role
in the plan's organization (accounts.Membership) with, for people assigned to this plan, the object
permission django-guardian holds for them (granted by `plans.permissions.sync_plan_permissions`).

The services enforce these functions and the pages and the API ask the same ones to show what is
open: `available_actions` (the buttons, the API's available_actions; `workflow.services.perform`
refuses the rest), `edit_refusal` / `can_edit` (editing a draft), `may_create` (a new plan).
"""

from django.db.models import Subquery
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from accounts.models import Organization, Role
from accounts.roles import authority_ids_for_role, has_role, memberships, memberships_cached, memberships_with
from audit.models import AuditEvent
from audit.record.canonical import GENESIS
from config.compiled_queries import CompiledQuery, Param
from config.refusals import NotPermitted, WrongState

from .lifecycle import State
from .permissions import PLAN_PERMS

Action = AuditEvent.Action

DRAFTER_OF_PLAN = "drafter_of_plan"
ASSIGNED_REVIEWER = "assigned_reviewer"
PLAN_SIGNER = "plan_signer"
ORGANIZATION_CLERK = "organization_clerk"
ORGANIZATION_ADMIN = "organization_admin"

ACTIONS = {
    # name: (label, relations that may act, irreversible?)
    "submit": (Action.SUBMIT.label, {DRAFTER_OF_PLAN}, False),
    "approve": (Action.APPROVE.label, {ASSIGNED_REVIEWER}, False),
    "return_for_revision": (Action.RETURN_FOR_REVISION.label, {ASSIGNED_REVIEWER, PLAN_SIGNER}, False),
    "sign": (Action.SIGN.label, {ASSIGNED_REVIEWER, PLAN_SIGNER}, True),
    "issue": (Action.ISSUE.label, {ORGANIZATION_CLERK}, True),
    "start_reporting": (Action.START_REPORTING.label, {ORGANIZATION_CLERK, DRAFTER_OF_PLAN}, False),
    "close": (Action.CLOSE.label, {PLAN_SIGNER, DRAFTER_OF_PLAN}, True),
    "withdraw": (Action.WITHDRAW.label, {DRAFTER_OF_PLAN}, False),
    "discard": (Action.DISCARD.label, {DRAFTER_OF_PLAN}, True),
    "recall": (Action.RECALL.label, {PLAN_SIGNER}, True),
    "register_paper": (Action.REGISTER_PAPER.label, {ORGANIZATION_ADMIN}, True),
}

# The action names as choices: one enum ("PlanActionEnum") wherever the API names an action.
ACTION_CHOICES = [(name, label) for name, (label, _relations, _irreversible) in ACTIONS.items()]

# A person never reviews, signs or issues a plan they drafted (separation of duties).
FORBIDDEN_TO_DRAFTER = {"approve", "return_for_revision", "sign", "issue"}


# The roles whose relation to a plan needs an object permission as well (a clerk's and an admin's do not).
PERMITTED_ROLES = (Role.DRAFTER, Role.REVIEWER, Role.SIGNER)


def relations(plan, user, read_chain_head=False):
    """The relations `user` holds to `plan` (a set of the constants above).

    `read_chain_head`: also read the plan's audit chain head in the permissions' query, when one
    runs, into `plan.chain_head` (see `chain_head_columns`; workflow.services.perform, which holds
    the plan row locked, saves append_event its own read so)."""
    if not user or not user.is_authenticated:
        return set()
    held = set()
    org = plan.organization_id
    perms = _memberships_with_plan_permissions(user, plan, read_chain_head)  # one query for both when not cached yet
    roles = {role for role in (*PERMITTED_ROLES, Role.CLERK, Role.ADMIN) if has_role(user, role, org)}
    if perms is None:
        perms = plan_permissions(user, plan, read_chain_head) if roles & set(PERMITTED_ROLES) else set()
    if Role.DRAFTER in roles and "draft_plan" in perms:
        held.add(DRAFTER_OF_PLAN)
    if Role.REVIEWER in roles and "review_plan" in perms:
        held.add(ASSIGNED_REVIEWER)
    if Role.SIGNER in roles and "sign_plan" in perms:
        held.add(PLAN_SIGNER)
    if Role.CLERK in roles:
        held.add(ORGANIZATION_CLERK)
    if Role.ADMIN in roles:
        held.add(ORGANIZATION_ADMIN)
    return held


def chain_head_columns(plan):
    """The seq and hash of `plan`'s last audit event, as two subqueries for a query of one row.

    Safe only in a statement run after the plan's row lock was taken (`select_for_update`): under
    READ COMMITTED such a statement sees every event committed by the lock's earlier holders, and
    events are appended under that lock (audit.record.chain). Not in the locking statement itself:
    when it waits for the lock, its subqueries keep the snapshot from before the wait."""
    last = AuditEvent.objects.filter(plan_id=plan.pk).order_by("-seq")
    return {"chain_head_seq": Subquery(last.values("seq")[:1]), "chain_head_hash": Subquery(last.values("hash")[:1])}


def _keep_chain_head(plan, seq, digest):
    """`plan.chain_head` from the head's columns: (0, GENESIS) for a chain with no event yet."""
    plan.chain_head = (seq or 0, digest if seq else GENESIS)


def _memberships_with_plan_permissions(user, plan, read_chain_head=False):
    """Read `user`'s memberships (accounts.roles caches them) with their permissions on `plan` in
    the same query, when the memberships are not cached yet: the codenames held, as
    `plan_permissions` answers them; None when the memberships were cached already (or the answer
    needs no query: an inactive user, a superuser)."""
    from django.db.models import Exists

    from plans.models import PlanGroupObjectPermission, PlanUserObjectPermission

    if not user.is_active or user.is_superuser or memberships_cached(user):
        return None  # cached: the annotations are not even built (their Python cost is not small)
    annotations = {}
    for perm in PLAN_PERMS:
        annotations[f"plan_perm_user_{perm}"] = Exists(
            PlanUserObjectPermission.objects.filter(user=user, content_object=plan, permission__codename=perm)
        )
        annotations[f"plan_perm_group_{perm}"] = Exists(
            PlanGroupObjectPermission.objects.filter(group__user=user, content_object=plan, permission__codename=perm)
        )
    if read_chain_head:
        annotations.update(chain_head_columns(plan))
    rows = memberships_with(user, **annotations)
    if rows is None:
        return None
    if not rows:
        return set()  # no role anywhere: the permissions decide nothing
    first = rows[0]
    if read_chain_head:
        _keep_chain_head(plan, first.chain_head_seq, first.chain_head_hash)
    return {perm for perm in PLAN_PERMS if getattr(first, f"plan_perm_user_{perm}") or getattr(first, f"plan_perm_group_{perm}")}


def _permission_queries():
    """plan_permissions' two queries, compiled once (config.compiled_queries): the codenames
    granted to the user directly or through a group, and the same with the chain's head."""
    from django.db.models import BigIntegerField, CharField, IntegerField, Value

    def granted():
        from plans.models import PlanUserObjectPermission

        return PlanUserObjectPermission.objects.filter(user=Param("user", IntegerField()), content_object=Param("plan", BigIntegerField()))

    def via_groups():
        from plans.models import PlanGroupObjectPermission

        return PlanGroupObjectPermission.objects.filter(
            group__user=Param("user", IntegerField()), content_object=Param("plan", BigIntegerField())
        )

    def with_head():
        # The head rides on the direct grants' rows (a person acting on a plan holds one: the grants of
        # plans.permissions are direct); none there, and it is read apart when the event is appended.
        last = AuditEvent.objects.filter(plan_id=Param("plan", BigIntegerField())).order_by("-seq")
        return (
            granted()
            .values_list("permission__codename", Subquery(last.values("seq")[:1]), Subquery(last.values("hash")[:1]))
            .union(via_groups().values_list("permission__codename", Value(None, IntegerField()), Value(None, CharField())))
        )

    return (
        CompiledQuery(lambda: granted().values_list("permission__codename").union(via_groups().values_list("permission__codename"))),
        CompiledQuery(with_head),
    )


PERMISSIONS, PERMISSIONS_AND_HEAD = _permission_queries()


def plan_permissions(user, plan, read_chain_head=False):
    """The codenames of the object permissions `user` holds on `plan`, in one query.

    Read from django-guardian's direct foreign-key tables of plans (plans.PlanUserObjectPermission
    and PlanGroupObjectPermission) and answered as guardian's ObjectPermissionChecker answers: an
    inactive user holds none, an active superuser all, and grants to the user's groups count.
    `read_chain_head`: the chain's head comes in the same query (`relations`)."""
    if not user.is_active:
        return set()
    if user.is_superuser:
        return set(PLAN_PERMS)
    if not read_chain_head:
        return {codename for (codename,) in PERMISSIONS.rows(user=user.pk, plan=plan.pk, kept_on=plan)}
    perms = set()
    for codename, seq, digest in PERMISSIONS_AND_HEAD.rows(user=user.pk, plan=plan.pk, kept_on=plan):
        perms.add(codename)
        if seq is not None or digest is not None:
            _keep_chain_head(plan, seq, digest)
    return perms


def permission_reads(user, plan_id, organization_id=None, read_chain_head=False):
    """[(CompiledQuery, values)]: the read of `user`'s permissions on plan `plan_id` that `relations`
    will make, to be sent ahead with another read of the plan (config.compiled_queries.read_together)
    and kept on the instance that read gives. Empty when `relations` would make no such read: no
    user, an inactive user or a superuser, memberships not read yet (the permissions come with them
    then), or no role that a permission completes: in the plan's organization when it is known, else anywhere."""
    if not user or not user.is_authenticated or not user.is_active or user.is_superuser or not memberships_cached(user):
        return []
    if organization_id is None:
        if not any(membership.role in PERMITTED_ROLES for membership in memberships(user)):
            return []
    elif not any(has_role(user, role, organization_id) for role in PERMITTED_ROLES):
        return []
    return [(PERMISSIONS_AND_HEAD if read_chain_head else PERMISSIONS, {"user": user.pk, "plan": plan_id})]


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


# --- what a person has done already in this round ----------------------------------------------

DONE_CHECKS = {}
"""action -> check(plan, user) -> bool: True when `user` took `action` already in this round (a
reviewer approves once). Added by the app that records it when Django starts: approvals
(approvals.apps.ApprovalsConfig.ready) for `approve`."""
DONE_READS = {}
"""action -> the CompiledQuerys, given the plan's id as `plan`, that its done check reads with
`kept_on=plan` (`available_actions_reads`)."""


def add_done_check(action, check, reads=()):
    DONE_CHECKS[action] = check
    DONE_READS[action] = list(reads)


def available_actions_reads(plan, user):
    """[(CompiledQuery, values)]: the reads `available_actions(plan, user)` will make (the
    permissions, the done checks of the actions the plan's state allows), to be sent ahead together
    with another read of `plan` (plans.selectors.plan_with_parts) and kept on the instance it gives."""
    reads = permission_reads(user, plan.pk, plan.organization_id)
    for name, queries in DONE_READS.items():
        if queries and can_proceed(getattr(plan, name), check_conditions=False):
            reads += [(query, {"plan": plan.pk}) for query in queries]
    return reads


def done_already(plan, action, user):
    check = DONE_CHECKS.get(action)
    return bool(check and check(plan, user))


def available_actions(plan, user, held=None):
    """[(name, label)] of the actions `user` may take on `plan` now (conditions aside): what
    `workflow.services.perform` would not refuse for who they are and the plan's state. `held` is
    relations(plan, user) when the caller has it already."""
    held = relations(plan, user) if held is None else held
    result = []
    for name, (label, _relations, _irreversible) in ACTIONS.items():
        if not is_permitted(plan, name, user, held):
            continue
        if not can_proceed(getattr(plan, name), check_conditions=False):
            continue
        if done_already(plan, name, user):
            continue
        result.append((name, label))
    return result


# --- writing the content ------------------------------------------------------------------------


def edit_refusal(plan, user, held=None):
    """Why `user` may not edit `plan` now (a Refusal to raise or show), or None: only the plan's
    drafter, only while it is a draft."""
    held = relations(plan, user) if held is None else held
    if DRAFTER_OF_PLAN not in held:
        return NotPermitted(_("Chỉ chuyên viên soạn thảo kế hoạch này được sửa nó."))
    if plan.state != State.DRAFT:
        return WrongState(
            _("Chỉ sửa được kế hoạch ở trạng thái dự thảo; kế hoạch đang ở trạng thái %(state)s.") % {"state": plan.get_state_display()}
        )
    return None


def can_edit(plan, user, held=None):
    return edit_refusal(plan, user, held) is None


def drafting_authority_ids(user):
    """Ids of the authorities `user` drafts for (may create plans of)."""
    return authority_ids_for_role(user, Role.DRAFTER)


def may_create(user, organization):
    """A drafter of an issuing authority (not of a unit) creates its plans."""
    return organization.kind == Organization.Kind.AUTHORITY and has_role(user, Role.DRAFTER, organization)


def create_refusal(user, organization):
    """Why `user` may not create a plan of `organization` (a Refusal to raise), or None."""
    if may_create(user, organization):
        return None
    return NotPermitted(_("Bạn không phải chuyên viên soạn thảo của cơ quan #%(id)d.") % {"id": organization.pk})
