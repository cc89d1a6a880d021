"""Someone with database access changes the trail behind the system's back; verify names each
change precisely. Every change here is made with raw SQL, bypassing the application (on
PostgreSQL with the append-only triggers switched off for the statement, see conftest.tamper)."""

import pytest
from django.db import connection
from django.utils import timezone

from approvals.models import ReviewDecision, Signature
from audit.models import AuditEvent
from audit.record.canonical import canonical_json
from audit.record.chain import event_hash
from audit.verify.trail import verify_plan
from plans.models import LegalBasis, Recipient, Section
from reporting.models import ReportSlot
from tests.audit.conftest import event, tamper

EVENTS = "audit_auditevent"
HISTORICAL_SECTION = "plans_historicalsection"


def verify(plan):
    return verify_plan(plan.pk)


def test_an_untouched_trail_verifies(full_plan):
    report = verify(full_plan)
    assert report.as_dict() == {"ok": True, "chain_ok": True, "signatures_ok": True, "anchored": False, "problems": [], "signatures": []}
    assert report.events == AuditEvent.objects.filter(plan=full_plan).count() == 15


# -- events -------------------------------------------------------------------------------------


def test_a_changed_event(full_plan):
    seq = event(full_plan, "approve").seq
    tamper(f'UPDATE {EVENTS} SET "comment" = %s WHERE plan_id = %s AND seq = %s', ["Không đồng ý", full_plan.pk, seq], [EVENTS])
    report = verify(full_plan)
    assert report.problems == [f"Sự kiện #{seq}: nội dung đã bị thay đổi (mã băm không khớp)."]
    assert (report.ok, report.chain_ok, report.signatures_ok) == (False, False, True)


def test_a_changed_event_whose_hash_was_recomputed(full_plan):
    forged = event(full_plan, "approve")
    forged.actor_id = None
    tamper(
        f'UPDATE {EVENTS} SET actor_id = NULL, "hash" = %s WHERE id = %s',
        [event_hash(forged), forged.pk],
        [EVENTS],
    )
    assert verify(full_plan).problems == [
        f"Sự kiện #{forged.seq} đã bị viết lại (mã băm được tính lại): sự kiện #{forged.seq + 1} không còn nối với nó."
    ]


def test_a_deleted_event_and_the_rows_it_covered(full_plan):
    deleted = event(full_plan, "edit", 1)  # the second edit: it added a legal basis
    [covered] = deleted.rows
    history = LegalBasis.history.get(history_id=covered["id"])
    tamper(f"DELETE FROM {EVENTS} WHERE id = %s", [deleted.pk], [EVENTS])
    assert verify(full_plan).problems == [
        f"Sự kiện #{deleted.seq} đã bị xóa khỏi chuỗi.",
        f"Dòng lịch sử #{covered['id']} của căn cứ #{history.id} không thuộc sự kiện nào: đã bị chèn vào hoặc được ghi ngoài hệ thống.",
    ]


def test_an_event_inserted_in_the_middle_with_the_later_ones_renumbered(full_plan):
    last = AuditEvent.objects.filter(plan=full_plan).count()
    before = event(full_plan, "issue")
    position = before.seq + 1
    # Make room, then insert a well-formed event linked to its predecessor, as a careful forger would.
    tamper(f"UPDATE {EVENTS} SET seq = seq + 1000 WHERE plan_id = %s AND seq >= %s", [full_plan.pk, position], [EVENTS])
    tamper(f"UPDATE {EVENTS} SET seq = seq - 999 WHERE plan_id = %s AND seq >= 1000", [full_plan.pk], [EVENTS])
    forged = AuditEvent(
        plan=full_plan,
        seq=position,
        at=timezone.now(),
        actor=None,
        kind="transition",
        action="close",
        from_state="issued",
        to_state="closed",
        comment="",
        changes=[],
        rows=[],
        prev_hash=before.hash,
    )
    forged.hash = event_hash(forged)
    _insert(forged)
    assert verify(full_plan).problems == [
        f"Sự kiện ở vị trí #{position} không thuộc chuỗi gốc: đã bị chèn vào (sự kiện gốc #{position} nằm ở vị trí #{position + 1}).",
        f"Sự kiện #{position}–#{last} bị đánh số lại thành #{position + 1}–#{last + 1}: thứ tự các sự kiện đã bị thay đổi.",
    ]


