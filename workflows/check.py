"""``flask --app app bpmn check FILE...``: which uploaded BPMN files Yichuang can run, and why not.

Files are checked together, so a call activity may call a process in another file given on the same command line;
a file calling a process that is not runnable is not runnable either (it could not be published). The checks are
publishing's own (:func:`workflows.package.translate_and_check`, which also translates Camunda Modeler files, see
:mod:`workflows.camunda`), except that department codes and decision forms are not checked: they are bound when
an item version is published.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from workflows.engine_messages import engine_problem
from workflows.errors import BpmnError, BpmnProblem
from workflows.normalise import is_executable
from workflows.package import build_parser, translate_and_check
from workflows.parsing import MAX_BPMN_BYTES, NSMAP, read_xml
from workflows.validation import CheckOptions, problem, process_ids


class _File:
    def __init__(self, path: str):
        self.path = path
        self.name = os.path.basename(path)
        self.root: etree._Element | None = None
        self.problems: list[BpmnProblem] = []
        self.notes: list[str] = []


def check_bpmn_files(paths: list[str], out: Callable[[str], object] = print) -> int:
    """Print, per file, "runnable" or each element Yichuang cannot run (id, name, reason); 0 only if all run."""
    files = [_read(path) for path in paths]
    readable = {f.path: f.root for f in files if f.root is not None}
    owners = {pid: path for path, root in readable.items() for pid in process_ids({path: root})}
    checked = [f for f in files if f.root is not None]
    for f in checked:
        _check(f, owners)
    for f in checked:  # the engine's own findings in the same pass, unless they repeat ours for that element
        ours = {p.element_id for p in f.problems}
        f.problems.extend(
            p for p in _spiff_problems(f, readable, owners) if not (p.element_id and p.element_id in ours)
        )
    _calls_to_unrunnable(checked, owners)
    for f in files:
        if f.problems:
            out(f"{f.path}: not runnable")
            for p in f.problems:
                name = f" ({' '.join(p.element_name.split())})" if p.element_name else ""
                out(f"  - {p.element_id or '(file)'}{name}: {' '.join(p.message.split())}")
        else:
            out(f"{f.path}: runnable")
        for note in f.notes:
            out(f"    note: {' '.join(note.split())}")
    return 0 if files and all(not f.problems for f in files) else 1


def _read(path: str) -> _File:
    f = _File(path)
    try:
        size = Path(path).stat().st_size
        if size > MAX_BPMN_BYTES:
            f.problems.append(
                BpmnProblem(
                    "", "", f"文件太大（上限 5 MB） (file is {size} bytes; the limit is {MAX_BPMN_BYTES})", f.name
                )
            )
            return f
        f.root = read_xml(Path(path).read_bytes(), f.name)
    except BpmnError as exc:
        f.problems.extend(exc.problems)
    except OSError as exc:
        f.problems.append(BpmnProblem("", "", f"无法读取文件 (cannot read file: {exc.strerror or exc})", f.name))
    return f


def _check(f: _File, owners: dict[str, str]) -> None:
    assert f.root is not None
    try:
        options = CheckOptions(departments=None, form_files=None, require_forms=False)
        problems, f.notes = translate_and_check({f.name: f.root}, options, extra_process_ids=owners)
        f.problems.extend(problems)
    except Exception as exc:  # noqa: BLE001 - the CLI must report, never crash with a traceback
        f.problems.append(
            BpmnProblem("", "", f"检查时出现内部错误，请把文件发给平台管理员（{type(exc).__name__}: {exc}）", f.name)
        )


def _calls_to_unrunnable(files: list[_File], owners: dict[str, str]) -> None:
    """A call activity whose called process is in a file that is not runnable makes its own file not runnable."""
    by_path = {f.path: f for f in files}
    changed = True
    while changed:
        changed = False
        for f in files:
            if f.problems or f.root is None:
                continue
            for call in f.root.iterfind(".//bpmn:callActivity", NSMAP):
                target = by_path.get(owners.get(call.get("calledElement", ""), ""))
                if target is not None and target is not f and target.problems:
                    f.problems.append(
                        problem(
                            call,
                            f"called process {call.get('calledElement')!r} ({target.name}) is not runnable",
                            f.name,
                        )
                    )
                    changed = True


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
    problems = []
    try:
        parser = build_parser({os.path.basename(p): readable[p] for p in sorted(needed)})
    except Exception as exc:  # noqa: BLE001 - the CLI must report, never crash with a traceback
        return [engine_problem(exc, f.name)]
    executable = [p.get("id", "") for p in f.root.iterfind("bpmn:process", NSMAP) if is_executable(p)]
    for pid in executable:  # each process on its own: one refusal does not hide the next
        try:
            parser.get_spec(pid)
            parser.get_subprocess_specs(pid)
        except Exception as exc:  # noqa: BLE001 - the CLI must report, never crash with a traceback
            problems.append(engine_problem(exc, f.name))
    return problems
