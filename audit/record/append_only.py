"""PostgreSQL triggers that refuse UPDATE and DELETE on the audit trail's tables.

Installed by migration audit 0004 on: audit_auditevent, audit_checkpoint, audit_installationkey
and every django-simple-history table (historical*) of the apps in HISTORY_APPS. A refused
statement fails with SQLSTATE 23001 (restrict_violation), which Django raises as IntegrityError.
A migration that adds a history-tracked model must call `install` for its table too;
tests/audit/test_append_only.py fails on PostgreSQL if one is missed.

TRUNCATE is not refused: the test runner empties tables with it, and it needs the table owner's
rights — run the application under a database role that does not own the tables. On SQLite there
are no triggers: the application refuses (audit.models.AppendOnly) and audit.verify.trail catches a
direct change.
"""

TRIGGER = "planflow_append_only"
FUNCTION = "planflow_refuse_change"
AUDIT_TABLES = ("audit_auditevent", "audit_checkpoint", "audit_installationkey")
HISTORY_APPS = ("plans", "approvals", "reporting")

CREATE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'planflow: % on % refused: audit and history rows are append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END
$$
"""


def protected_tables(apps):
    """The audit tables and the historical tables of HISTORY_APPS, in the given app registry."""
    tables = list(AUDIT_TABLES)
    for app_label in HISTORY_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if model.__name__.startswith("Historical"):
                tables.append(model._meta.db_table)
    return tables


def install(schema_editor, tables):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE_FUNCTION, params=None)  # no placeholders: its % are plpgsql
    for table in tables:
        name = schema_editor.quote_name(table)
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {name}")
        schema_editor.execute(f"CREATE TRIGGER {TRIGGER} BEFORE UPDATE OR DELETE ON {name} FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()")


def uninstall(schema_editor, tables, drop_function=True):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in tables:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {schema_editor.quote_name(table)}")
    if drop_function:
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
