"""A value of the wrong type written behind the application's back (issue 13, point 8): SQLite stores
any value in any column. `audit_verify`, verify_plan and the verify API name the row and column as a
problem instead of crashing (audit.wrong_types, audit.verify._verify_batch)."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from audit.verify.trail import verify_plan
from tests.audit.conftest import full_plan  # noqa: F401 - the fixture
from tests.tampering import behind_the_back

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.sqlite(reason="PostgreSQL's columns are typed: a value of the wrong type cannot be stored there"),
]

# (table, column, SQL value, the problem's start; {id} is the row's id)
CASES = [
    ("audit_auditevent", "seq", "'x'", "Bảng audit.auditevent, dòng #{id}: cột seq giữ giá trị kiểu text (phải là integer)"),
    ("audit_auditevent", "comment", "X'00ff'", "Bảng audit.auditevent, dòng #{id}: cột comment giữ giá trị kiểu blob (phải là text)"),
    ("plans_historicalplan", "number", "'abc'", "Bảng plans.historicalplan, dòng #{id}: cột number giữ giá trị kiểu text"),
    ("plans_plan", "review_round", "'x'", "Bảng plans.plan, dòng #{id}: cột review_round giữ giá trị kiểu text"),
    ("plans_section", "position", "'x'", "Bảng plans.section, dòng #{id}: cột position giữ giá trị kiểu text"),
    ("plans_historicalbudgetline", "unit_cost", "'nhiều'", "Bảng plans.historicalbudgetline, dòng #{id}: cột unit_cost"),
    (
        "plans_target",
        "target_value",
        "'abc'",
        "Bảng plans.target, dòng #{id}: cột target_value giữ giá trị kiểu text (phải là integer hoặc real)",
    ),
    ("approvals_signature", "review_round", "'x'", "Bảng approvals.signature, dòng #{id}: cột review_round"),
    (
        "approvals_signature",
        "signed_at",
        "'hôm qua'",
        "Bảng approvals.signature, dòng #{id}: cột signed_at giữ “hôm qua”, không phải ngày giờ",
    ),
    ("reporting_report", "progress", "'x'", "Bảng reporting.report, dòng #{id}: cột progress"),
]


def write_behind_the_back(table, column, value):
    """Put `value` into the last row of `table`; returns that row's id."""
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT rowid FROM "{table}" ORDER BY rowid DESC LIMIT 1')
        (row_id,) = cursor.fetchone()
    behind_the_back(f'UPDATE "{table}" SET "{column}" = {value} WHERE rowid = %s', [row_id])
    return row_id


@pytest.mark.parametrize("table,column,value,problem", CASES, ids=[f"{c[0]}.{c[1]}" for c in CASES])
def test_a_value_of_the_wrong_type_is_named_not_a_crash(full_plan, api, capsys, table, column, value, problem):  # noqa: F811
    row_id = write_behind_the_back(table, column, value)
    expected = problem.format(id=row_id)

    report = verify_plan(full_plan.pk)
    assert not report.ok
    assert any(p.startswith(expected) for p in report.problems), report.problems

    with pytest.raises(CommandError):
        call_command("audit_verify")
    assert expected in capsys.readouterr().out

    response = api("auditor").get(f"/api/plans/{full_plan.pk}/verify/")
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is False and any(p.startswith(expected) for p in body["problems"])


def test_a_checkpoint_holding_a_value_of_the_wrong_type_is_named(full_plan, capsys):  # noqa: F811
    call_command("audit_checkpoint")
    checkpoint_id = write_behind_the_back("audit_checkpoint", "signature", "X'00'")
    with pytest.raises(CommandError):
        call_command("audit_verify")
    out = capsys.readouterr().out
    assert f"Điểm kiểm tra #{checkpoint_id} giữ giá trị không đọc được" in out
    assert f"Bảng audit.checkpoint, dòng #{checkpoint_id}: cột signature giữ giá trị kiểu blob" in out
