"""Reading plans: what a user may see, and querysets with their parts prefetched."""

from typing import NamedTuple

from django.db import connections
from django.db.models import BooleanField, Expression, F, IntegerField, Prefetch, Subquery
from django.http import Http404

from accounts.models import Organization, Role
from accounts.roles import authority_ids, memberships
from config.compiled_queries import CompiledQuery, Param, keep_answers, read_together

from .blocks import PREFETCHED_PARTIES
from .lifecycle import State
from .models import (
    Block,
    BudgetLine,
    Delivery,
    LegalBasis,
    Plan,
    PlanReviewer,
    Recipient,
    Section,
    Target,
    Task,
    TaskParty,
    TaskSupportingUnit,
)
from .rules import drafting_authority_ids, permission_reads

# Who sees a plan (docs/API.md, README "Who sees a plan"): before its issue — a draft, in review,
# in signing — only the people of the issuing body who write, review, sign, register, audit or
# administer its plans. Its implementing units (reporters) and the organizations among its
# recipients see it from its issue on.
ISSUING_BODY_ROLES = {Role.DRAFTER, Role.REVIEWER, Role.SIGNER, Role.CLERK, Role.AUDITOR, Role.ADMIN}
ISSUED_STATES = [State.ISSUED, State.REPORTING, State.CLOSED, State.RECALLED]  # a recalled plan was issued: its readers see the recall
MIN_ID, MAX_ID = 1, 2**63 - 1  # a plan's id is a bigint


class WaysOfSeeing(NamedTuple):
    """How a user's roles let them see plans (README "Who sees a plan"), as sets of organization ids."""

    whole: set  # authorities all of whose plans they see (a role of the issuing body)
    from_issue: set  # authorities whose plans they see from issue on (implementing units: reporters)
    clerk_of: set  # organizations whose clerk sees the plans sent to them from issue on (to record receipt)
    organizations: set  # organizations that see the plans they have received


def ways_of_seeing(user):
    """The user's WaysOfSeeing (a role in a unit counts for the unit's authority), or None with no role."""
    roles = [
        (m.role, m.organization_id, m.organization.parent_id if m.organization.is_unit else m.organization_id) for m in memberships(user)
    ]
    if not roles:
        return None
    whole = {authority for role, _org, authority in roles if role in ISSUING_BODY_ROLES}
    return WaysOfSeeing(
        whole=whole,
        from_issue={authority for _role, _org, authority in roles} - whole,
        # A recipient organization's clerks see the plan from its issue (to record its receipt); its
        # other people once it is received (plans.Delivery).
        clerk_of={org for role, org, _a in roles if role == Role.CLERK} | {a for role, _o, a in roles if role == Role.CLERK},
        organizations={org for _role, org, _authority in roles} | {authority for _role, _org, authority in roles},
    )


def seeing_key(user):
    """All visible_plans makes a user's plans from, as a hashable value (a key of compiled lists,
    plans.api): superuser or not, and the ways of seeing."""
    if not user or not user.is_authenticated:
        return ("nobody",)
    if user.is_superuser:
        return ("all",)
    ways = ways_of_seeing(user)
    return ("none",) if ways is None else tuple(frozenset(way) for way in ways)


def visible_plans(user, queryset=None, listing=False):
    """The plans `user` may see. `listing`: for a list read a page at a time, where the visible ids are
    best read first (IdIn); a single plan is found faster without (PostgreSQL then looks for its id
    in each branch). One plan already read: `may_see`, the same rule in Python; a page of a list:
    `visible_page`."""
    queryset = Plan.objects.all() if queryset is None else queryset
    branches = _ways_to_plans(user)
    if branches is None:
        return queryset
    if not branches:
        return queryset.none()
    ids = [branch.order_by().values("pk") for branch in branches]
    return queryset.filter(IdIn("pk", ids[0].union(*ids[1:]), ids_first=listing))


