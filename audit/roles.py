"""PostgreSQL roles: one owns the schema and runs migrations, the application's gets only rows.

The application's role (DATABASE_URL's user) may SELECT, INSERT, UPDATE and DELETE on every table
and use the sequences, and nothing else: it owns nothing, so it cannot DROP or DISABLE a trigger,
ALTER or TRUNCATE a table; it is no superuser, so it cannot `SET session_replication_role =
replica` (which would silence every trigger). The append-only triggers (audit.record.append_only)
then hold against the application itself and whoever takes over its connection. The owner role
(PLANFLOW_MIGRATE_DATABASE_URL's user) owns the tables and runs `migrate`; tables it makes later
(the cache table planflow_cache, a new model's) reach the application through ALTER DEFAULT
PRIVILEGES.

`grant_statements` is what `manage.py database_roles` runs as a superuser; `role_problems` says
what is wrong with a role now (its check and tests/test_database_roles.py use it);
`owned_tables` serves the deploy check (audit.checks).
"""

from psycopg import sql

TABLE_RIGHTS = "SELECT, INSERT, UPDATE, DELETE"
NOT_GRANTED = ("TRUNCATE", "TRIGGER", "REFERENCES")
RELATIONS = "('r', 'p', 'v', 'm')"  # tables, partitioned tables, views, materialized views
ROLE_LIMITS = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"


def _role_statement(cursor, name, password):
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name])
    verb = "ALTER" if cursor.fetchone() else "CREATE"
    statement = sql.SQL(f"{verb} ROLE {{}} WITH {ROLE_LIMITS}").format(sql.Identifier(name))
    if password:
        statement += sql.SQL(" PASSWORD {}").format(sql.Literal(password))
    return statement


def grant_statements(cursor, owner, owner_password, app, app_password, schema="public"):
    """The statements that make (or correct) both roles and hand the schema to `owner`."""
    owner_id, app_id, schema_id = sql.Identifier(owner), sql.Identifier(app), sql.Identifier(schema)
    cursor.execute("SELECT current_database()")
    database = sql.Identifier(cursor.fetchone()[0])
    statements = [
        _role_statement(cursor, owner, owner_password),
        _role_statement(cursor, app, app_password),
        sql.SQL("REVOKE {} FROM {}").format(owner_id, app_id) if _member(cursor, app, owner) else None,
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}, {}").format(database, owner_id, app_id),
        sql.SQL("ALTER SCHEMA {} OWNER TO {}").format(schema_id, owner_id),
        sql.SQL("REVOKE CREATE ON SCHEMA {} FROM PUBLIC").format(schema_id),
        sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(schema_id, app_id),
    ]
    cursor.execute(
        f"SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        f"WHERE n.nspname = %s AND c.relkind IN {RELATIONS} ORDER BY c.relname",
        [schema],
    )
    for (table,) in cursor.fetchall():  # a table's own sequences (identity, serial) follow it
        statements.append(sql.SQL("ALTER TABLE {}.{} OWNER TO {}").format(schema_id, sql.Identifier(table), owner_id))
    cursor.execute(
        "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = %s",
        [schema],
    )
    for (function,) in cursor.fetchall():
        statements.append(sql.SQL("ALTER FUNCTION {} OWNER TO {}").format(sql.SQL(function), owner_id))
    statements += [
        sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA {} FROM {}").format(schema_id, app_id),
        sql.SQL("REVOKE ALL ON ALL SEQUENCES IN SCHEMA {} FROM {}").format(schema_id, app_id),
        sql.SQL(f"GRANT {TABLE_RIGHTS} ON ALL TABLES IN SCHEMA {{}} TO {{}}").format(schema_id, app_id),
        sql.SQL("GRANT USAGE ON ALL SEQUENCES IN SCHEMA {} TO {}").format(schema_id, app_id),
        sql.SQL(f"ALTER DEFAULT PRIVILEGES FOR ROLE {{}} IN SCHEMA {{}} GRANT {TABLE_RIGHTS} ON TABLES TO {{}}").format(
            owner_id, schema_id, app_id
        ),
        sql.SQL("ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA {} GRANT USAGE ON SEQUENCES TO {}").format(owner_id, schema_id, app_id),
    ]
    return [statement for statement in statements if statement is not None]


def _member(cursor, member, role):
    cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = %s) AND pg_has_role(%s, %s, 'MEMBER')", [role, member, role])
    return cursor.fetchone()[0]


def role_problems(cursor, app, schema="public"):
    """Everything the application role `app` may do beyond rows, or may not do that it needs."""
    cursor.execute("SELECT rolsuper, rolreplication, rolbypassrls, rolcreaterole FROM pg_roles WHERE rolname = %s", [app])
    flags = cursor.fetchone()
    if flags is None:
        return [f"Vai trò {app} không tồn tại."]
    problems = [
        f"Vai trò {app} có quyền {name}."
        for name, held in zip(("SUPERUSER", "REPLICATION", "BYPASSRLS", "CREATEROLE"), flags, strict=True)
        if held
    ]
    cursor.execute(
        f"SELECT c.relname, pg_get_userbyid(c.relowner), pg_has_role(%s, c.relowner, 'USAGE'), "
        f"has_table_privilege(%s, c.oid, 'SELECT') AND has_table_privilege(%s, c.oid, 'INSERT') "
        f"AND has_table_privilege(%s, c.oid, 'UPDATE') AND has_table_privilege(%s, c.oid, 'DELETE'), "
        f"has_table_privilege(%s, c.oid, 'TRUNCATE') OR has_table_privilege(%s, c.oid, 'TRIGGER') "
        f"OR has_table_privilege(%s, c.oid, 'REFERENCES') "
        f"FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relkind IN {RELATIONS} ORDER BY 1",
        [app] * 8 + [schema],
    )
    for table, owner, owns, rows, more in cursor.fetchall():
        if owns:
            problems.append(f"Vai trò {app} là (hoặc thuộc) chủ sở hữu bảng {table} ({owner}).")
        elif not rows:
            problems.append(f"Vai trò {app} thiếu quyền SELECT/INSERT/UPDATE/DELETE trên bảng {table}.")
        elif more:
            problems.append(f"Vai trò {app} có quyền TRUNCATE, TRIGGER hoặc REFERENCES trên bảng {table}.")
    cursor.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %s AND CASE WHEN c.relkind = 'S' THEN NOT has_sequence_privilege(%s, c.oid, 'USAGE') ELSE false END "
        "ORDER BY 1",  # CASE: the planner may test a row before its relkind
        [schema, app],
    )
    problems += [f"Vai trò {app} thiếu quyền USAGE trên sequence {name}." for (name,) in cursor.fetchall()]
    return problems


def owned_tables(cursor, schema="public"):
    """(current user, is superuser, how many tables of `schema` the current user owns or may act as owner of)."""
    cursor.execute(
        f"SELECT current_user, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user), "
        f"count(*) FILTER (WHERE pg_has_role(current_user, c.relowner, 'USAGE')) "
        f"FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relkind IN {RELATIONS}",
        [schema],
    )
    return cursor.fetchone()
