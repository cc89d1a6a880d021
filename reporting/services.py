"""The reporting phase: slots from task schedules, reports on them, and decisions.

Every write is one `plans.audited.audited_write` (the plan row locked first, then the slot; one
event on the plan's audit chain), like workflow.services.perform. Who may write is
reporting.rules; refusals are raised before writing.
"""

from dataclasses import replace
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from accounts.models import Role
from accounts.roles import has_role
from audit.models import AuditEvent
from config.refusals import InvalidInput, WrongState
from config.text import clean_text
from plans.audited import audited_write
from plans.lifecycle import State
from plans.models import Block, BlockKind, PlanSearch
from plans.search import folded

from .attachments import check_upload, max_files, too_many_files_message
from .models import RESOLVED_STATES, Report, ReportAttachment, ReportSlot, ReportTargetValue, SlotDecision, SlotState
from .rules import part_refusal, report_refusal, review_refusal, waiver_refusal
from .schedules import periods, timing_end

Action, Kind = AuditEvent.Action, AuditEvent.Kind


def reporting_period(plan):
    """The plan's period (start, end), or None when it has none."""
    if plan.period_start and plan.period_end:
        return plan.period_start, plan.period_end
    return None


def task_periods(task, period):
    """The periods of each of `task`'s reporting schedules over the plan's `period`
    (reporting.schedules), by due date, each with its schedule's `kind`: a task reported monthly and
    yearly has "Tháng 12/2024" and "Năm 2024", both due 15/12/2024. Without a plan period only a
    `once` date has a place."""
    found = []
    for schedule in task.schedules:
        found.extend(replace(p, kind=schedule["kind"]) for p in _schedule_periods(task, schedule, period))
    return sorted(found, key=lambda p: p.due)


def _schedule_periods(task, schedule, period):
    start, end = period if period is not None else (None, None)
    kind = schedule["kind"]
    if kind == "timing_end":
        block = getattr(task, "block", None)
        on = block and timing_end(block.timing_kind, to=block.timing_to, year=block.timing_year, part=block.timing_part)
        return periods("once", start, end, on=on) if on else []
    on = schedule.get("date")
    if isinstance(on, str):
        on = date.fromisoformat(on)
    return periods(kind, start, end, on=on, day=schedule.get("day"), month=schedule.get("month"))


def task_due_dates(task, period):
    return [p.due for p in task_periods(task, period)]


def planned_slots(plan):
    """[(task, Period)] that `start_reporting` would create, by due date then task."""
    period = reporting_period(plan)
    planned = [(task, p) for task in plan.tasks.select_related("lead_unit", "block") for p in task_periods(task, period)]
    return sorted(planned, key=lambda pair: (pair[1].due, pair[0].position, pair[0].pk))


def slots_opening_overdue(plan, today=None):
    """What starting reporting now would open already overdue: [(task, Period)] whose due date is past."""
    today = today or timezone.localdate()
    return [(task, p) for task, p in planned_slots(plan) if p.due < today]


def create_slots(plan):
    """Called by `start_reporting` inside its transaction: one slot per task and period.
    Slots already past their date are created overdue."""
    today = timezone.localdate()
    created = []
    for task, p in planned_slots(plan):
        slot = ReportSlot(
            plan=plan,
            task=task,
            lead_unit_id=task.lead_unit_id,
            schedule_kind=p.kind,
            due_on=p.due,
            period_start=p.start,
            period_end=p.end,
            period_label=p.label,
        )
        if p.due < today:
            slot.mark_overdue()
        slot.save()
        created.append(slot)
    return created


def waive_overdue_slots(plan, user, reason):
    """The clerk's one step after starting a stale plan: waive every overdue slot of `plan`, with the
    reason, each with its decision, in one audited write. Returns how many."""
    reason, problem = clean_text((reason or "").strip())
    if problem or not reason:
        message = problem or _("Cần ghi lý do miễn báo cáo.")
        raise InvalidInput(message, errors={"waive_reason": [message]})
    with audited_write(plan.pk, user, Action.SLOT_WAIVED, kind=Kind.REPORT, reason=reason) as event:
        plan = event.plan
        _raise(waiver_refusal(plan, user))
        slots = list(ReportSlot.objects.select_for_update().filter(plan=plan, state=SlotState.OVERDUE).order_by("due_on", "id"))
        for slot in slots:
            SlotDecision.objects.create(slot=slot, decided_by=user, decision=SlotDecision.Decision.WAIVE, comment=reason)
            slot.waive()
            slot.save()
        event.comment = reason
        event.changes = [{"field": f"slots[{slot.pk}].state", "old": SlotState.OVERDUE, "new": SlotState.WAIVED} for slot in slots]
        if not slots:
            event.skip()
    return len(slots)


def close_open_slots(plan, user, comment, moved_to=None):
    """Waive every slot of `plan` not yet accepted or waived, each with its decision (a recall, or a
    replacement taking over the reporting: `moved_to` the successor). Called inside the caller's
    audited write; returns how many."""
    slots = list(ReportSlot.objects.select_for_update().filter(plan=plan).exclude(state__in=RESOLVED_STATES).order_by("id"))
    for slot in slots:
        SlotDecision.objects.create(slot=slot, decided_by=user, decision=SlotDecision.Decision.WAIVE, comment=comment)
        slot.waive()
        slot.moved_to = moved_to
        slot.save()
    return len(slots)


