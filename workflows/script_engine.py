"""The script engine SpiffWorkflow runs conditions and scripts with: Yichuang's sandbox, failures named."""

from __future__ import annotations

from typing import Any

from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.script_engine.python_environment import BasePythonScriptEngineEnvironment

from workflows import sandbox
from workflows.errors import SandboxError, WorkflowIncident


class _NoEnvironment(BasePythonScriptEngineEnvironment):
    """Never used: every entry point of SandboxScriptEngine goes through workflows.sandbox."""


class SandboxScriptEngine(PythonScriptEngine):
    """Evaluates BPMN conditions and runs script tasks in :mod:`workflows.sandbox`, never with eval/exec on raw
    text; a refusal or error becomes a WorkflowIncident naming the element."""

    def __init__(self) -> None:
        super().__init__(environment=_NoEnvironment())

    def validate(self, expression: str) -> None:
        try:
            sandbox.check_expression(expression)
        except SandboxError as exc:
            raise ValueError(str(exc)) from None

    def evaluate(self, task: Any, expression: str, external_context: Any = None) -> Any:
        data = {**external_context, **task.data} if external_context else task.data
        try:
            return sandbox.evaluate(expression, data)
        except SandboxError as exc:
            raise _incident(task, f"condition {expression!r} failed: {exc}") from None

    def execute(self, task: Any, script: str, external_context: Any = None) -> bool:
        try:
            sandbox.execute(script, task.data)
        except SandboxError as exc:
            raise _incident(task, f"script failed: {exc}") from None
        return True

    def call_service(self, task: Any, **kwargs: Any) -> Any:
        raise _incident(task, "service tasks are not supported")


def _incident(task: Any, message: str) -> WorkflowIncident:
    spec = task.task_spec
    return WorkflowIncident(
        getattr(spec, "bpmn_id", None) or spec.name, getattr(spec, "bpmn_name", None) or "", message
    )


SCRIPT_ENGINE = SandboxScriptEngine()
