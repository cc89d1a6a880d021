"""The reporting phase: slots from task schedules, reports on them, and decisions.

Every write locks the plan row first (then the slot), appends to the plan's audit chain and runs
under `audit.context.acting`, like workflow.services.perform. Refusals are raised before writing.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from accounts.models import Role
from accounts.roles import has_role
from audit.chain import append_event
from audit.context import acting
from config.text import clean_text
from plans.models import Plan
from workflow.lifecycle import State
from workflow.refusals import InvalidInput, NotPermitted, WrongState
from workflow.rules import DRAFTER_OF_PLAN, PLAN_SIGNER, relations

from .attachments import check_upload, max_files, too_many_files_message
from .models import RESOLVED_STATES, Report, ReportAttachment, ReportSlot, ReportTargetValue, SlotDecision, SlotState
from .schedules import due_dates


def reporting_period(plan):
    """The plan's period (start, end), or None when it has none."""
    if plan.period_start and plan.period_end:
        return plan.period_start, plan.period_end
    return None


def task_due_dates(task, period):
    """Due dates of `task` inside `period`. Without a period only a `once` date has a place."""
    if period is None:
        return [task.schedule_date] if task.schedule_kind == "once" and task.schedule_date else []
    return due_dates(task.schedule_kind, *period, on=task.schedule_date, day=task.schedule_day, month=task.schedule_month)


def create_slots(plan):
    """Called by `start_reporting` inside its transaction: one slot per task and due date.
    Slots already past their date are created overdue."""
    today = timezone.localdate()
    period = reporting_period(plan)
    created = []
    for task in plan.tasks.all():
        for due_on in task_due_dates(task, period):
            slot = ReportSlot(plan=plan, task=task, due_on=due_on)
            if due_on < today:
                slot.mark_overdue()
            slot.save()
            created.append(slot)
    return created


def unresolved_slot_count(plan):
    return ReportSlot.objects.filter(plan=plan).exclude(state__in=RESOLVED_STATES).count()


def _lock(slot):
    plan = Plan.objects.select_for_update().get(pk=slot.plan_id)
    locked = ReportSlot.objects.select_for_update().select_related("task").get(pk=slot.pk)
    return plan, locked


def _refuse_if_closed(plan):
    if plan.state == State.CLOSED:
        raise NotPermitted(_("Kế hoạch đã kết thúc: chỉ được xem, không được thay đổi."))
    if plan.state != State.REPORTING:
        raise WrongState(_("Kế hoạch chưa ở giai đoạn báo cáo."))


def refuse_unless_reporter(slot, user):
    """403 for anyone but a reporter of the task's lead unit (the API asks before it reads the body)."""
    if not has_role(user, Role.REPORTER, slot.task.lead_unit_id):
        raise NotPermitted(_("Chỉ đơn vị chủ trì nhiệm vụ này được báo cáo."))


def refuse_unless_slot_reviewer(plan, user):
    """403 for anyone but the plan's drafter or signer (the API asks before it reads the body)."""
    if not relations(plan, user) & {DRAFTER_OF_PLAN, PLAN_SIGNER}:
        raise NotPermitted(_("Chỉ người soạn thảo hoặc người ký kế hoạch được xét báo cáo."))


