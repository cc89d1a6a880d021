"""Report slots (one per task, schedule and due date), the reports units file on them, and decisions.

A slot's `state` is its own protected django-fsm-2 field; only reporting.services moves it.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition
from simple_history.models import HistoricalRecords

from accounts.models import Organization
from config.text import SafeCharField, SafeTextField
from filestore.storage import record_storage
from plans.models import DECIMAL_KW, Plan, ScheduleKind, Target, Task


class SlotState(models.TextChoices):
    OPEN = "open", _("Chờ báo cáo")
    SUBMITTED = "submitted", _("Đã nộp")
    ACCEPTED = "accepted", _("Đã chấp nhận")
    RETURNED = "returned", _("Trả lại")
    OVERDUE = "overdue", _("Quá hạn")
    WAIVED = "waived", _("Miễn báo cáo")


RESOLVED_STATES = (SlotState.ACCEPTED, SlotState.WAIVED)
AWAITING_REPORT = [SlotState.OPEN, SlotState.RETURNED, SlotState.OVERDUE]


class ReportSlot(FSMModelMixin, models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="report_slots")
    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="report_slots")
    due_on = models.DateField(_("hạn báo cáo"))
    # Which of the task's reporting schedules the slot is for (its kind: plans.models.ScheduleKind): a
    # task reported monthly and yearly has a December slot of each, both due 15/12.
    schedule_kind = models.CharField(_("lịch báo cáo"), max_length=10, choices=ScheduleKind.choices, blank=True, default="")
    # The period the report covers (reporting.schedules): cut to the plan's period; the label is the
    # calendar period's ("Quý I/2024"). A `once` slot without a plan period has no start.
    period_start = models.DateField(_("từ ngày"), null=True, blank=True)
    period_end = models.DateField(_("đến ngày"), null=True, blank=True)
    period_label = SafeCharField(_("kỳ"), max_length=60, blank=True, default="")
    # True once a report came after `due_on` (set by reporting.services.submit_report).
    late = models.BooleanField(_("nộp muộn"), default=False)
    # The plan that replaced this slot's plan took the duty over (issue 19): set when the slot closes
    # at the successor's issue; the successor's start_reporting opens it again on its matching task.
    moved_to = models.ForeignKey(
        Plan, verbose_name=_("chuyển sang kế hoạch"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    state = FSMField(_("trạng thái"), default=SlotState.OPEN, choices=SlotState.choices, protected=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The task's lead unit, copied when the slot is made (reporting.services; a task's lead unit is
    # fixed once the plan reports: only drafts are edited), so the inbox finds a unit's waiting slots
    # with the index below instead of through the tasks of every plan (issue 18's speed goal).
    lead_unit = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị chủ trì"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["due_on", "id"]
        constraints = [models.UniqueConstraint(fields=["task", "schedule_kind", "due_on"], name="report_slot_unique_schedule_due")]
        indexes = [
            models.Index(fields=["plan", "state"]),
            models.Index(fields=["state", "due_on"]),
            # the inbox's report duties: a unit's slots waiting for a report, by due date
            models.Index(fields=["lead_unit", "due_on"], condition=models.Q(state__in=AWAITING_REPORT), name="report_slot_awaiting_unit"),
        ]

    def __str__(self):
        return f"{self.task_id} — {self.period_label or self.due_on}"

    @property
    def period(self):
        """{"from", "to", "label"} as docs/API.md writes it."""
        return {
            "from": self.period_start.isoformat() if self.period_start else None,
            "to": self.period_end.isoformat() if self.period_end else None,
            "label": self.period_label,
        }

    @transition(field="state", source=AWAITING_REPORT, target=SlotState.SUBMITTED)
    def submit(self):
        pass

    @transition(field="state", source=SlotState.SUBMITTED, target=SlotState.ACCEPTED)
    def accept(self):
        pass

    @transition(field="state", source=SlotState.SUBMITTED, target=SlotState.RETURNED)
    def return_report(self):
        pass

    @transition(field="state", source=[*AWAITING_REPORT, SlotState.SUBMITTED], target=SlotState.WAIVED)
    def waive(self):
        pass

    @transition(field="state", source=[SlotState.OPEN, SlotState.RETURNED], target=SlotState.OVERDUE)
    def mark_overdue(self):
        pass


class Report(models.Model):
    """One filing on a slot; a resubmission after a return is a new report."""

    slot = models.ForeignKey(ReportSlot, on_delete=models.PROTECT, related_name="reports")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    # A supporting unit's part of the slot's report (the lead unit consolidates the parts; a part
    # does not move the slot).
    is_part = models.BooleanField(_("phần của đơn vị phối hợp"), default=False)
    late = models.BooleanField(_("nộp muộn"), default=False)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)])
    text = SafeTextField(_("nội dung báo cáo"), blank=True, max_length=50000)
    submitted_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["submitted_at", "id"]

    def __str__(self):
        return f"{self.slot_id}: {self.progress}%"


class ReportTargetValue(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="target_values")
    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="reported_values")
    value = models.DecimalField(**DECIMAL_KW)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "target"], name="report_target_value_unique")]

    def __str__(self):
        return f"{self.target_id} = {self.value}"


class ReportAttachment(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="reports/%Y/%m/", storage=record_storage)
    original_name = SafeCharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    history = HistoricalRecords()

    def __str__(self):
        return self.original_name


class SlotDecision(models.Model):
    class Decision(models.TextChoices):
        ACCEPT = "accept", _("Chấp nhận")
        RETURN = "return", _("Trả lại")
        WAIVE = "waive", _("Miễn báo cáo")

    slot = models.ForeignKey(ReportSlot, on_delete=models.PROTECT, related_name="decisions")
    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    comment = SafeTextField(blank=True)
    decided_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["decided_at", "id"]

    def __str__(self):
        return f"{self.slot_id}: {self.decision}"


class ReminderLog(models.Model):
    """One row per reminder sent (a slot's, by its key: the slot, with the ISO week for the weekly
    ones) and per person and day mailed, so `send_reminders` never sends the same one twice."""

    class Kind(models.TextChoices):
        BEFORE_DUE = "before_due", _("Nhắc trước hạn")
        ON_DUE = "on_due", _("Nhắc đúng hạn")
        OVERDUE = "overdue", _("Nhắc quá hạn (hằng tuần)")
        WEEKLY_DIGEST = "weekly_digest", _("Tổng hợp hằng tuần")
        DAILY_MAIL = "daily_mail", _("Thư nhắc trong ngày của một người")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=100, help_text="slot id (and ISO week), plan id and ISO week, or user id and day")
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="reminder_once")]

    def __str__(self):
        return f"{self.kind}:{self.key}"
