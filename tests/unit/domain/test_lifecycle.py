import pytest

from app.domain.lifecycle import CaseStatus, TransitionError, check_transition, status_from_workflow


def test_status_follows_where_the_workflow_waits():
    assert status_from_workflow(["window"], False, None) == CaseStatus.SUBMITTED
    assert status_from_workflow(["applicant"], False, None) == CaseStatus.SUPPLEMENT
    assert status_from_workflow(["scjg", "wsjk"], False, None) == CaseStatus.IN_APPROVAL
    assert status_from_workflow(["output"], False, None) == CaseStatus.AWAITING_ISSUE
    assert status_from_workflow([], True, "approved") == CaseStatus.ISSUED
    assert status_from_workflow([], True, "rejected") == CaseStatus.REJECTED
    assert status_from_workflow([], True, "declined") == CaseStatus.DECLINED


def test_allowed_transitions():
    check_transition(CaseStatus.SUBMITTED, CaseStatus.IN_APPROVAL)
    check_transition(CaseStatus.SUPPLEMENT, CaseStatus.SUBMITTED)
    check_transition(CaseStatus.AWAITING_ISSUE, CaseStatus.ISSUED)
    check_transition(CaseStatus.IN_APPROVAL, CaseStatus.IN_APPROVAL)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (CaseStatus.ISSUED, CaseStatus.IN_APPROVAL),
        (CaseStatus.DECLINED, CaseStatus.SUBMITTED),
        (CaseStatus.IN_APPROVAL, CaseStatus.ISSUED),
        (CaseStatus.SUPPLEMENT, CaseStatus.IN_APPROVAL),
    ],
)
def test_forbidden_transitions(current, target):
    with pytest.raises(TransitionError, match=current.value):
        check_transition(current, target)
