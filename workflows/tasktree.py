"""Walking a case's task tree once, in the order SpiffWorkflow's BPMN task iterator yields it.

``BpmnWorkflow.get_tasks(state=...)`` walks the whole tree (subprocesses included) each time, looking every parent
and child up by UUID and keeping a depth count by walking back up the tree at every leaf. The runner asks several
questions of the same unchanged tree per request (ready user tasks, waiting timers, pending service calls, the
merged data); :func:`walk` visits the tree once, and :func:`select` answers each question from that walk with the
same tasks in the same order as ``get_tasks``.
"""

from __future__ import annotations

from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

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
