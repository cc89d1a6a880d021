from datetime import date

import pytest

from tests.conftest import PASSWORD
from workflow.services import perform


@pytest.fixture
def reporting_plan(world, make_plan):
    """A district plan for 2025 with a monthly (day 15) and a yearly (15/12) duty, in `reporting`."""
    u = world["users"]
    plan = make_plan(
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        tasks=[
            {
                "text": "Báo cáo hằng tháng",
                "lead_unit": world["police"],
                "supporting_units": [],
                "schedule_kind": "monthly",
                "schedule_day": 15,
            },
            {
                "text": "Báo cáo hằng năm",
                "lead_unit": world["finance"],
                "supporting_units": [],
                "schedule_kind": "yearly",
                "schedule_day": 15,
                "schedule_month": 12,
            },
        ],
    )
    perform(plan, "submit", u["drafter"])
    perform(plan, "approve", u["reviewer"])
    perform(plan, "sign", u["signer"], kind="main", password=PASSWORD)
    perform(plan, "issue", u["clerk"])
    return perform(plan, "start_reporting", u["clerk"])
