from datetime import date

import pytest

from app.domain.calendar_cn import make_is_workday
from app.domain.working_days import Light, add_working_days, light_for, working_days_between


def weekdays(day: date) -> bool:
    return day.weekday() < 5


def test_counts_working_days_not_calendar_days():
    friday = date(2025, 3, 7)
    assert add_working_days(friday, 1, weekdays) == date(2025, 3, 10)
    assert add_working_days(friday, 5, weekdays) == date(2025, 3, 14)


def test_zero_days_is_the_same_day():
    assert add_working_days(date(2025, 3, 8), 0, weekdays) == date(2025, 3, 8)


def test_negative_days_refused():
    with pytest.raises(ValueError):
        add_working_days(date(2025, 3, 7), -1, weekdays)


def test_national_day_holiday_and_make_up_working_day_2025():
    is_workday = make_is_workday()
    # 2025 National Day holiday runs 1–8 October; Saturday 11 October is a make-up working day (调休).
    assert not is_workday(date(2025, 10, 3))
    assert is_workday(date(2025, 10, 11))
    # Accepted on 30 September: the first working day after is 9 October, the third is 11 October (a Saturday).
    assert add_working_days(date(2025, 9, 30), 1, is_workday) == date(2025, 10, 9)
    assert add_working_days(date(2025, 9, 30), 3, is_workday) == date(2025, 10, 11)


def test_years_the_package_does_not_know_fall_back_to_weekdays():
    is_workday = make_is_workday()
    assert is_workday(date(2099, 6, 1))  # a Monday
    assert not is_workday(date(2099, 6, 6))  # a Saturday


def test_admin_overrides_win():
    is_workday = make_is_workday({date(2025, 3, 10): False})
    assert add_working_days(date(2025, 3, 7), 1, is_workday) == date(2025, 3, 11)


def test_working_days_between():
    assert working_days_between(date(2025, 3, 7), date(2025, 3, 14), weekdays) == 5
    assert working_days_between(date(2025, 3, 14), date(2025, 3, 7), weekdays) == 0


@pytest.mark.parametrize(
    ("today", "light"),
    [
        (date(2025, 3, 12), Light.GREEN),
        (date(2025, 3, 14), Light.YELLOW),  # the last working day
        (date(2025, 3, 15), Light.RED),
    ],
)
def test_traffic_light(today, light):
    assert light_for(date(2025, 3, 14), today, weekdays) == light


def test_weekend_before_a_monday_deadline_is_still_green_and_monday_yellow():
    assert light_for(date(2025, 3, 17), date(2025, 3, 15), weekdays) == Light.GREEN
    assert light_for(date(2025, 3, 17), date(2025, 3, 17), weekdays) == Light.YELLOW
