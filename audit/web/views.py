"""The history tab of a plan: its audit timeline, each event with its field changes, filtered by
actor, kind, day and state (audit.web.forms, audit.web.timeline). Its rows link to the auditor pages of
audit.web.auditor_views: the plan as of an event, two events compared, verify and export."""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from accounts.models import Organization
from audit.web.forms import TimelineFilterForm
from audit.web.timeline import filter_events, plan_events
from plans.lifecycle import State
from plans.models import Plan, ScheduleKind
from plans.rules import ACTIONS
from plans.selectors import visible_plans

PAGE_SIZE = 20

ACTION_LABELS = {
    "create": _("Tạo dự thảo"),
    "edit": _("Chỉnh sửa"),
    "sign_initial": _("Ký nháy"),
    "sign_main": _("Ký chính"),
    # reporting.services: reports and decisions on report slots
    "report_submitted": _("Nộp báo cáo"),
    "report_returned": _("Trả lại báo cáo"),
    "report_accepted": _("Chấp nhận báo cáo"),
    "slot_waived": _("Miễn báo cáo"),
    "slot_overdue": _("Kỳ báo cáo quá hạn"),
    # approvals.comments: review comments
    "comment_added": _("Góp ý kiến"),
    "comment_answered": _("Trả lời ý kiến"),
    "comment_resolved": _("Ý kiến đã giải quyết"),
    **{name: label for name, (label, _who, _irreversible) in ACTIONS.items()},
}

FIELD_LABELS = {
    "organization": _("Cơ quan ban hành"),
    "doc_type": _("Loại văn bản"),
    "subject": _("Trích yếu"),
    "preamble": _("Lời mở đầu"),
    "period_start": _("Thực hiện từ ngày"),
    "period_end": _("Đến ngày"),
    "signing_authority": _("Thẩm quyền ký"),
    "signer": _("Người ký"),
    "reviewers": _("Người thẩm định"),
    "legal_bases": _("Căn cứ"),
    "sections": _("Mục"),
    "targets": _("Chỉ tiêu"),
    "tasks": _("Nhiệm vụ"),
    "budget_lines": _("Kinh phí"),
    "recipients": _("Nơi nhận"),
    "text": _("nội dung"),
    "heading": _("tiêu đề"),
    "body": _("nội dung"),
    "unit": _("đơn vị tính"),
    "target_value": _("giá trị mục tiêu"),
    "baseline": _("giá trị ban đầu"),
    "lead_unit": _("đơn vị chủ trì"),
    "supporting_units": _("đơn vị phối hợp"),
    "schedule": _("lịch báo cáo"),
    "item": _("nội dung chi"),
    "unit_cost": _("đơn giá"),
    "quantity": _("số lượng"),
    "amount": _("thành tiền"),
    "source": _("nguồn kinh phí"),
    "name": _("tên"),
    "purpose": _("mục đích"),
    "number": _("Số"),
    "issued_on": _("Ngày ban hành"),
    "content_hash": _("Mã băm nội dung được ký"),
    "review_comment": _("Ý kiến thẩm định"),
    "anchor": _("gắn với"),
    "reply_to": _("trả lời ý kiến"),
    "resolved": _("Đã giải quyết"),
    "kind": _("loại"),
    "date": _("ngày"),
    "day": _("ngày trong tháng"),
    "month": _("tháng"),
}
PEOPLE_FIELDS = {"signer", "reviewers"}
UNIT_FIELDS = {"lead_unit", "supporting_units", "organization"}
_PATH = re.compile(r"^(?P<name>\w+)(?:\[(?P<index>\d+)\])?(?:\.(?P<sub>\w+))?$")


def field_label(path):
    """'tasks[0].lead_unit' -> 'Nhiệm vụ 1: đơn vị chủ trì'."""
    match = _PATH.match(path)
    if not match:
        return path
    name, index, sub = match.group("name", "index", "sub")
    label = str(FIELD_LABELS.get(name, name))
    if index is not None:
        label = f"{label} {int(index) + 1}"
    if sub:
        label = f"{label}: {FIELD_LABELS.get(sub, sub)}"
    return label


