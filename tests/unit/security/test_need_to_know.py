"""The need-to-know rule on its own: plain data in, a decision out."""

from __future__ import annotations

from app.domain.actors import Caller
from app.domain.need_to_know import CaseFacts, case_sight

CASE = CaseFacts(applicant_id=1, entered_by_id=None, step_departments=frozenset({10, 11}))


def actor(user_id: int, *roles: str, department: int | None = None) -> Caller:
    return Caller(user_id, f"u{user_id}", f"User {user_id}", department, None, frozenset(roles))


def test_approvers_read_only_cases_their_department_has_or_had_a_step_on() -> None:
    assert case_sight(actor(5, "approver", department=10), CASE).allowed
    outsider = case_sight(actor(6, "approver", department=12), CASE)
    assert not outsider.allowed and not outsider.staff_read
    assert not case_sight(actor(7, "approver"), CASE).allowed  # no department at all


def test_supervisors_admins_and_the_window_read_every_case_and_their_reads_are_recorded() -> None:
    for roles in (("supervisor",), ("admin",), ("window_clerk",)):
        sight = case_sight(actor(8, *roles), CASE)
        assert sight.allowed and sight.staff_read and sight.sections is None


def test_the_applicant_and_the_clerk_who_entered_it_read_their_case() -> None:
    mine = case_sight(actor(1, "citizen"), CASE)
    assert mine.allowed and not mine.staff_read
    entered = CaseFacts(applicant_id=1, entered_by_id=9, step_departments=frozenset())
    assert case_sight(actor(9, "citizen"), entered).allowed
    assert not case_sight(actor(2, "citizen"), CASE).allowed
