"""China-specific and standard formats, with real check digits."""

from __future__ import annotations

import pytest

from forms.formats import (
    FORMAT_CHECKER,
    FormatProblem,
    check_credit_code,
    check_resident_id,
    credit_code_check_char,
    is_date_time,
    is_time,
    normalise_format_input,
    resident_id_check_char,
)

from .helpers import VALID_CREDIT_CODE, VALID_ID


def test_public_examples_compute_their_own_check_characters() -> None:
    assert resident_id_check_char(VALID_ID[:17]) == "X"
    assert credit_code_check_char(VALID_CREDIT_CODE[:17]) == "3"


@pytest.mark.parametrize("number", [VALID_ID, "110105194912310021"[:17] + resident_id_check_char("11010519491231002")])
def test_valid_resident_ids(number: str) -> None:
    assert check_resident_id(number)


def test_resident_id_computed_examples() -> None:
    for first17 in ("44030419900307123", "35010220000229001", "51010719851111888"):
        assert check_resident_id(first17 + resident_id_check_char(first17))


@pytest.mark.parametrize(
    ("number", "key"),
    [
        ("110105194912310021", "id_checksum"),
        ("11010519491231002", "id_length"),
        ("1101051949123100X2", "id_chars"),
        ("11010519490231002X", "id_birth_date"),  # 31 February
        ("110105194912310O2X", "id_chars"),
        ("１１０１０５１９４９１２３１００２X", "id_chars"),  # full-width digits are not ASCII digits
    ],
)
def test_invalid_resident_ids(number: str, key: str) -> None:
    with pytest.raises(FormatProblem) as caught:
        check_resident_id(number)
    assert caught.value.key == key


def test_valid_credit_codes() -> None:
    assert check_credit_code(VALID_CREDIT_CODE)
    for first17 in ("91110000600001760", "12100000400010398"):
        assert check_credit_code(first17 + credit_code_check_char(first17))


@pytest.mark.parametrize(
    ("code", "key"),
    [
        ("91350100M000100Y44", "credit_checksum"),
        ("91350100M000100Y4", "credit_length"),
        ("91350100I000100Y43", "credit_chars"),  # I is not in the charset
        ("91350100m000100Y43", "credit_chars"),
    ],
)
def test_invalid_credit_codes(code: str, key: str) -> None:
    with pytest.raises(FormatProblem) as caught:
        check_credit_code(code)
    assert caught.value.key == key


@pytest.mark.parametrize(
    ("fmt", "value", "ok"),
    [
        ("cn-mobile", "13800138000", True),
        ("cn-mobile", "12800138000", False),
        ("cn-mobile", "1380013800", False),
        ("cn-postcode", "350001", True),
        ("cn-postcode", "35001", False),
        ("date", "2024-02-29", True),
        ("date", "2023-02-29", False),
        ("date-time", "2024-03-15T09:30:00+08:00", True),
        ("date-time", "2024-03-15 09:30:00Z", True),
        ("date-time", "2024-03-15T09:30", False),
        ("time", "09:30:00+08:00", True),
        ("time", "23:59:60Z", True),
        ("time", "12:00:60Z", False),
        ("email", "name@example.com", True),
        ("email", "name example.com", False),
        ("uri", "https://www.gov.cn/zhengce", True),
        ("uri", "www.gov.cn", False),
        ("cn-resident-id", VALID_ID, True),
        ("cn-credit-code", VALID_CREDIT_CODE, True),
    ],
)
def test_format_checker(fmt: str, value: str, ok: bool) -> None:
    assert FORMAT_CHECKER.conforms(value, fmt) is ok


def test_non_strings_are_left_to_the_type_keyword() -> None:
    assert FORMAT_CHECKER.conforms(12, "cn-resident-id")
    assert FORMAT_CHECKER.conforms(None, "cn-mobile")


def test_typed_input_is_completed() -> None:
    assert normalise_format_input("date-time", "2024-03-15T09:30") == "2024-03-15T09:30:00+08:00"
    assert normalise_format_input("date-time", "2024-03-15 09:30:15") == "2024-03-15T09:30:15+08:00"
    assert normalise_format_input("time", "09:30") == "09:30:00+08:00"
    assert normalise_format_input("cn-resident-id", "11010519491231002x") == VALID_ID
    assert normalise_format_input("email", " a@b ") == " a@b "
    assert is_date_time(normalise_format_input("date-time", "2024-03-15T09:30"))
    assert is_time(normalise_format_input("time", "09:30"))
