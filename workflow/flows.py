"""Who acts next on a plan between "submit" and "issue": the viewflow flow of its approval.

    start ─► route ─┬─ review ──► review_split ─► review (one task per reviewer) ─► review_join ─► route
                    ├─ draft ───► revise (the drafter)  ───────────────────────────────────────► route
                    ├─ signing, no main signature yet ─► sign (the signer) ────────────────────► route
                    ├─ signing, signed ─► issue (the clerks' queue) ───────────────────────────► route
                    └─ issued ──► end

The plan's state lives only in `Plan.state`; the gateways read it (and the signatures), they never
copy it. Nothing here changes a plan: people act through `workflow.services.perform` (the plan's
action pages, the API), and `workflow.flow_sync` then completes the matching task, which moves the
flow on through `route`. So one return by any reviewer ends the round (`review_join` cancels the
other reviewers' tasks) and the drafter gets a revise task; when they resubmit, `route` sends the
flow back to new review tasks for the round that just started.

What is stored (issue 21): the tasks people act on (review, revise, sign, issue), the review
split and join of each round (the split's token ties a round's review tasks together, the join
records how the round ended) and the start and end. `route` is decided when the flow reaches it
(`Route`) and is not stored: the task it chooses links straight to the step before. Inside
`perform`, the join and the end answer from the open tasks `flow_sync` read (one query), and the
start does not lock the plan again.

Locking: the flow's lock is the plan's row (`PlanRowLock`), the very lock `perform` holds while it
acts and syncs, so the approvals of two reviewers reach the join one after the other.
"""

import datetime
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow
from viewflow.workflow.activation import Activation
from viewflow.workflow.exceptions import FlowRuntimeError
from viewflow.workflow.nodes import JoinActivation, SplitActivation
from viewflow.workflow.nodes.end import EndActivation
from viewflow.workflow.nodes.start import StartHandleActivation
from viewflow.workflow.signals import flow_finished, flow_started, task_finished, task_started
from viewflow.workflow.status import PROCESS, STATUS

from approvals.models import Signature
from approvals.selectors import approvals_of_round
from plans.lifecycle import State
from plans.models import Plan

from .models import PlanApproval
from .task_permissions import PERMISSION as ACT_AS_CLERK

# Days a person has for each step before the task shows as late (calendar days; settings may override).
DEFAULT_DUE_DAYS = {"review": 5, "revise": 5, "sign": 3, "issue": 2}

# Tasks are opened through workflow.inbox_views.open_task, not through viewflow's own task views,
# so the View nodes carry no view of their own.
NO_VIEW = None


def due_days(step):
    return {**DEFAULT_DUE_DAYS, **getattr(settings, "PLANFLOW_TASK_DUE_DAYS", {})}.get(step, DEFAULT_DUE_DAYS["review"])


def issuing_organization(process):
    """The object of the issue task's owner permission: the plan's organization."""
    return process.coerced.plan.organization


# True while `workflow.flow_sync` runs the flow inside `perform`, which holds the plan's row lock.
LOCK_HELD = ContextVar("planflow_plan_row_lock_held", default=False)


@contextmanager
def plan_row_locked():
    """The caller holds the plan's row (`select_for_update`) in the current transaction."""
    token = LOCK_HELD.set(True)
    try:
        yield
    finally:
        LOCK_HELD.reset(token)


class PlanRowLock:
    """viewflow lock of a process: `select_for_update` on its plan's row (what perform locks too)."""

    @contextmanager
    def __call__(self, flow_class, process_pk):
        if LOCK_HELD.get():  # flow_sync, inside perform: the plan row is locked already (saves 3 statements)
            assert transaction.get_connection().in_atomic_block
            yield
            return
        with transaction.atomic():
            plan_ids = flow_class.process_class._default_manager.filter(pk=process_pk).values("artifact_object_id")
            list(Plan.objects.select_for_update().filter(pk__in=plan_ids).values_list("pk", flat=True))
            yield


