"""Triggers refusing UPDATE and DELETE on every record-only table — the audit trail, the history
tables, signatures, review decisions, key pairs, signed PDFs — on PostgreSQL and on SQLite
(audit.record.append_only)."""

from django.db import migrations

from audit.record.append_only import RECORD_TABLES, install, protected_tables, uninstall


def forwards(apps, schema_editor):
    install(schema_editor, protected_tables(apps, records=True))


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        uninstall(schema_editor, protected_tables(apps, records=True))
    else:  # the audit and history tables keep the triggers of audit 0004 and approvals 0003
        uninstall(schema_editor, [t for t in RECORD_TABLES if t != "approvals_keypair"], drop_function=False)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0006_alter_auditevent_action"),
        ("approvals", "0005_safe_text_fields"),
        ("documents", "0001_initial"),
        ("plans", "0002_safe_text_fields"),
        ("reporting", "0002_safe_text_fields"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
