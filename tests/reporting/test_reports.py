from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from config.refusals import ConditionsUnmet, InvalidInput, NotPermitted, WrongState
from reporting.models import Report, ReportAttachment, ReportSlot
from reporting.services import mark_overdue_slots, review_slot, submit_report
from tests.uploads import PDF
from workflow.services import perform


def slots_of(plan, text):
    return list(ReportSlot.objects.filter(plan=plan, task__text=text).order_by("due_on"))


def test_start_reporting_creates_a_slot_per_due_date_overdue_when_past(reporting_plan):
    monthly = slots_of(reporting_plan, "Báo cáo hằng tháng")
    yearly = slots_of(reporting_plan, "Báo cáo hằng năm")
    # each month's report is due on the 15th of the month after; December's in January 2026
    assert [s.due_on for s in monthly] == [date(2025, m, 15) for m in range(2, 13)] + [date(2026, 1, 15)]
    assert [s.period_label for s in monthly] == [f"Tháng {m}/2025" for m in range(1, 13)]
    assert [s.due_on for s in yearly] == [date(2025, 12, 15)]
    # today (2026 here) is after the whole period: every slot starts overdue
    assert {s.state for s in monthly + yearly} == {"overdue"}


def test_report_return_resubmit_accept_then_close(world, reporting_plan):
    u = world["users"]
    target = reporting_plan.targets.get()
    slot = slots_of(reporting_plan, "Báo cáo hằng năm")[0]
    finance_reporter = _reporter(world, "finance")
    submit_report(slot, finance_reporter, progress=40, text="Đã triển khai", target_values=[(target.pk, Decimal("40"))])
    assert ReportSlot.objects.get(pk=slot.pk).state == "submitted"
    with pytest.raises(InvalidInput):
        review_slot(slot, u["drafter"], decision="return")  # a return needs a reason
    review_slot(slot, u["drafter"], decision="return", comment="Bổ sung số liệu")
    submit_report(slot, finance_reporter, progress=100, text="Hoàn thành", target_values=[(target.pk, Decimal("100"))])
    review_slot(slot, u["signer"], decision="accept")
    assert ReportSlot.objects.get(pk=slot.pk).state == "accepted"
    actions = list(AuditEvent.objects.filter(plan=reporting_plan, kind="report").values_list("action", flat=True))
    assert actions == ["report_submitted", "report_returned", "report_submitted", "report_accepted"]

    with pytest.raises(ConditionsUnmet):
        perform(reporting_plan, "close", u["drafter"], comment="Tổng kết")
    for other in ReportSlot.objects.filter(plan=reporting_plan).exclude(pk=slot.pk):
        review_slot(other, u["drafter"], decision="waive", comment="Không phát sinh")
    plan = perform(reporting_plan, "close", u["drafter"], comment="Tổng kết")
    assert plan.state == "closed"
    with pytest.raises(NotPermitted):
        submit_report(slot, finance_reporter, progress=10)


def _reporter(world, unit_key):
    from django.contrib.auth import get_user_model

    from accounts.models import Membership, Role

    user = get_user_model().objects.create_user(f"reporter_{unit_key}", password="x-Password-1")
    Membership.objects.create(user=user, organization=world[unit_key], role=Role.REPORTER)
    return user


def _counts():
    return (
        Report.objects.count(),
        ReportAttachment.objects.count(),
        AuditEvent.objects.count(),
        list(ReportSlot.objects.order_by("pk").values_list("state", flat=True)),
    )


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"progress": 101}, InvalidInput),
        ({"progress": -1}, InvalidInput),
        ({"progress": 50, "attachments": [SimpleUploadedFile("bao-cao.pdf", b"MZ not a pdf")]}, InvalidInput),
        ({"progress": 50, "attachments": [SimpleUploadedFile("bang.xlsx", b"PK\x03\x04 broken zip")]}, InvalidInput),
        ({"progress": 50, "attachments": [SimpleUploadedFile("virus.exe", b"MZ")]}, InvalidInput),
    ],
)
def test_bad_reports_store_nothing(world, reporting_plan, kwargs, error):
    slot = slots_of(reporting_plan, "Báo cáo hằng tháng")[0]
    before = _counts()
    with pytest.raises(error):
        submit_report(slot, world["users"]["reporter"], **kwargs)
    assert _counts() == before


