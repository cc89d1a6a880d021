"""A small world for the fuzzer and the access walk: a user of every role, one district plan in
each state (with a review comment, signatures, report slots, a report and its attachment), an
imported draft and an upload waiting for its review (planimport), and a plan of another organization (the commune) with its own comment, slot, report and attachment."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Membership, Role
from approvals.comments import add_comment
from approvals.models import Signature
from planimport.services import import_plan, start_pending
from plans.services import create_plan
from reporting.services import submit_report
from tests.conftest import PASSWORD, plan_data
from tests.uploads import PDF
from workflow.services import perform


def _reporting_tasks(unit):
    return [{"text": "Báo cáo hằng tháng", "lead_unit": unit, "supporting_units": [], "schedule_kind": "monthly", "schedule_day": 15}]


def build(world):
    """Adds an admin and the commune's reviewer/signer/clerk/reporter to `world`; returns the objects by name."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    u = world["users"]

    def user(username, org, role):
        account = User.objects.create_user(username, password=PASSWORD, first_name="Người", last_name=username)
        Membership.objects.create(user=account, organization=org, role=role)
        u[username] = account
        return account

    user("admin", world["district"], Role.ADMIN)
    xa = {
        "drafter": u["xa_drafter"],
        "reviewer": user("xa_reviewer", world["commune"], Role.REVIEWER),
        "signer": user("xa_signer", world["commune"], Role.SIGNER),
        "clerk": user("xa_clerk", world["commune"], Role.CLERK),
        "reporter": user("xa_reporter", world["commune_unit"], Role.REPORTER),
    }
    period = {"period_start": date(2025, 1, 1), "period_end": date(2025, 12, 31)}

    def district_plan():
        return create_plan(u["drafter"], world["district"], plan_data(world, **period, tasks=_reporting_tasks(world["police"])))

    def walk(plan, people, to_state):
        steps = [
            ("review", lambda p: perform(p, "submit", people["drafter"])),
            ("signing", lambda p: perform(p, "approve", people["reviewer"])),
            ("issued", lambda p: perform(perform(p, "sign", people["signer"], kind="main", password=PASSWORD), "issue", people["clerk"])),
            ("reporting", lambda p: perform(p, "start_reporting", people["clerk"])),
        ]
        order = ["draft"] + [state for state, _step in steps]
        for state, step in steps[order.index(plan.state) : order.index(to_state)]:
            plan = step(plan)
            assert plan.state == state
        return plan

    district_people = {k: u[k] for k in ("drafter", "reviewer", "signer", "clerk")}
    plans = {state: walk(district_plan(), district_people, state) for state in ("draft", "review", "signing", "issued", "reporting")}
    comment = add_comment(plans["review"], u["reviewer"], text="Đề nghị bổ sung căn cứ.")
    slot = plans["reporting"].report_slots.order_by("due_on").first()
    report = submit_report(slot, u["reporter"], progress=30, attachments=[SimpleUploadedFile("bao-cao.pdf", PDF)])

    other_data = plan_data(world, **period, signer=xa["signer"], reviewers=[xa["reviewer"]], tasks=_reporting_tasks(world["commune_unit"]))
    other = create_plan(xa["drafter"], world["commune"], other_data)
    other = walk(other, xa, "review")
    other_comment = add_comment(other, xa["reviewer"], text="Ý kiến của xã.")
    other = walk(other, xa, "reporting")
    other_slot = other.report_slots.order_by("due_on").first()
    other_report = submit_report(other_slot, xa["reporter"], progress=10, attachments=[SimpleUploadedFile("xa.pdf", PDF)])
    # signing grants (plans.delegation), written directly: the district has one signer only
    from plans.models import Delegation

    def delegation(org, signer):
        return Delegation.objects.create(
            organization=org,
            kind="TUQ.",
            grantor=signer,
            grantee=signer,
            doc_type="KH",
            valid_from=date(2025, 1, 1),
            valid_until=date(2025, 12, 31),
        )

    imported_text = "KẾ HOẠCH\nThực hiện nhiệm vụ năm 2025\nI. MỤC ĐÍCH\nTổ chức triển khai.".encode()

    def pending(drafter, organization):
        return start_pending(drafter, organization, SimpleUploadedFile("ke-hoach.txt", imported_text))[0]

    return {
        "imported_plan": import_plan(u["drafter"], world["district"], imported_text, "ke-hoach.txt")[0],
        "other_imported_plan": import_plan(xa["drafter"], world["commune"], imported_text, "ke-hoach.txt")[0],
        "pending": pending(u["drafter"], world["district"]),
        "other_pending": pending(xa["drafter"], world["commune"]),
        "delegation": delegation(world["district"], u["signer"]),
        "other_delegation": delegation(world["commune"], xa["signer"]),
        "plans": plans,
        "comment": comment,
        "slot": slot,
        "report": report,
        "attachment": report.attachments.get(),
        "signature": Signature.objects.filter(plan=plans["issued"]).first(),
        "other_plan": other,
        "other_comment": other_comment,
        "other_slot": other_slot,
        "other_report": other_report,
        "other_attachment": other_report.attachments.get(),
        "other_signature": Signature.objects.filter(plan=other).first(),
    }
