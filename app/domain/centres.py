"""Service centres across a district (区 / 街道(镇) / 社区(村)) and where an item may be accepted: plain rules, no
Flask, no session.

An item says at which levels it is accepted and whether any centre in the district may accept it (全区通办). A
centre that only receives (代收代办, most community centres) takes the materials and forwards them to the nearest
centre above it that may accept the item, which accepts formally; the case keeps both.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


class CentreLevel(enum.StrEnum):
    DISTRICT = "district"  # 区级政务服务中心
    STREET = "street"  # 街道（镇）便民服务中心
    COMMUNITY = "community"  # 社区（村）便民服务站


LEVEL_LABELS_ZH = {
    CentreLevel.DISTRICT: "区级",
    CentreLevel.STREET: "街道（镇）级",
    CentreLevel.COMMUNITY: "社区（村）级",
}

DEFAULT_LEVELS = (CentreLevel.DISTRICT,)


class NotAcceptedHere(Exception):
    """The item may not be accepted, nor received, at this centre; the message says where it may."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def parse_levels(text: str | None) -> frozenset[CentreLevel]:
    """``"district,street"`` -> the levels; unknown words are an error naming them, empty means the district."""
    words = [w.strip() for w in (text or "").split(",") if w.strip()]
    unknown = [w for w in words if w not in CentreLevel._value2member_map_]
    if unknown:
        allowed = "、".join(f"{level.value}（{LEVEL_LABELS_ZH[level]}）" for level in CentreLevel)
        raise ValueError(f"受理层级“{'、'.join(unknown)}”无效，可选：{allowed}")
    return frozenset(CentreLevel(w) for w in words) or frozenset(DEFAULT_LEVELS)


def format_levels(levels: Iterable[CentreLevel | str]) -> str:
    chosen = {CentreLevel(level) for level in levels}
    return ",".join(level.value for level in CentreLevel if level in chosen)


@dataclass(frozen=True, slots=True)
class Place:
    """A centre as the rules see it."""

    id: int
    name: str
    level: CentreLevel
    parent_id: int | None = None
    receive_only: bool = False


@dataclass(frozen=True, slots=True)
class AcceptanceRule:
    """Where an item is accepted: at these levels, or at any centre of the district (全区通办)."""

    levels: frozenset[CentreLevel]
    anywhere: bool = False


@dataclass(frozen=True, slots=True)
class Routing:
    """Who accepts a case entered at a centre, and who received it for them (代收代办; None when the same)."""

    accepting: Place
    received_at: Place | None = None


def may_accept(place: Place, rule: AcceptanceRule) -> bool:
    """A centre accepts an item formally when it is not receive-only and the item is accepted at its level or
    anywhere."""
    return not place.receive_only and (rule.anywhere or place.level in rule.levels)


def route_case(place: Place, rule: AcceptanceRule, ancestors: Sequence[Place]) -> Routing:
    """Where a case entered at ``place`` is accepted. ``ancestors``: the centres above it, nearest first.

    A receive-only centre forwards to the nearest centre above it that may accept the item; any other centre
    accepts it itself or refuses, naming where the item is accepted."""
    if may_accept(place, rule):
        return Routing(place)
    if place.receive_only:
        for above in ancestors:
            if may_accept(above, rule):
                return Routing(above, received_at=place)
        raise NotAcceptedHere(f"{place.name}代收的事项须转交上级中心，但上级中心均不受理该事项")
    levels = "、".join(LEVEL_LABELS_ZH[level] for level in CentreLevel if level in rule.levels)
    raise NotAcceptedHere(f"该事项不能在{place.name}受理：仅在{levels}中心受理")


def where_accepted(places: Iterable[Place], rule: AcceptanceRule) -> list[Place]:
    """The centres that accept the item formally, in the order given (the guide lists them)."""
    return [place for place in places if may_accept(place, rule)]


def receiving_points(places: Iterable[Place], rule: AcceptanceRule, by_id: dict[int, Place]) -> list[Place]:
    """The receive-only centres that can take the item in and forward it (代收代办)."""
    found = []
    for place in places:
        if not place.receive_only:
            continue
        try:
            route_case(place, rule, ancestors_of(place, by_id))
        except NotAcceptedHere:
            continue
        found.append(place)
    return found


def ancestors_of(place: Place, by_id: dict[int, Place]) -> list[Place]:
    """The centres above ``place``, nearest first (a loop in the data stops the walk)."""
    found: list[Place] = []
    seen = {place.id}
    parent_id = place.parent_id
    while parent_id is not None and parent_id in by_id and parent_id not in seen:
        parent = by_id[parent_id]
        found.append(parent)
        seen.add(parent.id)
        parent_id = parent.parent_id
    return found


def centre_refusal(actor_centre_id: int | None, case_centre_id: int | None, case_centre_name: str | None) -> str | None:
    """Why a window clerk may not take a window step of a case (None: they may): a clerk of one centre works the
    cases of that centre; a clerk without a centre (the district's back office, tests) and a case without one
    are not limited."""
    if actor_centre_id is None or case_centre_id is None or actor_centre_id == case_centre_id:
        return None
    return f"此办件由{case_centre_name or '其他中心'}受理，请在该中心窗口办理"
