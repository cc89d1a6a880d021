"""The append-only trigger of audit.record.append_only on the history table of imported sources
(like plans 0010): its rows are covered by the plan's audit chain."""

from django.db import migrations

from audit.record.append_only import install, uninstall

TABLES = ["planimport_historicalimportedsource"]


def forwards(apps, schema_editor):
    install(schema_editor, TABLES)


def backwards(apps, schema_editor):
    uninstall(schema_editor, TABLES, drop_function=False)


class Migration(migrations.Migration):
    dependencies = [("planimport", "0001_initial"), ("audit", "0009_import_action")]

    operations = [migrations.RunPython(forwards, backwards)]
