"""The clock's rules pinned against the State Council's published arrangements of 2024–2026."""

from datetime import date

import pytest

from app.domain.calendar_cn import package_arrangement, package_calendar
from app.domain.clock import Pause, PauseKind, due_date, light, pause_notice, working_days_used
from app.domain.work_calendar import WEEKDAYS, RangeError, WorkCalendar, parse_year_ranges
from app.domain.working_days import Light

CN = package_calendar()


def test_the_clock_starts_the_working_day_after_acceptance():
    # Accepted on a Friday: Friday does not count, Monday is day 1.
    assert due_date(date(2025, 3, 7), 1, CN) == date(2025, 3, 10)
    assert due_date(date(2025, 3, 7), 5, CN) == date(2025, 3, 14)


def test_an_immediate_item_is_due_the_day_it_is_accepted_even_on_a_holiday():
    assert due_date(date(2025, 10, 3), 0, CN) == date(2025, 10, 3)


def test_negative_limits_are_refused():
    with pytest.raises(ValueError):
        due_date(date(2025, 3, 7), -1, CN)


def test_accepted_the_day_before_national_day_2024():
    # 2024: 1–7 October off; Sunday 29 September and Saturday 12 October are working days.
    accepted = date(2024, 9, 30)
    assert due_date(accepted, 1, CN) == date(2024, 10, 8)
    assert due_date(accepted, 5, CN) == date(2024, 10, 12)  # the make-up Saturday is day 5
    assert due_date(accepted, 6, CN) == date(2024, 10, 14)


def test_accepted_the_day_before_national_day_2025():
    # 2025: National Day and Mid-Autumn together, 1–8 October; Saturday 11 October is a working day.
    assert due_date(date(2025, 9, 30), 1, CN) == date(2025, 10, 9)
    assert due_date(date(2025, 9, 30), 3, CN) == date(2025, 10, 11)


def test_spring_festival_2026_with_make_up_saturdays_on_both_sides():
    # 2026: 15–23 February off; Saturdays 14 and 28 February are working days.
    accepted = date(2026, 2, 12)
    assert due_date(accepted, 1, CN) == date(2026, 2, 13)
    assert due_date(accepted, 2, CN) == date(2026, 2, 14)
    assert due_date(accepted, 3, CN) == date(2026, 2, 24)
    assert due_date(date(2026, 2, 26), 2, CN) == date(2026, 2, 28)


def test_new_year_2026_is_three_days_and_sunday_4_january_is_worked():
    assert due_date(date(2025, 12, 31), 1, CN) == date(2026, 1, 4)


def test_supplement_pause_across_a_weekend_and_a_make_up_saturday():
    accepted = date(2025, 10, 9)  # Thursday after the 2025 National Day holiday
    assert due_date(accepted, 3, CN) == date(2025, 10, 13)  # Fri 10, Sat 11 (make-up), Mon 13
    # Supplement requested on Friday 10 October, answered on Monday 13: neither the make-up Saturday nor the
    # Monday count; the clock resumes on Tuesday with all 3 days left.
    pause = Pause(date(2025, 10, 10), date(2025, 10, 13), PauseKind.SUPPLEMENT)
    assert due_date(accepted, 3, CN, [pause]) == date(2025, 10, 16)


def test_the_clock_resumes_where_it_stopped():
    accepted = date(2025, 3, 3)  # Monday; 5 days: due Monday 10 March
    pause = Pause(date(2025, 3, 6), date(2025, 3, 11), PauseKind.SUPPLEMENT)  # Tue 4, Wed 5 used before
    # 3 days left after the pause: Wed 12, Thu 13, Fri 14.
    assert due_date(accepted, 5, CN, [pause]) == date(2025, 3, 14)
    assert working_days_used(accepted, date(2025, 3, 14), CN, [pause]) == 5


def test_an_excluded_period_does_not_count_against_the_limit():
    accepted = date(2026, 3, 2)
    assert due_date(accepted, 10, CN) == date(2026, 3, 16)
    review = Pause(date(2026, 3, 5), date(2026, 3, 11), PauseKind.EXCLUDED, "专家评审")
    assert due_date(accepted, 10, CN, [review]) == date(2026, 3, 23)


def test_a_running_pause_has_no_due_date_unless_projected_to_today():
    accepted = date(2025, 3, 3)
    running = Pause(date(2025, 3, 5), None)
    assert due_date(accepted, 5, CN, [running]) is None
    # Projected as if the applicant answered today (Friday 7 March): 1 day used, 4 left from Monday 10.
    assert due_date(accepted, 5, CN, [running], today=date(2025, 3, 7)) == date(2025, 3, 13)


def test_overlapping_pauses_count_once():
    accepted = date(2025, 3, 3)
    pauses = [Pause(date(2025, 3, 4), date(2025, 3, 6)), Pause(date(2025, 3, 5), date(2025, 3, 7), PauseKind.EXCLUDED)]
    assert due_date(accepted, 1, CN, pauses) == date(2025, 3, 10)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2024, 10, 10), Light.GREEN),
        (date(2024, 10, 11), Light.GREEN),  # Friday: the Saturday after is still a working day
        (date(2024, 10, 12), Light.YELLOW),  # the make-up Saturday is the last day
        (date(2024, 10, 13), Light.RED),
    ],
)
def test_lights_around_a_make_up_saturday(today, expected):
    assert light(date(2024, 10, 12), today, CN) == expected


