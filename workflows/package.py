"""Publishing an item's approval BPMN: validate everything once, store the result as one JSON document."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from typing import Any, NamedTuple

from lxml import etree
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.exceptions import SpiffWorkflowException

from workflows.camunda import import_camunda
from workflows.engine_messages import engine_problem
from workflows.errors import BpmnError, BpmnProblem
from workflows.normalise import (
    leave_out_documentation_data,
    leave_out_documentation_pools,
    leave_out_documentation_stores,
    put_unlaned_tasks_in_own_department,
    split_implicit_parallel,
)
from workflows.parsing import BPMN_NS, NSMAP, ItemParser, read_xml, schema_validator
from workflows.validation import CheckOptions, find_problems, form_properties, lanes_by_node, process_ids

PACKAGE_FORMAT = 1


class ItemUserTask(NamedTuple):
    """One user task of an item's approval, for admin display."""

    element_id: str
    name: str
    lane: str | None
    form_file: str | None


class ApprovalPackage:
    """An item version's validated approval process: its BPMN files and main process id, ready to run."""

    def __init__(self, process_id: str, files: Mapping[str, str], user_tasks: list[ItemUserTask]):
        self.process_id = process_id
        self.files = dict(files)
        self.user_tasks = list(user_tasks)

    @property
    def departments(self) -> list[str]:
        """Department codes whose lanes hold user tasks, sorted."""
        return sorted({t.lane for t in self.user_tasks if t.lane})

    def to_json(self) -> str:
        """The package as JSON, stored once per published item version."""
        return json.dumps(
            {
                "format": PACKAGE_FORMAT,
                "process_id": self.process_id,
                "files": self.files,
                "user_tasks": [list(t) for t in self.user_tasks],
            },
            ensure_ascii=False,
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> ApprovalPackage:
        """Rebuild a package from :meth:`to_json` output; raises ValueError if it is not one."""
        try:
            raw: Any = json.loads(text)
            if raw.get("format") != PACKAGE_FORMAT:
                raise ValueError(f"unknown approval package format {raw.get('format')!r}")
            return cls(
                str(raw["process_id"]),
                {str(k): str(v) for k, v in raw["files"].items()},
                [ItemUserTask(*t) for t in raw["user_tasks"]],
            )
        except (AttributeError, KeyError, TypeError, json.JSONDecodeError) as exc:
            raise ValueError(f"not an approval package: {exc}") from None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ApprovalPackage) and self.to_json() == other.to_json()

    def __repr__(self) -> str:
        return f"ApprovalPackage(process_id={self.process_id!r}, files={sorted(self.files)!r})"


def compile_approval(
    files: Mapping[str, bytes],
    *,
    process_id: str,
    departments: Collection[str],
    form_files: Collection[str] = (),
    own_department: str | None = None,
) -> ApprovalPackage:
    """Validate an item's approval BPMN files at publish time and package them.

    Camunda Modeler files are translated on the way in (candidate groups to lanes, form keys to decision forms,
    JUEL conditions to sandbox expressions; see :mod:`workflows.camunda`); the package stores the translated XML.

    Raises BpmnError listing every problem found (malformed XML with its line, unknown process id, lanes that are
    not department codes, user tasks without a lane or without a known decision form, missing call targets,
    refused or unparseable conditions and scripts, unreachable elements, constructs Yichuang cannot run).
    """
    trees, problems = read_files(files)
    if trees and process_id not in process_ids(trees):
        found = ", ".join(sorted(process_ids(trees))) or "none"
        problems.append(
            BpmnProblem(
                process_id,
                "",
                f"上传的文件中没有这个流程 ID (no process with this id in the uploaded files (found: {found}))",
            )
        )
    options = CheckOptions(
        departments=set(departments),
        form_files=set(form_files),
        own_department=own_department,
        item_process=process_id,
    )
    problems.extend(translate_and_check(trees, options)[0])
    if not problems:
        problems.extend(spiff_problems(trees, process_id))
    if problems:
        raise BpmnError(problems)
    texts = {name: etree.tostring(root, encoding="unicode") for name, root in trees.items()}
    return ApprovalPackage(process_id, texts, _user_tasks(trees))


