"""Where an item is accepted across the district's centres (全区通办, 代收代办): plain rules."""

from __future__ import annotations

import pytest

from app.domain.centres import (
    AcceptanceRule,
    CentreLevel,
    NotAcceptedHere,
    Place,
    ancestors_of,
    centre_refusal,
    parse_levels,
    receiving_points,
    route_case,
    where_accepted,
)

DISTRICT = Place(1, "明湖区政务服务中心", CentreLevel.DISTRICT)
HUBIN = Place(2, "湖滨街道便民服务中心", CentreLevel.STREET, parent_id=1)
QINGSHAN = Place(3, "青山镇便民服务中心", CentreLevel.STREET, parent_id=1)
LIUAN = Place(4, "柳岸社区便民服务站", CentreLevel.COMMUNITY, parent_id=2, receive_only=True)
ALL = {p.id: p for p in (DISTRICT, HUBIN, QINGSHAN, LIUAN)}
DISTRICT_ONLY = AcceptanceRule(frozenset({CentreLevel.DISTRICT}))
STREET_TOO = AcceptanceRule(frozenset({CentreLevel.DISTRICT, CentreLevel.STREET}))
ANYWHERE = AcceptanceRule(frozenset({CentreLevel.DISTRICT}), anywhere=True)


def test_a_centre_accepts_items_of_its_level_or_handled_anywhere() -> None:
    assert route_case(HUBIN, STREET_TOO, [DISTRICT]).accepting == HUBIN
    assert route_case(QINGSHAN, ANYWHERE, [DISTRICT]).accepting == QINGSHAN
    assert where_accepted(ALL.values(), DISTRICT_ONLY) == [DISTRICT]
    assert where_accepted(ALL.values(), ANYWHERE) == [DISTRICT, HUBIN, QINGSHAN]


def test_a_street_centre_refuses_a_district_item_and_says_where() -> None:
    with pytest.raises(NotAcceptedHere, match="仅在区级中心受理"):
        route_case(HUBIN, DISTRICT_ONLY, [DISTRICT])


def test_a_receive_only_centre_forwards_to_the_nearest_centre_above_that_accepts() -> None:
    ancestors = ancestors_of(LIUAN, ALL)
    assert ancestors == [HUBIN, DISTRICT]
    assert route_case(LIUAN, DISTRICT_ONLY, ancestors).accepting == DISTRICT
    assert route_case(LIUAN, DISTRICT_ONLY, ancestors).received_at == LIUAN
    assert route_case(LIUAN, STREET_TOO, ancestors).accepting == HUBIN
    assert route_case(LIUAN, ANYWHERE, ancestors).accepting == HUBIN  # receive-only even for 全区通办
    assert receiving_points(ALL.values(), DISTRICT_ONLY, ALL) == [LIUAN]


def test_levels_are_read_with_a_clear_error() -> None:
    assert parse_levels("") == {CentreLevel.DISTRICT}
    assert parse_levels("street, district") == {CentreLevel.DISTRICT, CentreLevel.STREET}
    with pytest.raises(ValueError, match="受理层级“city”无效"):
        parse_levels("city")


def test_a_clerk_works_the_cases_of_their_own_centre() -> None:
    assert centre_refusal(2, 2, "湖滨") is None
    assert centre_refusal(None, 2, "湖滨") is None
    assert "湖滨街道便民服务中心" in (centre_refusal(3, 2, "湖滨街道便民服务中心") or "")
