"""The working-day calendar as a value: the special dates of the confirmed years, Monday–Friday elsewhere.

Plain Python, no Flask and no session: the service layer loads it from the calendar tables and passes it to the
clock (app.domain.clock), so every clock rule is unit-tested against a calendar built in the test.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta


@dataclass(frozen=True)
class SpecialDay:
    """A date that differs from Monday–Friday: a public holiday on a weekday or a make-up working day (调休)."""

    day: date
    is_workday: bool
    name: str = ""


@dataclass(frozen=True)
class WorkCalendar:
    """Working days: the special dates of confirmed years, and Monday–Friday for every other date.

    Dates entered for a year nobody has confirmed yet are a draft and do not count: the clock of an unconfirmed
    year is plain Monday–Friday, and every admin and supervisor page says so (``unconfirmed_years``)."""

    special: Mapping[date, bool] = field(default_factory=dict)
    confirmed_years: frozenset[int] = frozenset()

    @classmethod
    def build(cls, days: Iterable[SpecialDay], confirmed_years: Iterable[int]) -> WorkCalendar:
        years = frozenset(confirmed_years)
        return cls({d.day: d.is_workday for d in days if d.day.year in years}, years)

    def is_workday(self, day: date) -> bool:
        answer = self.special.get(day)
        if answer is not None:
            return answer
        return day.weekday() < 5

    __call__ = is_workday  # a calendar is also an is_workday(date) function

    def is_confirmed(self, year: int) -> bool:
        return year in self.confirmed_years

    def unconfirmed_years(self, today: date, ahead_days: int = 366) -> list[int]:
        """Years from today to ``ahead_days`` later that the clock can reach and nobody has confirmed."""
        last = today + timedelta(days=ahead_days)
        return [year for year in range(today.year, last.year + 1) if year not in self.confirmed_years]


WEEKDAYS = WorkCalendar()


class RangeError(ValueError):
    """A pasted line of a year's arrangement that cannot be read, with its line number."""

    def __init__(self, line_number: int, line: str, problem: str) -> None:
        super().__init__(f"第 {line_number} 行「{line}」：{problem}")
        self.line_number = line_number
        self.line = line
        self.problem = problem


_DATE = r"(?:(\d{4})[-./年])?(\d{1,2})[-./月](\d{1,2})日?"
_LINE = re.compile(
    rf"^\s*(休|班|holiday|workday|off|work)\s*[:：]?\s*{_DATE}\s*(?:(?:-|–|—|~|～|至|到)\s*{_DATE})?\s*(.*)$", re.I
)
_WORK_WORDS = {"班", "workday", "work"}


def parse_year_ranges(year: int, text: str) -> list[SpecialDay]:
    """Read a year's arrangement pasted as one range per line, the way the State Council's notice lists it::

        休 1月1日-1月3日 元旦
        班 1月4日 元旦调休
        休 2027-02-06 ~ 2027-02-13 春节

    ``休`` (holiday) lines mark every date of the range as a day off, ``班`` lines as a make-up working day; the
    rest of the line is the name. A date without a year is in ``year``; a range may not leave the year.
    Raises RangeError naming the first line that cannot be read."""
    days: dict[date, SpecialDay] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _LINE.match(line)
        if match is None:
            raise RangeError(number, line, "应为「休 1月1日-1月3日 名称」或「班 1月4日 名称」")
        word, y1, m1, d1, y2, m2, d2, name = match.groups()
        is_workday = word.lower() in _WORK_WORDS
        start = _read_date(number, line, year, y1, m1, d1)
        end = start if m2 is None else _read_date(number, line, year, y2, m2, d2)
        if end < start:
            raise RangeError(number, line, "结束日期早于开始日期")
        if (end - start).days > 31:
            raise RangeError(number, line, "一段假期不超过 31 天")
        current = start
        while current <= end:
            if current in days and days[current].is_workday != is_workday:
                raise RangeError(number, line, f"{current:%m月%d日} 既是休息日又是工作日")
            days[current] = SpecialDay(current, is_workday, name.strip()[:50])
            current += timedelta(days=1)
    return sorted(days.values(), key=lambda d: d.day)


def _read_date(number: int, line: str, year: int, y: str | None, m: str, d: str) -> date:
    if y is not None and int(y) != year:
        raise RangeError(number, line, f"日期不在 {year} 年")
    try:
        return date(year, int(m), int(d))
    except ValueError:
        raise RangeError(number, line, f"没有 {m} 月 {d} 日这一天") from None


def format_year_ranges(days: Iterable[SpecialDay]) -> str:
    """The text :func:`parse_year_ranges` reads back: consecutive dates of one kind and name as one range."""
    lines: list[str] = []
    run: list[SpecialDay] = []

    def flush() -> None:
        if run:
            first, last = run[0].day, run[-1].day
            span = f"{first.month}月{first.day}日" + ("" if first == last else f"-{last.month}月{last.day}日")
            lines.append(f"{'班' if run[0].is_workday else '休'} {span} {run[0].name}".rstrip())
            run.clear()

    for day in sorted(days, key=lambda d: d.day):
        if run and (
            day.day - run[-1].day != timedelta(days=1)
            or day.is_workday != run[-1].is_workday
            or day.name != run[-1].name
        ):
            flush()
        run.append(day)
    flush()
    return "\n".join(lines)
