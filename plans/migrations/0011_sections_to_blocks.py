"""Data: every plan's sections, targets and tasks become its body's blocks (plans.blocks.legacy_blocks),
the target and task blocks owning the existing Target and Task rows, so slots and reported values
keep pointing where they did. Each plan's chain records it in one event under no person (the
system), covering the new rows, so audit_verify still passes. The plan's content (and so its hash
and its signatures) is unchanged: a body that says no more than its parts is not part of it.

It runs the application's own writer (plans.services.write_body under plans.audited.audited_write),
so it depends on the latest migration of every app those touch."""

from django.db import migrations

BATCH = 500


def forwards(apps, schema_editor):
    from audit.models import AuditEvent
    from plans.audited import audited_write
    from plans.models import Block, Plan, Section, Target, Task
    from plans.services import legacy_body_items, write_body

    with_parts = Plan.objects.filter(pk__in=Section.objects.values("plan_id")) | Plan.objects.filter(
        pk__in=Target.objects.values("plan_id")
    ) | Plan.objects.filter(pk__in=Task.objects.values("plan_id"))
    ids = list(with_parts.exclude(pk__in=Block.objects.values("plan_id")).order_by("pk").values_list("pk", flat=True).distinct())
    for plan_id in ids:
        with audited_write(plan_id, None, AuditEvent.Action.EDIT, kind=AuditEvent.Kind.EDIT, reason="blocks") as event:
            write_body(event.plan, legacy_body_items(event.plan))
            event.comment = "Chuyển nội dung (mục, chỉ tiêu, nhiệm vụ) thành các khối của văn bản."


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0010_blocks_append_only"),
        ("accounts", "0003_safe_text_fields"),
        ("audit", "0008_after_issue"),
        ("approvals", "0006_trust_list_and_device_signatures"),
        ("reporting", "0003_record_storage"),
        ("documents", "0002_record_storage"),
        ("workflow", "0002_task_digest_log"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