class ReviewSplitActivation(SplitActivation):
    """One review task for each assigned reviewer who has not approved in the current round."""

    @classmethod
    def create(cls, flow_task, prev_activation, token, data=None, seed=None):
        """Inside perform (`process.open_flow_tasks`): the split is stored once, already done (its
        reviewers chosen before the INSERT), instead of an INSERT and a completing UPDATE."""
        if getattr(prev_activation.process, "open_flow_tasks", None) is None:
            return super().create(flow_task, prev_activation, token, data=data, seed=seed)
        task = flow_task.flow_class.task_class(process=prev_activation.process, flow_task=flow_task, token=token)
        task.data = data if data is not None else {}
        task.seed = seed
        activation = cls(task)
        activation.choose_reviewers()
        task.status, task.finished = STATUS.DONE, timezone.now()
        task.save()
        task.previous.add(prev_activation.task)
        task_finished.send(sender=flow_task.flow_class, process=task.process, task=task)
        return activation

    @Activation.status.super()
    def activate(self):
        self.choose_reviewers()

    def choose_reviewers(self):
        plan = self.process.plan
        known = getattr(plan, "reviewer_links_of_new_round", None)  # read by submit's conditions just before
        if known is not None:
            links = known  # a round that has just started: nobody has approved in it yet
        else:
            approved = approvals_of_round(plan).values("reviewer_id")
            links = list(plan.reviewer_links.exclude(user_id__in=approved).select_related("user").order_by("id"))
        # The review tasks are made right after this, on the same process object: `assigned_reviewer`
        # takes each reviewer from here instead of reading the user again.
        self.process.reviewers_to_ask = {link.user_id: link.user for link in links}
        for next_node, _case, _data_source in self.flow_task._branches:
            self.next_tasks.extend((next_node, {"reviewer": link.user_id}) for link in links)
        if not self.next_tasks:
            raise FlowRuntimeError(f"Plan {plan.pk} is in review but has no reviewer left to ask.")


class ReviewSplit(flow.Split):
    activation_class = ReviewSplitActivation


class ReviewJoinActivation(JoinActivation):
    """viewflow's join, answered from the tasks `flow_sync` already read: 3 statements, not 9.

    `flow_sync.action_performed` reads the process's open tasks (the people's and an open join) in
    one query and hands them over as `process.open_flow_tasks`. From them the join is found (or
    inserted already started), the other open review tasks of the round are known without asking
    again, and the round's token prefix comes from the incoming task. So a join costs its INSERT
    (stored already done when the round ends with the first task to reach it), the link to the
    incoming task and, when it was stored before, the UPDATE that completes it, plus one UPDATE per
    review task it cancels. Without that list (a caller other
    than flow_sync) it is viewflow's own join."""

    @classmethod
    def create(cls, flow_task, prev_activation, token, data=None, seed=None):
        known = getattr(prev_activation.process, "open_flow_tasks", None)
        if known is None:
            return super().create(flow_task, prev_activation, token, data=data, seed=seed)
        joins = [t for t in known if t.flow_task == flow_task and t.status in (STATUS.NEW, STATUS.STARTED)]
        if len(joins) > 1:
            raise FlowRuntimeError("More than one join instance for process found")
        if joins:
            task = joins[0]
        else:
            if token.is_split_token():
                token = token.get_base_split_token()
            task = flow_task.flow_class.task_class(
                process=prev_activation.process, flow_task=flow_task, token=token, status=STATUS.STARTED, started=timezone.now()
            )
            task.data = data if data is not None else {}
            task.seed = seed
            activation = cls(task)
            activation.incoming_task, activation.open_flow_tasks = prev_activation.task, known
            if activation.is_done():
                # The round ends with this task (one reviewer, or a return): the join is stored once,
                # already done, and viewflow goes straight on to what follows it.
                activation.close_round()
                task.status, task.finished = STATUS.DONE, task.started
            task.save()
            known.append(task)
            task.previous.add(prev_activation.task)
            if task.status == STATUS.DONE:
                task_finished.send(sender=flow_task.flow_class, process=task.process, task=task)
            return activation
        task.previous.add(prev_activation.task)
        activation = cls(task)
        activation.incoming_task = prev_activation.task
        activation.open_flow_tasks = known
        return activation

    def _known(self):
        return getattr(self, "open_flow_tasks", None)

    def _join_token_prefixes(self):
        if getattr(self, "_token_prefixes", None) is None:
            if self._known() is not None:
                incoming = self.incoming_task
                self._token_prefixes = {incoming.token.get_common_split_prefix(self.task.token, incoming.pk)}
            else:
                self._token_prefixes = super()._join_token_prefixes()
        return self._token_prefixes

    def _active_join_tasks(self, join_token_prefix):
        known = self._known()
        if known is None:
            return super()._active_join_tasks(join_token_prefix)
        finished = (STATUS.DONE, STATUS.CANCELED, STATUS.REVIVED)
        return [t for t in known if t.pk != self.task.pk and str(t.token).startswith(join_token_prefix) and t.status not in finished]

    def is_done(self):
        if self._known() is None:
            return super().is_done()
        prefixes = self._join_token_prefixes()
        if len(prefixes) != 1:
            return len(prefixes) > 1
        active = self._active_join_tasks(next(iter(prefixes)))
        if self.flow_task._continue_on_condition and self.flow_task._continue_on_condition(self, active):
            return True
        return not active

    def close_round(self):
        """The round is decided: cancel the review tasks still open (a return, or the last approval)."""
        prefixes = self._join_token_prefixes()
        if len(prefixes) > 1:
            raise FlowRuntimeError(f"Multiple tokens {prefixes} came to join {self.flow_task.name}")
        if prefixes and self.flow_task._continue_on_condition:
            active = self._active_join_tasks(next(iter(prefixes)))
            if active and self.flow_task._continue_on_condition(self, active):
                self.cancel_active_tasks(active)

    @Activation.status.super()
    def complete(self):
        if self._known() is None:
            return super().complete.original()
        # viewflow's complete without its savepoint: a failure here rolls back perform's whole action anyway.
        self.close_round()
        self.task.finished = timezone.now()
        self.task.save()
        task_finished.send(sender=self.flow_class, process=self.process, task=self.task)


