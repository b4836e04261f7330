"""``flask --app app bpmn check FILE...``: which uploaded BPMN files Yichuang can run, and why not.

Files are checked together, so a call activity may call a process in another file given on the same command line.
Camunda Modeler extensions are mapped where they have a meaning here (see :mod:`workflows.camunda`). Department
codes and decision forms are not checked: they are bound when an item version is published.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from lxml import etree
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException

from workflows.camunda import apply_camunda
from workflows.errors import BpmnError, BpmnProblem
from workflows.package import build_parser
from workflows.parsing import MAX_BPMN_BYTES, NSMAP, read_xml
from workflows.validation import CheckOptions, find_problems, process_ids


class _File:
    def __init__(self, path: str):
        self.path = path
        self.name = os.path.basename(path)
        self.root: etree._Element | None = None
        self.problems: list[BpmnProblem] = []
        self.notes: list[str] = []
        self.aliases: dict[str, str] = {}


def check_bpmn_files(paths: list[str], out: Callable[[str], object] = print) -> int:
    """Print, per file, "runnable" or each element Yichuang cannot run (id, name, reason); 0 only if all run."""
    files = [_read(path) for path in paths]
    readable = {f.path: f.root for f in files if f.root is not None}
    owners = {pid: path for path, root in readable.items() for pid in process_ids({path: root})}
    for f in files:
        if f.root is not None:
            _check(f, readable, owners)
    for f in files:
        if f.problems:
            out(f"{f.path}: not runnable")
            for p in f.problems:
                name = f" ({p.element_name})" if p.element_name else ""
                out(f"  - {p.element_id or '(file)'}{name}: {p.message}")
        else:
            out(f"{f.path}: runnable")
        for note in f.notes:
            out(f"    note: {note}")
    return 0 if files and all(not f.problems for f in files) else 1


def _read(path: str) -> _File:
    f = _File(path)
    try:
        size = Path(path).stat().st_size
        if size > MAX_BPMN_BYTES:
            f.problems.append(BpmnProblem("", "", f"file is {size} bytes; the limit is {MAX_BPMN_BYTES}", f.name))
            return f
        f.root = read_xml(Path(path).read_bytes(), f.name)
        f.aliases, camunda_problems, f.notes = apply_camunda(f.root, f.name)
        f.problems.extend(camunda_problems)
    except BpmnError as exc:
        f.problems.extend(exc.problems)
    except OSError as exc:
        f.problems.append(BpmnProblem("", "", f"cannot read file: {exc.strerror or exc}", f.name))
    return f


def _check(f: _File, readable: dict[str, etree._Element], owners: dict[str, str]) -> None:
    assert f.root is not None
    try:
        options = CheckOptions(departments=None, form_files=None, require_forms=False, lane_aliases=f.aliases)
        specific = {p.element_id for p in f.problems}
        generic = find_problems({f.name: f.root}, options, extra_process_ids=owners)
        f.problems.extend(p for p in generic if p.element_id not in specific)
        if not f.problems:
            f.problems.extend(_spiff_problems(f, readable, owners))
    except Exception as exc:  # the CLI must report, never crash with a traceback
        f.problems.append(BpmnProblem("", "", f"internal error while checking: {type(exc).__name__}: {exc}", f.name))


def _spiff_problems(f: _File, readable: dict[str, etree._Element], owners: dict[str, str]) -> list[BpmnProblem]:
    """Build the SpiffWorkflow specs of the file's processes with the files its call activities need."""
    assert f.root is not None
    needed = {f.path}
    pending = [f.root]
    while pending:
        root = pending.pop()
        for call in root.iterfind(".//bpmn:callActivity", NSMAP):
            path = owners.get(call.get("calledElement", ""))
            if path and path not in needed:
                needed.add(path)
                pending.append(readable[path])
    try:
        parser = build_parser({os.path.basename(p): readable[p] for p in sorted(needed)})
        for pid in process_ids({f.name: f.root}):
            parser.get_spec(pid)
            parser.get_subprocess_specs(pid)
    except ValidationException as exc:
        return [BpmnProblem(exc.id or "", exc.name or "", str(exc), exc.file_name or f.name)]
    except Exception as exc:
        return [BpmnProblem("", "", f"SpiffWorkflow cannot build the process: {exc}", f.name)]
    return []
