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

Locking: the flow's lock is the plan's row (`PlanRowLock`), the very lock `perform` holds while it
acts and syncs, so the approvals of two reviewers reach the join one after the other.
"""

import datetime
from contextlib import contextmanager

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow
from viewflow.workflow.activation import Activation
from viewflow.workflow.exceptions import FlowRuntimeError
from viewflow.workflow.nodes import JoinActivation, SplitActivation

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


class PlanRowLock:
    """viewflow lock of a process: `select_for_update` on its plan's row (what perform locks too)."""

    @contextmanager
    def __call__(self, flow_class, process_pk):
        with transaction.atomic():
            plan_ids = flow_class.process_class._default_manager.filter(pk=process_pk).values("artifact_object_id")
            list(Plan.objects.select_for_update().filter(pk__in=plan_ids).values_list("pk", flat=True))
            yield


class ReviewSplitActivation(SplitActivation):
    """One review task for each assigned reviewer who has not approved in the current round."""

    @Activation.status.super()
    def activate(self):
        plan = self.process.plan
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
    """viewflow's join, reading the tokens that reached it once per activation.

    viewflow asks `is_done` when it checks whether the join may complete, again when the
    transition runs, and `complete` reads the same tokens a third time; nothing changes them in
    between (the incoming task was linked when this activation was made)."""

    def _join_token_prefixes(self):
        if getattr(self, "_token_prefixes", None) is None:
            self._token_prefixes = super()._join_token_prefixes()
        return self._token_prefixes


class ReviewJoin(flow.Join):
    activation_class = ReviewJoinActivation


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

    start = flow.StartHandle(this.start_process).Next(this.route)

    route = (
        flow.Switch()
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

    end = flow.End()

    # --- starting -----------------------------------------------------------------------------

    def start_process(self, activation, plan, user):
        activation.process.plan = plan
        activation.task.owner = user
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
