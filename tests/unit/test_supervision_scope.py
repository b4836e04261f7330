"""Which centres a centre's supervisor watches: theirs and the stations below it, however the rows are ordered."""

from __future__ import annotations

from app.services.supervision_scope import below_and_at

# 1 district; 2 and 3 streets under it; 4 a community station under 2; 5 a station under 4 (deeper than the demo).
PARENTS = {1: None, 2: 1, 3: 1, 4: 2, 5: 4}


def test_a_street_sees_itself_and_the_stations_below_it():
    assert below_and_at(2, PARENTS) == [2, 4, 5]
    assert below_and_at(3, PARENTS) == [3]
    assert below_and_at(4, PARENTS) == [4, 5]


def test_the_district_is_above_every_centre():
    assert below_and_at(1, PARENTS) == [1, 2, 3, 4, 5]


def test_a_loop_in_the_parents_ends_the_walk():
    assert below_and_at(2, {1: 2, 2: 1, 3: 1}) == [1, 2, 3]
    assert below_and_at(9, {1: 2, 2: 1}) == [9]
