"""The number inputs of the forms that stay (budget lines, the report form): text inputs with
inputmode, read on the server the Vietnamese way or plainly, stored at the magnitude meant, shown
back the Vietnamese way. (In a browser under en-US and vi-VN: tests/e2e/test_new_user_walk.py.)"""

import re
from decimal import Decimal

import pytest

from plans.models import Plan
from reporting.forms import ReportForm
from tests.ui.helpers import plan_form_data

pytestmark = pytest.mark.django_db


def budget(unit_cost, quantity="10"):
    return {"budget_lines": [{"item": "Hỗ trợ xây nhà", "unit_cost": unit_cost, "quantity": quantity, "source": "Ngân sách huyện"}]}


@pytest.mark.parametrize("typed", ["5.000.000", "5000000", "5 000 000", "5.000.000 đ", "5.000.000đồng"])
def test_money_typed_either_way_is_stored_as_that_many_dong(login, world, typed):
    response = login("drafter").post("/plans/new/", plan_form_data(world, parts=budget(typed)))
    assert response.status_code == 302
    line = Plan.objects.get().budget_lines.get()
    assert (line.unit_cost, line.quantity, line.amount) == (5_000_000, 10, 50_000_000)


@pytest.mark.parametrize(
    "typed, why",
    [
        ("1,500", "“1,500” có thể hiểu là 1,5 hoặc 1.500"),
        ("1.5", "Dấu chấm chỉ dùng để ngăn cách hàng nghìn"),
        ("5,000,000", "cách viết tiếng Anh"),
    ],
)
def test_money_that_could_mean_two_amounts_is_refused_and_nothing_is_stored(login, world, typed, why):
    response = login("drafter").post("/plans/new/", plan_form_data(world, parts=budget(typed)))
    assert response.status_code == 200
    html = response.content.decode()
    assert why in html and "Chưa lưu được kế hoạch." in html
    assert not Plan.objects.exists()


def test_the_edit_form_shows_money_the_vietnamese_way_in_text_inputs(login, world):
    client = login("drafter")
    client.post("/plans/new/", plan_form_data(world, parts=budget("5000000", "1.200")))
    plan = Plan.objects.get()
    assert plan.budget_lines.get().quantity == 1200
    html = client.get(f"/plans/{plan.pk}/edit/").content.decode()
    unit_cost = re.search(r'<input[^>]*name="budget_lines-0-unit_cost"[^>]*>', html).group(0)
    quantity = re.search(r'<input[^>]*name="budget_lines-0-quantity"[^>]*>', html).group(0)
    assert 'type="text"' in unit_cost and 'inputmode="numeric"' in unit_cost and 'value="5.000.000"' in unit_cost
    assert 'value="1.200"' in quantity
    target = re.search(r'<input[^>]*name="body-\d+-value"[^>]*value="77,17"[^>]*>', html).group(0)  # the target block's value
    assert 'inputmode="decimal"' in target and 'type="text"' in target
    assert "Thành tiền: 6.000.000.000 đồng" in html  # 5.000.000 × 1.200
    # saved again unchanged, the amounts stay what they were
    data = plan_form_data(world, parts=budget("5.000.000", "1.200"))
    assert client.post(f"/plans/{plan.pk}/edit/", data).status_code == 302
    assert plan.budget_lines.get().unit_cost == 5_000_000


def test_the_report_form_reads_progress_and_target_values_either_way(world):
    class Target:
        pk, text, unit, target_value = 7, "Tỷ lệ hộ", "%", None

    form = ReportForm({"progress": "40 %", "text": "", "target_7": "77,17"}, targets=[Target()])
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["progress"], form.target_values()) == (40, [(7, Decimal("77.17"))])
    plain = ReportForm({"progress": "40", "text": "", "target_7": "77.17"}, targets=[Target()])
    assert plain.is_valid() and plain.target_values() == form.target_values()
    ambiguous = ReportForm({"progress": "40", "text": "", "target_7": "1.500"}, targets=[Target()])
    assert not ambiguous.is_valid()
    assert "có thể hiểu là 1,5 hoặc 1.500" in ambiguous.errors["target_7"][0]
    html = str(form["progress"])
    assert 'type="text"' in html and 'inputmode="numeric"' in html


def test_an_edit_form_saved_unchanged_keeps_every_value(login, world):
    """What the form shows must read back as the same value: a target of 1200 is shown "1200" (not
    "1.200", which reads as 1200 or 1,2), one of 1,234 as "1,2340" (not "1,234", also 1234 in English)."""
    client = login("drafter")
    targets = {
        "targets": [{"text": "Số hộ", "unit": "hộ", "target_value": "1200"}, {"text": "Hệ số", "unit": "", "target_value": "1,2340"}]
    }
    assert client.post("/plans/new/", plan_form_data(world, parts=targets)).status_code == 302
    plan = Plan.objects.get()
    html = client.get(f"/plans/{plan.pk}/edit/").content.decode()
    shown = [value for value in re.findall(r'name="body-\d+-value" id="[^"]*" value="([^"]*)"', html) if value]
    assert shown == ["1200", "1,2340"], shown  # a target block's value is kept as written
    parts = {
        "targets": [{"text": "Số hộ", "unit": "hộ", "target_value": shown[0]}, {"text": "Hệ số", "unit": "", "target_value": shown[1]}]
    }
    assert client.post(f"/plans/{plan.pk}/edit/", plan_form_data(world, parts=parts)).status_code == 302
    assert [t.target_value for t in plan.targets.all()] == [Decimal("1200"), Decimal("1.234")]
