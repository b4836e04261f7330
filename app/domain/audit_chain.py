"""The audit trail's hash chain: each event carries the hash of the one before it in its chain (one chain per
case, and one for events about no case, such as calendar changes), so a changed, removed or inserted event
breaks every link after it. Plain Python: the service writes with it and `flask audit verify` checks with it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

GENESIS = "0" * 64

# The fields an event's hash covers, in the order they are written into the hashed text.
HASHED_FIELDS = (
    "application_id",
    "actor_id",
    "actor_name",
    "actor_role",
    "origin",
    "action",
    "at",
    "before",
    "after",
    "detail",
    "note",
)


def as_stored(value: Any) -> Any:
    """A JSON document as the database gives it back (tuples become lists, keys strings), so the hash written
    and the hash checked are taken over the same thing."""
    return None if value is None else json.loads(json.dumps(value, ensure_ascii=False, default=str))


def event_hash(prev_hash: str, event: Mapping[str, Any]) -> str:
    body: dict[str, Any] = {"prev": prev_hash}
    for name in HASHED_FIELDS:
        value = event.get(name)
        body[name] = value.isoformat(timespec="microseconds") if isinstance(value, datetime) else value
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class BrokenLink:
    event_id: int
    application_id: int | None
    problem: str

    def __str__(self) -> str:
        chain = f"办件 #{self.application_id}" if self.application_id is not None else "系统事件链"
        return f"审计链断裂于事件 #{self.event_id}（{chain}）：{self.problem}"


def first_broken_link(events: Iterable[Mapping[str, Any]]) -> BrokenLink | None:
    """Walk events ordered by chain (application_id) then id; the first event whose stored hash is not the hash
    of its content, or whose link does not name the event before it in its chain."""
    chain: object = object()
    expected_prev = GENESIS
    for event in events:
        if event["application_id"] != chain:
            chain, expected_prev = event["application_id"], GENESIS
        if event["prev_hash"] != expected_prev:
            return BrokenLink(
                event["id"], event["application_id"], "与前一事件的链接不符（前一事件被删除、插入或修改）"
            )
        if event_hash(event["prev_hash"], event) != event["hash"]:
            return BrokenLink(event["id"], event["application_id"], "事件内容与其哈希不符（内容被修改）")
        expected_prev = event["hash"]
    return None
