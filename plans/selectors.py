"""Reading plans: what a user may see, and querysets with their parts prefetched."""

from django.db.models import BooleanField, Expression, F, Prefetch, Subquery

from accounts.models import Organization, Role
from accounts.roles import authority_ids, memberships

from .blocks import PREFETCHED_PARTIES
from .lifecycle import State
from .models import Block, Delivery, Plan, PlanReviewer, Recipient, Task, TaskSupportingUnit
from .rules import drafting_authority_ids

# Who sees a plan (docs/API.md, README "Who sees a plan"): before its issue — a draft, in review,
# in signing — only the people of the issuing body who write, review, sign, register, audit or
# administer its plans. Its implementing units (reporters) and the organizations among its
# recipients see it from its issue on.
ISSUING_BODY_ROLES = {Role.DRAFTER, Role.REVIEWER, Role.SIGNER, Role.CLERK, Role.AUDITOR, Role.ADMIN}
ISSUED_STATES = [State.ISSUED, State.REPORTING, State.CLOSED, State.RECALLED]  # a recalled plan was issued: its readers see the recall


def visible_plans(user, queryset=None, listing=False):
    """The plans `user` may see (a role in a unit counts for the unit's authority). `listing`: for a
    list read a page at a time, where the visible ids are best read first (IdIn); a single plan is
    found faster without (PostgreSQL then looks for its id in each branch)."""
    queryset = Plan.objects.all() if queryset is None else queryset
    if not user or not user.is_authenticated:
        return queryset.none()
    if user.is_superuser:
        return queryset
    roles = [
        (m.role, m.organization_id, m.organization.parent_id if m.organization.is_unit else m.organization_id) for m in memberships(user)
    ]
    if not roles:
        return queryset.none()
    whole = {authority for role, _org, authority in roles if role in ISSUING_BODY_ROLES}
    from_issue = {authority for _role, _org, authority in roles} - whole  # implementing units: reporters
    organizations = {org for _role, org, _authority in roles} | {authority for _role, _org, authority in roles}
    # A recipient organization's clerks see the plan from its issue (to record its receipt); its other
    # people once it is received (plans.Delivery).
    clerk_of = {org for role, org, _a in roles if role == Role.CLERK} | {a for role, _o, a in roles if role == Role.CLERK}
    # One set of plan ids per way of seeing, joined by UNION: each branch is served by its own index
    # (plans_plan(organization_id, state), the recipients' and deliveries' organization), where one
    # WHERE with OR over IN-subqueries made PostgreSQL scan every plan (bench/NOTES.md, the plan list).
    issued = Plan.objects.filter(state__in=ISSUED_STATES)
    sources = [
        Plan.objects.filter(organization_id__in=whole) if whole else None,
        issued.filter(organization_id__in=from_issue) if from_issue else None,
        issued.filter(pk__in=Recipient.objects.filter(organization_id__in=clerk_of).values("plan_id")) if clerk_of else None,
        issued.filter(pk__in=Delivery.objects.filter(organization_id__in=organizations, received_at__isnull=False).values("plan_id")),
    ]
    ids = [source.order_by().values("pk") for source in sources if source is not None]
    return queryset.filter(IdIn("pk", ids[0].union(*ids[1:]), ids_first=listing))


class IdIn(Expression):
    """`column IN (subquery)`; with `ids_first` on PostgreSQL `column = ANY(ARRAY(subquery))`: the ids
    are read first (an InitPlan) and the rows fetched by primary key. For an organization's list at
    100k plans, IN had the planner hash-join the ids to a scan of every plan (~95 ms a page,
    bench/NOTES.md); ANY reads ~1,000 ids and their rows (~7 ms). For one plan, IN is better: the
    plan's id is pushed into each branch of the union (0.03 ms, where ANY reads every id: ~1.7 ms)."""

    output_field = BooleanField()

    def __init__(self, column, queryset, ids_first=False):
        super().__init__(output_field=BooleanField())
        self.column, self.subquery, self.ids_first = F(column), Subquery(queryset), ids_first

    def get_source_expressions(self):
        return [self.column, self.subquery]

    def set_source_expressions(self, exprs):
        self.column, self.subquery = exprs

    def as_sql(self, compiler, connection, template="%s IN %s"):
        column, column_params = compiler.compile(self.column)
        subquery, params = compiler.compile(self.subquery)
        return template % (column, subquery), (*column_params, *params)

    def as_postgresql(self, compiler, connection):
        return self.as_sql(compiler, connection, template="%s = ANY(ARRAY%s)" if self.ids_first else "%s IN %s")


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
        # the supporting units and the reviewers joined to their rows (select_related): one query each,
        # where "supporting_links__unit" and "reviewer_links__user" took two
        Prefetch(
            "tasks",
            queryset=Task.objects.select_related("lead_unit").prefetch_related(
                Prefetch("supporting_links", queryset=TaskSupportingUnit.objects.select_related("unit"))
            ),
        ),
        # the parties as a list on each block (plans.blocks.parties_of): no queryset made for each of
        # a 300-block body's blocks, of which only the tasks have parties
        Prefetch(
            "blocks",
            queryset=Block.objects.select_related("target", "task").prefetch_related(Prefetch("parties", to_attr=PREFETCHED_PARTIES)),
        ),
        "budget_lines",
        "recipients",
        Prefetch("reviewer_links", queryset=PlanReviewer.objects.select_related("user")),
    )
