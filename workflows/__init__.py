"""BPMN for Yichuang: publish-time validation, the platform one-window process, case running and state.

This package is the only place that imports SpiffWorkflow.
"""

from workflows.errors import BpmnError, BpmnProblem, DecisionError, TaskNotReady, WorkflowIncident
from workflows.package import ApprovalPackage, ItemUserTask, compile_approval
from workflows.runner import CaseSpec, CaseWorkflow, UserTaskInfo, case_spec, restore_case, start_case

__all__ = [
    "ApprovalPackage",
    "BpmnError",
    "BpmnProblem",
    "CaseSpec",
    "CaseWorkflow",
    "DecisionError",
    "ItemUserTask",
    "TaskNotReady",
    "UserTaskInfo",
    "WorkflowIncident",
    "case_spec",
    "compile_approval",
    "restore_case",
    "start_case",
]