def test_an_event_appended_with_a_made_up_hash(full_plan):
    last = AuditEvent.objects.filter(plan=full_plan).count()
    forged = AuditEvent(
        plan=full_plan, seq=last + 1, at=timezone.now(), kind="transition", action="close", prev_hash="a" * 64, hash="b" * 64
    )
    _insert(forged)
    assert verify(full_plan).problems == [
        f"Sự kiện #{last + 1}: mã băm không khớp và không nối với sự kiện #{last}: đã bị chèn vào hoặc bị sửa."
    ]


def test_two_events_swapped(full_plan):
    first, second = event(full_plan, "submit").seq, event(full_plan, "submit").seq + 1
    tamper(f"UPDATE {EVENTS} SET seq = 9999 WHERE plan_id = %s AND seq = %s", [full_plan.pk, first], [EVENTS])
    tamper(f"UPDATE {EVENTS} SET seq = %s WHERE plan_id = %s AND seq = %s", [first, full_plan.pk, second], [EVENTS])
    tamper(f"UPDATE {EVENTS} SET seq = %s WHERE plan_id = %s AND seq = 9999", [second, full_plan.pk], [EVENTS])
    assert verify(full_plan).problems == [
        f"Sự kiện #{second} bị chuyển sang vị trí #{first}: thứ tự các sự kiện đã bị thay đổi.",
        f"Sự kiện #{first} bị chuyển sang vị trí #{second}: thứ tự các sự kiện đã bị thay đổi.",
    ]


def _insert(forged):
    from django.db import connection

    tamper(
        f'INSERT INTO {EVENTS} (plan_id, seq, "at", actor_id, kind, action, from_state, to_state, "comment", changes, "rows", '
        'prev_hash, "hash") VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)',
        [
            forged.plan_id,
            forged.seq,
            connection.ops.adapt_datetimefield_value(forged.at),
            forged.actor_id,
            forged.kind,
            forged.action,
            forged.from_state,
            forged.to_state,
            forged.comment,
            canonical_json(forged.changes).decode(),
            canonical_json(forged.rows).decode(),
            forged.prev_hash,
            forged.hash,
        ],
    )


# -- history rows -------------------------------------------------------------------------------


@pytest.fixture
def added_section(full_plan):
    """(the edit event that added a section, the history row it covers, the section's id)."""
    edit = event(full_plan, "edit", 0)
    [covered] = [row for row in edit.rows if row["model"] == "plans.historicalsection"]  # and the blocks it makes
    section_id = Section.history.get(history_id=covered["id"]).id
    return edit, covered["id"], section_id


def test_a_changed_history_row(full_plan, added_section):
    edit, history_id, section_id = added_section
    tamper(f"UPDATE {HISTORICAL_SECTION} SET body = %s WHERE history_id = %s", ["Nội dung khác", history_id], [HISTORICAL_SECTION])
    assert verify(full_plan).problems == [
        f"Sự kiện #{edit.seq}: dòng lịch sử #{history_id} của mục #{section_id} đã bị thay đổi (mã băm không khớp).",
        f"Mục #{section_id} khác với bản lịch sử cuối ở trường body: đã bị sửa ngoài hệ thống.",
    ]


def test_a_changed_history_time(full_plan, added_section):
    """A changed timestamp; on SQLite, where a timestamp column holds any text, text that is no
    time at all counts as a change too (and verify does not fail on it)."""
    edit, history_id, section_id = added_section
    changed = "not a time" if connection.vendor == "sqlite" else "2025-01-01 00:00:00+00"
    tamper(f"UPDATE {HISTORICAL_SECTION} SET history_date = %s WHERE history_id = %s", [changed, history_id], [HISTORICAL_SECTION])
    assert verify(full_plan).problems == [
        f"Sự kiện #{edit.seq}: dòng lịch sử #{history_id} của mục #{section_id} đã bị thay đổi (mã băm không khớp).",
    ]


def test_a_deleted_history_row(full_plan, added_section):
    edit, history_id, section_id = added_section
    tamper(f"DELETE FROM {HISTORICAL_SECTION} WHERE history_id = %s", [history_id], [HISTORICAL_SECTION])
    assert verify(full_plan).problems == [
        f"Sự kiện #{edit.seq}: dòng lịch sử #{history_id} (mục) đã bị xóa.",
        f"Mục #{section_id} không có lịch sử: đã được ghi ngoài hệ thống.",
    ]


