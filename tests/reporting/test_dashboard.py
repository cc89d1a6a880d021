from datetime import date
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting.charts import horizontal_bars
from reporting.dashboard import organization_dashboard, plan_dashboard
from reporting.models import ReportSlot
from reporting.services import review_slot, submit_report


def test_plan_dashboard_counts_states_late_units_targets_and_progress(world, reporting_plan):
    u = world["users"]
    target = reporting_plan.targets.get()  # target value 100 (%)
    january = ReportSlot.objects.get(plan=reporting_plan, due_on=date(2025, 2, 15))
    february = ReportSlot.objects.get(plan=reporting_plan, due_on=date(2025, 3, 15))
    submit_report(january, u["reporter"], progress=40, target_values=[(target.pk, Decimal("35"))])
    review_slot(january, u["drafter"], decision="accept")
    submit_report(february, u["reporter"], progress=80, target_values=[(target.pk, Decimal("70"))])

    data = plan_dashboard(reporting_plan, today=date(2026, 1, 1))
    assert data["slots_by_state"]["accepted"]["count"] == 1
    assert data["slots_by_state"]["submitted"]["count"] == 1
    assert data["slots_by_state"]["overdue"]["count"] == 11
    assert data["total_slots"] == 13
    assert data["late_by_unit"] == [{"unit": "Công an huyện", "count": 10}, {"unit": "Phòng Tài chính - Kế hoạch", "count": 1}]
    [row] = data["targets"]
    assert row["reported"] == Decimal("70") and row["percent"] == 70.0
    periods = {m["period"]: m["progress"] for m in data["progress_by_period"]}
    assert periods["Tháng 1/2025"] == 40 and periods["Tháng 2/2025"] == 80 and periods["Tháng 3/2025"] == 0
    assert list(periods)[:3] == ["Tháng 1/2025", "Tháng 2/2025", "Tháng 3/2025"]


def test_dashboard_query_count_does_not_grow_with_slots(world, reporting_plan, make_plan):
    with CaptureQueriesContext(connection) as small:
        plan_dashboard(reporting_plan)
    for slot in ReportSlot.objects.filter(plan=reporting_plan)[:6]:
        submit_report(slot, world["users"]["reporter"], progress=50)
    with CaptureQueriesContext(connection) as large:
        organization_dashboard(world["district"])
    assert len(large) <= len(small) + 1  # the organization view adds one query for its plan ids


def test_chart_escapes_labels():
    chart = horizontal_bars([("<script>alert(1)</script>", 3), ("Công an huyện", 5)], title="Quá hạn <b>")
    assert "<script>" not in chart and "&lt;script&gt;" in chart and "<b>" not in chart
    assert "Công an huyện" in chart and ">5<" in chart


def test_chart_labels_are_whole_and_values_written_the_vietnamese_way():
    label = "Có trên 30,71% hộ gia đình đạt danh hiệu gia đình văn hóa, không có hộ tái nghèo trên địa bàn xã"
    chart = horizontal_bars([(label, 66.666), ("Ngắn", 100)], max_value=100, suffix="%")
    assert f'<div class="pf-bars__label">{label}</div>' in chart  # the whole label, never cut
    assert ">66,7%<" in chart and ">100%<" in chart
    assert 'style="width: 66.7%"' in chart and 'style="width: 100.0%"' in chart


def test_a_waived_slot_is_left_out_of_the_monthly_average(world, reporting_plan):
    """Two slots due 15 December (November's and the year's): one reported at 80 %, one waived — the
    waived one is in no average (not a 0 %), by period or by unit. A slot still waiting counts 0 %."""
    u = world["users"]
    monthly, yearly = ReportSlot.objects.filter(plan=reporting_plan, due_on=date(2025, 12, 15)).order_by("task__position")
    submit_report(monthly, u["reporter"], progress=80)
    review_slot(yearly, u["drafter"], decision="waive", comment="Đã báo cáo trong báo cáo năm của huyện.")
    periods = {m["period"]: (m["progress"], m["slots"]) for m in plan_dashboard(reporting_plan)["progress_by_period"]}
    assert periods["Tháng 11/2025"] == (80, 1)
    assert "Năm 2025" not in periods  # the waived yearly slot is not a 0 %
    assert periods["Tháng 10/2025"] == (0, 1)
    units = {row["unit"]: (row["progress"], row["slots"]) for row in plan_dashboard(reporting_plan)["progress_by_unit"]}
    assert "Phòng Tài chính - Kế hoạch" not in units  # its only slot is waived
