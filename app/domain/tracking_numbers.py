"""Tracking numbers (受理编号): readable, dated, unguessable, with a check character.

``YC`` + submission date + 8 random characters of Crockford's base 32 + 1 check character, e.g.
``YC20261202K7M3QX9R4``. The random part says nothing about how many cases there are (the old numbers,
``YC202612010000001``, counted them) and leaves 2^40 numbers per day to guess from. The check character is
Damm's algorithm over GF(32) on the date and the random part, so any one mistyped character and any swap of two
neighbours is caught before a lookup. People may type the number in lower case, with spaces or dashes, or with O
for 0 and I or L for 1 (Crockford's rule): :func:`normalise` reads all of those. Old numbers stay valid as they are.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32: no I, L, O, U
PREFIX = "YC"
RANDOM_LENGTH = 8
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
_NEW = re.compile(rf"^{PREFIX}(\d{{8}})([{ALPHABET}]{{{RANDOM_LENGTH + 1}}})$")
_LEGACY = re.compile(rf"^{PREFIX}\d{{15}}$")  # YC + date + 7-digit case id, issued before December 2026
_TYPOS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def _times_x(value: int) -> int:
    """Multiply by x in GF(32) (modulus x^5 + x^2 + 1)."""
    value <<= 1
    return value ^ 0b100101 if value & 0b100000 else value


def _damm(payload: str) -> int:
    # Damm's check over the quasigroup a * b = x*a + b of GF(32): x != 0, 1 makes it totally anti-symmetric, so
    # every single substitution and every swap of two neighbours changes the result (Luhn mod 32 misses 0<->Z).
    interim = 0
    for char in payload:
        interim = _times_x(interim) ^ _VALUE[char]
    return interim


def check_character(payload: str) -> str:
    """The character that brings Damm's check over ``payload`` + it to zero."""
    return ALPHABET[_times_x(_damm(payload))]


def new_tracking_number(submitted_at: datetime) -> str:
    payload = f"{submitted_at:%Y%m%d}" + "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return PREFIX + payload + check_character(payload)


def normalise(text: str) -> str:
    """What someone typed, as the stored number would read (upper case, no spaces or dashes, Crockford typos)."""
    compact = re.sub(r"[\s\-_]", "", text or "").upper()
    if not compact.startswith(PREFIX):
        return compact
    return PREFIX + compact[len(PREFIX) :].translate(_TYPOS)


def is_valid(number: str) -> bool:
    """True for a well-formed number whose check character matches, and for the old sequential numbers."""
    if _LEGACY.match(number):
        return True
    match = _NEW.match(number)
    if match is None:
        return False
    return _damm(match.group(1) + match.group(2)) == 0
