"""`manage.py loaddemo`: the demo organizations, people and the four seed plans in their states."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from accounts.models import Membership, Organization
from approvals.models import Signature
from audit.models import AuditEvent
from audit.record.chain import event_hash
from plans.models import Plan
from plans.rules import available_actions
from plans.selectors import with_parts
from reporting.models import ReportSlot

SUBJECT_000 = "Thực hiện mô hình tự quản ở khu dân cư giai đoạn 2025-2030"
SUBJECT_001 = (
    "Phối hợp duy trì các mô hình điểm thực hiện Cuộc vận động “Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh” năm 2023"
)
SUBJECT_002 = "Triển khai thực hiện Phong trào thi đua “Chung tay xóa nhà tạm, nhà dột nát trên địa bàn huyện Ia H'Drai trong năm 2025”"
SUBJECT_003 = (
    "Triển khai thực hiện Kế hoạch số 3244/KH-UBND ngày 12/9/2024 của Ủy ban nhân dân tỉnh về thực hiện "
    "Nghị quyết số 24/2024/NQ-HĐND ngày 28 tháng 6 năm 2024 của Hội đồng nhân dân tỉnh Kon Tum"
)


def loaddemo():
    out = io.StringIO()
    call_command("loaddemo", stdout=out)
    return out.getvalue()


def row_counts():
    """Rows of every model of the project and of auth, history tables included."""
    labels = {"accounts", "plans", "approvals", "audit", "reporting", "auth", "guardian"}
    return {m._meta.label: m._default_manager.count() for m in apps.get_models() if m._meta.app_label in labels}


def plan(subject):
    return with_parts(Plan.objects).get(subject=subject)


@pytest.fixture
def demo(db, settings):
    settings.PLANFLOW_DEMO_PASSWORD = "mat-khau-trinh-dien"
    return loaddemo()


def test_running_it_twice_changes_nothing(demo):
    before = row_counts()
    updated = dict(Plan.objects.values_list("pk", "updated_at"))
    loaddemo()
    assert row_counts() == before
    assert dict(Plan.objects.values_list("pk", "updated_at")) == updated
    assert Plan.objects.count() == 4
    assert before["plans.HistoricalPlan"] > 4  # the steps left history


def test_organizations_and_units_of_the_seeds(demo):
    district = Organization.objects.get(name="UBND huyện Ia H'Drai")
    assert (district.code, district.place_name, district.header_name, district.collective_title) == (
        "UBND",
        "Ia H'Drai",
        "ỦY BAN NHÂN DÂN HUYỆN IA H'DRAI",
        "ỦY BAN NHÂN DÂN",
    )
    assert district.parent.name == "UBND tỉnh Kon Tum"
    units = set(district.children.filter(kind="unit").values_list("name", flat=True))
    assert {
        "Công an huyện",
        "Phòng Tài chính - Kế hoạch",
        "Phòng Nội vụ",
        "Phòng Lao động - Thương binh và Xã hội",
        "Phòng Kinh tế và Hạ tầng",
        "Phòng Giáo dục và Đào tạo",
        "Trung tâm Văn hóa - Thể thao - Du lịch và Truyền thông",
        "Bảo hiểm xã hội huyện",
        "Ủy ban nhân dân các xã",
        "Ủy ban MTTQ Việt Nam huyện",
    } <= units
    mttq = Organization.objects.get(name="Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh Kon Tum")
    assert mttq.code == "MTTQ"
    assert {"Ban Phong trào", "Văn phòng", "Ban Tổ chức – Tuyên giáo", "Ban Dân chủ - Pháp luật"} <= set(
        mttq.children.values_list("name", flat=True)
    )
    commune = Organization.objects.get(name="UBND xã Kon Braih")
    assert {"Công an xã", "Ban Chỉ huy Quân sự xã", "Văn phòng HĐND&UBND xã"} <= set(commune.children.values_list("name", flat=True))


def test_the_demo_accounts_log_in_with_the_demo_password(demo):
    User = get_user_model()
    district = Organization.objects.get(name="UBND huyện Ia H'Drai")
    for username, role in [
        ("drafter", "drafter"),
        ("reviewer", "reviewer"),
        ("signer", "signer"),
        ("clerk", "clerk"),
        ("auditor", "auditor"),
        ("admin", "admin"),
    ]:
        user = User.objects.get(username=username)
        assert user.check_password("mat-khau-trinh-dien"), username
        assert Membership.objects.filter(user=user, organization=district, role=role).exists(), username
        assert user.get_full_name()
    reporter = Membership.objects.get(user__username="reporter")
    assert (reporter.role, reporter.organization.name, reporter.organization.parent) == ("reporter", "Công an huyện", district)
    assert Membership.objects.get(user__username="xa_drafter").organization.name == "UBND xã Kon Braih"
    signer = Membership.objects.get(user__username="signer")
    assert (signer.user.get_full_name(), signer.position) == ("Nguyễn Tiên Dũng", "PHÓ CHỦ TỊCH")
    assert User.objects.get(username="admin").is_superuser
    assert "mat-khau-trinh-dien" not in demo  # a password set by the operator is not printed
    assert "PLANFLOW_DEMO_PASSWORD" in demo


def test_the_demo_accounts_have_e_mail_addresses_and_get_the_task_mails(demo, mailoutbox):
    """The seed plan 002 waits for `reviewer`: the mail about that task reaches their demo address."""
    from viewflow.workflow.status import STATUS

    from demo.accounts import USERS
    from workflow.flow_sync import human_tasks
    from workflow.notifications import send_task_created_mail

    User = get_user_model()
    addresses = dict(User.objects.filter(username__in=USERS).values_list("username", "email"))
    assert addresses == {username: f"{username}@demo.planflow.example" for username in USERS}
    review = human_tasks().get(process__artifact_object_id=plan(SUBJECT_002).pk, owner__username="reviewer", status=STATUS.ASSIGNED)
    assert send_task_created_mail(review.pk) == 1
    assert [m.to for m in mailoutbox] == [["reviewer@demo.planflow.example"]]


def test_the_four_seed_plans_are_in_their_states_with_their_signers(demo):
    seed_000, seed_001, seed_002, seed_003 = (plan(s) for s in (SUBJECT_000, SUBJECT_001, SUBJECT_002, SUBJECT_003))
    assert [p.state for p in (seed_000, seed_001, seed_002, seed_003)] == ["draft", "issued", "review", "reporting"]
    assert [p.organization.name for p in (seed_000, seed_001, seed_002, seed_003)] == [
        "UBND xã Kon Braih",
        "Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh Kon Tum",
        "UBND huyện Ia H'Drai",
        "UBND huyện Ia H'Drai",
    ]
    assert (seed_001.signer.get_full_name(), seed_001.signing_authority, seed_001.symbol) == (
        "Nguyễn Thị Lan",
        "TM.",
        "01/KH-MTTQ-BTT",
    )  # its own suffix, as seed 001 writes its references
    assert (seed_002.signer.get_full_name(), seed_002.signing_authority) == ("Nguyễn Tiên Dũng", "KT.")
    assert (seed_003.signer.get_full_name(), seed_003.signing_authority, seed_003.symbol) == ("Võ Anh Tuấn", "TM.", "01/KH-UBND")
    assert seed_000.created_by.username == "xa_drafter"
    main_signatures = Signature.objects.filter(kind="main").values_list("plan__subject", "signer_name", "position")
    assert set(main_signatures) == {(SUBJECT_001, "Nguyễn Thị Lan", "PHÓ CHỦ TỊCH"), (SUBJECT_003, "Võ Anh Tuấn", "CHỦ TỊCH")}
    # seed 002 waits for `reviewer`, the second reviewer having agreed; the demo reviewer can act.
    reviewer = get_user_model().objects.get(username="reviewer")
    assert [name for name, _label in available_actions(seed_002, reviewer)] == ["approve", "return_for_revision"]


def test_the_plans_keep_the_seed_text_and_structure(demo):
    seed_002 = plan(SUBJECT_002)
    assert [b.text[:28] for b in seed_002.legal_bases.all()] == ["Căn cứ Kế hoạch số 4754/KH-U", "Căn cứ Kế hoạch số 08-KH/BCĐ"]
    assert not seed_002.sections.exists()  # entered as blocks (the body as written)
    assert [f"{b.label} {b.text}" for b in seed_002.blocks.filter(kind="heading", level=1)] == [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. NỘI DUNG PHONG TRÀO THI ĐUA",
        "III. TIÊU CHÍ THI ĐUA VÀ HÌNH THỨC KHEN THƯỞNG",
        "IV. GIẢI PHÁP THỰC HIỆN",
        "V. THỜI GIAN, LỘ TRÌNH VÀ TỔ CHỨC THỰC HIỆN",
    ]
    assert any("“Lá lành đùm lá rách”" in b.text for b in seed_002.blocks.all())
    assert "*" not in "".join(b.text for b in seed_002.blocks.all())
    report = next(t for t in seed_002.tasks.all() if t.schedule_kind == "once")
    assert (report.schedule_date, report.lead_unit.name) == (dt.date(2025, 10, 25), "Phòng Nội vụ")
    assert "trước ngày 25 tháng 10 năm 2025" in report.text
    assert (seed_002.targets.get().target_value, seed_002.targets.get().unit) == (Decimal("100"), "%")
    recipients = [(r.name, r.purpose) for r in seed_002.recipients.all()]
    assert recipients[0] == ("Ủy ban nhân dân tỉnh", "b/c") and recipients[-1] == ("VT", "lưu")
    assert ("Ủy ban MTTQVN huyện", "p/h") in recipients

    seed_001 = plan(SUBJECT_001)
    assert not seed_001.budget_lines.exists()  # its budget is a sentence of its text: no annex repeats it
    assert (seed_001.period_start, seed_001.period_end) == (dt.date(2023, 4, 1), dt.date(2023, 11, 30))
    assert [t.target_value for t in seed_001.targets.all()] == [Decimal("10"), Decimal("8"), Decimal("2")]
    measures = [(b.comparator, b.value, b.target.unit) for b in seed_001.blocks.filter(kind="target").select_related("target")]
    assert measures == [("exactly", "10", "mô hình"), ("exactly", "8", "mô hình"), ("exactly", "2", "mô hình")]
    assert {t.lead_unit.name for t in seed_001.tasks.all()} >= {"Ban Phong trào", "Văn phòng", "Ban Dân chủ - Pháp luật"}

    seed_000 = plan(SUBJECT_000)
    assert seed_000.legal_bases.get().text.startswith("Thực hiện Kết luận của đồng chí Bí thư Đảng uỷ")
    assert {t.lead_unit.name for t in seed_000.tasks.all()} == {
        "Văn phòng HĐND&UBND xã",
        "Phòng Kinh tế",
        "Phòng Văn hóa – Xã hội",
        "Công an xã",
        "Ban Chỉ huy Quân sự xã",
    }


def test_seed_003_tasks_report_monthly_on_the_15th_and_yearly_on_15_december(demo):
    seed_003 = plan(SUBJECT_003)
    schedules = [(t.lead_unit.name, t.schedules) for t in seed_003.tasks.all() if t.schedule]
    assert schedules == [
        ("Ủy ban nhân dân các xã", [{"kind": "monthly", "day": 15}, {"kind": "yearly", "day": 15, "month": 12}]),
    ]  # one line of the text, one task block, both duties of the sentence
    # the plan reports from 01/10/2024 to 31/12/2025: each month's report by the 15th of the month after,
    # and each year's by 15/12 of the year itself; both duties are due on 15/12 (the 15/12 clash is gone)
    communes = next(t for t in seed_003.tasks.all() if t.more_schedules)
    slots = [(s.schedule_kind, s.period_label, s.due_on) for s in ReportSlot.objects.filter(task=communes).order_by("due_on", "id")]
    months = [(2024, m) for m in (10, 11, 12)] + [(2025, m) for m in range(1, 13)]
    expected = [("monthly", f"Tháng {m}/{y}", dt.date(y + (m == 12), m % 12 + 1, 15)) for y, m in months]
    expected += [("yearly", "Năm 2024", dt.date(2024, 12, 15)), ("yearly", "Năm 2025", dt.date(2025, 12, 15))]
    assert sorted(slots, key=lambda s: (s[2], s[0])) == sorted(expected, key=lambda s: (s[2], s[0]))
    assert [s for s in slots if s[2] == dt.date(2024, 12, 15)] == [
        ("monthly", "Tháng 11/2024", dt.date(2024, 12, 15)),
        ("yearly", "Năm 2024", dt.date(2024, 12, 15)),
    ]
    police = next(t for t in seed_003.tasks.all() if t.lead_unit.name == "Bảo hiểm xã hội huyện")
    assert [link.unit.name for link in police.supporting_links.all()] == ["Ủy ban nhân dân các xã"]
    assert {t.lead_unit.name for t in seed_003.tasks.all() if t.lead_unit_id} >= {
        "Công an huyện",
        "Phòng Tài chính - Kế hoạch",
        "Bảo hiểm xã hội huyện",
    }
    # a post or a group leads or supports, as the text names it; "thường xuyên" is the task's timing
    named = {(p.role, p.name) for b in seed_003.blocks.filter(kind="task") for p in b.parties.all() if not p.organization_id}
    assert named == {
        ("supporting", "Các tổ chức chính trị - xã hội huyện"),
        ("lead", "Các cơ quan, ban, ngành, đơn vị liên quan trên địa bàn huyện"),
    }
    assert seed_003.blocks.filter(kind="task", timing_kind="ongoing").count() == 1


def test_the_history_of_the_seed_plans_is_real(demo):
    seed_002 = plan(SUBJECT_002)
    events = list(AuditEvent.objects.filter(plan=seed_002).order_by("seq"))
    assert [(e.action, e.actor.username) for e in events] == [
        ("create", "drafter"),
        ("submit", "drafter"),
        ("return_for_revision", "reviewer"),
        ("edit", "drafter"),
        ("submit", "drafter"),
        ("approve", "reviewer2"),
    ]
    assert [c["field"] for c in events[3].changes] == ["legal_bases[1]"]
    assert all(e.hash == event_hash(e) for e in events)
    seed_003 = plan(SUBJECT_003)
    actions = list(AuditEvent.objects.filter(plan=seed_003).order_by("seq").values_list("action", flat=True))
    assert actions == ["create", "submit", "approve", "approve", "sign_initial", "sign_main", "issue", "start_reporting"]
    assert {h.history_user.username for h in seed_003.history.all()} == {"drafter", "reviewer", "clerk"}


def test_the_demo_leaves_a_checkpoint_of_every_chain(demo):
    """Issue 13: the demo's chains are anchored from the start (and running it again adds none)."""
    from audit.models import Checkpoint
    from audit.record.checkpoints import current_heads

    [checkpoint] = Checkpoint.objects.all()
    assert checkpoint.heads == current_heads() and checkpoint.heads_count == 4
    assert f"Điểm kiểm tra #{checkpoint.pk}: 4 chuỗi sự kiện được neo." in demo
