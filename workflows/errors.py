"""Typed errors of the workflow layer: each carries what a person needs to find and fix the problem."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BpmnProblem:
    """One thing wrong with an uploaded BPMN file, located by element id and name."""

    element_id: str
    element_name: str
    message: str
    file: str = ""

    def __str__(self) -> str:
        where = f"{self.file}: " if self.file else ""
        name = f" ({self.element_name})" if self.element_name else ""
        return f"{where}{self.element_id or '-'}{name}: {self.message}"


class BpmnError(Exception):
    """A BPMN upload that cannot be published; `problems` lists every problem found, not just the first."""

    def __init__(self, problems: list[BpmnProblem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class TaskNotReady(Exception):
    """The task cannot be completed: it is already completed, cancelled, not a user task, or unknown."""


class DecisionError(ValueError):
    """The decision data for a platform step is not one the platform process understands."""


class WorkflowIncident(Exception):
    """A step failed while the case was running (bad condition, sandbox refusal...)."""

    def __init__(self, element_id: str, element_name: str, message: str):
        self.element_id = element_id
        self.element_name = element_name
        self.message = message
        name = f" ({element_name})" if element_name else ""
        super().__init__(f"{element_id}{name}: {message}")


class SandboxError(Exception):
    """An expression or script was refused by the sandbox or exceeded its budget."""
