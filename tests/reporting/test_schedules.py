"""Issue 18 point 1: every slot covers a period, due after it by the schedule's rule, and the slots
cover exactly the plan's period — for each schedule kind, plans starting and ending mid-period and
across year ends."""

from datetime import date

import pytest

from reporting.schedules import due_dates, period_of_due, periods

Y2024 = (date(2024, 1, 1), date(2024, 12, 31))
Y2025 = (date(2025, 1, 1), date(2025, 12, 31))


def rows(kind, start, end, **kw):
    return [(p.label, p.start, p.end, p.due) for p in periods(kind, start, end, **kw)]


def test_the_quarterly_example_of_the_issue_gives_q1_to_q4_2024_with_q4_due_in_january_2025():
    assert rows("quarterly", *Y2024, day=5) == [
        ("Quý I/2024", date(2024, 1, 1), date(2024, 3, 31), date(2024, 4, 5)),
        ("Quý II/2024", date(2024, 4, 1), date(2024, 6, 30), date(2024, 7, 5)),
        ("Quý III/2024", date(2024, 7, 1), date(2024, 9, 30), date(2024, 10, 5)),
        ("Quý IV/2024", date(2024, 10, 1), date(2024, 12, 31), date(2025, 1, 5)),
    ]


def test_quarterly_starting_and_ending_mid_quarter_across_a_year_end():
    assert rows("quarterly", date(2024, 11, 15), date(2025, 5, 10), day=10) == [
        ("Quý IV/2024", date(2024, 11, 15), date(2024, 12, 31), date(2025, 1, 10)),
        ("Quý I/2025", date(2025, 1, 1), date(2025, 3, 31), date(2025, 4, 10)),
        ("Quý II/2025", date(2025, 4, 1), date(2025, 5, 10), date(2025, 7, 10)),
    ]


def test_monthly_is_due_on_day_d_of_the_month_after_and_the_last_one_in_the_next_year():
    got = rows("monthly", *Y2025, day=15)
    assert [label for label, *_ in got] == [f"Tháng {m}/2025" for m in range(1, 13)]
    assert got[0] == ("Tháng 1/2025", date(2025, 1, 1), date(2025, 1, 31), date(2025, 2, 15))
    assert got[-1] == ("Tháng 12/2025", date(2025, 12, 1), date(2025, 12, 31), date(2026, 1, 15))


def test_monthly_mid_month_start_and_end_across_a_year_end():
    assert rows("monthly", date(2024, 11, 20), date(2025, 1, 10), day=5) == [
        ("Tháng 11/2024", date(2024, 11, 20), date(2024, 11, 30), date(2024, 12, 5)),
        ("Tháng 12/2024", date(2024, 12, 1), date(2024, 12, 31), date(2025, 1, 5)),
        ("Tháng 1/2025", date(2025, 1, 1), date(2025, 1, 10), date(2025, 2, 5)),
    ]


@pytest.mark.parametrize(("year", "february"), [(2024, date(2024, 2, 29)), (2025, date(2025, 2, 28))])
def test_monthly_day_31_falls_on_month_ends_including_leap_february(year, february):
    dates = due_dates("monthly", date(year, 1, 1), date(year, 12, 31), day=31)
    assert dates[0] == february  # January's report
    assert dates[2] == date(year, 4, 30)  # March's report
    assert dates[-1] == date(year + 1, 1, 31)  # December's
    assert len(dates) == 12


def test_half_yearly_labels_and_dues_mid_period_across_years():
    assert rows("halfyearly", date(2024, 3, 1), date(2025, 9, 30), day=15) == [
        ("6 tháng đầu năm 2024", date(2024, 3, 1), date(2024, 6, 30), date(2024, 7, 15)),
        ("6 tháng cuối năm 2024", date(2024, 7, 1), date(2024, 12, 31), date(2025, 1, 15)),
        ("6 tháng đầu năm 2025", date(2025, 1, 1), date(2025, 6, 30), date(2025, 7, 15)),
        ("6 tháng cuối năm 2025", date(2025, 7, 1), date(2025, 9, 30), date(2026, 1, 15)),
    ]


def test_yearly_due_in_the_year_after_or_before_the_year_ends_when_the_day_is_in_its_last_quarter():
    assert rows("yearly", date(2024, 9, 1), date(2025, 12, 31), day=15, month=12) == [
        ("Năm 2024", date(2024, 9, 1), date(2024, 12, 31), date(2024, 12, 15)),
        ("Năm 2025", date(2025, 1, 1), date(2025, 12, 31), date(2025, 12, 15)),
    ]
    assert rows("yearly", date(2024, 7, 1), date(2025, 6, 30), day=31, month=1) == [
        ("Năm 2024", date(2024, 7, 1), date(2024, 12, 31), date(2025, 1, 31)),
        ("Năm 2025", date(2025, 1, 1), date(2025, 6, 30), date(2026, 1, 31)),
    ]


def test_yearly_29_february_in_leap_and_common_years():
    assert due_dates("yearly", date(2023, 1, 1), date(2024, 12, 31), day=29, month=2) == [date(2024, 2, 29), date(2025, 2, 28)]


def test_once_covers_the_plan_up_to_its_date_and_may_fall_after_the_plan():
    assert rows("once", *Y2025, on=date(2025, 10, 25)) == [
        ("01/01/2025 – 25/10/2025", date(2025, 1, 1), date(2025, 10, 25), date(2025, 10, 25))
    ]
    assert rows("once", *Y2025, on=date(2026, 1, 5)) == [
        ("01/01/2025 – 31/12/2025", date(2025, 1, 1), date(2025, 12, 31), date(2026, 1, 5))
    ]
    assert rows("once", *Y2025, on=date(2024, 12, 1)) == []  # before the plan
    assert rows("once", None, None, on=date(2025, 3, 1)) == [("Đến 01/03/2025", None, date(2025, 3, 1), date(2025, 3, 1))]


def test_empty_cases():
    assert due_dates("monthly", date(2025, 1, 1), date(2024, 1, 1), day=15) == []
    assert due_dates("", *Y2025) == []
    assert due_dates("monthly", None, None, day=15) == []
    assert due_dates("yearly", *Y2025, day=15) == []  # no month


@pytest.mark.parametrize(
    ("kind", "due", "kw", "expected"),
    [
        ("monthly", date(2025, 1, 15), {"day": 15}, (date(2024, 12, 1), date(2024, 12, 31), "Tháng 12/2024")),
        ("quarterly", date(2024, 4, 5), {"day": 5}, (date(2024, 1, 1), date(2024, 3, 31), "Quý I/2024")),
        ("quarterly", date(2025, 1, 5), {"day": 5}, (date(2024, 10, 1), date(2024, 12, 31), "Quý IV/2024")),
        ("halfyearly", date(2025, 1, 15), {"day": 15}, (date(2024, 7, 1), date(2024, 12, 31), "6 tháng cuối năm 2024")),
        ("yearly", date(2024, 12, 15), {"day": 15, "month": 12}, (date(2024, 1, 1), date(2024, 12, 31), "Năm 2024")),
        ("yearly", date(2025, 1, 31), {"day": 31, "month": 1}, (date(2024, 1, 1), date(2024, 12, 31), "Năm 2024")),
    ],
)
def test_the_period_of_a_due_date_for_slots_made_before_periods(kind, due, kw, expected):
    assert period_of_due(kind, due, **kw) == expected
    first, last, label = expected
    assert due in [p.due for p in periods(kind, first, last, **kw) if p.label == label]