def take_over_moved_slots(plan, own):
    """Called by `start_reporting` of a plan that replaces another, after create_slots (`own`): each
    slot the original handed over (moved_to this plan) opens again here, for the same period and due
    date, on the task that carries the duty on: the same words (without diacritics, spaces aside),
    else the only task with the same lead unit and schedule kind. A period this plan's own schedule
    already has a slot for is not doubled; a duty with no such task stays closed on the original."""
    today = timezone.localdate()
    tasks = list(plan.tasks.all())
    taken = {(slot.task_id, slot.schedule_kind, slot.due_on) for slot in own}
    moved = ReportSlot.objects.filter(moved_to=plan).select_related("task").order_by("due_on", "id")
    created = []
    for old in moved:
        task = _carrying_task(old.task, tasks, old.schedule_kind)
        if task is None or (task.pk, old.schedule_kind, old.due_on) in taken:
            continue
        slot = ReportSlot(
            plan=plan,
            task=task,
            lead_unit_id=task.lead_unit_id,
            schedule_kind=old.schedule_kind,
            due_on=old.due_on,
            period_start=old.period_start,
            period_end=old.period_end,
            period_label=old.period_label,
        )
        if old.due_on < today:
            slot.mark_overdue()
        slot.save()
        taken.add((task.pk, old.schedule_kind, old.due_on))
        created.append(slot)
    return created


def _carrying_task(old_task, tasks, kind):
    """The task of `tasks` that carries on `old_task`'s duty of schedule `kind` (a slot's)."""
    words = folded(old_task.text)
    same_words = [task for task in tasks if folded(task.text) == words]
    if same_words:
        return same_words[0]
    kind = kind or old_task.schedule_kind
    same_duty = [
        task
        for task in tasks
        if task.lead_unit_id and task.lead_unit_id == old_task.lead_unit_id and kind in {s["kind"] for s in task.schedules}
    ]
    return same_duty[0] if len(same_duty) == 1 else None


def unresolved_slot_count(plan):
    return ReportSlot.objects.filter(plan=plan).exclude(state__in=RESOLVED_STATES).count()


def close_conditions(plan):
    """The condition of `close`: every slot accepted or waived."""
    count = unresolved_slot_count(plan)
    if count:
        return [_("Còn %(count)d kỳ báo cáo chưa được chấp nhận hoặc miễn.") % {"count": count}]
    return []


def _locked_slot(slot):
    return ReportSlot.objects.select_for_update().select_related("task").get(pk=slot.pk)


def _raise(refusal):
    if refusal is not None:
        raise refusal


def _supporting_unit_of(slot, user):
    for link in slot.task.supporting_links.select_related("unit").order_by("id"):
        if has_role(user, Role.REPORTER, link.unit_id):
            return link.unit
    return None


def submit_report(slot, user, *, progress, text="", target_values=(), attachments=(), as_part=False, by_block=False):
    """A reporter of the task's lead unit files a report; returns it. A report filed after the slot's
    due date is `late` (and so is the slot).

    `as_part`: a reporter of a supporting unit files its unit's part on the same slot; the slot stays
    where it is, the lead unit sees the part and consolidates it in its report.

    `target_values` is [(target_id, Decimal)], `attachments` a list of uploaded files; with `by_block`
    the ids are the plan's target blocks' (what the API shows, docs/API.md "The body")."""
    errors = {}
    if not isinstance(progress, int) or isinstance(progress, bool) or not 0 <= progress <= 100:
        errors["progress"] = [_("Tiến độ phải là số nguyên từ 0 đến 100.")]
    text, problem = clean_text(text or "")  # NFC, and the rule of config.text
    if problem:
        errors["text"] = [problem]
    checked = []
    if len(attachments) > max_files():
        errors["attachments"] = [too_many_files_message()]
        attachments = ()  # not even read
    for upload in attachments:
        upload.name, problem = clean_text(upload.name or "", multiline=False)
        if problem:  # a file name can lie too ("bao-cao\u202efdp.exe")
            errors.setdefault("attachments", []).append(_("Tên tệp: %(problem)s") % {"problem": problem})
            continue
        content_type, problem = check_upload(upload)
        if problem:
            errors.setdefault("attachments", []).append(problem)
        checked.append((upload, content_type))
    with audited_write(slot.plan_id, user, Action.REPORT_SUBMITTED, kind=Kind.REPORT, reason="report") as event:
        plan, slot = event.plan, _locked_slot(slot)
        _raise(part_refusal(slot, plan, user) if as_part else report_refusal(slot, plan, user))
        if by_block:
            target_of_block = dict(
                Block.objects.filter(plan=plan, kind=BlockKind.TARGET, target__isnull=False).values_list("pk", "target_id")
            )
        else:
            target_of_block = {pk: pk for pk in plan.targets.values_list("pk", flat=True)}
        for given_id, _value in target_values:
            if given_id not in target_of_block:
                errors.setdefault("target_values", []).append(_("Chỉ tiêu %(id)s không thuộc kế hoạch này.") % {"id": given_id})
        target_values = [(target_of_block.get(t, t), v) for t, v in target_values]
        if len({t for t, _v in target_values}) != len(target_values):
            errors.setdefault("target_values", []).append(_("Mỗi chỉ tiêu chỉ được báo cáo một giá trị."))
        if errors:
            raise InvalidInput(_("Báo cáo không hợp lệ."), errors=errors)
        before = slot.state
        late = timezone.localdate() > slot.due_on
        unit = _supporting_unit_of(slot, user) if as_part else slot.task.lead_unit
        report = Report.objects.create(slot=slot, author=user, unit=unit, progress=progress, text=text, is_part=as_part, late=late)
        for target_id, value in target_values:
            ReportTargetValue.objects.create(report=report, target_id=target_id, value=value)
        for upload, content_type in checked:
            ReportAttachment.objects.create(
                report=report, file=upload, original_name=upload.name[:255], content_type=content_type, size=upload.size
            )
        if as_part:
            event.changes = [{"field": f"slots[{slot.pk}].parts[{unit.pk}].progress", "old": None, "new": progress}]
        else:
            slot.submit()
            slot.late = slot.late or late
            slot.save()
            event.changes = [
                {"field": f"slots[{slot.pk}].state", "old": before, "new": slot.state},
                {"field": f"slots[{slot.pk}].progress", "old": None, "new": progress},
            ]
            if late:
                event.changes.append({"field": f"slots[{slot.pk}].late", "old": False, "new": True})
        store_report_search(plan.pk)
        event.comment = text[:500]
        event.changes += [{"field": f"targets[{t}].reported_value", "old": None, "new": str(v)} for t, v in target_values]
    return report


