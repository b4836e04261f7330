"""``Idempotency-Key`` on every POST of the API: a retried call gets the first call's answer, not a second effect.

The key's row is inserted in the request's own transaction before the view runs, so it commits with the view's
work or not at all: a call that failed (any error rolls back) leaves no key behind and its retry runs afresh; a
call that succeeded leaves the key, and its answer is stored right after. The unique (caller, key) index decides
between two copies sent at once: the second waits for the first's transaction, then finds the key taken and is
told to retry (409) until the answer is stored, then gets it. A key reused for a different request (method, path
or body differ) is refused with 422 rather than answered with something that is not its answer.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from flask import Response, g, jsonify, request
from sqlalchemy import delete, select, update

from app.domain.actors import Caller
from app.extensions import db
from app.models import IdempotentRequest
from app.services.errors import Conflict, InvalidData
from app.services.upserts import conflict_insert

HEADER = "Idempotency-Key"
MAX_KEY = 100
KEY_PATTERN = re.compile(rf"[!-~]{{1,{MAX_KEY}}}")  # visible ASCII, as the OpenAPI document says


def _digest() -> str:
    text = f"{request.method} {request.path}\n".encode() + request.get_data(cache=True)
    return hashlib.sha256(text).hexdigest()


def replay_or_reserve(caller: Caller | None) -> Response | None:
    """Before a POST's view: the stored answer of an earlier call with this key, or None (the key is reserved)."""
    key = request.headers.get(HEADER)
    if request.method != "POST" or key is None or caller is None:
        return None
    if not KEY_PATTERN.fullmatch(key):
        problem = f"{HEADER} 必须是 1 到 {MAX_KEY} 个可见 ASCII 字符（不含空格），例如一个 UUID"
        raise InvalidData(problem, details={HEADER: [problem]})
    digest = _digest()
    insert = conflict_insert(db.session.get_bind().dialect.name, IdempotentRequest, "idempotency keys")
    inserted = db.session.execute(
        insert.values(user_id=caller.id, key=key, request_digest=digest)
        .on_conflict_do_nothing(index_elements=["user_id", "key"])
        .returning(IdempotentRequest.id)
    ).scalar()
    if inserted is not None:
        g.idempotency_id = inserted
        return None
    earlier = db.session.execute(
        select(IdempotentRequest.request_digest, IdempotentRequest.status, IdempotentRequest.response).where(
            IdempotentRequest.user_id == caller.id, IdempotentRequest.key == key
        )
    ).one()
    db.session.rollback()
    if earlier.request_digest != digest:
        problem = f"这个 {HEADER} 已用于另一个请求；每个不同的请求请用新的键"
        raise InvalidData(problem, details={HEADER: [problem]})
    if earlier.status is None:
        raise Conflict(f"使用同一个 {HEADER} 的请求正在处理，请稍后重试")
    response = jsonify(earlier.response)
    response.status_code = earlier.status
    response.headers["Idempotent-Replayed"] = "true"
    return response


def remember_answer(response: Response) -> Response:
    """After a POST's view: store a successful answer under its key (an error's rollback already removed the key)."""
    key_id = g.pop("idempotency_id", None)
    if key_id is None:
        return response
    body: Any = response.get_json(silent=True) if response.is_json else None
    try:
        row = IdempotentRequest.id == key_id
        if 200 <= response.status_code < 300:
            db.session.execute(update(IdempotentRequest).where(row).values(status=response.status_code, response=body))
        else:  # an answer that is not a success frees the key, as an error's rollback does
            db.session.execute(delete(IdempotentRequest).where(row))
        db.session.commit()
    except Exception:  # noqa: BLE001 - the call's own work is committed; a retry then gets 409, never a repeat
        db.session.rollback()
    return response