class ReviewJoin(flow.Join):
    activation_class = ReviewJoinActivation


class Route(flow.Switch):
    """viewflow's Switch, decided when the flow reaches it and never stored as a task of its own.

    Its outcome is fixed by the plan's state the moment it is reached, so a stored `route` task
    (INSERT, link, SAVEPOINT, RELEASE, UPDATE: 5 statements a step) told nobody anything: the task
    it chooses is linked straight to the one before. Processes started before this change keep
    their stored, finished `route` tasks (the node is still in the flow, so they read as before);
    nothing of theirs is open, so they run on unchanged."""

    def _create(self, prev_activation, token, data=None, seed=None):
        for node, condition in self._branches:
            if condition is None or condition(prev_activation):
                return node._create(prev_activation, token, data=data, seed=seed)
        raise FlowRuntimeError(f"No next task available for {self.name}")


class PlanStartActivation(StartHandleActivation):
    """viewflow's start without its savepoint when `flow_sync` starts the flow inside `perform`
    (SAVEPOINT and RELEASE: 2 statements of the first submit). There a failure of the start rolls
    back the whole action anyway (perform's transaction), so the savepoint protected nothing.
    Elsewhere (a start outside perform) it is viewflow's start."""

    @Activation.status.super()
    def execute(self):
        if not LOCK_HELD.get():
            return super().execute.original()  # viewflow's own execute, the transition already begun
        task_started.send(sender=self.flow_class, process=self.process, task=self.task)
        self.process.save()  # the plan row is perform's lock: no flow lock to take
        self.complete()
        flow_started.send(sender=self.flow_class, process=self.process, task=self.task)
        self.activate_next()


class PlanStart(flow.StartHandle):
    activation_class = PlanStartActivation


class PlanEndActivation(EndActivation):
    """viewflow's end in 3 statements instead of 7 when `flow_sync` has the open tasks
    (`process.open_flow_tasks`): the process UPDATE, the end task's INSERT (made finished) and its
    link, without the savepoint and without counting the open tasks again. The activation is done
    when made, so viewflow neither activates nor completes it again. Without that list it is
    viewflow's end."""

    @classmethod
    def create(cls, flow_task, prev_activation, token, data=None, seed=None):
        known = getattr(prev_activation.process, "open_flow_tasks", None)
        if known is None:
            return super().create(flow_task, prev_activation, token, data=data, seed=seed)
        process = prev_activation.process
        finished = (STATUS.DONE, STATUS.CANCELED, STATUS.REVIVED)
        still_open = [t for t in known if t.status not in finished]
        moment = timezone.now()
        task = flow_task.flow_class.task_class(
            process=process, flow_task=flow_task, token=token, status=STATUS.DONE, started=moment, finished=moment
        )
        task.data = data if data is not None else {}
        task.seed = seed
        if not still_open:
            process.status, process.finished = PROCESS.DONE, moment
            process.save()
        task.save()
        task.previous.add(prev_activation.task)
        task_started.send(sender=flow_task.flow_class, process=process, task=task)
        task_finished.send(sender=flow_task.flow_class, process=process, task=task)
        if not still_open:
            flow_finished.send(sender=flow_task.flow_class, process=process, task=task)
        return cls(task)