def test_target_of_another_plan_and_slot_of_another_unit_are_refused(world, reporting_plan, make_plan):
    other_plan = make_plan()
    other_target = other_plan.targets.get()
    slot = slots_of(reporting_plan, "Báo cáo hằng tháng")[0]
    before = _counts()
    with pytest.raises(InvalidInput) as refused:
        submit_report(slot, world["users"]["reporter"], progress=5, target_values=[(other_target.pk, Decimal(1))])
    assert "target_values" in refused.value.errors
    yearly = slots_of(reporting_plan, "Báo cáo hằng năm")[0]  # led by finance, not the police reporter's unit
    with pytest.raises(NotPermitted):
        submit_report(yearly, world["users"]["reporter"], progress=5)
    assert _counts() == before


def test_attachment_checked_by_content_is_stored(world, reporting_plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    slot = slots_of(reporting_plan, "Báo cáo hằng tháng")[0]
    report = submit_report(slot, world["users"]["reporter"], progress=20, attachments=[SimpleUploadedFile("bao-cao.pdf", PDF)])
    attachment = report.attachments.get()
    assert attachment.content_type == "application/pdf"
    assert attachment.file.read().startswith(b"%PDF-")


def test_a_submitted_slot_takes_no_second_report_and_cannot_be_accepted_twice(world, reporting_plan):
    slot = slots_of(reporting_plan, "Báo cáo hằng tháng")[0]
    submit_report(slot, world["users"]["reporter"], progress=20)
    with pytest.raises(WrongState):
        submit_report(slot, world["users"]["reporter"], progress=30)
    review_slot(slot, world["users"]["drafter"], decision="accept")
    with pytest.raises(WrongState):
        review_slot(slot, world["users"]["drafter"], decision="accept")
    with pytest.raises(NotPermitted):
        review_slot(slot, world["users"]["reporter"], decision="waive", comment="x")


def test_mark_overdue_moves_open_slots_past_their_date(world, make_plan):
    from tests.conftest import PASSWORD

    u = world["users"]
    from django.utils import timezone

    year = timezone.localdate().year + 1  # a period wholly in the future
    plan = make_plan(period_start=date(year, 1, 1), period_end=date(year, 3, 31))
    for action, user, extra in [
        ("submit", "drafter", {}),
        ("approve", "reviewer", {}),
        ("sign", "signer", {"kind": "main", "password": PASSWORD}),
        ("issue", "clerk", {}),
        ("start_reporting", "clerk", {}),
    ]:
        perform(plan, action, u[user], **extra)
    slots = list(ReportSlot.objects.filter(plan=plan).order_by("due_on"))
    assert [s.due_on for s in slots] == [date(year, 2, 15), date(year, 3, 15), date(year, 4, 15)]
    assert [s.state for s in slots] == ["open", "open", "open"]
    assert mark_overdue_slots(today=date(year, 3, 16)) == 2
    assert mark_overdue_slots(today=date(year, 3, 16)) == 0
    assert [s.state for s in ReportSlot.objects.filter(plan=plan).order_by("due_on")] == ["overdue", "overdue", "open"]


def test_an_attachment_of_a_report_that_fails_after_storing_it_leaves_no_file(world, reporting_plan, settings, tmp_path, monkeypatch):
    """Attachments are written in the report's transaction (filestore): a failure after the file was
    stored (here: the slot's save) leaves no stored file, no attachment row and nothing on disk."""
    from filestore.models import StoredFile
    from reporting.models import ReportAttachment, ReportSlot

    settings.MEDIA_ROOT = tmp_path
    slot = slots_of(reporting_plan, "Báo cáo hằng tháng")[0]

    def crash(*args, **kwargs):
        raise RuntimeError("injected after the attachment was stored")

    monkeypatch.setattr(ReportSlot, "save", crash)
    with pytest.raises(RuntimeError):
        submit_report(slot, world["users"]["reporter"], progress=20, attachments=[SimpleUploadedFile("bao-cao.pdf", PDF)])
    assert not StoredFile.objects.exists() and not ReportAttachment.objects.exists()
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []
