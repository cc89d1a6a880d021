"""Issue 18 point 5: targets are read against their comparators — "more than 77,17 %" is met by 78,2 %,
not by 77,17 % — with the value kept as written."""

from datetime import date
from decimal import Decimal

import pytest

from reporting.comparators import meets, written_number
from reporting.dashboard import plan_dashboard
from reporting.models import ReportSlot
from reporting.services import submit_report
from tests.ui.helpers import advance


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("77,17", Decimal("77.17")),
        ("1.000", Decimal("1000")),
        ("1.234,5", Decimal("1234.5")),
        ("85%", Decimal("85")),
        ("78.2", Decimal("78.2")),
        ("", None),
        ("nhiều", None),
    ],
)
def test_numbers_as_written(text, number):
    assert written_number(text) == number


@pytest.mark.parametrize(
    ("comparator", "reported", "value", "value_max", "baseline", "met"),
    [
        ("more_than", "78,2", "77,17", None, None, True),
        ("more_than", "77,17", "77,17", None, None, False),
        ("at_least", "77,17", "77,17", None, None, True),
        ("at_least", "77,16", "77,17", None, None, False),
        ("at_most", "5", "5", None, None, True),
        ("less_than", "5", "5", None, None, False),
        ("less_than", "4,9", "5", None, None, True),
        ("exactly", "100", "100", None, None, True),
        ("exactly", "99", "100", None, None, False),
        ("between", "15", "10", "20", None, True),
        ("between", "21", "10", "20", None, False),
        ("between", "15", "10", None, None, None),
        ("decrease_by", "8", "2", None, "10", True),
        ("decrease_by", "9", "2", None, "10", False),
        ("increase_by", "13", "3", None, "10", True),
        ("increase_by", "12", "3", None, None, None),
        ("", "100", "100", None, None, True),
        ("", "99", "100", None, None, False),
    ],
)
def test_comparators(comparator, reported, value, value_max, baseline, met):
    assert meets(comparator, reported, value, value_max, baseline) is met


def test_the_dashboard_reads_the_blocks_comparator(world, make_plan):
    from plans.models import Block

    plan = make_plan(
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        targets=[{"text": "Tỷ lệ hộ nghèo được hỗ trợ", "unit": "%", "target_value": Decimal("77.17"), "baseline": None}],
        tasks=[{"text": "Báo cáo", "lead_unit": world["police"], "supporting_units": [], "schedule_kind": "quarterly", "schedule_day": 5}],
    )
    target = plan.targets.get()
    block = Block.objects.filter(target=target).first() or Block(plan=plan, kind="target", target=target, text=target.text, position=50)
    block.comparator, block.value = "more_than", "77,17"
    block.save()
    plan = advance(plan, world, "reporting")
    first, second = ReportSlot.objects.filter(plan=plan).order_by("due_on")[:2]
    submit_report(first, world["users"]["reporter"], progress=50, target_values=[(target.pk, Decimal("77.17"))])
    row = plan_dashboard(plan)["targets"][0]
    assert (row["comparator"], row["written"], row["met"]) == ("more_than", "77,17", False)
    submit_report(second, world["users"]["reporter"], progress=60, target_values=[(target.pk, Decimal("78.2"))])
    row = plan_dashboard(plan)["targets"][0]
    assert row["met"] is True
