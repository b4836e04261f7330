"""Walking a case's task tree once, in the order SpiffWorkflow's BPMN task iterator yields it.

``BpmnWorkflow.get_tasks(state=...)`` walks the whole tree (subprocesses included) each time, looking every parent
and child up by UUID and keeping a depth count by walking back up the tree at every leaf. The runner asks several
questions of the same unchanged tree per request (ready user tasks, waiting timers, pending service calls, the
merged data); :func:`walk` visits the tree once, and :func:`select` answers each question from that walk with the
same tasks in the same order as ``get_tasks``.
"""

from __future__ import annotations

from SpiffWorkflow.bpmn.util.task import BpmnTaskFilter
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskFilter, TaskState

# SpiffWorkflow's iterator stops descending at depth 1000; a tree smaller than that can never reach it.
MAX_DEPTH = 1000


def descend_from(state: int) -> int:
    """The lowest state whose children the iterator visits when looking for ``state`` (TaskIterator.min_state)."""
    if state & TaskState.PREDICTED_MASK:
        return TaskState.MAYBE
    if state & TaskState.DEFINITE_MASK:
        return TaskState.FUTURE
    return TaskState.COMPLETED


def task_count(workflow: BpmnWorkflow) -> int:
    """Tasks in the workflow and all its subprocesses."""
    return len(workflow.tasks) + sum(len(sp.tasks) for sp in workflow.subprocesses.values())


def walk(workflow: BpmnWorkflow, min_state: int) -> list[Task]:
    """Every task the BPMN iterator visits from the root, in its order (depth first, a call activity's subprocess
    before the activity's own children), descending below a task only if its state is at least ``min_state`` or
    it runs a subprocess. Only for trees of fewer than MAX_DEPTH tasks (see :func:`task_count`)."""
    subprocesses = workflow.subprocesses
    visited = []
    stack = [workflow.task_tree]
    while stack:
        task = stack.pop()
        visited.append(task)
        subprocess = subprocesses.get(task.id)
        if subprocess is None:
            if task._children and task._state >= min_state:
                tasks = task.workflow.tasks
                stack.extend([tasks.get(child) for child in reversed(task._children)])
        else:
            tasks = task.workflow.tasks
            stack.extend([tasks.get(child) for child in reversed(task._children)])
            stack.append(subprocess.task_tree)
    return visited


def select(walked: list[Task], state: int) -> list[Task]:
    """The walked tasks in any of the states of the mask ``state``."""
    return [task for task in walked if task._state & state]


class TreeIterator:
    """SpiffWorkflow's depth-first ``TaskIterator`` (``bpmn=False``) and ``BpmnTaskIterator`` (``bpmn=True``), step
    for step: the same order, the same pruning below tasks in a state lower than the filter needs, the same depth
    count and limit, and the same laziness (a task's children are read when the task is reached, so a caller may
    change the tree while iterating, as the engine does). What is left out is the cost: no method call per step
    and per filter test, no list copying per descent, parent and child lookups inlined.
    """

    __slots__ = (
        "stack",
        "depth",
        "task_filter",
        "state",
        "spec_name",
        "simple",
        "min_state",
        "end_at_spec",
        "max_depth",
        "bpmn",
        "skip_subprocesses",
    )

    def __init__(
        self,
        task: Task,
        task_filter: TaskFilter,
        end_at_spec: str | None = None,
        max_depth: int = 1000,
        bpmn: bool = True,
        skip_subprocesses: bool = False,
    ):
        self.stack = [task]  # the iterator's task_list, reversed: its first element is the last here
        self.depth = 0
        self.task_filter = task_filter
        self.state = task_filter.state
        self.spec_name = task_filter.spec_name
        self.simple = _state_and_name_only(task_filter)
        self.min_state = descend_from(task_filter.state)
        self.end_at_spec = end_at_spec
        self.max_depth = max_depth
        self.bpmn = bpmn
        self.skip_subprocesses = skip_subprocesses

    def __iter__(self) -> TreeIterator:
        return self

    def __next__(self) -> Task:
        while True:
            task = self._next()
            if self.simple:
                if (
                    task._state & self.state
                    and task.last_state_change >= 0
                    and (self.spec_name is None or task.task_spec.name == self.spec_name)
                ):
                    return task
            elif self.task_filter.matches(task):
                return task

    def _next(self) -> Task:
        stack = self.stack
        if not stack:
            raise StopIteration
        task = stack.pop()
        subprocess = task.workflow.top_workflow.subprocesses.get(task.id) if self.bpmn else None
        if (
            (task._children or subprocess is not None)
            and (task._state >= self.min_state or subprocess is not None)
            and self.depth < self.max_depth
            and task.task_spec.name != self.end_at_spec
        ):
            tasks = task.workflow.tasks
            stack.extend([tasks.get(child) for child in reversed(task._children)])
            if not (
                subprocess is None
                or self.skip_subprocesses
                or (task._state >= TaskState.FINISHED_MASK and self.state <= TaskState.FINISHED_MASK)
            ):
                stack.append(subprocess.task_tree)
            self.depth += 1
        elif stack:  # a leaf: back up to the next task's parent (TaskIterator._handle_leaf_depth)
            following = stack[-1]
            ancestor = following.workflow.tasks.get(following._parent)
            current = task.workflow.tasks.get(task._parent)
            while current is not None and current is not ancestor:
                current = current.workflow.tasks.get(current._parent)
                self.depth -= 1
        return task


def _state_and_name_only(task_filter: TaskFilter) -> bool:
    """Whether the filter tests nothing but state (and possibly the spec name), so it can be tested inline."""
    return (
        type(task_filter) in (TaskFilter, BpmnTaskFilter)
        and task_filter.updated_ts == 0
        and task_filter.manual is None
        and task_filter.spec_class is None
        and getattr(task_filter, "catches_event", None) is None
        and getattr(task_filter, "lane", None) is None
    )
