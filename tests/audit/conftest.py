"""Audit fixtures: a plan that went through every kind of event, and raw-SQL tampering helpers.

Tampering goes straight to the database (connection.cursor()), as someone with the owner's rights
would, bypassing the application's refusals. The append-only triggers would refuse it, so `tamper`
switches them off for the statement (tests.tampering, inside the test's transaction, which is
rolled back); tests/audit/test_append_only.py shows the triggers refuse.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from approvals.comments import add_comment
from audit.models import AuditEvent
from plans.models import Delegation
from plans.services import update_plan
from reporting.models import ReportSlot
from reporting.services import review_slot, submit_report
from tests.conftest import PASSWORD, plan_data
from tests.tampering import behind_the_back
from tests.uploads import PDF
from workflow.services import perform


@pytest.fixture
def full_plan(world, make_plan, settings, tmp_path):
    """A district plan edited, commented on and returned once, approved, signed, issued (sealed),
    reported on (a report returned, resubmitted with an attachment and accepted): every kind of event."""
    settings.MEDIA_ROOT = tmp_path
    u = world["users"]
    plan = make_plan(
        recipients=plan_data(world)["recipients"] + [{"name": "UBND tỉnh Kon Tum", "purpose": "b/c", "organization": world["province"]}],
        period_start=date(2025, 1, 1),
        period_end=date(2025, 3, 31),
        tasks=[
            {
                "text": "Báo cáo quý",
                "lead_unit": world["police"],
                "supporting_units": [world["finance"]],
                "schedule_kind": "once",
                "schedule_date": date(2025, 3, 25),
            }
        ],
    )
    data = plan_data(world)
    update_plan(plan, u["drafter"], {"sections": data["sections"] + [{"heading": "II. NỘI DUNG", "body": "Thêm mục."}]})
    perform(plan, "submit", u["drafter"])
    add_comment(plan, u["reviewer"], text="Cần thêm căn cứ của tỉnh.")
    perform(plan, "return_for_revision", u["reviewer"], comment="Bổ sung căn cứ")
    update_plan(plan, u["drafter"], {"legal_bases": data["legal_bases"] * 2})
    perform(plan, "submit", u["drafter"])
    perform(plan, "approve", u["reviewer"], comment="Đồng ý")
    perform(plan, "sign", u["signer"], kind="main", password=PASSWORD)
    perform(plan, "issue", u["clerk"])  # sent to the province (a Delivery)
    Delegation.objects.create(  # a signing grant: a history row of its own (not of the plan)
        organization=world["district"],
        kind="TUQ.",
        grantor=u["signer"],
        grantee=u["signer"],
        doc_type="KH",
        valid_from=date(2025, 1, 1),
        valid_until=date(2025, 12, 31),
    )
    perform(plan, "start_reporting", u["clerk"])
    slot = ReportSlot.objects.get(plan=plan)
    submit_report(slot, u["reporter"], progress=40, text="Đang làm")
    review_slot(slot, u["drafter"], decision="return", comment="Thiếu số liệu")
    upload = SimpleUploadedFile("bao-cao.pdf", PDF, content_type="application/pdf")
    target = plan.targets.get()
    submit_report(slot, u["reporter"], progress=100, text="Xong", target_values=[(target.pk, Decimal("87.5"))], attachments=[upload])
    review_slot(slot, u["drafter"], decision="accept")
    plan.refresh_from_db()
    return plan


@pytest.fixture
def imported_plan(world):
    """A draft imported from a text file (planimport): its source's history row is in the chain too."""
    from planimport.services import import_plan

    text = "KẾ HOẠCH\nThực hiện nhiệm vụ năm 2025\nI. MỤC ĐÍCH\nTổ chức triển khai.\n1. Chỉ tiêu\nĐạt 90% trở lên."
    plan, _report = import_plan(world["users"]["drafter"], world["district"], text.encode("utf-8"), "ke-hoach.txt")
    return plan


@pytest.fixture
def api(world):
    """api("auditor") → an APIClient sending that user's token; api() → anonymous."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    def client(username=None):
        c = APIClient()
        if username:
            token, _created = Token.objects.get_or_create(user=world["users"][username])
            c.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return c

    return client


def event(plan, action, occurrence=0):
    """The plan's `occurrence`-th event with this action (AuditEvent)."""
    return list(AuditEvent.objects.filter(plan=plan, action=action).order_by("seq"))[occurrence]


def tamper(sql, params=(), tables=()):
    """Run `sql` directly, the append-only triggers off (tests.tampering); `tables` names the
    tables it writes, for the reader."""
    behind_the_back(sql, params)


@pytest.fixture
def anchored(settings, tmp_path):
    """Trust configured as in production: the installation key in PLANFLOW_AUDIT_PUBLIC_KEY and the
    anchor file in a directory of its own. Returns the key."""
    from audit.record.keys import get_signer

    settings.PLANFLOW_AUDIT_ANCHOR_DIR = tmp_path / "anchors"
    settings.PLANFLOW_AUDIT_PUBLIC_KEY = get_signer().public_key_hex()
    return settings.PLANFLOW_AUDIT_PUBLIC_KEY
