"""The API caller read from one row per role."""

from app.domain.actors import Caller


def test_one_caller_from_a_row_per_role() -> None:
    rows = [
        (7, "scjg", "市场监管审批员", 3, "scjg", "approver"),
        (7, "scjg", "市场监管审批员", 3, "scjg", "supervisor"),
    ]
    caller = Caller.from_rows(rows)
    assert caller is not None
    assert (caller.id, caller.username, caller.department_id, caller.department_code) == (7, "scjg", 3, "scjg")
    assert caller.roles == frozenset({"approver", "supervisor"})
    assert caller.has_role("window_clerk", "approver")
    assert not caller.has_role("window_clerk", "admin")


def test_a_user_without_roles_or_department_has_none() -> None:
    caller = Caller.from_rows([(9, "citizen", "张三", None, None, None)])
    assert caller is not None
    assert caller.roles == frozenset()
    assert caller.department_code is None
    assert not caller.has_role("citizen")


def test_no_rows_is_no_caller() -> None:
    assert Caller.from_rows([]) is None


def test_a_window_clerk_carries_their_centre() -> None:
    row = (5, "window-hubin", "湖滨窗口", None, None, "window_clerk", None, None, None, None, 4)
    caller = Caller.from_rows([row])
    assert caller is not None
    assert (caller.centre_id, caller.client) == (4, None)
    assert Caller.from_rows([(9, "citizen", "张三", None, None, None)]).centre_id is None  # type: ignore[union-attr]
