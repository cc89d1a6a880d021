"""PostgreSQL only: the append-only trigger of audit.record.append_only on the history tables of
blocks and task parties (like 0008)."""

from django.db import migrations

from audit.record.append_only import install, uninstall

TABLES = ["plans_historicalblock", "plans_historicaltaskparty"]


def forwards(apps, schema_editor):
    install(schema_editor, TABLES)


def backwards(apps, schema_editor):
    uninstall(schema_editor, TABLES, drop_function=False)


class Migration(migrations.Migration):
    dependencies = [("plans", "0009_blocks")]

    operations = [migrations.RunPython(forwards, backwards)]