class PlanEnd(flow.End):
    activation_class = PlanEndActivation


class PersonTask(flow.View):
    """A step for a person (viewflow's View), with the review round and the due date in its data.

    They are written into the task before viewflow first saves it: viewflow asks for the owner
    (`calc_owner`) just before that save, while `onCreate` runs after it and would cost a second
    UPDATE of the task."""

    def calc_owner(self, activation):
        task, plan = activation.task, activation.process.plan
        task.data["round"] = plan.review_round
        task.data["due"] = (timezone.localdate() + datetime.timedelta(days=due_days(self.name))).isoformat()
        return super().calc_owner(activation)


class PlanApprovalFlow(flow.Flow):
    """Trình duyệt kế hoạch

    Thẩm định, sửa, ký và ban hành một kế hoạch: ai phải xử lý tiếp theo.
    """

    process_class = PlanApproval
    lock_impl = PlanRowLock()

    start = PlanStart(this.start_process).Next(this.route)

    route = (
        Route()
        .Case(this.review_split, this.in_review)
        .Case(this.revise, this.returned)
        .Case(this.sign, this.awaits_main_signature)
        .Case(this.issue, this.in_signing)
        .Default(this.end)
    )

    review_split = ReviewSplit().Next(this.review)

    review = (
        PersonTask(NO_VIEW)
        .Annotation(title=_("Thẩm định"))
        .Assign(this.assigned_reviewer)
        .onCreate(this.task_created)
        .Next(this.review_join)
    )

    review_join = ReviewJoin(continue_on_condition=this.round_decided).Next(this.route)

    revise = PersonTask(NO_VIEW).Annotation(title=_("Sửa và trình lại")).Assign(this.drafter).onCreate(this.task_created).Next(this.route)

    sign = PersonTask(NO_VIEW).Annotation(title=_("Ký")).Assign(this.signer).onCreate(this.task_created).Next(this.route)

    issue = (
        PersonTask(NO_VIEW)
        .Annotation(title=_("Ban hành, cấp số"))
        .Permission(ACT_AS_CLERK, obj=issuing_organization)
        .onCreate(this.task_created)
        .Next(this.route)
    )

    end = PlanEnd()

    # --- starting -----------------------------------------------------------------------------

    def start_process(self, activation, plan, user):
        activation.process.plan = plan
        activation.task.owner = user
        if LOCK_HELD.get():  # started by flow_sync inside perform: a new process has no open task yet
            activation.process.open_flow_tasks = []
        return activation.process

    # --- gateways: they read the plan, never a copy of its state --------------------------------

    def in_review(self, activation):
        return activation.process.plan.state == State.REVIEW

    def returned(self, activation):
        return activation.process.plan.state == State.DRAFT

    def in_signing(self, activation):
        return activation.process.plan.state == State.SIGNING

    def awaits_main_signature(self, activation):
        plan = activation.process.plan
        if plan.state != State.SIGNING:
            return False
        known = getattr(plan, "main_signed_this_round", None)  # flow_sync knows it after approve and sign
        if known is not None:
            return not known
        signed = Signature.objects.filter(plan=plan, kind=Signature.Kind.MAIN, review_round=plan.review_round, signer_id=plan.signer_id)
        return not signed.exists()

    def round_decided(self, activation, active_tasks):
        """The review round is over as soon as the plan left review (one return, or the last approval)."""
        return activation.process.plan.state != State.REVIEW

    # --- who gets each task ---------------------------------------------------------------------

    def assigned_reviewer(self, activation):
        reviewer_id = activation.task.data["reviewer"]
        known = getattr(activation.process, "reviewers_to_ask", {})  # read by the review split just before
        if reviewer_id in known:
            return known[reviewer_id]
        from django.contrib.auth import get_user_model

        return get_user_model().objects.get(pk=reviewer_id)

    def drafter(self, activation):
        return activation.process.plan.created_by

    def signer(self, activation):
        return activation.process.plan.signer

    def task_created(self, activation):
        """Tell whoever gets the task (after commit). Its round and due date are in it already (PersonTask)."""
        from .notifications import notify_task_created

        notify_task_created(activation.task, activation.process.plan)
