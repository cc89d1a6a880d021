"""python manage.py audit_verify: every problem listed, exit status non-zero when there is one."""

import pytest
from django.core.management import CommandError, call_command

from audit.record.checkpoints import write_checkpoint
from tests.audit.conftest import event, tamper


def test_an_untouched_installation_verifies(full_plan, make_plan, capsys):
    make_plan(subject="Kế hoạch thứ hai")
    write_checkpoint()
    call_command("audit_verify", verbosity=2)
    out = capsys.readouterr().out
    assert f"Kế hoạch #{full_plan.pk}: 15 sự kiện — OK" in out
    assert "Đã kiểm tra 2 kế hoạch, 16 sự kiện" in out and "sự kiện/giây" in out
    assert out.rstrip().endswith("OK")


def test_a_problem_fails_the_command_and_is_listed(full_plan, make_plan, capsys):
    other = make_plan(subject="Kế hoạch không bị sửa")
    seq = event(full_plan, "issue").seq
    tamper('UPDATE audit_auditevent SET "comment" = %s WHERE plan_id = %s AND seq = %s', ["x", full_plan.pk, seq], ["audit_auditevent"])
    with pytest.raises(CommandError, match="Phát hiện 1 vấn đề"):
        call_command("audit_verify")
    out = capsys.readouterr().out
    assert f"Kế hoạch #{full_plan.pk}: 15 sự kiện — 1 vấn đề:\n  - Sự kiện #{seq}: nội dung đã bị thay đổi (mã băm không khớp)." in out
    assert f"Kế hoạch #{other.pk}" not in out
    call_command("audit_verify", plan=[other.pk])  # only the untouched plan: no error
    with pytest.raises(CommandError):
        call_command("audit_verify", plan=[full_plan.pk])


def test_workers_must_be_at_least_one(db):
    with pytest.raises(CommandError, match="--workers"):
        call_command("audit_verify", workers=0)
