"""Slots per schedule and period: a task may carry several reporting schedules (plans.Task.more_schedules,
"hằng tháng (trước ngày 15) và hằng năm (trước ngày 15 tháng 12)"), so a slot names its schedule's kind
and the uniqueness is (task, schedule kind, due date): the December monthly slot and the yearly slot are
both due 15/12.

Existing slots were made from their task's one schedule: each gets that schedule's kind. History rows
are left as written (a past row did not record the kind). The fill is one UPDATE per schedule kind
(a migration's models write no history row either way; a row-by-row save would take minutes on a
100k-plan database for the same result)."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_schedule_kind(apps, schema_editor):
    ReportSlot = apps.get_model("reporting", "ReportSlot")
    Task = apps.get_model("plans", "Task")
    kinds = Task.objects.filter(pk=OuterRef("task_id")).values("schedule_kind")[:1]
    ReportSlot.objects.filter(schedule_kind="").update(schedule_kind=Subquery(kinds))


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0016_task_more_schedules"),
        ("reporting", "0008_slot_moved_to"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalreportslot",
            name="schedule_kind",
            field=models.CharField(blank=True, default="", max_length=10, verbose_name="lịch báo cáo"),
        ),
        migrations.AddField(
            model_name="reportslot",
            name="schedule_kind",
            field=models.CharField(blank=True, default="", max_length=10, verbose_name="lịch báo cáo"),
        ),
        migrations.RunPython(fill_schedule_kind, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="reportslot",
            name="report_slot_unique_due",
        ),
        migrations.AddConstraint(
            model_name="reportslot",
            constraint=models.UniqueConstraint(fields=("task", "schedule_kind", "due_on"), name="report_slot_unique_schedule_due"),
        ),
    ]
