"""PostgreSQL only: triggers refusing UPDATE and DELETE on the audit and history tables (audit.record.append_only)."""

from django.db import migrations

from audit.record.append_only import install, protected_tables, uninstall


def forwards(apps, schema_editor):
    install(schema_editor, protected_tables(apps))


def backwards(apps, schema_editor):
    uninstall(schema_editor, protected_tables(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_checkpoints_and_covered_rows"),
        ("plans", "0001_initial"),
        ("approvals", "0002_initial"),
        ("reporting", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
