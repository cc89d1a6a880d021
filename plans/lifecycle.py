"""The states of a plan and the django-fsm-2 transitions between them.

`PlanLifecycle` is mixed into `plans.models.Plan`; `Plan.state` is the only state there is.
Nothing calls these transition methods except `workflow.services.perform`, which checks who may
act, locks the row and records history first.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from plans.conditions import unmet_conditions


class State(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    REVIEW = "review", _("Đang thẩm định")
    SIGNING = "signing", _("Trình ký")
    ISSUED = "issued", _("Đã ban hành")
    REPORTING = "reporting", _("Đang báo cáo")
    CLOSED = "closed", _("Đã kết thúc")
    DISCARDED = "discarded", _("Đã hủy bỏ")
    RECALLED = "recalled", _("Đã thu hồi")


def _conditions_met(action):
    def check(plan):
        if plan.__dict__.pop("_conditions_just_met", None) == action:
            return True  # perform found them met a moment ago (see PlanLifecycle.conditions_just_met)
        return not plan.unmet_conditions(action)

    check.__name__ = f"{action}_conditions_met"
    return check


def _may(action):
    """fsm `permission=` hook: the same rule the service applies (see plans.rules)."""

    def check(plan, user):
        from plans.rules import is_permitted  # plans.rules reads the models, which mix this module in

        return is_permitted(plan, action, user)

    return check


class PlanLifecycle:
    """Transitions of docs/API.md. Their bodies only move state; the service does the rest."""

    @transition(field="state", source=State.DRAFT, target=State.REVIEW, conditions=[_conditions_met("submit")], permission=_may("submit"))
    def submit(self):
        pass

    @transition(
        field="state", source=State.REVIEW, target=State.SIGNING, conditions=[_conditions_met("approve")], permission=_may("approve")
    )
    def approve(self):
        pass

    @transition(field="state", source=[State.REVIEW, State.SIGNING], target=State.DRAFT, permission=_may("return_for_revision"))
    def return_for_revision(self):
        self.review_round += 1

    @transition(
        field="state", source=State.REVIEW, target=State.DRAFT, conditions=[_conditions_met("withdraw")], permission=_may("withdraw")
    )
    def withdraw(self):
        """The drafter takes the plan back before any reviewer decided; the next submit is a new round."""
        self.review_round += 1

    @transition(field="state", source=State.DRAFT, target=State.DISCARDED, permission=_may("discard"))
    def discard(self):
        """A mistaken draft is set aside, kept (never deleted) for the auditor."""

    @transition(field="state", source=State.SIGNING, target=State.SIGNING, permission=_may("sign"))
    def sign(self):
        """Recording a signature leaves the state in `signing`."""

    @transition(field="state", source=State.SIGNING, target=State.ISSUED, conditions=[_conditions_met("issue")], permission=_may("issue"))
    def issue(self, number, issued_on):
        self.number = number
        self.symbol_suffix = self.organization.symbol_code
        self.issue_year = issued_on.year
        self.issued_on = issued_on

    @transition(field="state", source=State.DRAFT, target=State.ISSUED, permission=_may("register_paper"))
    def register_paper(self, number, issued_on):
        """A plan issued on paper before planflow: its real number and date, marked as such."""
        self.number = number
        self.symbol_suffix = self.organization.symbol_code
        self.issue_year = issued_on.year
        self.issued_on = issued_on
        self.entered_from_paper = True

    @transition(field="state", source=State.ISSUED, target=State.REPORTING, permission=_may("start_reporting"))
    def start_reporting(self):
        pass

    @transition(field="state", source=State.REPORTING, target=State.CLOSED, conditions=[_conditions_met("close")], permission=_may("close"))
    def close(self, summary):
        self.closing_summary = summary

    @transition(field="state", source=[State.ISSUED, State.REPORTING], target=State.RECALLED, permission=_may("recall"))
    def recall(self):
        """Thu hồi (Art. 18): the content stays as issued; the service closes the open report slots."""

    def unmet_conditions(self, action):
        """Reasons (Vietnamese) why `action` cannot happen yet; empty when it can (plans.conditions)."""
        return unmet_conditions(self, action)

    def conditions_just_met(self, action):
        """Note that perform has just found `action`'s conditions met on this locked instance.

        The fsm transition's own condition check (`conditions=`) then takes that answer instead of
        asking the database again. The note is used once, by the next transition of that action."""
        self._conditions_just_met = action
