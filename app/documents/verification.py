"""Verification codes (验证码) of documents: 8 random characters and 4 of an HMAC over them with the app's secret,
shown as ``XXXX-XXXX-XXXX``. An altered or invented code fails the HMAC and is refused without a lookup; a genuine
one is then looked up, so a code copied from a forged paper still only shows what the centre really issued."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from app.domain.tracking_numbers import ALPHABET

RANDOM_LENGTH = 8
MAC_LENGTH = 4
_TYPOS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def _mac(secret: str, body: str) -> str:
    digest = hmac.new(secret.encode(), f"document:{body}".encode(), hashlib.sha256).digest()
    return "".join(ALPHABET[b % 32] for b in digest[:MAC_LENGTH])


def new_code(secret: str) -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return body + _mac(secret, body)


def normalise(text: str) -> str:
    return re.sub(r"[\s\-_]", "", text or "").upper().translate(_TYPOS)


def is_genuine(code: str, secret: str) -> bool:
    """True when ``code`` (normalised) carries a valid HMAC: the centre made it."""
    if len(code) != RANDOM_LENGTH + MAC_LENGTH or any(c not in ALPHABET for c in code):
        return False
    return hmac.compare_digest(_mac(secret, code[:RANDOM_LENGTH]), code[RANDOM_LENGTH:])


def shown(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def mask_name(name: str) -> str:
    """A holder's name partly hidden: 陈丽华 -> 陈*华, 赵敏 -> 赵*, long (company) names keep both ends."""
    name = (name or "").strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    if len(name) <= 4:
        return name[0] + "*" * (len(name) - 2) + name[-1]
    return name[:4] + "*" * (len(name) - 6) + name[-2:]
