"""Service centres: the demo district, finding a case's accepting centre, and where an item is accepted."""

from __future__ import annotations

import time
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from app.domain.centres import (
    AcceptanceRule,
    CentreLevel,
    NotAcceptedHere,
    Place,
    Routing,
    ancestors_of,
    parse_levels,
    receiving_points,
    route_case,
    where_accepted,
)
from app.extensions import db
from app.models import Centre, ServiceItem
from app.services.errors import NotAllowed


@dataclass(frozen=True)
class DemoCentre:
    code: str
    name: str
    level: CentreLevel
    parent: str | None
    address: str
    phone: str
    windows: int
    receive_only: bool = False


DEMO_CENTRES = (
    DemoCentre("mh-district", "明湖区政务服务中心", CentreLevel.DISTRICT, None, "明湖区湖心路1号", "0571-8800 1234", 6),
    DemoCentre(
        "mh-hubin", "湖滨街道便民服务中心", CentreLevel.STREET, "mh-district", "湖滨街道滨江路88号", "0571-8800 2201", 3
    ),
    DemoCentre(
        "mh-qingshan", "青山镇便民服务中心", CentreLevel.STREET, "mh-district", "青山镇青山大道6号", "0571-8800 3301", 2
    ),
    DemoCentre(
        "mh-liuan",
        "柳岸社区便民服务站",
        CentreLevel.COMMUNITY,
        "mh-hubin",
        "湖滨街道柳岸社区文化家园一楼",
        "0571-8800 2288",
        1,
        receive_only=True,
    ),
)


def seed_demo_centres() -> list[Centre]:
    """The demo district's centres; adds what is missing and leaves what an admin changed."""
    by_code = {c.code: c for c in db.session.scalars(select(Centre))}
    for demo in DEMO_CENTRES:
        if demo.code in by_code:
            continue
        centre = Centre(
            code=demo.code,
            name=demo.name,
            level=demo.level.value,
            parent=by_code.get(demo.parent) if demo.parent else None,
            address=demo.address,
            phone=demo.phone,
            windows=demo.windows,
            receive_only=demo.receive_only,
        )
        db.session.add(centre)
        by_code[demo.code] = centre
    db.session.flush()
    return [by_code[demo.code] for demo in DEMO_CENTRES]


def all_centres(*, active_only: bool = True) -> list[Centre]:
    """Every centre, district first, then streets, then communities, each by name."""
    stmt = select(Centre)
    if active_only:
        stmt = stmt.where(Centre.active.is_(True))
    order = {level.value: n for n, level in enumerate(CentreLevel)}
    return sorted(db.session.scalars(stmt), key=lambda c: (order.get(c.level, 9), c.id))


def centre_by_code(code: str) -> Centre | None:
    return db.session.scalar(select(Centre).where(Centre.code == code))


_DEFAULT_CENTRE = (
    select(Centre.id, Centre.name)
    .where(Centre.level == CentreLevel.DISTRICT.value, Centre.active.is_(True), Centre.receive_only.is_(False))
    .order_by(Centre.id)
    .limit(1)
)
_DEFAULT_KEY = "yichuang.default_centre"
DEFAULT_CENTRE_SECONDS = 10.0  # an admin's change of centres reaches every process within this


def default_centre() -> tuple[int, str] | None:
    """(id, name) of where a case that names no centre is accepted: the district hall (None while no centre is set
    up). Remembered per app for a few seconds: every online and API submission asks."""
    cached = current_app.extensions.get(_DEFAULT_KEY)
    if cached is not None and time.monotonic() - cached[0] < DEFAULT_CENTRE_SECONDS:
        return cached[1]  # type: ignore[no-any-return]
    row = db.session.connection().execute(_DEFAULT_CENTRE).first()
    found = (int(row[0]), str(row[1])) if row else None
    current_app.extensions[_DEFAULT_KEY] = (time.monotonic(), found)
    return found


def acceptance_rule(item: ServiceItem) -> AcceptanceRule:
    return AcceptanceRule(parse_levels(item.accept_levels), bool(item.handle_anywhere))


def _places() -> dict[int, Place]:
    return {c.id: c.place for c in all_centres()}


def route_at(centre: Centre, item: ServiceItem) -> tuple[Centre, Centre | None]:
    """(accepting centre, receiving centre or None) of a case of ``item`` entered at ``centre``.
    NotAllowed (naming where the item is accepted) when the centre may neither accept nor receive it."""
    places = _places()
    place = places.get(centre.id, centre.place)
    try:
        routing: Routing = route_case(place, acceptance_rule(item), ancestors_of(place, places))
    except NotAcceptedHere as exc:
        where = "、".join(p.name for p in where_accepted(places.values(), acceptance_rule(item)))
        raise NotAllowed(f"{exc.message}（可前往：{where or '暂无受理中心'}）") from exc
    accepting = db.session.get(Centre, routing.accepting.id)
    received = db.session.get(Centre, routing.received_at.id) if routing.received_at else None
    assert accepting is not None
    return accepting, received


def accepting_centres(item: ServiceItem) -> list[Centre]:
    """The centres that accept ``item`` formally (the guide's 办理地点)."""
    centres = all_centres()
    ids = {p.id for p in where_accepted((c.place for c in centres), acceptance_rule(item))}
    return [c for c in centres if c.id in ids]


def receiving_centres(item: ServiceItem) -> list[Centre]:
    """The receive-only centres that take ``item`` in and forward it (代收代办点)."""
    centres = all_centres()
    places = {c.id: c.place for c in centres}
    ids = {p.id for p in receiving_points(places.values(), acceptance_rule(item), places)}
    return [c for c in centres if c.id in ids]


def items_taken_in(centre: Centre, items: list[ServiceItem]) -> list[ServiceItem]:
    """The ``items`` a case of which may be entered at ``centre`` (accepted there, or received and forwarded)."""
    places = _places()
    place = places.get(centre.id, centre.place)
    ancestors = ancestors_of(place, places)
    found = []
    for item in items:
        try:
            route_case(place, acceptance_rule(item), ancestors)
        except NotAcceptedHere:
            continue
        found.append(item)
    return found
