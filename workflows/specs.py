"""Task spec classes Yichuang adds to SpiffWorkflow's."""

from __future__ import annotations

from typing import Any

from SpiffWorkflow.bpmn.specs.event_definitions.item_aware_event import ErrorEventDefinition
from SpiffWorkflow.bpmn.util.subworkflow import BpmnBaseWorkflow
from SpiffWorkflow.spiff.specs.defaults import CallActivity, UserTask
from SpiffWorkflow.util.task import TaskState

from workflows.multiinstance import decision_key

ITEM_APPROVAL = "item_approval"
MEMBER_CALL_PREFIX = "member_"  # a bundle's call of one member item's approval (workflows/bundle_process.py)
# An immediate item's verdict given at the window's acceptance step (approve / refuse): it sets ``approved`` before
# the item's path (start to end, no department step) runs, so the call settles on it.
WINDOW_VERDICTS = {"approve": True, "refuse": False}


class ItemApprovalCall(CallActivity):
    """The platform's call to an item's approval process; on its end it settles the case variable ``approved``.

    If the item's own process set ``approved`` (a boolean) that wins; otherwise the item is approved when every
    decision recorded by its user tasks has ``approved == True``. An item without user tasks is approved: it was
    decided at the window (an immediate item).

    In a bundle each member's call settles the same way but records the result under its own id
    (``member_<code>: {"approved": ..., "decisions": {task id: decision}}``) and leaves ``approved`` to the bundle.
    Its own tasks' decisions move under that key too: two members' paths may use the same task ids (two 卫健
    items both have ``wsjk_review``), and the parallel join would otherwise keep only one of them.
    """

    def update_data(self, my_task: Any, subworkflow: Any) -> None:
        super().update_data(my_task, subworkflow)
        if self.spec == ITEM_APPROVAL:
            my_task.data["approved"] = _settle(my_task, subworkflow)
        elif self.bpmn_id.startswith(MEMBER_CALL_PREFIX):
            approved = _settle(my_task, subworkflow)
            own = sorted(_completed_user_tasks(my_task, subworkflow))
            decisions = {key: my_task.data.pop(key) for key in own if key in my_task.data}
            my_task.data[self.bpmn_id] = {"approved": approved, "decisions": decisions}
            my_task.data.pop("approved", None)


def _settle(my_task: Any, subworkflow: Any) -> bool:
    if isinstance(my_task.data.get("approved"), bool):
        return bool(my_task.data["approved"])
    if any(isinstance(e.event_definition, ErrorEventDefinition) for e in my_task.workflow.top_workflow.bpmn_events):
        return False  # the item ended at an error end event nobody caught
    decisions = [my_task.data.get(key) for key in _completed_user_tasks(my_task, subworkflow)]
    return all(_approved(d) for d in decisions)


def _approved(decision: Any) -> bool:
    if isinstance(decision, list):  # a multi-instance task: every member's decision
        return all(_approved(d) for d in decision)
    if isinstance(decision, dict) and "approved" not in decision and decision:
        return all(_approved(d) for d in decision.values())  # a multi-instance output keyed by member
    return isinstance(decision, dict) and decision.get("approved") is True


def _completed_user_tasks(my_task: Any, subworkflow: BpmnBaseWorkflow) -> set[str]:
    top = my_task.workflow.top_workflow
    workflows = [subworkflow, *(sp for sp in top.subprocesses.values() if _descends_from(sp, subworkflow))]
    return {
        decision_key(task)
        for wf in workflows
        for task in wf.tasks.values()
        if isinstance(task.task_spec, UserTask) and task.state == TaskState.COMPLETED
    }


def _descends_from(workflow: Any, ancestor: Any) -> bool:
    current = workflow.parent_workflow
    while current is not None:
        if current is ancestor:
            return True
        current = current.parent_workflow
    return False
