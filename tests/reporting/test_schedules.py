from datetime import date

import pytest

from reporting.schedules import due_dates

Y2024 = (date(2024, 1, 1), date(2024, 12, 31))
Y2025 = (date(2025, 1, 1), date(2025, 12, 31))


def test_monthly_day_15_gives_twelve_dates_in_a_year():
    dates = due_dates("monthly", *Y2025, day=15)
    assert dates == [date(2025, m, 15) for m in range(1, 13)]


@pytest.mark.parametrize(
    ("period", "february"),
    [(Y2024, date(2024, 2, 29)), (Y2025, date(2025, 2, 28))],
)
def test_monthly_day_31_falls_on_month_ends_including_leap_february(period, february):
    dates = due_dates("monthly", *period, day=31)
    assert february in dates
    assert date(period[0].year, 4, 30) in dates
    assert date(period[0].year, 12, 31) in dates
    assert len(dates) == 12


def test_yearly_29_february_in_leap_and_common_years():
    assert due_dates("yearly", date(2024, 1, 1), date(2025, 12, 31), day=29, month=2) == [date(2024, 2, 29), date(2025, 2, 28)]


def test_yearly_15_december_of_seed_003():
    assert due_dates("yearly", date(2024, 9, 1), date(2025, 12, 31), day=15, month=12) == [date(2024, 12, 15), date(2025, 12, 15)]


def test_quarterly_is_the_month_after_each_quarter_inside_the_period():
    assert due_dates("quarterly", *Y2025, day=10) == [date(2025, 1, 10), date(2025, 4, 10), date(2025, 7, 10), date(2025, 10, 10)]


def test_once_only_inside_the_period():
    assert due_dates("once", *Y2025, on=date(2025, 10, 25)) == [date(2025, 10, 25)]
    assert due_dates("once", *Y2025, on=date(2026, 1, 5)) == []


def test_partial_period_and_empty_cases():
    assert due_dates("monthly", date(2024, 9, 20), date(2024, 12, 10), day=15) == [date(2024, 10, 15), date(2024, 11, 15)]
    assert due_dates("monthly", date(2025, 1, 1), date(2024, 1, 1), day=15) == []
    assert due_dates("", *Y2025) == []
