"""Database triggers that refuse UPDATE and DELETE on the record-only tables, PostgreSQL and SQLite.

The protected tables (`protected_tables`): the audit trail (audit_auditevent, audit_checkpoint,
audit_installationkey), the records that are written once and never changed (RECORD_TABLES:
signatures, review decisions, key pairs, signed PDFs) and every django-simple-history table
(historical*) of the apps in HISTORY_APPS. Installed by migrations audit 0004 (PostgreSQL; the
audit and history tables), approvals 0003 (PostgreSQL; comments' history, key pairs) and audit
0007 (both databases, every protected table); on SQLite `ensure_sqlite_triggers` also runs after
every `migrate` (audit.apps), because SQLite rebuilds a table to alter it and its triggers go
with the old one. A refused statement fails with SQLSTATE 23001 (restrict_violation) on
PostgreSQL, SQLITE_CONSTRAINT on SQLite: Django raises IntegrityError either way. A migration that
adds a history-tracked or record-only model must protect its table too;
tests/audit/test_append_only.py fails if one is missed.

The application refuses first (audit.models.AppendOnly). TRUNCATE, DROP TRIGGER and
`session_replication_role` are beyond a trigger: on PostgreSQL the application's role must not own
the tables (`manage.py database_roles`; docs/DESIGN.md "Trust").
"""

TRIGGER = "planflow_append_only"
FUNCTION = "planflow_refuse_change"
SQLITE_PREFIX = "planflow_append_only_"
AUDIT_TABLES = ("audit_auditevent", "audit_checkpoint", "audit_installationkey")
RECORD_TABLES = ("approvals_signature", "approvals_reviewdecision", "approvals_keypair", "documents_signeddocument")
HISTORY_APPS = ("plans", "approvals", "reporting", "planimport")
MESSAGE = "audit and history rows are append-only"

CREATE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'planflow: % on % refused: {MESSAGE}', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END
$$
"""


def protected_tables(apps, records=False):
    """The audit tables and the historical tables of HISTORY_APPS, in the given app registry; with
    `records`, also RECORD_TABLES."""
    tables = list(AUDIT_TABLES) + (list(RECORD_TABLES) if records else [])
    for app_label in HISTORY_APPS:
        try:
            config = apps.get_app_config(app_label)
        except LookupError:  # a migration's state before the app's first migration
            continue
        for model in config.get_models():
            if model.__name__.startswith("Historical"):
                tables.append(model._meta.db_table)
    return tables


def sqlite_trigger_sql(table, operation):
    """(name, CREATE statement) of the SQLite trigger refusing `operation` (UPDATE or DELETE) on `table`."""
    name = f"{SQLITE_PREFIX}{operation.lower()}_{table}"
    message = f"planflow: {operation} on {table} refused: {MESSAGE}"
    return name, f'CREATE TRIGGER IF NOT EXISTS "{name}" BEFORE {operation} ON "{table}" BEGIN SELECT RAISE(ABORT, \'{message}\'); END'


def ensure_sqlite_triggers(connection, tables):
    """Create the missing SQLite triggers of `tables` that exist (idempotent)."""
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in (t for t in tables if t in existing):
            for operation in ("UPDATE", "DELETE"):
                cursor.execute(sqlite_trigger_sql(table, operation)[1])


def install(schema_editor, tables):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        ensure_sqlite_triggers(schema_editor.connection, tables)
    if vendor != "postgresql":
        return
    schema_editor.execute(CREATE_FUNCTION, params=None)  # no placeholders: its % are plpgsql
    for table in tables:
        name = schema_editor.quote_name(table)
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {name}")
        schema_editor.execute(f"CREATE TRIGGER {TRIGGER} BEFORE UPDATE OR DELETE ON {name} FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()")


def uninstall(schema_editor, tables, drop_function=True):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for table in tables:
            for operation in ("UPDATE", "DELETE"):
                schema_editor.execute(f'DROP TRIGGER IF EXISTS "{sqlite_trigger_sql(table, operation)[0]}"')
    if vendor != "postgresql":
        return
    for table in tables:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {schema_editor.quote_name(table)}")
    if drop_function:
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
