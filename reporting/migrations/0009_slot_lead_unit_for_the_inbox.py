"""Issue 18's inbox speed: each report slot carries its task's lead unit (the inbox finds a unit's
waiting slots by the partial index, not through the tasks of every plan).

The existing slots get their task's lead unit in one UPDATE. That is the copy of a column made here,
not a change of any slot: no history row is written for it, and the slots' history rows keep NULL
(the history tables are append-only, audit.record.append_only). From here on reporting.services
sets it when it makes a slot; a task's lead unit does not change once its plan reports.
(Another branch may add a reporting migration 0009 too: renumber this one at the merge.)
"""

import django.db.models.deletion
from django.db import migrations, models


def copy_lead_units(apps, schema_editor):
    ReportSlot = apps.get_model("reporting", "ReportSlot")
    Task = apps.get_model("plans", "Task")
    lead = Task.objects.filter(pk=models.OuterRef("task_id")).values("lead_unit_id")[:1]
    ReportSlot.objects.filter(lead_unit__isnull=True).update(lead_unit_id=models.Subquery(lead))


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_symbol_suffix'),
        ('plans', '0015_search_body_and_reports'),
        ('reporting', '0008_slot_moved_to'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalreportslot',
            name='lead_unit',
            field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.organization', verbose_name='đơn vị chủ trì'),
        ),
        migrations.AddField(
            model_name='reportslot',
            name='lead_unit',
            field=models.ForeignKey(blank=True, db_index=False, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.organization', verbose_name='đơn vị chủ trì'),
        ),
        migrations.RunPython(copy_lead_units, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='reportslot',
            index=models.Index(condition=models.Q(('state__in', ['open', 'returned', 'overdue'])), fields=['lead_unit', 'due_on'], name='report_slot_awaiting_unit'),
        ),
    ]