def store_report_search(plan_id):
    """Fold the text of every report filed on the plan into its search row (plans.search)."""
    PlanSearch.store_reports(plan_id, Report.objects.filter(slot__plan_id=plan_id).values_list("text", flat=True))


DECISIONS = {
    # decision: (the slot's transition, the event's action)
    SlotDecision.Decision.ACCEPT: ("accept", AuditEvent.Action.REPORT_ACCEPTED),
    SlotDecision.Decision.RETURN: ("return_report", AuditEvent.Action.REPORT_RETURNED),
    SlotDecision.Decision.WAIVE: ("waive", AuditEvent.Action.SLOT_WAIVED),
}


def review_slot(slot, user, *, decision, comment=""):
    """The plan's drafter or signer accepts or returns the last report, or waives the slot."""
    comment, problem = clean_text((comment or "").strip())  # NFC, and the rule of config.text
    if problem:
        raise InvalidInput(problem, errors={"comment": [problem]})
    if decision not in DECISIONS:
        message = _("Quyết định phải là accept, return hoặc waive.")
        raise InvalidInput(message, errors={"decision": [message]})
    method, action = DECISIONS[decision]
    with audited_write(slot.plan_id, user, action, kind=Kind.REPORT, reason=comment or action) as event:
        plan, slot = event.plan, _locked_slot(slot)
        _raise(review_refusal(plan, user))
        if not can_proceed(getattr(slot, method)):
            raise WrongState(
                _("Không thể “%(decision)s” kỳ báo cáo đang ở trạng thái “%(state)s”.")
                % {"decision": SlotDecision.Decision(decision).label, "state": slot.get_state_display()}
            )
        if decision in (SlotDecision.Decision.RETURN, SlotDecision.Decision.WAIVE) and not comment:
            message = _("Cần ghi lý do.")
            raise InvalidInput(message, errors={"comment": [message]})
        before = slot.state
        last_report = slot.reports.filter(is_part=False).order_by("-submitted_at", "-id").first()
        SlotDecision.objects.create(
            slot=slot,
            report=last_report if before == SlotState.SUBMITTED else None,
            decided_by=user,
            decision=decision,
            comment=comment,
        )
        getattr(slot, method)()
        slot.save()
        event.comment = comment
        event.changes = [{"field": f"slots[{slot.pk}].state", "old": before, "new": slot.state}]
    return slot


def mark_overdue_slots(today=None):
    """Slots past their date with no report become overdue (run daily by send_reminders)."""
    today = today or timezone.localdate()
    count = 0
    late = ReportSlot.objects.filter(state__in=[SlotState.OPEN, SlotState.RETURNED], due_on__lt=today).values_list("pk", "plan_id")
    for slot_id, plan_id in list(late):
        with audited_write(plan_id, None, Action.SLOT_OVERDUE, kind=Kind.REPORT, reason="overdue") as event:
            slot = ReportSlot.objects.select_for_update().get(pk=slot_id)
            if slot.state not in (SlotState.OPEN, SlotState.RETURNED):
                event.skip()
                continue
            before = slot.state
            slot.mark_overdue()
            slot.save()
            event.from_state = event.to_state = State.REPORTING
            event.changes = [{"field": f"slots[{slot.pk}].state", "old": before, "new": slot.state}]
        count += 1
    return count
