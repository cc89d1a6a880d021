"""Keeping the approval flow in step with the plan.

`workflow.services.perform` calls `action_performed` after every successful action, inside its
transaction and while it holds the plan row — which is the flow's own lock (`PlanRowLock`), so
the sync does not take it a second time. Whoever acted — on a task page, the plan page or the
API — the open task the action answers is completed as that person, and the flow's gateways
(workflow/flows.py) read the plan to create what comes next. If the flow fails, the action rolls
back with it, so the tasks never drift from `Plan.state`.

Which task an action answers:
  submit               the drafter's revise task (the first submit starts the process instead)
  approve              the reviewer's own review task
  return_for_revision  the actor's own open task, else the step's open task (a reviewer may return
                       while the plan waits for the signer; the signer while reviewers review)
  sign (main)          the sign task; initials (ký nháy) are not a step of the flow
  issue                the issue task, from the queue or taken by another clerk
  withdraw             the open review task (the round ends: the drafter gets a revise task)
  discard              the drafter's revise task, if any (the flow ends)
  register_paper       the same (a draft entered as issued on paper)
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import IntegerField, Q
from django.utils.translation import gettext as _
from viewflow.workflow.status import PROCESS, STATUS

from approvals.models import Signature
from config.compiled_queries import CompiledQuery, Param
from plans.lifecycle import State
from plans.models import Plan

from .flows import PlanApprovalFlow, plan_row_locked
from .models import PlanApproval

FLOW_ACTIONS = {"submit", "approve", "return_for_revision", "sign", "issue", "withdraw", "discard", "register_paper"}
ANSWERED_STEP = {
    "submit": "revise",
    "approve": "review",
    "return_for_revision": None,
    "sign": "sign",
    "issue": "issue",
    "withdraw": "review",
    "discard": "revise",
    "register_paper": "revise",
}
OPEN = (STATUS.NEW, STATUS.ASSIGNED)


class TaskRefused(Exception):
    """Taking or opening a task that is no longer open to this user; `message` is for the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def active_process(plan):
    return PlanApproval.for_plan(plan).filter(status=PROCESS.NEW).first()


def human_tasks():
    """Every human task of the approval flow (the inbox, queue and archive read from here)."""
    task_class = PlanApprovalFlow.task_class
    return task_class.objects.filter(process__flow_class=PlanApprovalFlow, flow_task_type="HUMAN")


def open_tasks_of(plan):
    """The open human tasks of `plan`'s active process, oldest first, each with its process loaded."""
    return list(
        human_tasks()
        .filter(
            process__artifact_content_type=ContentType.objects.get_for_model(type(plan)),
            process__artifact_object_id=plan.pk,
            process__status=PROCESS.NEW,
            status__in=OPEN,
        )
        .select_related("process")
        .order_by("id")
    )


def _open_flow_tasks_query():
    """The open tasks of a plan's active process that the flow acts on, oldest first, with their
    process: the people's tasks and the review join of a round still open (one query)."""
    return (
        PlanApprovalFlow.task_class.objects.filter(
            process__flow_class=PlanApprovalFlow,
            process__artifact_content_type_id=Param("content_type", IntegerField()),
            process__artifact_object_id=Param("plan", IntegerField()),
            process__status=PROCESS.NEW,
        )
        .filter(
            Q(flow_task_type="HUMAN", status__in=OPEN) | Q(flow_task_type="JOIN", status__in=(STATUS.NEW, STATUS.STARTED)),
        )
        .select_related("process")
        .order_by("id")
    )


OPEN_FLOW_TASKS = CompiledQuery(_open_flow_tasks_query)  # the same statement on every action: compiled once


def _open_flow_tasks_values(plan_id):
    return {"content_type": ContentType.objects.get_for_model(Plan).pk, "plan": plan_id}


def _open_flow_tasks(plan):
    return OPEN_FLOW_TASKS.instances(kept_on=plan, **_open_flow_tasks_values(plan.pk))  # sent ahead by perform (flow_reads)


def _moves_the_flow(action, kind=None):
    """Whether `action` answers a task of the flow (a sign only when it is the main signature)."""
    return action in FLOW_ACTIONS and (action != "sign" or kind == Signature.Kind.MAIN)


def flow_reads(action, plan_id, kind=None):
    """[(CompiledQuery, values)]: the read of the plan's open flow tasks that `action_performed` will
    make, for perform to send with the plan's lock (the flow's tasks change only under that lock)."""
    if not _moves_the_flow(action, kind):
        return []
    return [(OPEN_FLOW_TASKS, _open_flow_tasks_values(plan_id))]


