"""HMAC-SHA256 signatures of webhook deliveries, as a receiver checks them (no Flask, no database).

The signed text is ``"<timestamp>.<body>"``: the timestamp header is covered too, so a captured delivery cannot be
replayed later under a fresh timestamp. Receivers compare with :func:`hmac.compare_digest`, as :func:`verify` does.
"""

from __future__ import annotations

import hashlib
import hmac

SIGNATURE_HEADER = "X-Yichuang-Signature"
TIMESTAMP_HEADER = "X-Yichuang-Timestamp"
EVENT_HEADER = "X-Yichuang-Event"
IDEMPOTENCY_HEADER = "Idempotency-Key"


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The signature header's value: ``sha256=<hex digest>``."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


def verify(secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(secret, timestamp, body), signature)
