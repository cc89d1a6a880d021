"""PostgreSQL only: the append-only trigger of audit.record.append_only on the history tables added
since audit's migration 0004 (deliveries, signing grants)."""

from django.db import migrations

from audit.record.append_only import install, uninstall

TABLES = ["plans_historicaldelivery", "plans_historicaldelegation"]


def forwards(apps, schema_editor):
    install(schema_editor, TABLES)


def backwards(apps, schema_editor):
    uninstall(schema_editor, TABLES, drop_function=False)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_append_only_triggers"),
        ("plans", "0007_delegation"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
