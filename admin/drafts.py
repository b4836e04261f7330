"""A new item version as the admin edits it: texts and uploads in, an ItemContent (or every problem) out.

The draft keeps what the admin typed as text, so a refused publish shows the page again with nothing lost.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import PureWindowsPath
from typing import Any

from werkzeug.datastructures import FileStorage, ImmutableMultiDict, MultiDict

from app.models import ItemVersion
from app.services.catalog import ItemContent

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
FORM_FILE = "form.schema.json"
UI_FILE = "form.ui.json"
DECISION_FIELD = "决策表单"
GUIDE_FIELD = "办事指南"


@dataclass
class Draft:
    process_id: str = ""
    form_schema: str = ""
    form_ui: str = ""
    decision_forms: str = ""
    guide: str = ""
    bpmn: list[tuple[str, str]] = field(default_factory=list)


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def draft_from_version(version: ItemVersion | None) -> Draft:
    if version is None:
        return Draft(form_schema=_dump({"type": "object", "properties": {}}), decision_forms="{}", guide="{}")
    return Draft(
        process_id=version.process_id,
        form_schema=_dump(version.authored_form),
        form_ui=_dump(version.form_ui or {}),
        decision_forms=_dump(version.decision_forms or {}),
        guide=_dump(version.guide or {}),
        bpmn=sorted(version.bpmn_files.items()),
    )


def parse_json(label: str, text: str, *, default: Any = None) -> tuple[Any, list[str]]:
    """The JSON value of `text` (default when blank), or a problem naming the line and column."""
    if not text.strip():
        if default is None:
            return None, [f"{label}: 不能为空"]
        return default, []
    try:
        return json.loads(text), []
    except json.JSONDecodeError as exc:
        from admin.problem_text import json_problem

        return None, [json_problem(label, exc)]


def _file_name(upload: FileStorage) -> str:
    # Browsers on Windows may send a full path; keep the last part (Chinese names are fine, unlike secure_filename).
    return PureWindowsPath(upload.filename or "").name.strip()


def read_upload(upload: FileStorage) -> tuple[str, str | None, list[str]]:
    """(file name, text, problems) of one uploaded file, refusing anything over the size limit or not UTF-8."""
    name = _file_name(upload)
    data = upload.stream.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        return name, None, [f"{name}: 文件超过 {MAX_UPLOAD_BYTES // (1024 * 1024)} MB 上限"]
    try:
        return name, data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        return name, None, [f"{name}: 不是 UTF-8 编码的文本文件"]


def _uploads(files: MultiDict[str, FileStorage], key: str) -> list[FileStorage]:
    return [f for f in files.getlist(key) if f and f.filename]


def _single_upload(files: MultiDict[str, FileStorage], key: str, current: str, problems: list[str]) -> str:
    for upload in _uploads(files, key):
        _, text, found = read_upload(upload)
        problems += found
        if text is not None:
            return text
    return current


def _bpmn_files(form: ImmutableMultiDict[str, str], files: MultiDict[str, FileStorage], problems: list[str]):
    bpmn: dict[str, str] = {}
    for name, text in zip(form.getlist("bpmn_name"), form.getlist("bpmn_text"), strict=False):
        if text.strip():
            bpmn[name.strip() or f"approval{len(bpmn) + 1}.bpmn"] = text
    for upload in _uploads(files, "bpmn_upload"):
        name, text, found = read_upload(upload)
        if not name.lower().endswith(".bpmn"):
            found.append(f"{name}: 流程文件须以 .bpmn 结尾")
        problems += found
        if text is not None and not found:
            bpmn[name] = text
    return sorted(bpmn.items())


def _decision_forms(form: ImmutableMultiDict[str, str], files: MultiDict[str, FileStorage], problems: list[str]):
    text = form.get("decision_forms", "")
    uploads = _uploads(files, "decision_upload")
    if not uploads:
        return text
    merged, found = parse_json(DECISION_FIELD, text, default={})
    if found or not isinstance(merged, dict):
        problems += found
        return text
    for upload in uploads:
        name, upload_text, found = read_upload(upload)
        schema, json_found = parse_json(name, upload_text or "") if upload_text is not None else (None, [])
        problems += found + json_found
        if schema is not None:
            merged[name] = schema
    return _dump(merged)


def draft_from_request(
    form: ImmutableMultiDict[str, str], files: MultiDict[str, FileStorage]
) -> tuple[Draft, list[str]]:
    """The draft the admin posted (uploaded files replace or add to the pasted texts) and any upload problems."""
    problems: list[str] = []
    draft = Draft(
        process_id=form.get("process_id", "").strip(),
        form_schema=_single_upload(files, "form_schema_upload", form.get("form_schema", ""), problems),
        form_ui=_single_upload(files, "form_ui_upload", form.get("form_ui", ""), problems),
        decision_forms=_decision_forms(form, files, problems),
        guide=_single_upload(files, "guide_upload", form.get("guide", ""), problems),
        bpmn=_bpmn_files(form, files, problems),
    )
    return draft, problems


def _must_be_object(label: str, value: Any, problems: list[str]) -> None:
    if value is not None and not isinstance(value, dict):
        problems.append(f"{label}: 须为 JSON 对象（{{...}}）")


def content_from_draft(draft: Draft) -> tuple[ItemContent | None, list[str]]:
    """The ItemContent to publish, or every problem that stops us from building one."""
    problems: list[str] = []
    schema, found = parse_json(FORM_FILE, draft.form_schema)
    problems += found
    ui, found = parse_json(UI_FILE, draft.form_ui, default={})
    problems += found
    decisions, found = parse_json(DECISION_FIELD, draft.decision_forms, default={})
    problems += found
    guide, found = parse_json(GUIDE_FIELD, draft.guide, default={})
    problems += found
    for label, value in ((FORM_FILE, schema), (UI_FILE, ui), (DECISION_FIELD, decisions), (GUIDE_FIELD, guide)):
        _must_be_object(label, value, problems)
    if isinstance(decisions, dict):
        for name, decision_schema in decisions.items():
            _must_be_object(f"{DECISION_FIELD} {name}", decision_schema, problems)
    if not draft.process_id:
        problems.append("流程 ID: 不能为空（填写审批 BPMN 中 process 的 id）")
    if not draft.bpmn:
        problems.append("BPMN: 至少需要一个 .bpmn 文件")
    if problems:
        return None, problems
    content = ItemContent(
        process_id=draft.process_id,
        form_schema=schema,
        form_ui=ui,
        decision_forms=decisions,
        bpmn_files=dict(draft.bpmn),
        guide=guide,
    )
    return content, []
