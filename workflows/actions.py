"""Service tasks bound by name to the platform's actions; the runner records the call, the app's worker runs it.

An item's BPMN names the action with SpiffArena's extension
``<spiffworkflow:serviceTaskOperator id="notify" resultVariable="notice">`` and its ``spiffworkflow:parameter``
values (sandboxed expressions over the case data), or with task properties: ``action``, ``param.<name>`` and
``resultVariable``. Reaching a service task does no I/O: the task waits (STARTED) with its evaluated parameters
until :meth:`workflows.runner.CaseWorkflow.complete_service_call` or ``fail_service_call``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.spiff.parser.task_spec import SpiffTaskParser
from SpiffWorkflow.spiff.specs.defaults import ServiceTask

PLATFORM_ACTIONS = frozenset({"notify", "generate_document", "call_webhook"})
PARAM_PREFIX = "param."


@dataclass(frozen=True)
class ServiceCall:
    """A platform action a case waits for: run it, then complete or fail the call by ``task_id``."""

    task_id: str
    element_id: str
    action: str
    params: dict[str, Any]


class PlatformServiceTask(ServiceTask):
    """A service task that evaluates its parameters, records the call and waits for the worker."""

    def _execute(self, task: Any) -> bool | None:
        params = {
            name: task.workflow.script_engine.evaluate(task, param["value"])
            for name, param in self.operation_params.items()
        }
        task.internal_data["service_call"] = {"action": self.operation_name, "params": params}
        return None  # STARTED: the task waits until the worker completes or fails the call


def operator_of(extensions: dict[str, Any]) -> dict[str, Any] | None:
    """The action name, parameters and result variable a service task's extensions give, or None."""
    operator = extensions.get("serviceTaskOperator")
    if operator is not None:
        return {
            "name": operator["name"],
            "parameters": operator["parameters"],
            "resultVariable": operator.get("resultVariable"),
        }
    properties = extensions.get("properties", {})
    if not properties.get("action"):
        return None
    return {
        "name": properties["action"],
        "parameters": {
            k[len(PARAM_PREFIX) :]: {"value": v, "type": "any"}
            for k, v in properties.items()
            if k.startswith(PARAM_PREFIX)
        },
        "resultVariable": properties.get("resultVariable"),
    }


class PlatformServiceTaskParser(SpiffTaskParser):
    """Parses a service task's platform action from the SpiffArena operator or the task properties."""

    def create_task(self) -> PlatformServiceTask:
        extensions = self.parse_extensions()
        operator = operator_of(extensions)
        if operator is None:
            raise ValidationException(
                "a service task must name a platform action", node=self.node, file_name=self.filename
            )
        return PlatformServiceTask(
            self.spec,
            self.bpmn_id,
            operation_name=operator["name"],
            operation_params=operator["parameters"],
            result_variable=operator["resultVariable"] or self.bpmn_id,
            prescript=extensions.get("preScript"),
            postscript=extensions.get("postScript"),
            **self.bpmn_attributes,
        )
