"""Reading the approval tasks: my open tasks, my queue, what I finished, and one plan's round.

The queue is our own query, not viewflow's `TaskQuerySet.queue()`: viewflow's queue matches an
owner permission against guardian's *generic* permission tables (loading every object permission
the user holds), while a clerk's right to the issue task comes from their role in the plan's
organization (accounts.Membership). So the issue task carries the owner permission
`accounts.act_as_clerk` with the organization as its object, and the queue selects the tasks
whose organization is one where the user is a clerk — one indexed query, the same rule that
`workflow.task_permissions` answers for viewflow's `can_assign`.

Every list is a queryset to paginate; `with_plans` then fetches the page's plans in one query.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.status import STATUS

from accounts.models import Organization, Role
from accounts.roles import authority_ids_for_role
from approvals.selectors import latest_returns
from plans.models import Plan
from plans.rules import ACTIONS

from .flow_sync import OPEN, human_tasks
from .models import PlanApproval
from .task_permissions import PERMISSION as ACT_AS_CLERK


def _mine(user):
    return Q(owner=user, status=STATUS.ASSIGNED)


def _queued_for(user):
    organizations = [str(pk) for pk in authority_ids_for_role(user, Role.CLERK)]
    if not organizations:
        return Q(pk__in=[])
    return Q(
        status=STATUS.NEW,
        owner__isnull=True,
        owner_permission=ACT_AS_CLERK,
        owner_permission_content_type=ContentType.objects.get_for_model(Organization),
        owner_permission_obj_pk__in=organizations,
    )


def my_tasks(user):
    """Tasks assigned to `user` and waiting for them, oldest first."""
    return human_tasks().filter(_mine(user)).select_related("process").order_by("created", "id")


def queue_for(user):
    """Unassigned tasks `user` may take ("Nhận việc"): the issue tasks of the organizations where they are a clerk."""
    return human_tasks().filter(_queued_for(user)).select_related("process").order_by("created", "id")


def finished_by(user):
    """Tasks `user` completed, newest first."""
    return human_tasks().filter(owner=user, status=STATUS.DONE).select_related("process").order_by("-finished", "-id")


def open_task_counts(user, mine=None):
    """The header badges, each counting what its page lists: (everything I must do — "Việc cần làm",
    the approval tasks and the duties of `duties`; the tasks waiting in my queue — "Hàng chờ"), in
    two queries; one when `mine`, the first count, is known already (the inbox page's own count)."""
    if not user.is_authenticated:
        return 0, 0
    queued = human_tasks().filter(_queued_for(user)).count()
    return (duty_count(user) if mine is None else mine), queued


def with_plans(tasks):
    """The tasks of a page, each with `.plan` (one query for all of them) and `.due` / `.late`; an
    open "revise" task also with `.returned`, the return that asks for it (one more query)."""
    tasks = list(tasks)
    plans = Plan.objects.select_related("organization").in_bulk({task.process.artifact_object_id for task in tasks})
    revising = [task for task in tasks if task.flow_task and task.flow_task.name == "revise" and task.status in OPEN]
    returns = latest_returns({task.process.artifact_object_id for task in revising}) if revising else {}
    today = timezone.localdate()
    for task in tasks:
        task.plan = plans.get(task.process.artifact_object_id)
        task.returned = returns.get(task.process.artifact_object_id) if task in revising else None
        annotate(task, today)
    return tasks


def annotate(task, today=None):
    """`.step` (its title), `.due` (a date), `.late`, `.outcome_label` for the templates."""
    today = today or timezone.localdate()
    task.step = task.flow_task.task_title if task.flow_task else ""
    due = task.data.get("due")
    task.due = datetime.date.fromisoformat(due) if due else None
    task.late = bool(task.due and task.status in OPEN and task.due < today)
    outcome = task.data.get("outcome")
    task.outcome_label = ACTIONS[outcome][0] if outcome in ACTIONS else ""
    return task


def approval_round(plan):
    """The plan's latest approval process: who must act now and who has acted (two queries)."""
    process = PlanApproval.for_plan(plan).first()
    if process is None:
        return None
    tasks = [annotate(task) for task in process.task_set.filter(flow_task_type="HUMAN").select_related("owner").order_by("id")]
    waiting = [task for task in tasks if task.status in OPEN]
    done = [task for task in reversed(tasks) if task.status in (STATUS.DONE, STATUS.CANCELED)]
    return {"process": process, "waiting": waiting, "done": done, "finished": process.finished}


# --- One inbox for everything a person must do (issue 18, docs/API.md "The inbox") ---------------
#
# Five sources, one list ordered by due date: the approval tasks assigned to me (review, revise,
# sign, issue), the report duties of my units (slots waiting for a report, due within
# PLANFLOW_INBOX_DAYS_AHEAD days or overdue), the reports waiting for my decision (slots submitted
# on plans I drafted or sign), and the issued plans my organization received that wait for me to
# record (a clerk) or acknowledge (a leader). Each source is a queryset of the same five columns;
# their UNION is paginated in the database (`Duties`: one query for the count, which the inbox
# page's header badge shows too, one for the page), then the page's plans, tasks and slots are read
# in one query each: a flat query count, whatever the number of items. A unit's report duties are
# read by the slots' own copy of their task's lead unit and its partial index (issue 18's speed).

DUTY_KINDS = ("review", "sign", "issue", "revise", "report_due", "report_review", "acknowledge")
KIND_LABELS = {
    "review": _("Thẩm định"),
    "sign": _("Ký"),
    "issue": _("Ban hành, cấp số"),
    "revise": _("Sửa và trình lại"),
    "report_due": _("Nộp báo cáo"),
    "report_review": _("Xét báo cáo"),
    "acknowledge": _("Văn bản đến cần xem"),
}
FAR_FUTURE = datetime.date(9999, 12, 31)


def _columns(qs, kind, ref, plan, due, step=None):
    from django.db.models import CharField, DateField, IntegerField, Value
    from django.db.models.functions import Cast, Coalesce

    due_expr = due if due is not None else Value(None, output_field=DateField())
    return (
        qs.annotate(
            i_kind=Value(kind, output_field=CharField()),
            i_ref=Cast(ref, IntegerField()),
            i_plan=Cast(plan, IntegerField()),
            i_due=due_expr,
            i_sort=Coalesce(due_expr, Value(FAR_FUTURE, output_field=DateField()), output_field=DateField()),
            i_step=step if step is not None else Value("", output_field=CharField()),
        )
        .order_by()
        .values("i_kind", "i_ref", "i_plan", "i_due", "i_sort", "i_step")
    )


def _reporter_unit_ids(user):
    """The organizations whose slots the user reports on (has_role's rule: the unit, or the authority
    of a unit where they report)."""
    from accounts.roles import memberships

    ids = set()
    for m in memberships(user):
        if m.role == Role.REPORTER:
            ids.add(m.organization_id)
            if m.organization.is_unit:
                ids.add(m.organization.parent_id)
    return ids


def duty_parts(user, today=None):
    """The sources of `user`'s duties, each a queryset of the same value rows; a source that cannot
    have a row for `user` (no unit to report for, no organization where they decide or receive) is
    left out, so neither built nor sent."""
    from django.conf import settings
    from django.db.models import CharField, DateField, F
    from django.db.models.fields.json import KeyTextTransform
    from django.db.models.functions import Cast

    from plans.lifecycle import State
    from plans.models import Delivery, PlanUserObjectPermission
    from reporting.models import AWAITING_REPORT, ReportSlot, SlotState

    today = today or timezone.localdate()
    ahead = today + datetime.timedelta(days=getattr(settings, "PLANFLOW_INBOX_DAYS_AHEAD", 30))
    tasks = _columns(
        human_tasks().filter(_mine(user)),
        "task",
        F("pk"),
        F("process__artifact_object_id"),
        Cast(KeyTextTransform("due", "data"), DateField()),
        Cast(F("flow_task"), CharField()),
    )
    # A slot waits for a report only while its plan reports: slots are made by start_reporting, and a
    # plan leaves `reporting` by close (every slot accepted or waived first) or recall (which waives
    # the rest), so the plan is not joined here: the unit's waiting slots come from their index alone.
    my_units = _reporter_unit_ids(user)
    due_slots = _columns(
        ReportSlot.objects.filter(state__in=AWAITING_REPORT, lead_unit_id__in=my_units, due_on__lte=ahead),
        "report_due",
        F("pk"),
        F("plan_id"),
        F("due_on"),
    )

    # A supporting unit's part: the slots of tasks my units support, waiting, with no part of my unit yet.
    from django.db.models import Exists, OuterRef

    from reporting.models import Report

    parts_due = _columns(
        ReportSlot.objects.filter(
            state__in=AWAITING_REPORT, plan__state=State.REPORTING, task__supporting_links__unit_id__in=my_units, due_on__lte=ahead
        )
        .exclude(lead_unit_id__in=my_units)
        .filter(~Exists(Report.objects.filter(slot=OuterRef("pk"), is_part=True, unit_id__in=my_units))),
        "report_due",
        F("pk"),
        F("plan_id"),
        F("due_on"),
    )

    def granted(codename):
        return PlanUserObjectPermission.objects.filter(user=user, permission__codename=codename).values("content_object_id")

    deciding = Q(pk__in=[])
    deciders = 0
    for role, codename in ((Role.DRAFTER, "draft_plan"), (Role.SIGNER, "sign_plan")):
        organizations = authority_ids_for_role(user, role)
        if organizations:
            deciding |= Q(plan__organization_id__in=organizations, plan_id__in=granted(codename))
            deciders += 1
    to_review = _columns(
        ReportSlot.objects.filter(deciding, state=SlotState.SUBMITTED, plan__state=State.REPORTING),
        "report_review",
        F("pk"),
        F("plan_id"),
        F("due_on"),
    )
    clerk_of, leader_of = authority_ids_for_role(user, Role.CLERK), authority_ids_for_role(user, Role.SIGNER)
    deliveries = _columns(
        Delivery.objects.filter(
            Q(organization_id__in=clerk_of, received_at__isnull=True)
            | Q(organization_id__in=leader_of, received_at__isnull=False, acknowledged_at__isnull=True)
        ),
        "acknowledge",
        F("pk"),
        F("plan_id"),
        None,
    )
    return [
        tasks,
        *((due_slots, parts_due) if my_units else ()),
        *((to_review,) if deciders else ()),
        *((deliveries,) if clerk_of or leader_of else ()),
    ]


def _union(parts, cut=None):
    """The UNION ALL of `parts`. With `cut` (only where the database orders and limits inside a
    UNION), each part keeps its first `cut` rows in DUTY_ORDER: what a page ending at row `cut` can
    show."""
    if cut is not None and len(parts) > 1:  # (a single part is ordered and cut by the caller's own slice)
        parts = [part.order_by(*DUTY_ORDER)[:cut] for part in parts]
    return parts[0].union(*parts[1:], all=True)


def duty_sources(user, today=None):
    """The union of the sources for `user` (an unordered queryset of value rows)."""
    return _union(duty_parts(user, today))


DUTY_ORDER = ("i_sort", "i_kind", "i_ref")


class Duties:
    """Everything `user` must do, by due date (no date last), for Django's Paginator (the page and
    the API): `count()` is one query (the UNION counted), memoized, and a slice is one query. Where
    the database allows ORDER BY and LIMIT inside a UNION (PostgreSQL), each source is ordered and
    cut at the slice's end first, so the page reads at most that many rows of each source instead
    of sorting all of them; SQLite sorts the whole UNION (the same rows, the same order)."""

    ordered = True  # for Paginator's warning: the slices are ordered by DUTY_ORDER

    def __init__(self, user, today=None):
        self.user, self.today = user, today
        self._count = None
        self._parts = None

    @property
    def parts(self):
        if self._parts is None:  # built once for the count and the slice
            self._parts = duty_parts(self.user, self.today)
        return self._parts

    def count(self):
        if self._count is None:
            self._count = _union(self.parts).count()
        return self._count

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self[key : key + 1][0]
        if key.step is not None or (key.start or 0) < 0 or key.stop is None or key.stop < 0:
            raise ValueError("Duties takes a slice [start:stop] with 0 <= start <= stop.")
        if key.stop <= (key.start or 0):
            return []  # (an empty page: Paginator asks for [0:0] when there is nothing)
        cut = key.stop if connection.features.supports_slicing_ordering_in_compound else None
        return list(_union(self.parts, cut).order_by(*DUTY_ORDER)[key])


def duties(user, today=None):
    """Everything `user` must do, by due date: a `Duties` to paginate; `duty_items` turns a page
    into items."""
    return Duties(user, today)


def duty_count(user):
    """The header badge's count: the inbox page, which counts the same already, leaves its count on
    the request (workflow.context_processors), so a page of the inbox counts once."""
    if not user.is_authenticated:
        return 0
    return duty_sources(user).count()


def _task_kind(step):
    name = (step or "").rsplit(".", 1)[-1]
    return name if name in ("review", "sign", "issue", "revise") else "review"


def duty_items(rows, today=None):
    """The page's rows as items {kind, plan, plan_id, slot, task, title, due_on, overdue, url, period}:
    one query each for the page's plans, approval tasks and slots."""
    from django.urls import reverse

    from reporting.models import ReportSlot

    from .flow_sync import human_tasks as tasks_of_flow

    rows = list(rows)
    today = today or timezone.localdate()
    plans = Plan.objects.select_related("organization").in_bulk({row["i_plan"] for row in rows})
    task_ids = [row["i_ref"] for row in rows if row["i_kind"] == "task"]
    tasks = tasks_of_flow().select_related("process").in_bulk(task_ids) if task_ids else {}
    slot_ids = [row["i_ref"] for row in rows if row["i_kind"] in ("report_due", "report_review")]
    slots = ReportSlot.objects.select_related("task", "task__lead_unit").in_bulk(slot_ids) if slot_ids else {}
    items = []
    for row in rows:
        kind, ref, plan = row["i_kind"], row["i_ref"], plans.get(row["i_plan"])
        due = row["i_due"]
        if isinstance(due, str):  # SQLite hands a UNION's date column back as text
            due = datetime.date.fromisoformat(due[:10])
        item = {"kind": kind, "plan": plan, "plan_id": row["i_plan"], "slot": None, "task": None, "due_on": due, "period": ""}
        if kind == "task":
            task = tasks.get(ref)
            item["kind"] = _task_kind(row["i_step"])
            item["task"] = task
            item["title"] = task.flow_task.task_title if task is not None and task.flow_task else item["kind"]
            item["url"] = reverse("plans:task", args=[ref])
        elif kind in ("report_due", "report_review"):
            slot = slots.get(ref)
            item["slot"] = slot
            item["period"] = slot.period_label if slot else ""
            item["title"] = slot.task.text[:200] if slot else ""
            item["url"] = reverse("plans:slot_report" if kind == "report_due" else "plans:slot", args=[ref])
        else:
            item["title"] = plan.subject[:200] if plan else ""
            item["url"] = reverse("plans:detail", args=[row["i_plan"]])
        item["overdue"] = bool(due and due < today)
        item["label"] = KIND_LABELS.get(item["kind"], "")
        items.append(item)
    return items


def duties_by_person(today=None):
    """For the daily digest: {user: [item]} of every person's duties besides the approval tasks
    (report_due, report_review, acknowledge), the same rules as `duty_sources`, in a fixed number of
    queries whatever the number of people. Items: {kind, label, title, subject, due_on, overdue, path}."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from accounts.models import Membership
    from plans.lifecycle import State
    from plans.models import Delivery, PlanUserObjectPermission
    from reporting.models import AWAITING_REPORT, ReportSlot, SlotState

    today = today or timezone.localdate()
    ahead = today + datetime.timedelta(days=getattr(settings, "PLANFLOW_INBOX_DAYS_AHEAD", 30))
    users = {}
    result = {}

    def add(user_id, item):
        result.setdefault(user_id, []).append(item)

    members = list(
        Membership.objects.filter(user__is_active=True)
        .exclude(user__email="")
        .filter(role__in=[Role.REPORTER, Role.DRAFTER, Role.SIGNER, Role.CLERK])
        .select_related("organization")
        .values_list("user_id", "role", "organization_id", "organization__parent_id", "organization__kind")
    )
    by_role_org = {}
    for user_id, role, org_id, parent_id, kind in members:
        by_role_org.setdefault((role, org_id), set()).add(user_id)
        if kind == "unit" and parent_id:
            by_role_org.setdefault((role, parent_id), set()).add(user_id)

    def slot_item(kind, slot):
        return {
            "kind": kind,
            "label": KIND_LABELS[kind],
            "title": f"{slot.period_label} — {slot.task.text[:160]}" if slot.period_label else slot.task.text[:160],
            "subject": slot.plan.subject,
            "due_on": slot.due_on,
            "overdue": slot.due_on < today,
            "path": reverse("plans:slot_report" if kind == "report_due" else "plans:slot", args=[slot.pk]),
        }

    due = ReportSlot.objects.filter(state__in=AWAITING_REPORT, plan__state=State.REPORTING, due_on__lte=ahead).select_related(
        "task", "plan"
    )
    for slot in due.order_by("due_on", "id"):
        for user_id in by_role_org.get((Role.REPORTER, slot.task.lead_unit_id), ()):
            add(user_id, slot_item("report_due", slot))
    submitted = list(
        ReportSlot.objects.filter(state=SlotState.SUBMITTED, plan__state=State.REPORTING)
        .select_related("task", "plan")
        .order_by("due_on", "id")
    )
    if submitted:
        grants = PlanUserObjectPermission.objects.filter(
            content_object_id__in={s.plan_id for s in submitted}, permission__codename__in=["draft_plan", "sign_plan"]
        ).values_list("content_object_id", "user_id", "permission__codename")
        deciders = {}
        for plan_id, user_id, codename in grants:
            deciders.setdefault(plan_id, []).append((user_id, Role.DRAFTER if codename == "draft_plan" else Role.SIGNER))
        for slot in submitted:
            for user_id in {u for u, role in deciders.get(slot.plan_id, []) if u in by_role_org.get((role, slot.plan.organization_id), ())}:
                add(user_id, slot_item("report_review", slot))
    pending = Delivery.objects.filter(acknowledged_at__isnull=True).select_related("plan").order_by("sent_at", "id")
    for delivery in pending:
        role = Role.CLERK if delivery.received_at is None else Role.SIGNER
        for user_id in by_role_org.get((role, delivery.organization_id), ()):
            add(
                user_id,
                {
                    "kind": "acknowledge",
                    "label": KIND_LABELS["acknowledge"],
                    "title": delivery.plan.subject[:160],
                    "subject": delivery.plan.subject,
                    "due_on": None,
                    "overdue": False,
                    "path": reverse("plans:detail", args=[delivery.plan_id]),
                },
            )
    if result:
        users = get_user_model().objects.in_bulk(list(result))
    return {users[user_id]: items for user_id, items in result.items() if user_id in users}
