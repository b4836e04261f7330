"""Split date inputs (rjsf's alt-date and alt-datetime): year, month, day (and hour, minute) boxes.

Each box is posted as ``<field path>~<part>``; parse joins them into ``2024-03-15`` or
``2024-03-15T09:30:00+08:00`` and encode splits the JSON value back into the boxes.
"""

from __future__ import annotations

import unicodedata
from datetime import date

from forms.formats import normalise_format_input

DATE_PART_SEPARATOR = "~"
DATE_PARTS = ("year", "month", "day")
DATE_TIME_PARTS = (*DATE_PARTS, "hour", "minute")


def part_names(with_time: bool) -> tuple[str, ...]:
    """The boxes of a split date input, in the order they are shown (China writes year first)."""
    return DATE_TIME_PARTS if with_time else DATE_PARTS


def split_date_value(text: str, with_time: bool) -> dict[str, str]:
    """The text of each box for a stored (or typed-back) value; unparseable text goes into the year box."""
    names = part_names(with_time)
    parts = dict.fromkeys(names, "")
    if not text:
        return parts
    date_text, _, time_text = text.partition("T")
    pieces = date_text.split("-")
    if len(pieces) != 3:
        parts["year"] = text
        return parts
    parts.update(zip(DATE_PARTS, pieces, strict=True))
    if with_time and time_text:
        clock = time_text.split(":")
        parts["hour"] = clock[0]
        parts["minute"] = clock[1][:2] if len(clock) > 1 else ""
    return parts


def join_date_parts(parts: dict[str, str], with_time: bool) -> tuple[str, bool]:
    """(the value, whether it is a real date/time) from the posted boxes; ("", True) when all are empty.

    A value that is not a real date keeps what was typed ("2024-2-30") so the form can show it again.
    """
    names = part_names(with_time)
    texts = [unicodedata.normalize("NFKC", parts.get(name, "")).strip() for name in names]
    if not any(texts):
        return "", True
    typed = "-".join(texts[:3]) + (f"T{texts[3]}:{texts[4]}" if with_time else "")
    if not all(text.isascii() and text.isdecimal() for text in texts):
        return typed, False
    numbers = [int(text) for text in texts]
    try:
        date(numbers[0], numbers[1], numbers[2])
    except ValueError:
        return typed, False
    if numbers[0] < 1000:
        return typed, False
    value = f"{numbers[0]:04d}-{numbers[1]:02d}-{numbers[2]:02d}"
    if not with_time:
        return value, True
    if numbers[3] > 23 or numbers[4] > 59:
        return typed, False
    return normalise_format_input("date-time", f"{value}T{numbers[3]:02d}:{numbers[4]:02d}"), True
