"""The SpiffWorkflow workflow classes cases run on: BpmnWorkflow and its subprocesses, with cheaper tree walks.

The engine walks the task tree many times per step (ready tasks to run, waiting tasks to update, joins looking
for their inputs). These classes route the walks SpiffWorkflow makes through a workflow's own methods to
:class:`workflows.tasktree.TreeIterator`, which yields the same tasks in the same order, and skip building log
details (including a list of every task) for log records that are never written. Behaviour is SpiffWorkflow's.
"""

from __future__ import annotations

import logging
from typing import Any

from SpiffWorkflow.bpmn.util.subworkflow import BpmnBaseWorkflow, BpmnSubWorkflow
from SpiffWorkflow.bpmn.util.task import BpmnTaskFilter
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskFilter, TaskState

from workflows.tasktree import TreeIterator

_WORKFLOW_LOG = logging.getLogger("spiff.workflow")  # the logger SpiffWorkflow's Workflow writes to


class _FastWalks(BpmnBaseWorkflow):
    def get_tasks_iterator(self, first_task: Task | None = None, **kwargs: Any) -> Any:
        """BpmnBaseWorkflow.get_tasks_iterator, depth first through :class:`TreeIterator`."""
        if not kwargs.pop("depth_first", True):
            return super().get_tasks_iterator(first_task, depth_first=False, **kwargs)
        end_at_spec = kwargs.pop("end_at_spec", None)
        max_depth = kwargs.pop("max_depth", 1000)
        skip_subprocesses = kwargs.pop("skip_subprocesses", False)
        task_filter = kwargs.pop("task_filter", None) or BpmnTaskFilter(**kwargs)
        return TreeIterator(first_task or self.task_tree, task_filter, end_at_spec, max_depth, True, skip_subprocesses)

    def update_waiting_tasks(self) -> None:
        """Workflow.update_waiting_tasks: update every WAITING task of this workflow (not its subprocesses)."""
        for task in TreeIterator(self.task_tree, TaskFilter(state=TaskState.WAITING), bpmn=False):
            task.task_spec._update(task)

    def collect_log_extras(self, dct: dict[str, Any] | None = None) -> dict[str, Any]:
        """Log details, built only when the INFO record they are for will be created (SpiffWorkflow lists every
        task of the workflow into them unless its logger has a level set)."""
        if not _WORKFLOW_LOG.isEnabledFor(logging.INFO):
            return dct or {}
        return super().collect_log_extras(dct)


class CaseSubprocess(_FastWalks, BpmnSubWorkflow):
    """A subprocess (the item's approval, a called or embedded process) of a case."""


class CaseBpmnWorkflow(_FastWalks, BpmnWorkflow):
    """The top-level workflow of a case: the platform process."""

    def create_subprocess(self, my_task: Task, spec_name: str) -> CaseSubprocess:
        """BpmnWorkflow.create_subprocess, creating a :class:`CaseSubprocess`."""
        subprocess = CaseSubprocess(self.subprocess_specs[spec_name], parent_task_id=my_task.id, top_workflow=self)
        self.subprocesses[my_task.id] = subprocess
        return subprocess
