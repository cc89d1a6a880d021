"""Writing behind the system's back, as someone with the database owner's rights would: the
append-only triggers (audit.record.append_only) are off for the statement, inside the test's
transaction. PostgreSQL: `SET LOCAL session_replication_role = replica` (what the application's own
role may not do, tests/test_database_roles.py); SQLite: the triggers are dropped and made again."""

from contextlib import contextmanager

from django.db import connection, transaction

from audit.record.append_only import SQLITE_PREFIX


def drop_sqlite_triggers():
    """Drop the SQLite append-only triggers (nothing on PostgreSQL, whose flush is TRUNCATE); returns
    [(name, its CREATE statement)]."""
    if connection.vendor != "sqlite":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [SQLITE_PREFIX + "%"])
        triggers = cursor.fetchall()
        for name, _sql in triggers:
            cursor.execute(f'DROP TRIGGER "{name}"')
    return triggers


@contextmanager
def triggers_off():
    with transaction.atomic(), connection.cursor() as cursor:  # SET LOCAL needs a transaction (a test may commit)
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
            try:
                yield
            finally:
                cursor.execute("SET LOCAL session_replication_role = origin")
            return
        triggers = drop_sqlite_triggers()
        try:
            yield
        finally:
            for _name, sql in triggers:
                cursor.execute(sql)


def behind_the_back(sql, params=()):
    """Run `sql` with the append-only triggers off."""
    with triggers_off(), connection.cursor() as cursor:
        cursor.execute(sql, params)
