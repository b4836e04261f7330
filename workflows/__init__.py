"""BPMN for Yichuang: publish-time validation, the platform one-window process, case running and state.

This package is the only place that imports SpiffWorkflow.
"""

from workflows.actions import PLATFORM_ACTIONS, ServiceCall
from workflows.errors import BpmnError, BpmnProblem, DecisionError, TaskNotReady, WorkflowIncident
from workflows.package import ApprovalPackage, ItemUserTask, compile_approval
from workflows.runner import CaseSpec, CaseWorkflow, DueTimer, UserTaskInfo, case_spec, restore_case, start_case

__all__ = [
    "ApprovalPackage",
    "BpmnError",
    "BpmnProblem",
    "CaseSpec",
    "CaseWorkflow",
    "DecisionError",
    "DueTimer",
    "ItemUserTask",
    "PLATFORM_ACTIONS",
    "ServiceCall",
    "TaskNotReady",
    "UserTaskInfo",
    "WorkflowIncident",
    "case_spec",
    "compile_approval",
    "restore_case",
    "start_case",
]