# What the action tells the `route` gateway about the round's main signature, so it need not ask:
# right after an approval the round has none (a round reaches signing once, by its approval); right
# after the main signature it has one.
MAIN_SIGNED_AFTER = {"approve": False, "sign": True}


def action_performed(plan, action, user, kind=None):
    """Complete the open task that `action` (just taken by `user` on `plan`) answers.

    The caller (perform) holds `plan`'s row locked in its transaction: that is the flow's lock."""
    if not _moves_the_flow(action, kind):
        return
    assert transaction.get_connection().in_atomic_block, "action_performed runs inside perform's transaction"
    flow_tasks = _open_flow_tasks(plan)  # one query; the process comes with the tasks
    open_tasks = [task for task in flow_tasks if task.flow_task_type == "HUMAN"]
    if not open_tasks:
        # A plan's first submit (its review round becomes 1) has no process to look for: only a
        # submit starts one. Any other plan without an open task may have one (or is from before the flow).
        first_submit = action == "submit" and plan.review_round == 1
        process = None if first_submit else active_process(plan)
        if process is None and plan.state in (State.REVIEW, State.SIGNING):
            # The first submit starts the flow. A plan already past submit without a process (made
            # before the flow existed) gets one too: the gateways give it the tasks of its state.
            with plan_row_locked():  # perform holds the plan row: the start need not lock it again
                PlanApprovalFlow.start.run(plan=plan, user=user)
        return
    step = ANSWERED_STEP[action]
    candidates = [task for task in open_tasks if step is None or task.flow_task.name == step]
    own = [task for task in candidates if task.owner_id == user.pk]
    if action == "approve":
        candidates = own  # another reviewer's task stays theirs
    chosen = (own or candidates or [None])[0]
    if chosen is not None:
        chosen.process.coerced.plan = plan  # the gateways read the locked plan, not a fresh copy
        chosen.process.open_flow_tasks = flow_tasks  # the review join reads the round from these
        if action in MAIN_SIGNED_AFTER:
            plan.main_signed_this_round = MAIN_SIGNED_AFTER[action]
        _complete(chosen, user, outcome=action)


def _complete(task, user, outcome):
    if task.status == STATUS.NEW:
        # A queued task (issue): taken and completed in one save, not viewflow's assign (its own UPDATE).
        task.status = STATUS.ASSIGNED
    task.owner = user  # the task records who actually acted
    activation = task.flow_task.activation_class(task)
    task.data["outcome"] = outcome
    activation.start(None)
    activation.execute()  # completes the task; the flow's gateways create the next ones


def take(task_pk, user):
    """ "Nhận việc": assign a queued task to `user` (viewflow's assign), or raise TaskRefused."""
    from .inbox import queue_for

    process_pk = human_tasks().filter(pk=task_pk).values_list("process_id", flat=True).first()
    if process_pk is None:
        raise TaskRefused(_("Không có việc này."))
    with PlanApprovalFlow.lock(process_pk):  # the plan row, as perform locks it: taking and acting never interleave
        task = human_tasks().select_related("process", "owner").get(pk=task_pk)
        if task.status != STATUS.NEW:
            raise TaskRefused(stale_message(task, user))
        activation = task.flow_task.activation_class(task)
        if not queue_for(user).filter(pk=task.pk).exists() or not activation.assign.has_perm(user):
            raise TaskRefused(_("Việc này không thuộc hàng chờ của bạn."))
        activation.assign(user)
    return task


def stale_message(task, user):
    """What to tell someone who reaches a task that is no longer theirs to do."""
    who = _person(task.owner) if task.owner_id else ""
    when = task.finished or task.assigned or task.created
    if task.status == STATUS.DONE:
        if task.owner_id == user.pk:
            return _("Bạn đã xử lý việc này rồi.")
        return _("Việc này đã được %(who)s xử lý lúc %(when)s; không có gì thay đổi.") % {"who": who, "when": _local(when)}
    if task.status == STATUS.CANCELED:
        return _("Việc này không còn cần xử lý: vòng trình duyệt đã kết thúc (kế hoạch đã được trả lại hoặc đã đủ ý kiến).")
    if task.owner_id and task.owner_id != user.pk:
        return _("Việc này đã được %(who)s nhận; không có gì thay đổi.") % {"who": who}
    return _("Việc này không còn mở.")


def _person(user):
    return user.get_full_name() or user.get_username()


def _local(moment):
    from django.utils import timezone
    from django.utils.formats import date_format

    return date_format(timezone.localtime(moment), "d/m/Y H:i")