def test_an_inserted_history_row(full_plan, added_section, world):
    _edit, history_id, section_id = added_section
    original = Section.history.get(history_id=history_id)
    inserted = Section.history.create(
        id=section_id,
        plan_id=full_plan.pk,
        position=original.position,
        heading=original.heading,
        body="Nội dung được ghi thêm vào lịch sử",
        history_date=timezone.now(),
        history_type="~",
        history_change_reason="edit",
        history_user=world["users"]["drafter"],
    )
    assert verify(full_plan).problems == [
        f"Dòng lịch sử #{inserted.history_id} của mục #{section_id} không thuộc sự kiện nào: đã bị chèn vào hoặc được ghi ngoài hệ thống.",
        f"Mục #{section_id} khác với bản lịch sử cuối ở trường body: đã bị sửa ngoài hệ thống.",
    ]


# -- live rows ----------------------------------------------------------------------------------


def test_a_live_plan_row_changed_behind_the_systems_back(full_plan):
    tamper('UPDATE plans_plan SET "subject" = %s WHERE id = %s', ["Trích yếu đã bị sửa", full_plan.pk])
    report = verify(full_plan)
    assert report.chain_problems == [f"Kế hoạch #{full_plan.pk} khác với bản lịch sử cuối ở trường subject: đã bị sửa ngoài hệ thống."]
    # … and every signature over the current content no longer matches it (approvals.verify says how).
    assert report.signature_problems
    assert all("nội dung kế hoạch đã thay đổi sau khi ký" in p or "không có chữ ký" in p for p in report.signature_problems)
    assert (report.chain_ok, report.signatures_ok) == (False, False)


def test_a_live_part_deleted_behind_the_systems_back(full_plan):
    recipient = Recipient.objects.filter(plan=full_plan).order_by("position").last()
    tamper("DELETE FROM plans_recipient WHERE id = %s", [recipient.pk])
    report = verify(full_plan)
    assert report.chain_problems == [f"Nơi nhận #{recipient.pk} đã bị xóa ngoài hệ thống (lịch sử không ghi việc xóa)."]
    assert not report.signatures_ok


def test_a_part_written_directly_with_the_orm_has_history_no_event_covers(make_plan):
    plan = make_plan()
    section = Section.objects.create(plan=plan, position=9, heading="Mục thêm lén")  # not through plans.services
    history_id = section.history.get().history_id
    assert verify(plan).problems == [
        f"Dòng lịch sử #{history_id} của mục #{section.pk} không thuộc sự kiện nào: đã bị chèn vào hoặc được ghi ngoài hệ thống."
    ]


def test_a_part_inserted_with_sql_has_no_history(make_plan):
    plan = make_plan()
    tamper("INSERT INTO plans_section (plan_id, position, heading, body) VALUES (%s, 9, %s, %s)", [plan.pk, "Mục thêm lén", ""])
    section = Section.objects.get(plan=plan, position=9)
    assert verify(plan).problems == [f"Mục #{section.pk} không có lịch sử: đã được ghi ngoài hệ thống."]


def test_a_report_slot_state_changed_behind_the_systems_back(full_plan):
    slot = ReportSlot.objects.get(plan=full_plan)
    tamper("UPDATE reporting_reportslot SET state = %s WHERE id = %s", ["waived", slot.pk])
    assert verify(full_plan).problems == [f"Kỳ báo cáo #{slot.pk} khác với bản lịch sử cuối ở trường state: đã bị sửa ngoài hệ thống."]


# -- records and signatures ---------------------------------------------------------------------


def test_a_tampered_signature_hash(full_plan):
    main = Signature.objects.get(plan=full_plan, kind="main")
    sign_event = event(full_plan, "sign_main")
    tamper("UPDATE approvals_signature SET content_hash = %s WHERE id = %s", ["f" * 64, main.pk])
    report = verify(full_plan)
    assert report.chain_ok
    assert report.signature_problems[0] == f"Sự kiện #{sign_event.seq}: chữ ký #{main.pk} đã bị thay đổi (mã băm không khớp)."
    assert any(f"#{main.pk}" in p and "bản ghi chữ ký đã bị sửa" in p for p in report.signature_problems[1:])
    assert "Kế hoạch đã ban hành nhưng không có chữ ký chính hợp lệ của người ký trên nội dung hiện tại." in report.signature_problems
    assert not report.ok


def test_a_changed_review_decision(full_plan):
    returned = ReviewDecision.objects.get(plan=full_plan, decision="return")
    return_event = event(full_plan, "return_for_revision")
    tamper("UPDATE approvals_reviewdecision SET decision = %s WHERE id = %s", ["approve", returned.pk])
    assert verify(full_plan).problems == [
        f"Sự kiện #{return_event.seq}: quyết định thẩm định #{returned.pk} đã bị thay đổi (mã băm không khớp)."
    ]