def submit_report(slot, user, *, progress, text="", target_values=(), attachments=()):
    """A reporter of the task's lead unit files a report; returns it.

    `target_values` is [(target_id, Decimal)], `attachments` a list of uploaded files."""
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
    with transaction.atomic():
        plan, slot = _lock(slot)
        refuse_unless_reporter(slot, user)
        _refuse_if_closed(plan)
        if slot.state not in (SlotState.OPEN, SlotState.RETURNED, SlotState.OVERDUE):
            raise WrongState(
                _("Kỳ báo cáo này đang ở trạng thái “%(state)s”, không nhận báo cáo mới.") % {"state": slot.get_state_display()}
            )
        plan_target_ids = set(plan.targets.values_list("pk", flat=True))
        for target_id, _value in target_values:
            if target_id not in plan_target_ids:
                errors.setdefault("target_values", []).append(_("Chỉ tiêu %(id)s không thuộc kế hoạch này.") % {"id": target_id})
        if len({t for t, _v in target_values}) != len(target_values):
            errors.setdefault("target_values", []).append(_("Mỗi chỉ tiêu chỉ được báo cáo một giá trị."))
        if errors:
            raise InvalidInput(_("Báo cáo không hợp lệ."), errors=errors)
        before = slot.state
        with acting(user, "report"):
            report = Report.objects.create(slot=slot, author=user, unit=slot.task.lead_unit, progress=progress, text=text)
            for target_id, value in target_values:
                ReportTargetValue.objects.create(report=report, target_id=target_id, value=value)
            for upload, content_type in checked:
                ReportAttachment.objects.create(
                    report=report, file=upload, original_name=upload.name[:255], content_type=content_type, size=upload.size
                )
            slot.submit()
            slot.save()
            changes = [
                {"field": f"slots[{slot.pk}].state", "old": before, "new": slot.state},
                {"field": f"slots[{slot.pk}].progress", "old": None, "new": progress},
            ]
            changes += [{"field": f"targets[{t}].reported_value", "old": None, "new": str(v)} for t, v in target_values]
            append_event(
                plan,
                kind="report",
                action="report_submitted",
                actor=user,
                from_state=plan.state,
                to_state=plan.state,
                comment=text[:500],
                changes=changes,
            )
    return report


DECISIONS = {
    SlotDecision.Decision.ACCEPT: ("accept", "report_accepted"),
    SlotDecision.Decision.RETURN: ("return_report", "report_returned"),
    SlotDecision.Decision.WAIVE: ("waive", "slot_waived"),
}


def review_slot(slot, user, *, decision, comment=""):
    """The plan's drafter or signer accepts or returns the last report, or waives the slot."""
    comment, problem = clean_text((comment or "").strip())  # NFC, and the rule of config.text
    if problem:
        raise InvalidInput(problem, errors={"comment": [problem]})
    if decision not in DECISIONS:
        message = _("Quyết định phải là accept, return hoặc waive.")
        raise InvalidInput(message, errors={"decision": [message]})
    with transaction.atomic():
        plan, slot = _lock(slot)
        refuse_unless_slot_reviewer(plan, user)
        _refuse_if_closed(plan)
        method, action = DECISIONS[decision]
        if not can_proceed(getattr(slot, method)):
            raise WrongState(
                _("Không thể “%(decision)s” kỳ báo cáo đang ở trạng thái “%(state)s”.")
                % {"decision": SlotDecision.Decision(decision).label, "state": slot.get_state_display()}
            )
        if decision in (SlotDecision.Decision.RETURN, SlotDecision.Decision.WAIVE) and not comment:
            message = _("Cần ghi lý do.")
            raise InvalidInput(message, errors={"comment": [message]})
        before = slot.state
        last_report = slot.reports.order_by("-submitted_at", "-id").first()
        with acting(user, comment or action):
            SlotDecision.objects.create(
                slot=slot,
                report=last_report if before == SlotState.SUBMITTED else None,
                decided_by=user,
                decision=decision,
                comment=comment,
            )
            getattr(slot, method)()
            slot.save()
            append_event(
                plan,
                kind="report",
                action=action,
                actor=user,
                from_state=plan.state,
                to_state=plan.state,
                comment=comment,
                changes=[{"field": f"slots[{slot.pk}].state", "old": before, "new": slot.state}],
            )
    return slot


def mark_overdue_slots(today=None):
    """Slots past their date with no report become overdue (run daily by send_reminders)."""
    today = today or timezone.localdate()
    count = 0
    late = ReportSlot.objects.filter(state__in=[SlotState.OPEN, SlotState.RETURNED], due_on__lt=today).values_list("pk", "plan_id")
    for slot_id, plan_id in list(late):
        with transaction.atomic():
            plan = Plan.objects.select_for_update().get(pk=plan_id)
            slot = ReportSlot.objects.select_for_update().get(pk=slot_id)
            if slot.state not in (SlotState.OPEN, SlotState.RETURNED):
                continue
            before = slot.state
            with acting(None, "overdue"):
                slot.mark_overdue()
                slot.save()
                append_event(
                    plan,
                    kind="report",
                    action="slot_overdue",
                    actor=None,
                    from_state=State.REPORTING,
                    to_state=State.REPORTING,
                    changes=[{"field": f"slots[{slot.pk}].state", "old": before, "new": slot.state}],
                )
            count += 1
    return count
