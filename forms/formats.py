"""String formats checked on submission: the standard ones plus China's identity numbers.

Each checker raises :class:`FormatProblem` carrying a message key, so a wrong check digit and a wrong
length produce different sentences. ``FORMAT_CHECKER`` is the jsonschema ``FormatChecker`` forms use.
"""

from __future__ import annotations

import re
from datetime import date

from jsonschema import FormatChecker

from forms.regex import is_linear_regex

ID_WEIGHTS: tuple[int, ...] = tuple(2 ** (17 - i) % 11 for i in range(17))
ID_CHECK_CHARS = "10X98765432"
CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS: tuple[int, ...] = tuple(3**i % 31 for i in range(17))

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$", re.ASCII)
_TIME = re.compile(r"^(\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$", re.ASCII)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]*$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$", re.ASCII)
_POSTCODE = re.compile(r"^\d{6}$", re.ASCII)


class FormatProblem(ValueError):
    """A value does not match its format; ``key`` names the message in forms.messages."""

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(key)


def resident_id_check_char(first17: str) -> str:
    """Return the GB 11643 (ISO 7064 MOD 11-2) check character for 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def credit_code_check_char(first17: str) -> str:
    """Return the GB 32100 check character for the first 17 characters of a credit code."""
    total = sum(CREDIT_CHARSET.index(char) * weight for char, weight in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_CHARSET[(31 - total % 31) % 31]


def check_resident_id(value: object) -> bool:
    """18-digit resident identity number with a real birth date and a correct check digit."""
    if not isinstance(value, str):
        return True
    if len(value) != 18:
        raise FormatProblem("id_length")
    if not (value[:17].isascii() and value[:17].isdecimal() and value[17] in "0123456789X"):
        raise FormatProblem("id_chars")
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise FormatProblem("id_birth_date") from None
    if born.year < 1850:
        raise FormatProblem("id_birth_date")
    if resident_id_check_char(value[:17]) != value[17]:
        raise FormatProblem("id_checksum")
    return True


def check_credit_code(value: object) -> bool:
    """18-character unified social credit code with a correct GB 32100 check character."""
    if not isinstance(value, str):
        return True
    if len(value) != 18:
        raise FormatProblem("credit_length")
    if any(char not in CREDIT_CHARSET for char in value):
        raise FormatProblem("credit_chars")
    if credit_code_check_char(value[:17]) != value[17]:
        raise FormatProblem("credit_checksum")
    return True


def _raise_unless(matches: bool, key: str) -> bool:
    if not matches:
        raise FormatProblem(key)
    return True


def check_mobile(value: object) -> bool:
    """Mainland mobile number: 11 digits starting 13-19."""
    return not isinstance(value, str) or _raise_unless(bool(_MOBILE.match(value)), "mobile")


def check_postcode(value: object) -> bool:
    """Six-digit postal code."""
    return not isinstance(value, str) or _raise_unless(bool(_POSTCODE.match(value)), "postcode")


def is_date(value: str) -> bool:
    """RFC 3339 full-date."""
    found = _DATE.match(value)
    if not found:
        return False
    try:
        date(int(found[1]), int(found[2]), int(found[3]))
    except ValueError:
        return False
    return True


def is_time(value: str) -> bool:
    """RFC 3339 full-time (with offset); a leap second only at 23:59:60 UTC."""
    found = _TIME.match(value)
    if not found:
        return False
    hour, minute, second = int(found[1]), int(found[2]), int(found[3])
    off_h, off_m = int(found[6] or 0), int(found[7] or 0)
    if hour > 23 or minute > 59 or second > 60 or off_h > 23 or off_m > 59:
        return False
    if second == 60:
        sign = -1 if found[5].startswith("+") else 1
        utc_minutes = (hour * 60 + minute + sign * (off_h * 60 + off_m)) % (24 * 60)
        return utc_minutes == 23 * 60 + 59
    return True


def is_date_time(value: str) -> bool:
    """RFC 3339 date-time."""
    parts = re.split(r"[Tt ]", value, maxsplit=1)
    return len(parts) == 2 and is_date(parts[0]) and is_time(parts[1])


def check_date(value: object) -> bool:
    return not isinstance(value, str) or _raise_unless(is_date(value), "format_date")


def check_time(value: object) -> bool:
    return not isinstance(value, str) or _raise_unless(is_time(value), "format_time")


def check_date_time(value: object) -> bool:
    return not isinstance(value, str) or _raise_unless(is_date_time(value), "format_date-time")


def check_email(value: object) -> bool:
    return not isinstance(value, str) or _raise_unless(bool(_EMAIL.match(value)), "format_email")


def check_uri(value: object) -> bool:
    return not isinstance(value, str) or _raise_unless(bool(_URI.match(value)), "format_uri")


CHINA_FORMATS = {
    "cn-resident-id": check_resident_id,
    "cn-credit-code": check_credit_code,
    "cn-mobile": check_mobile,
    "cn-postcode": check_postcode,
}
STANDARD_FORMATS = {
    "date": check_date,
    "time": check_time,
    "date-time": check_date_time,
    "email": check_email,
    "uri": check_uri,
}


def build_format_checker() -> FormatChecker:
    """A FormatChecker with jsonschema's own formats, ours replacing those that need extra packages."""
    checker = FormatChecker()
    for name, function in {**STANDARD_FORMATS, **CHINA_FORMATS}.items():
        checker.checks(name, raises=FormatProblem)(function)
    checker.checks("regex")(is_linear_regex)  # a citizen's regex is compiled by RE2, never by Python's re
    return checker


FORMAT_CHECKER = build_format_checker()

# Date and time inputs post "2024-03-15T09:30" or "09:30"; China has one time zone, so the form completes them.
_LOCAL_DATE_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2})(:\d{2}(\.\d+)?)?$", re.ASCII)
_LOCAL_TIME = re.compile(r"^(\d{2}:\d{2})(:\d{2}(\.\d+)?)?$", re.ASCII)
CHINA_OFFSET = "+08:00"


def normalise_format_input(fmt: str | None, text: str) -> str:
    """Turn what a person types into the canonical form of ``fmt`` where that is unambiguous."""
    if fmt in ("cn-resident-id", "cn-credit-code"):
        return text.upper()
    if fmt == "date-time":
        found = _LOCAL_DATE_TIME.match(text)
        if found:
            return f"{found[1]}T{found[2]}{found[3] or ':00'}{CHINA_OFFSET}"
    if fmt == "time":
        found = _LOCAL_TIME.match(text)
        if found:
            return f"{found[1]}{found[2] or ':00'}{CHINA_OFFSET}"
    return text