def _ways_to_plans(user):
    """The plans `user` sees one way of seeing at a time (querysets to join by UNION); None for every
    plan (a superuser), [] for none."""
    if not user or not user.is_authenticated:
        return []
    if user.is_superuser:
        return None
    ways = ways_of_seeing(user)
    if ways is None:
        return []
    # One set of plan ids per way of seeing, joined by UNION: each branch is served by its own index
    # (plans_plan(organization_id, state), the recipients' and deliveries' organization), where one
    # WHERE with OR over IN-subqueries made PostgreSQL scan every plan (bench/NOTES.md, the plan list).
    # The plans sent to or received by an organization are few: their ids are read first (IdIn), as
    # a semi-join let PostgreSQL walk the whole primary key when a filter left none (bench/NOTES.md).
    issued = Plan.objects.filter(state__in=ISSUED_STATES)
    addressed = Recipient.objects.filter(organization_id__in=ways.clerk_of).values("plan_id")
    received = Delivery.objects.filter(organization_id__in=ways.organizations, received_at__isnull=False).values("plan_id")
    sources = [
        Plan.objects.filter(organization_id__in=ways.whole) if ways.whole else None,
        issued.filter(organization_id__in=ways.from_issue) if ways.from_issue else None,
        issued.filter(IdIn("pk", addressed, ids_first=True)) if ways.clerk_of else None,
        issued.filter(IdIn("pk", received, ids_first=True)),
    ]
    return [source for source in sources if source is not None]


NEWEST_FIRST = ("-updated_at", "-id")


def visible_page(user, queryset, bottom, top, narrow=None, count_as="count_of_every_page"):
    """Rows `bottom`..`top` of the plans `user` may see (`narrow`ed: the list's filters), newest
    change first, each annotated `count_as` with the count of every page: the plan list's page on
    PostgreSQL. Each way of seeing gives only its own first `top` plans, from the index on
    (organization, -updated_at, -id), and the count reads the visible ids from the indexes alone:
    where the page was read by sorting every visible plan's row (~1,000 at 100k plans, ~12 ms of
    PostgreSQL a page here; bench/NOTES.md). None where there is no such way (SQLite: no ORDER BY or
    LIMIT inside a UNION; a superuser; nobody): the caller sorts and counts the whole list."""
    branches = _ways_to_plans(user)
    if not branches or connections[queryset.db].vendor != "postgresql":
        return None
    branches = [narrow(branch) for branch in branches] if narrow else branches
    ids = [branch.order_by().values("pk") for branch in branches]
    firsts = [branch.order_by(*NEWEST_FIRST).values("pk")[:top] for branch in branches]
    page = queryset.filter(IdIn("pk", firsts[0].union(*firsts[1:]), ids_first=True))
    return page.annotate(**{count_as: CountOfIds(ids[0].union(*ids[1:]))}).order_by(*NEWEST_FIRST)[bottom:top]


class CountOfIds(Expression):
    """How many rows a subquery of ids gives, on PostgreSQL `cardinality(ARRAY(subquery))`: counted
    where they are read (from the indexes, for visible_page), not looked up again in the table."""

    output_field = IntegerField()

    def __init__(self, queryset):
        super().__init__(output_field=IntegerField())
        self.subquery = Subquery(queryset)

    def get_source_expressions(self):
        return [self.subquery]

    def set_source_expressions(self, exprs):
        (self.subquery,) = exprs

    def as_postgresql(self, compiler, connection):
        subquery, params = compiler.compile(self.subquery)
        return f"cardinality(ARRAY{subquery})", params


# The organizations a plan was sent to, and those that received it: may_see's reads, compiled once
# per process (config.compiled_queries), as the plan read of every request of one plan is.
_RECIPIENT_ORGANIZATIONS = CompiledQuery(
    lambda: Recipient.objects.filter(plan_id=_plan_param(), organization_id__isnull=False).order_by().values_list("organization_id")
)
_RECEIVING_ORGANIZATIONS = CompiledQuery(
    lambda: Delivery.objects.filter(plan_id=_plan_param(), received_at__isnull=False).order_by().values_list("organization_id")
)


