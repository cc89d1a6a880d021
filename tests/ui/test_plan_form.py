"""Creating and editing a plan through the form; bad input changes nothing."""

import pytest
from simple_history.utils import get_history_model_for_model

from audit.models import AuditEvent
from plans.models import BudgetLine, Plan, Task
from tests.ui.helpers import advance, formset_data, plan_form_data


def snapshot():
    """Everything a refused request must leave as it was."""
    return (
        Plan.objects.count(),
        AuditEvent.objects.count(),
        get_history_model_for_model(Plan).objects.count(),
        get_history_model_for_model(Task).objects.count(),
        list(Plan.objects.order_by("pk").values_list("subject", "state", "updated_at")),
    )


def test_the_form_offers_signers_reviewers_and_units_of_the_organization(login, world):
    html = login("drafter").get("/plans/new/").content.decode()
    assert "Nguyễn Tiên Dũng" in html  # the signer
    assert "Phạm Thẩm Định" in html and "Hoàng Văn Xét" in html  # the reviewers
    assert "Công an huyện" in html and "Phòng Tài chính - Kế hoạch" in html
    assert "Công an xã" not in html  # a unit of another authority


def test_a_drafter_creates_a_plan_with_all_its_parts(login, world):
    client = login("drafter")
    response = client.post("/plans/new/", plan_form_data(world))
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/plans/{plan.pk}/"
    assert plan.state == "draft" and plan.created_by == world["users"]["drafter"]
    assert plan.subject.startswith("Triển khai thực hiện Phong trào thi đua “Chung tay")
    assert str(plan.period_start) == "2025-01-01" and plan.signing_authority == "KT."
    assert plan.signer == world["users"]["signer"]
    assert list(plan.reviewers.all()) == [world["users"]["reviewer"]]
    assert plan.legal_bases.get().text.startswith("Căn cứ Kế hoạch số 4754/KH-UBND")
    heading, paragraph, target, task_block = plan.blocks.all()  # the body, as the editor posted it
    assert (heading.kind, heading.text, paragraph.text) == ("heading", "I. MỤC ĐÍCH, YÊU CẦU", "Tạo khí thế thi đua sôi nổi.")
    assert (target.kind, target.value, task_block.kind) == ("target", "77,17", "task")
    assert str(plan.targets.get().target_value.normalize()) == "77.17"
    task = plan.tasks.get()
    assert task.lead_unit == world["police"] and list(task.supporting_units.all()) == [world["finance"]]
    assert (task.schedule_kind, task.schedule_day) == ("monthly", 15)
    assert plan.budget_lines.get().amount == 50_000_000
    assert [(r.name, r.purpose) for r in plan.recipients.all()] == [("Thường trực Huyện ủy", "b/c"), ("VT", "lưu")]
    event = AuditEvent.objects.get(plan=plan)
    assert (event.action, event.actor) == ("create", world["users"]["drafter"])
    assert {"field": "subject", "old": None, "new": plan.subject} in event.changes
    assert plan.history.count() >= 1 and get_history_model_for_model(BudgetLine).objects.count() == 1
    assert "Đã tạo kế hoạch dự thảo." in client.get(response["Location"]).content.decode()


def test_blank_rows_are_skipped(login, world):
    data = plan_form_data(world, parts={"targets": [{"text": "", "unit": "", "target_value": "", "baseline": ""}]})
    response = login("drafter").post("/plans/new/", data)
    assert response.status_code == 302
    assert Plan.objects.get().targets.count() == 0


@pytest.mark.parametrize(
    ("case", "change", "message"),
    [
        ("empty subject", {"subject": ""}, "Trích yếu không được để trống."),
        ("blank subject", {"subject": "   "}, "Trích yếu không được để trống."),
        ("subject too long", {"subject": "x" * 1001}, "Tối đa 1000 ký tự"),
        ("unknown signer", {"signer": "999999"}, "Hãy chọn"),
        ("end before start", {"period_start": "2025-12-31", "period_end": "2025-01-01"}, "Ngày kết thúc phải sau ngày bắt đầu."),
        ("bad date", {"period_start": "31/02/2025"}, "Ngày không hợp lệ"),
    ],
)
def test_invalid_plan_fields_rerender_with_a_vietnamese_error(login, world, case, change, message):
    before = snapshot()
    response = login("drafter").post("/plans/new/", plan_form_data(world, **change))
    assert response.status_code == 200, case
    html = response.content.decode()
    assert "Chưa lưu được kế hoạch." in html and message in html, case
    assert snapshot() == before


