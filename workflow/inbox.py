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
from django.db.models import Q
from django.utils import timezone
from viewflow.workflow.status import STATUS

from accounts.models import Organization, Role
from accounts.roles import authority_ids_for_role
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


def open_task_count(user):
    """The header badge: my open tasks plus the tasks waiting in my queue (one query)."""
    if not user.is_authenticated:
        return 0
    return human_tasks().filter(_mine(user) | _queued_for(user)).count()


def with_plans(tasks):
    """The tasks of a page, each with `.plan` (one query for all of them) and `.due` / `.late`."""
    tasks = list(tasks)
    plans = Plan.objects.select_related("organization").in_bulk({task.process.artifact_object_id for task in tasks})
    today = timezone.localdate()
    for task in tasks:
        task.plan = plans.get(task.process.artifact_object_id)
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