def may_see(user, plan):
    """True when `user` may see `plan`: visible_plans' rule, branch for branch, for a plan already
    read (tests/api/test_visible_plans.py holds the two equal for every kind of person and state)."""
    if not user or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    ways = ways_of_seeing(user)
    if ways is None:
        return False
    if plan.organization_id in ways.whole:
        return True
    if plan.state not in ISSUED_STATES:
        return False
    if plan.organization_id in ways.from_issue:
        return True
    using = plan._state.db
    if ways.clerk_of and any(org in ways.clerk_of for (org,) in _RECIPIENT_ORGANIZATIONS.rows(using, plan=plan.pk)):
        return True
    return any(org in ways.organizations for (org,) in _RECEIVING_ORGANIZATIONS.rows(using, plan=plan.pk))


def visible_plan(user, plan_id, parts=False):
    """The plan `plan_id` with its people (PLAN_PEOPLE) if `user` may see it, else None: one compiled
    read of the plan, and of its recipients or deliveries only for an issued plan of another body.
    With `parts`, every part loaded (load_parts), read in the same round trip as the plan with the
    user's permissions on it (for the actions the page or the answer offers; plans.rules)."""
    if not MIN_ID <= plan_id <= MAX_ID:  # an id no row can have (the URL takes any digits)
        return None
    if parts:
        plan, read = _plan_and_parts(plan_id, "default", permission_reads(user, plan_id))
    else:
        found = _PLAN.instances(plan=plan_id)
        plan = found[0] if found else None
    if plan is None or not may_see(user, plan):
        return None
    return _put_parts(plan, read) if parts else plan


def visible_plan_or_404(user, plan_id, parts=False):
    """visible_plan, or Http404 (a plan of another authority is a 404, like a missing one)."""
    plan = visible_plan(user, plan_id, parts=parts)
    if plan is None:
        raise Http404("No Plan matches the given query.")
    return plan


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


# The plan's own related rows that its pages and its API read (with_parts, plan_with_parts).
PLAN_PEOPLE = ("organization", "organization__parent", "signer", "created_by")


