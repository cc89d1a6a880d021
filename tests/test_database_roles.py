"""Issue 13, point 3: on PostgreSQL the application connects as a role that owns nothing.

`manage.py database_roles` makes an owner role and an application role (names unique to this test
database); then the application's connection is the application role's. It cannot DROP a trigger,
TRUNCATE, switch triggers off or change session_replication_role, nor rewrite a signature — and
a plan still goes from draft to issued and verifies. Both roles are dropped afterwards."""

import io

import psycopg
import pytest
from django.core.management import call_command
from django.db import DatabaseError, IntegrityError, connection, transaction

from audit.checks import database_roles_check
from audit.roles import role_problems
from audit.verify.trail import verify_plan
from tests.conftest import PASSWORD
from workflow.services import perform

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _url(user, password, settings_dict):
    auth = f"{user}:{password}" if password else user
    return f"postgres://{auth}@{settings_dict['HOST'] or '127.0.0.1'}:{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"


@pytest.fixture
def app_role(monkeypatch):
    """The application's connection as the application role made by `database_roles`; the roles go afterwards."""
    settings_dict = connection.settings_dict
    admin_user, admin_password = settings_dict["USER"], settings_dict["PASSWORD"]
    admin_url = _url(admin_user, admin_password, settings_dict)
    owner, app = f"{settings_dict['NAME']}_owner", f"{settings_dict['NAME']}_app"
    monkeypatch.setenv("PLANFLOW_MIGRATE_DATABASE_URL", _url(owner, "owner-secret", settings_dict))
    connection.close()
    settings_dict.update(USER=app, PASSWORD="app-secret")
    try:
        out = io.StringIO()
        call_command("database_roles", admin_url=admin_url, stdout=out)
        assert "***" in out.getvalue() and "app-secret" not in out.getvalue()
        yield app
    finally:
        connection.close()
        settings_dict.update(USER=admin_user, PASSWORD=admin_password)
        with psycopg.connect(admin_url, autocommit=True) as admin:
            for role in (owner, app):
                if admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone():
                    admin.execute(f'REASSIGN OWNED BY "{role}" TO "{admin_user}"')
                    admin.execute(f'DROP OWNED BY "{role}"')
                    admin.execute(f'DROP ROLE "{role}"')


def refused(statement):
    """The database error `statement` raises as the application role (None if it was allowed)."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    except DatabaseError as error:
        return error
    return None


def test_the_application_role_cannot_undo_the_append_only_triggers_and_the_application_works(world, make_plan, app_role):
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone() == (app_role,)
        assert role_problems(cursor, app_role) == []  # every table, the cache's and accounts_tokenuse's included
    for statement in (
        "DROP TRIGGER planflow_append_only ON approvals_signature",
        "TRUNCATE audit_auditevent",
        "SET session_replication_role = replica",
        "ALTER TABLE audit_auditevent DISABLE TRIGGER USER",
    ):
        error = str(refused(statement))
        assert "permission denied" in error or "must be owner" in error, (statement, error)
    assert database_roles_check() == []  # the deploy check: the application owns nothing

    u = world["users"]
    plan = make_plan()
    perform(plan, "submit", u["drafter"])
    perform(plan, "approve", u["reviewer"])
    perform(plan, "sign", u["signer"], kind="main", password=PASSWORD)
    perform(plan, "issue", u["clerk"])
    plan.refresh_from_db()
    assert plan.state == "issued" and plan.number == 1
    assert verify_plan(plan.pk).ok
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE approvals_signature SET content_hash = %s WHERE plan_id = %s", ["0" * 64, plan.pk])


def test_the_deploy_check_warns_when_the_application_owns_the_tables(db):
    """The test database's own user (a superuser, owning every table) is what the check warns about."""
    [warning] = database_roles_check()
    assert warning.id == "planflow.W010" and "database_roles" in warning.hint