def _task(world, **change):
    task = {"text": "Nhiệm vụ", "lead_unit": str(world["police"].pk), "schedule_kind": "", "schedule_day": ""}
    task.update(change)
    return task


@pytest.mark.parametrize(
    ("case", "parts", "message"),
    [
        ("unit of another authority", {"tasks": "commune_unit"}, "không thuộc UBND huyện Ia H&#x27;Drai."),
        ("negative money", {"budget_lines": [{"item": "Chi", "unit_cost": "-5", "quantity": "1"}]}, "Số tiền không được âm."),
        (
            "money not a number",
            {"budget_lines": [{"item": "Chi", "unit_cost": "năm triệu", "quantity": "1"}]},
            "“năm triệu” không phải là số nguyên",
        ),
        ("target not numeric", {"targets": [{"text": "Tỷ lệ", "target_value": "nhiều"}]}, "“nhiều” không phải là một số"),
        (
            "monthly without a day",
            {"tasks": "monthly_no_day"},
            "Khối 4 (Nhiệm vụ) — Ngày trong tháng</a>: Lịch báo cáo loại này cần trường này.",
        ),
        ("impossible day", {"tasks": "feb_30"}, "Khối 4 (Nhiệm vụ) — Lịch báo cáo</a>: Không có ngày 30 tháng 2."),
        ("unknown purpose", {"recipients": [{"name": "UBND xã", "purpose": "xyz"}]}, "Hãy chọn"),
    ],
)
def test_invalid_parts_rerender_with_a_vietnamese_error(login, world, case, parts, message):
    named = {
        "commune_unit": [_task(world, lead_unit=str(world["commune_unit"].pk))],
        "monthly_no_day": [_task(world, schedule_kind="monthly")],
        "feb_30": [_task(world, schedule_kind="yearly", schedule_day="30", schedule_month="2")],
    }
    parts = {key: named.get(value, value) if isinstance(value, str) else value for key, value in parts.items()}
    before = snapshot()
    response = login("drafter").post("/plans/new/", plan_form_data(world, parts=parts))
    assert response.status_code == 200, case
    assert message in response.content.decode(), case
    assert snapshot() == before


def test_broken_management_form_is_an_error_not_a_500(login, world):
    data = plan_form_data(world)
    del data["budget_lines-TOTAL_FORMS"]
    before = snapshot()
    response = login("drafter").post("/plans/new/", data)
    assert response.status_code == 200
    assert snapshot() == before