def with_parts(queryset):
    """A plan queryset that loads every part in a fixed number of queries."""
    return queryset.select_related(*PLAN_PEOPLE).prefetch_related(
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


# --- one plan's parts, read by compiled queries (issue 21) ----------------------------------------
#
# The API reads one whole plan on every GET of it and after every action. With with_parts, Django
# builds and compiles its ten prefetch queries again each time (about 6 ms of Python of a 15 ms
# request, bench/NOTES.md); these are the same reads, compiled once per process
# (config.compiled_queries), put where the prefetch would have put them, so the serializers and
# plans.blocks.parties_of read them alike. tests/plans_reads/test_plan_with_parts.py holds the two equal.


def _plan_param():
    return Param("plan", IntegerField())


def _parts_of_plan(model, *related, order_by=None):
    """(model, its rows of one plan, compiled)."""

    def build():
        queryset = model._default_manager.filter(plan_id=_plan_param())
        if related:  # (select_related() with nothing named would follow every foreign key, the plan's too)
            queryset = queryset.select_related(*related)
        return queryset.order_by(*order_by) if order_by else queryset

    return model, CompiledQuery(build)


# relation name on Plan → its rows (in the order the prefetch gives them; the reviewers, unordered
# there, by id)
_PLAN_PARTS = {
    "legal_bases": _parts_of_plan(LegalBasis),
    "sections": _parts_of_plan(Section),
    "targets": _parts_of_plan(Target),
    "tasks": _parts_of_plan(Task, "lead_unit"),
    "blocks": _parts_of_plan(Block, "target", "task"),
    "budget_lines": _parts_of_plan(BudgetLine),
    "recipients": _parts_of_plan(Recipient),
    "reviewer_links": _parts_of_plan(PlanReviewer, "user", order_by=("id",)),
}
_SUPPORTING_LINKS = CompiledQuery(
    lambda: TaskSupportingUnit.objects.filter(task__plan_id=_plan_param()).select_related("unit").order_by("task_id", "id")
)
_PARTIES = CompiledQuery(lambda: TaskParty.objects.filter(block__plan_id=_plan_param()))
_PLAN = CompiledQuery(lambda: Plan.objects.filter(pk=_plan_param()).select_related(*PLAN_PEOPLE))


def _as_prefetched(owner, name, model, rows):
    """Put `rows` where prefetch_related(name) would: a queryset already evaluated, in the owner's
    prefetch cache (as django.db.models.query.prefetch_one_level does)."""
    queryset = model._default_manager.all()
    queryset._result_cache = rows
    queryset._prefetch_done = True
    cache = getattr(owner, "_prefetched_objects_cache", None)
    if cache is None:
        cache = owner._prefetched_objects_cache = {}
    cache[name] = queryset


def _grouped(rows, key):
    groups = {}
    for row in rows:
        groups.setdefault(getattr(row, key), []).append(row)
    return groups


_PART_READS = [query for _model, query in _PLAN_PARTS.values()] + [_SUPPORTING_LINKS, _PARTIES]


def load_parts(plan):
    """`plan` (read with PLAN_PEOPLE) with every part in place, as with_parts would load it: ten
    compiled queries, whatever the plan's size, sent together (read_together). Returns the plan."""
    return _put_parts(plan, read_together([(query, {"plan": plan.pk}) for query in _PART_READS], plan._state.db))


def _plan_and_parts(plan_id, using, reads=()):
    """The plan `plan_id` (with PLAN_PEOPLE) and its parts, in one round trip: (plan or None, parts).
    `reads` ([(CompiledQuery, values)]) go in the same round trip; their answers are kept on the plan."""
    part_reads = [(query, {"plan": plan_id}) for query in _PART_READS]
    found, *answers = read_together([(_PLAN, {"plan": plan_id}), *part_reads, *reads], using)
    parts, kept = answers[: len(part_reads)], answers[len(part_reads) :]
    plan = found[0] if found else None
    if plan is not None:
        keep_answers(plan, reads, kept)
    return plan, parts


def _put_parts(plan, parts):
    """Put the rows of _PART_READS where with_parts' prefetch would (the plan's, its tasks' and blocks')."""
    *plan_parts, supporting_links, parties = parts
    for (name, (model, _query)), rows in zip(_PLAN_PARTS.items(), plan_parts, strict=True):
        back_to_plan = model._meta.get_field("plan")
        for row in rows:
            back_to_plan.set_cached_value(row, plan)
        _as_prefetched(plan, name, model, rows)
    tasks = plan._prefetched_objects_cache["tasks"]._result_cache
    links = _grouped(supporting_links, "task_id")
    back_to_task = TaskSupportingUnit._meta.get_field("task")
    for task in tasks:
        task_links = links.get(task.pk, [])
        for link in task_links:
            back_to_task.set_cached_value(link, task)
        _as_prefetched(task, "supporting_links", TaskSupportingUnit, task_links)
    parties = _grouped(parties, "block_id")
    back_to_block = TaskParty._meta.get_field("block")
    for block in plan._prefetched_objects_cache["blocks"]._result_cache:
        block_parties = parties.get(block.pk, [])
        for party in block_parties:
            back_to_block.set_cached_value(party, block)
        setattr(block, PREFETCHED_PARTIES, block_parties)
    return plan


def plan_with_parts(plan_id, using=None, reads=()):
    """The plan `plan_id` with its people and every part (load_parts), read in one round trip with
    `reads` (their answers kept on the plan: config.compiled_queries.keep_answers); Plan.DoesNotExist if none."""
    plan, parts = _plan_and_parts(plan_id, using or "default", reads)
    if plan is None:
        raise Plan.DoesNotExist("Plan matching query does not exist.")
    return _put_parts(plan, parts)