def translate_and_check(
    trees: Mapping[str, etree._Element], options: CheckOptions, extra_process_ids: Iterable[str] = ()
) -> tuple[list[BpmnProblem], list[str]]:
    """The one path deciding what can run, for publishing and for the admin CLI alike.

    Rewrites Camunda extensions in every tree in place, then runs the publish checks. Returns (problems, notes on
    what was translated); where the Camunda import already explains an element, the generic problem it causes
    (e.g. "not in a lane" after an unknown candidate group, "names no platform action" for a Java delegate, "does
    not parse" for an untranslated JUEL condition) is left out; other problems of the element stay.
    """
    specific: list[BpmnProblem] = []
    notes: list[str] = []
    for name, root in trees.items():
        found, left_out = leave_out_documentation_pools(root, name, keep=options.item_process)
        specific.extend(found)
        notes.extend(left_out)
        found, mapped = import_camunda(root, name, options.departments)
        specific.extend(found)
        notes.extend(mapped)
        for process in root.iterfind("bpmn:process", NSMAP):
            leave_out_documentation_data(process, name, notes)
            specific.extend(leave_out_documentation_stores(process, name, notes))
            specific.extend(split_implicit_parallel(process, name, notes))
            put_unlaned_tasks_in_own_department(process, name, options.own_department, notes)
    explained = {(p.file, p.element_id) for p in specific}
    generic = find_problems(trees, options, extra_process_ids)
    return specific + [p for p in generic if not ((p.file, p.element_id) in explained and _consequence(p))], notes


_CONSEQUENCES = ("not in a lane", "names no platform action", "script", "condition", "called process")


def _consequence(p: BpmnProblem) -> bool:
    return any(fragment in p.message for fragment in _CONSEQUENCES)


def read_files(files: Mapping[str, bytes | str]) -> tuple[dict[str, etree._Element], list[BpmnProblem]]:
    """Read every file safely; files that cannot be read become problems, the rest are returned."""
    trees: dict[str, etree._Element] = {}
    problems: list[BpmnProblem] = []
    if not files:
        problems.append(BpmnProblem("", "", "没有上传 BPMN 文件 (no BPMN files uploaded)"))
    for name, content in files.items():
        try:
            trees[name] = read_xml(content, name)
        except BpmnError as exc:
            problems.extend(exc.problems)
    return trees, problems


def build_parser(trees: Mapping[str, etree._Element], validate: bool = True) -> ItemParser:
    """A SpiffWorkflow parser loaded with the given (already safely read) files."""
    parser = ItemParser(validator=schema_validator() if validate else None)
    for name, root in trees.items():
        parser.add_bpmn_xml(root, filename=name)
    return parser


def spiff_problems(trees: Mapping[str, etree._Element], process_id: str) -> list[BpmnProblem]:
    """Problems SpiffWorkflow itself finds (schema validity, structure) when building the process specs."""
    try:
        parser = build_parser(trees)
        parser.get_spec(process_id)
        parser.get_subprocess_specs(process_id)
    except (ValidationException, SpiffWorkflowException, etree.LxmlError, ValueError, KeyError, TypeError) as exc:
        return [engine_problem(exc, "")]
    except AssertionError as exc:  # SpiffWorkflow asserts an element it needs exactly once
        return [engine_problem(exc, "")]
    return []


def _user_tasks(trees: Mapping[str, etree._Element]) -> list[ItemUserTask]:
    tasks = []
    for root in trees.values():
        for process in root.iterfind("bpmn:process", NSMAP):
            lanes = lanes_by_node(process)
            for task in process.iter(f"{{{BPMN_NS}}}userTask", f"{{{BPMN_NS}}}manualTask"):
                task_id = task.get("id", "")
                tasks.append(
                    ItemUserTask(
                        task_id,
                        task.get("name", "") or "",
                        lanes.get(task_id) or None,
                        form_properties(task).get("formJsonSchemaFilename"),
                    )
                )
    return tasks
