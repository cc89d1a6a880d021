"""The trail is append-only: the application refuses to change or delete audit rows and records
everywhere, and triggers refuse UPDATE and DELETE on the audit, record and history tables outright,
on PostgreSQL and on SQLite."""

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from simple_history.models import registered_models

from approvals.models import KeyPair, ReviewDecision, Signature
from audit.models import AppendOnly, AppendOnlyError, AuditEvent, Checkpoint, InstallationKey
from audit.record.append_only import AUDIT_TABLES, RECORD_TABLES, SQLITE_PREFIX, TRIGGER, protected_tables
from audit.record.checkpoints import write_checkpoint
from audit.record.keys import installation_key

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [AuditEvent, Checkpoint, InstallationKey, Signature, ReviewDecision, KeyPair])
def test_the_application_refuses_to_change_or_delete_audit_rows(full_plan, model):
    write_checkpoint()
    row = model.objects.order_by("pk").first()
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        model.objects.filter(pk=row.pk).update(pk=row.pk)
    with pytest.raises(AppendOnlyError):
        model.objects.filter(pk=row.pk).delete()
    assert model.objects.filter(pk=row.pk).exists()


def test_every_record_table_is_append_only_in_the_application():
    tables = {model._meta.db_table for model in apps.get_models() if issubclass(model, AppendOnly)}
    assert set(RECORD_TABLES) | set(AUDIT_TABLES) <= tables


def _triggered_tables():
    """Tables with the append-only trigger (PostgreSQL), or with both of them (SQLite)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT tbl_name, count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s GROUP BY tbl_name",
                [SQLITE_PREFIX + "%"],
            )
            return {name for name, count in cursor.fetchall() if count == 2}
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname = %s AND NOT t.tgisinternal",
            [TRIGGER],
        )
        return {name for (name,) in cursor.fetchall()}


def _history_tables():
    return {model._meta.db_table for model in registered_models.values() for model in [model.history.model]}


def test_every_audit_record_and_history_table_has_the_trigger():
    expected = set(AUDIT_TABLES) | set(RECORD_TABLES) | _history_tables()
    assert expected <= _triggered_tables()
    assert set(protected_tables(apps, records=True)) <= _triggered_tables()


def test_the_triggers_refuse_update_and_delete_on_every_protected_table(full_plan, imported_plan):
    write_checkpoint()
    tables = sorted(set(AUDIT_TABLES) | set(RECORD_TABLES) | _history_tables())
    refused = []
    with connection.cursor() as cursor:
        for table in tables:
            pk = "history_id" if "historical" in table else "id"
            cursor.execute(f'SELECT min("{pk}") FROM "{table}"')
            (row_id,) = cursor.fetchone()
            if table == "documents_signeddocument" and row_id is None:
                continue  # signed PDFs are off in this fixture; tests/documents make them
            assert row_id is not None, f"{table} has no row to try: the fixture should write one"
            for statement in (f'UPDATE "{table}" SET "{pk}" = "{pk}" WHERE "{pk}" = %s', f'DELETE FROM "{table}" WHERE "{pk}" = %s'):
                with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
                    cursor.execute(statement, [row_id])
            cursor.execute(f'SELECT count(*) FROM "{table}" WHERE "{pk}" = %s', [row_id])
            assert cursor.fetchone() == (1,)
            refused.append(table)
    assert {"audit_auditevent", "plans_historicalplan", "audit_installationkey", "approvals_signature", "approvals_reviewdecision"} <= set(
        refused
    )


@pytest.mark.postgres
def test_the_migration_installs_and_removes_the_triggers():
    migration = __import__("audit.migrations.0004_append_only_triggers", fromlist=["forwards", "backwards"])
    others = _triggered_tables() - set(protected_tables(apps))  # installed by later migrations (approvals, audit 0007)
    with connection.schema_editor() as editor:
        for table in others:  # unapplied first in a real rollback, since they depend on 0004
            editor.execute(f'DROP TRIGGER {TRIGGER} ON "{table}"')
        migration.backwards(apps, editor)
    assert not _triggered_tables() & set(protected_tables(apps))
    with connection.schema_editor() as editor:
        migration.forwards(apps, editor)
    assert set(protected_tables(apps)) <= _triggered_tables()


def test_the_installation_key_is_one_row(db):
    first, second = installation_key(), installation_key()
    assert first.pk == second.pk and InstallationKey.objects.count() == 1
