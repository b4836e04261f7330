"""Tracking numbers: dated, not counting cases, and a check character that catches a mistyped character."""

from __future__ import annotations

import re
from datetime import datetime

from app.domain.tracking_numbers import ALPHABET, check_character, is_valid, new_tracking_number, normalise

WHEN = datetime(2026, 12, 2, 9, 30)


def test_a_new_number_is_dated_and_valid():
    number = new_tracking_number(WHEN)
    assert re.fullmatch(r"YC20261202[0-9A-HJKMNP-TV-Z]{9}", number)
    assert is_valid(number)


def test_numbers_of_one_day_do_not_count_cases():
    numbers = [new_tracking_number(WHEN) for _ in range(2000)]
    assert len(set(numbers)) == 2000
    # Neither sorted nor consecutive: the random part of two numbers in a row differs in most places.
    assert numbers != sorted(numbers)


def test_every_single_mistyped_character_is_caught():
    number = new_tracking_number(WHEN)
    for position in range(2, len(number)):
        for char in ALPHABET:
            if char != number[position]:
                typo = number[:position] + char + number[position + 1 :]
                assert not is_valid(typo), typo


def test_swapping_two_neighbours_is_caught():
    for _ in range(200):
        number = new_tracking_number(WHEN)
        for position in range(2, len(number) - 1):
            a, b = number[position], number[position + 1]
            if a != b:
                swapped = number[:position] + b + a + number[position + 2 :]
                assert not is_valid(swapped), (number, swapped)


def test_what_people_type_is_read_as_the_stored_number():
    number = "YC20261202K7M3Q0X1"
    number += check_character(number[2:])
    typed = " yc-20261202-k7m3qox" + "l" + number[-1].lower() + " "
    assert normalise(typed) == number and is_valid(normalise(typed))


def test_old_sequential_numbers_stay_valid():
    assert is_valid("YC202612010000001")
    assert not is_valid("YC20261201000001")
    assert not is_valid("nonsense")