def test_add_row_keeps_what_was_typed_and_saves_nothing(login, world):
    data = plan_form_data(world, subject="Đang soạn dở")
    data["add_row"] = "budget_lines"
    response = login("drafter").post("/plans/new/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đang soạn dở" in html
    assert 'name="budget_lines-TOTAL_FORMS" value="2"' in html and 'name="budget_lines-1-item"' in html
    assert Plan.objects.count() == 0


def test_only_drafters_may_open_the_create_form(login, world):
    assert login("reviewer").get("/plans/new/").status_code == 403
    before = snapshot()
    assert login("reviewer").post("/plans/new/", plan_form_data(world)).status_code == 403
    assert snapshot() == before


def test_the_drafter_edits_a_draft(login, world, make_plan):
    plan = make_plan()
    client = login("drafter")
    form = client.get(f"/plans/{plan.pk}/edit/").content.decode()
    assert "Triển khai thực hiện Phong trào thi đua" in form and "5000000" in form
    data = plan_form_data(world, subject="Trích yếu đã sửa: “Đợt 2”")
    data.update(formset_data("budget_lines", [{"item": "Hỗ trợ", "unit_cost": "6000000", "quantity": "10", "source": ""}]))
    response = client.post(f"/plans/{plan.pk}/edit/", data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.subject == "Trích yếu đã sửa: “Đợt 2”"
    assert plan.budget_lines.get().amount == 60_000_000
    event = AuditEvent.objects.filter(plan=plan).order_by("-seq").first()
    assert event.action == "edit"
    assert {
        "field": "subject",
        "old": "Triển khai thực hiện Phong trào thi đua “Chung tay xóa nhà tạm, nhà dột nát” năm 2025",
        "new": plan.subject,
    } in event.changes
    assert {"field": "budget_lines[0].unit_cost", "old": 5_000_000, "new": 6_000_000} in event.changes


def test_an_invalid_edit_changes_nothing(login, world, make_plan):
    plan = make_plan()
    before = snapshot()
    data = plan_form_data(world, subject="Không được lưu", parts={"budget_lines": [{"item": "Chi", "unit_cost": "-1", "quantity": "1"}]})
    response = login("drafter").post(f"/plans/{plan.pk}/edit/", data)
    assert response.status_code == 200 and "Số tiền không được âm." in response.content.decode()
    assert snapshot() == before


def test_another_drafter_may_not_edit(login, world, make_plan):
    plan = make_plan()
    before = snapshot()
    client = login("drafter2")
    assert client.get(f"/plans/{plan.pk}/edit/").status_code == 403
    response = client.post(f"/plans/{plan.pk}/edit/", plan_form_data(world, subject="Chiếm quyền"))
    assert response.status_code == 403
    assert "Chỉ chuyên viên soạn thảo kế hoạch này được sửa nó." in response.content.decode()
    assert snapshot() == before


def test_a_plan_past_draft_is_not_edited(login, world, make_plan):
    plan = advance(make_plan(), world, "review")
    before = snapshot()
    client = login("drafter")
    response = client.post(f"/plans/{plan.pk}/edit/", plan_form_data(world, subject="Sửa muộn"))
    assert response.status_code == 302 and response["Location"] == f"/plans/{plan.pk}/"
    assert "Chỉ sửa được kế hoạch ở trạng thái dự thảo" in client.get(response["Location"]).content.decode()  # what update_plan says
    assert snapshot() == before


@pytest.mark.parametrize("page", ["", "edit/", "history/", "actions/submit/"])
def test_a_plan_of_another_organization_is_404(login, make_plan, page):
    plan = make_plan()
    response = login("xa_drafter").get(f"/plans/{plan.pk}/{page}")
    assert response.status_code == 404
    assert "Không tìm thấy" in response.content.decode()


def test_unknown_plan_and_unknown_action_are_404(login, make_plan):
    plan = make_plan()
    client = login("drafter")
    assert client.get("/plans/999999/").status_code == 404
    assert client.get(f"/plans/{plan.pk}/actions/explode/").status_code == 404


def test_the_error_banner_names_each_field_and_row_and_links_to_it(login, world):
    parts = {
        "budget_lines": [{"item": "Chi", "unit_cost": "5.000.000", "quantity": "1"}, {"item": "Chi", "unit_cost": "1,500", "quantity": "1"}]
    }
    response = login("drafter").post("/plans/new/", plan_form_data(world, parts=parts, subject=""))
    html = response.content.decode()
    banner = html[html.index("data-error-summary") : html.index("</div>", html.index("data-error-summary"))]
    assert '<a href="#id_subject" data-error-target="id_subject">Trích yếu</a>: Trích yếu không được để trống.' in banner
    assert (
        '<a href="#id_budget_lines-1-unit_cost" data-error-target="id_budget_lines-1-unit_cost">Kinh phí, dòng 2 — Đơn giá (đồng)</a>'
        in banner
    )
    assert "Kinh phí, dòng 1" not in banner  # the first line is right
    assert 'id="id_budget_lines-1-unit_cost"' in html


def test_every_part_carries_its_empty_row_for_adding_without_reload(login, world):
    html = login("drafter").get("/plans/new/").content.decode()
    for prefix in ("legal_bases", "budget_lines", "recipients"):  # the body: tests/ui/test_block_editor.py
        template = html[html.index(f'<template id="empty-row-{prefix}">') :]
        template = template[: template.index("</template>")]
        assert f'name="{prefix}-__prefix__-' in template and "Dòng __number__" in template
        assert f'data-add-row="{prefix}"' in html and f'id="rows-{prefix}"' in html
