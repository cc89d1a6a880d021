"""Which rows belong to a plan's audit trail, and how to find them.

Two kinds of rows are covered by the events of a plan's chain (each event stores a digest of
the rows written with it, see audit.record.context and audit.record.chain):

- HISTORY: models tracked by django-simple-history. Every historical row of a plan must be
  covered by an event, and each live row must equal its latest historical row.
- RECORDS: append-only models without history (review decisions and signatures). Each row must
  be covered by an event and still match the digest taken when it was written.

Each entry says how a row reaches its plan: directly through a column (`plan_id`, or `id` for
the plan itself), or through a parent entry (a supporting unit through its task). Parents are
looked up in their historical table, so rows of deleted parents are still found.
tests/audit/test_tracked.py fails when a history-tracked model is added and not listed here.
"""

from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.db.models import Subquery


@dataclass(frozen=True)
class Tracked:
    label: str  # "plans.section"
    column: str  # the column holding the plan id, or the parent's id
    parent: str | None = None  # label of the parent entry when `column` points to a parent
    noun: str = ""  # how problems name a row of it, in Vietnamese

    @property
    def model(self):
        return apps.get_model(self.label)

    @property
    def history_model(self):
        return _history_model(self.label)


@cache
def _history_model(label):
    return apps.get_model(label).history.model


HISTORY = [
    Tracked("plans.plan", "id", noun="kế hoạch"),
    Tracked("plans.planreviewer", "plan_id", noun="người thẩm định được giao"),
    Tracked("plans.legalbasis", "plan_id", noun="căn cứ"),
    Tracked("plans.section", "plan_id", noun="mục"),
    Tracked("plans.target", "plan_id", noun="chỉ tiêu"),
    Tracked("plans.task", "plan_id", noun="nhiệm vụ"),
    Tracked("plans.tasksupportingunit", "task_id", parent="plans.task", noun="đơn vị phối hợp"),
    Tracked("plans.block", "plan_id", noun="khối nội dung"),
    Tracked("plans.taskparty", "block_id", parent="plans.block", noun="bên thực hiện nhiệm vụ"),
    Tracked("plans.budgetline", "plan_id", noun="dòng kinh phí"),
    Tracked("plans.recipient", "plan_id", noun="nơi nhận"),
    Tracked("plans.delivery", "plan_id", noun="văn bản chuyển đến nơi nhận"),
    Tracked("reporting.reportslot", "plan_id", noun="kỳ báo cáo"),
    Tracked("reporting.report", "slot_id", parent="reporting.reportslot", noun="báo cáo"),
    Tracked("reporting.reporttargetvalue", "report_id", parent="reporting.report", noun="số liệu chỉ tiêu báo cáo"),
    Tracked("reporting.reportattachment", "report_id", parent="reporting.report", noun="tệp đính kèm báo cáo"),
    Tracked("reporting.slotdecision", "slot_id", parent="reporting.reportslot", noun="quyết định về kỳ báo cáo"),
    Tracked("approvals.reviewcomment", "plan_id", noun="ý kiến thẩm định"),
    Tracked("planimport.importedsource", "plan_id", noun="văn bản nguồn được nhập"),
]
RECORDS = [
    Tracked("approvals.reviewdecision", "plan_id", noun="quyết định thẩm định"),
    Tracked("approvals.signature", "plan_id", noun="chữ ký"),
]
_BY_LABEL = {entry.label: entry for entry in HISTORY + RECORDS}

NOT_PLAN_TRACKED = {"plans.issuecounter", "plans.delegation"}
"""History-tracked models that belong to no plan (signing grants: plans.delegation, their own history)."""

RECORD_LABELS = frozenset(entry.label for entry in RECORDS)


def entry_of(label):
    """The HISTORY or RECORDS entry of a model label ('plans.task')."""
    return _BY_LABEL[label]


def noun(model):
    """The Vietnamese name of a row of `model` (or of the model a historical model tracks)."""
    tracked = getattr(model, "instance_type", model)
    entry = _BY_LABEL.get(tracked._meta.label_lower)
    return entry.noun if entry else str(tracked._meta.verbose_name)


def history_labels():
    """Labels of the historical models ('plans.historicalsection') of the HISTORY entries."""
    return {entry.history_model._meta.label_lower: entry for entry in HISTORY}


def _ids_ever(entry, plan_ids):
    """Ids the rows of `entry` ever had in `plan_ids` (from its historical table), as a subquery."""
    if entry.parent is None:
        return entry.history_model._default_manager.filter(**{f"{entry.column}__in": plan_ids}).values("id")
    parent = _BY_LABEL[entry.parent]
    return entry.history_model._default_manager.filter(**{f"{entry.column}__in": Subquery(_ids_ever(parent, plan_ids))}).values("id")


def history_rows(entry, plan_id):
    """The historical rows of `entry` that belong to `plan_id`."""
    return history_rows_in(entry, [plan_id])


def history_rows_in(entry, plan_ids):
    """The historical rows of `entry` that belong to any of `plan_ids`."""
    if entry.parent is None:
        return entry.history_model._default_manager.filter(**{f"{entry.column}__in": plan_ids})
    parent = _BY_LABEL[entry.parent]
    return entry.history_model._default_manager.filter(**{f"{entry.column}__in": Subquery(_ids_ever(parent, plan_ids))})


def live_rows(entry, plan_id):
    """The live rows of `entry` that belong to `plan_id` (records: the rows themselves)."""
    return live_rows_in(entry, [plan_id])


def live_rows_in(entry, plan_ids):
    """The live rows of `entry` that belong to any of `plan_ids`."""
    if entry.parent is None:
        return entry.model._default_manager.filter(**{f"{entry.column}__in": plan_ids})
    parent = _BY_LABEL[entry.parent]
    return entry.model._default_manager.filter(**{f"{entry.column}__in": Subquery(_ids_ever(parent, plan_ids))})
