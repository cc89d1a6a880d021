"""Reading plans: what a user may see, and querysets with their parts prefetched."""

from django.db.models import Prefetch, Q

from accounts.models import Organization, Role
from accounts.roles import authority_ids, memberships

from .blocks import PREFETCHED_PARTIES
from .lifecycle import State
from .models import Block, Delivery, Plan, Recipient, Task
from .rules import drafting_authority_ids

# Who sees a plan (docs/API.md, README "Who sees a plan"): before its issue — a draft, in review,
# in signing — only the people of the issuing body who write, review, sign, register, audit or
# administer its plans. Its implementing units (reporters) and the organizations among its
# recipients see it from its issue on.
ISSUING_BODY_ROLES = {Role.DRAFTER, Role.REVIEWER, Role.SIGNER, Role.CLERK, Role.AUDITOR, Role.ADMIN}
ISSUED_STATES = [State.ISSUED, State.REPORTING, State.CLOSED, State.RECALLED]  # a recalled plan was issued: its readers see the recall


def visible_plans(user, queryset=None):
    """The plans `user` may see (a role in a unit counts for the unit's authority)."""
    queryset = Plan.objects.all() if queryset is None else queryset
    if not user or not user.is_authenticated:
        return queryset.none()
    if user.is_superuser:
        return queryset
    roles = [
        (m.role, m.organization_id, m.organization.parent_id if m.organization.is_unit else m.organization_id) for m in memberships(user)
    ]
    whole = {authority for role, _org, authority in roles if role in ISSUING_BODY_ROLES}
    from_issue = {authority for _role, _org, authority in roles} - whole  # implementing units: reporters
    organizations = {org for _role, org, _authority in roles} | {authority for _role, _org, authority in roles}
    # A recipient organization's clerks see the plan from its issue (to record its receipt); its other
    # people once it is received (plans.Delivery).
    clerk_of = {org for role, org, _a in roles if role == Role.CLERK} | {a for role, _o, a in roles if role == Role.CLERK}
    addressed = Recipient.objects.filter(organization_id__in=clerk_of).values("plan_id")
    received = Delivery.objects.filter(organization_id__in=organizations, received_at__isnull=False).values("plan_id")
    issued = Q(organization_id__in=from_issue) | Q(pk__in=addressed) | Q(pk__in=received)
    return queryset.filter(Q(organization_id__in=whole) | (Q(state__in=ISSUED_STATES) & issued))


def visible_authorities(user):
    """The issuing authorities whose plans `user` may see (all of them for a superuser), by name."""
    queryset = Organization.objects.filter(kind=Organization.Kind.AUTHORITY)
    if not user.is_superuser:
        queryset = queryset.filter(pk__in=authority_ids(user))
    return list(queryset.order_by("name"))


def drafting_authorities(user):
    """The authorities `user` drafts plans for, by name."""
    return list(Organization.objects.filter(pk__in=drafting_authority_ids(user), kind=Organization.Kind.AUTHORITY).order_by("name"))


def with_content_parts(queryset):
    """A plan queryset with just the parts plans.content.plan_content reads (for checking many
    signatures at once: no organization, people or reviewers)."""
    return queryset.prefetch_related(
        "legal_bases",
        "sections",
        "targets",
        Prefetch("tasks", queryset=Task.objects.prefetch_related("supporting_links")),
        Prefetch("blocks", queryset=Block.objects.select_related("target", "task").prefetch_related("parties")),
        "budget_lines",
        "recipients",
    )


def with_parts(queryset):
    """A plan queryset that loads every part in a fixed number of queries."""
    return queryset.select_related("organization", "organization__parent", "signer", "created_by").prefetch_related(
        "legal_bases",
        "sections",
        "targets",
        Prefetch("tasks", queryset=Task.objects.select_related("lead_unit").prefetch_related("supporting_links__unit")),
        # the parties as a list on each block (plans.blocks.parties_of): no queryset made for each of
        # a 300-block body's blocks, of which only the tasks have parties
        Prefetch(
            "blocks",
            queryset=Block.objects.select_related("target", "task").prefetch_related(Prefetch("parties", to_attr=PREFETCHED_PARTIES)),
        ),
        "budget_lines",
        "recipients",
        "reviewer_links__user",
    )