def test_yellow_before_a_holiday_when_the_last_working_day_is_today():
    # Due Thursday 8 October 2026 (after the holiday), judged on Wednesday 30 September: green.
    assert light(date(2026, 10, 8), date(2026, 9, 30), CN) == Light.GREEN
    # Due Wednesday 30 September, judged that day: yellow; on 1 October: red.
    assert light(date(2026, 9, 30), date(2026, 9, 30), CN) == Light.YELLOW
    assert light(date(2026, 9, 30), date(2026, 10, 1), CN) == Light.RED


def test_a_paused_clock_has_no_light():
    assert light(date(2024, 1, 1), date(2024, 6, 1), CN, paused=True) is None


def test_pause_notice():
    assert pause_notice(Pause(date(2026, 12, 3), None)) == "已暂停：等待申请人补正，自 12月3日"
    excluded = Pause(date(2026, 12, 3), None, PauseKind.EXCLUDED, "专家评审")
    assert pause_notice(excluded) == "已暂停：特别程序（专家评审），自 12月3日"


def test_unconfirmed_years_fall_back_to_monday_to_friday():
    draft_2027 = parse_year_ranges(2027, "休 1月1日 元旦")
    calendar = WorkCalendar.build([*package_arrangement(2026), *draft_2027], [2026])
    assert not calendar.is_workday(date(2026, 1, 1))
    assert calendar.is_workday(date(2027, 1, 1))  # a Friday; 2027 is a draft until confirmed
    assert calendar.unconfirmed_years(date(2026, 12, 2)) == [2027]
    confirmed = WorkCalendar.build([*package_arrangement(2026), *draft_2027], [2026, 2027])
    assert not confirmed.is_workday(date(2027, 1, 1))
    assert WEEKDAYS.is_workday(date(2099, 6, 1)) and not WEEKDAYS.is_workday(date(2099, 6, 6))


PASTED_2026 = """
# 国务院办公厅关于2026年部分节假日安排的通知
休 1月1日-1月3日 元旦
班 1月4日 元旦调休
班 2月14日 春节调休
休 2月15日-2月23日 春节
班 2月28日 春节调休
休 4月4日-4月6日 清明节
休 5月1日-5月5日 劳动节
班 5月9日 劳动节调休
休 6月19日-6月21日 端午节
班 9月20日 国庆节调休
休 9月25日-9月27日 中秋节
休 2026-10-01 ~ 2026-10-07 国庆节
班 10月10日 国庆节调休
"""


def test_a_year_pasted_as_ranges_matches_the_published_arrangement():
    pasted = parse_year_ranges(2026, PASTED_2026)
    assert [(d.day, d.is_workday) for d in pasted] == [(d.day, d.is_workday) for d in package_arrangement(2026)]
    assert pasted[0].name == "元旦"


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("休 1月1日\n放假 2月1日", 2, "应为"),
        ("休 2月30日", 1, "没有 2 月 30 日"),
        ("休 3月5日-3月1日", 1, "结束日期早于开始日期"),
        ("休 2025-01-01", 1, "不在 2026 年"),
        ("休 1月1日\n班 1月1日", 2, "既是休息日又是工作日"),
    ],
)
def test_pasted_lines_that_cannot_be_read_are_named(text, line, problem):
    with pytest.raises(RangeError) as error:
        parse_year_ranges(2026, text)
    assert error.value.line_number == line
    assert problem in str(error.value)


def test_a_year_written_as_ranges_reads_back_the_same():
    from app.domain.work_calendar import format_year_ranges

    days = package_arrangement(2025)
    text = format_year_ranges(days)
    assert "休 1月28日-2月4日 春节\n班 2月8日 春节调休" in text
    assert parse_year_ranges(2025, text) == days


def test_a_step_with_its_own_limit_counts_from_the_day_it_opened_and_stops_with_the_case():
    """环节时限: a case accepted Monday 29 September 2025 (10 working days) reaches 卫健委's step on Tuesday 30
    September; the step has 3 days of its own. The National Day holiday (1–8 October) does not count, the
    make-up Saturday 11 October does; a supplement the case waits for stops the step's clock as well."""
    accepted, opened = date(2025, 9, 29), date(2025, 9, 30)
    assert due_date(accepted, 10, CN) == date(2025, 10, 20)
    step_due = due_date(opened, 3, CN)
    assert step_due == date(2025, 10, 11)  # Thu 9, Fri 10, the make-up Saturday: the step is late first
    assert light(step_due, date(2025, 10, 10), CN) is Light.GREEN
    assert light(step_due, date(2025, 10, 11), CN) is Light.YELLOW
    assert light(step_due, date(2025, 10, 13), CN) is Light.RED
    supplement = Pause(date(2025, 10, 9), date(2025, 10, 10), PauseKind.SUPPLEMENT)
    assert due_date(opened, 3, CN, [supplement]) == date(2025, 10, 14)  # Sat 11, Mon 13, Tue 14