def _last_name(path):
    match = _PATH.match(path)
    return (match.group("sub") or match.group("name")) if match else path


class ValueNames:
    """Shows change values for people: ids of users and units become names (two queries per page).

    `changes` are [{"field", "old", "new"}] as events and audit.web.asof.compare give them."""

    def __init__(self, changes):
        self._people, self._units = set(), set()
        for change in changes:
            name = _last_name(change.get("field", ""))
            self._collect(name, change.get("old"))
            self._collect(name, change.get("new"))
        users = get_user_model().objects.in_bulk(self._people) if self._people else {}
        self.people = {pk: (u.get_full_name() or u.get_username()) for pk, u in users.items()}
        self.units = {pk: org.name for pk, org in Organization.objects.in_bulk(self._units).items()} if self._units else {}

    def _collect(self, name, value):
        if isinstance(value, dict):
            for key, item in value.items():
                self._collect(key, item)
        elif isinstance(value, list):
            for item in value:
                self._collect(name, item)
        elif isinstance(value, int) and not isinstance(value, bool):
            if name in PEOPLE_FIELDS:
                self._people.add(value)
            elif name in UNIT_FIELDS:
                self._units.add(value)

    def show(self, path, value):
        """A value as text: a whole list of parts (a new plan) gives one numbered line per part."""
        name = _last_name(path)
        if value is None or value == "" or value == []:
            return "—"
        if isinstance(value, list) and any(isinstance(item, dict) for item in value):
            return "\n".join(f"{i}. {self.show(name, item)}" for i, item in enumerate(value, start=1))
        if isinstance(value, dict):
            parts = [
                f"{FIELD_LABELS.get(key, key)}: {self.show(key, item)}"
                for key, item in value.items()
                if key != "id" and item not in (None, "", [])
            ]
            return "; ".join(parts) or "—"
        if name == "kind" and value in ScheduleKind.values:
            return str(ScheduleKind(value).label)
        lookup = self.people if name in PEOPLE_FIELDS else self.units if name in UNIT_FIELDS else None
        if lookup is not None:
            values = value if isinstance(value, list) else [value]
            return ", ".join(lookup.get(v, f"#{v}") for v in values)
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return str(value)


def change_rows(changes, names):
    """Changes as the pages show them: a Vietnamese field label and both values as text."""
    return [
        {
            "field": field_label(change.get("field", "")),
            "old": names.show(change.get("field", ""), change.get("old")),
            "new": names.show(change.get("field", ""), change.get("new")),
        }
        for change in changes
    ]


def person(user):
    return (user.get_full_name() or user.get_username()) if user else "—"


def event_row(event, names, states):
    return {
        "event": event,
        "actor": person(event.actor),
        "action": ACTION_LABELS.get(event.action, event.action),
        "from_state": states.get(event.from_state, event.from_state),
        "to_state": states.get(event.to_state, event.to_state),
        "changes": change_rows(event.changes, names),
    }


def event_rows(events):
    """The rows of a page of events (two queries for the names, however many events)."""
    events = list(events)
    names = ValueNames(change for event in events for change in event.changes)
    states = dict(State.choices)
    return [event_row(event, names, states) for event in events]


def visible_plan_or_404(request, pk):
    return get_object_or_404(visible_plans(request.user, Plan.objects.select_related("organization")), pk=pk)


@login_required
@require_safe
def plan_history(request, pk):
    plan = visible_plan_or_404(request, pk)
    filters = TimelineFilterForm(request.GET or None, plan=plan)
    events = filter_events(plan_events(plan), **filters.filters())
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"plan": plan, "tab": "history", "filters": filters, "page_obj": page, "rows": event_rows(page.object_list)}
    return render(request, "audit/plan_history.html", context)
