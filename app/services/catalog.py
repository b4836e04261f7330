"""Publishing item versions and loading a catalogue from files (JSON + BPMN under version control)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from app.domain import immediate
from app.domain.centres import format_levels, parse_levels
from app.domain.field_sight import sight_problems
from app.extensions import db
from app.models import Department, ItemKind, ItemVersion, ServiceItem, User
from app.models.base import utcnow
from app.services import case_tally
from app.services.audit import record_event
from app.services.data_elements import expand_form_schema
from app.services.errors import PublishRefused
from forms import FormSchemaError, compile_form
from workflows import BpmnError, compile_approval


@dataclass
class ItemContent:
    """What an admin publishes: the form, its UI hints, the decision forms, the BPMN files and the guide."""

    process_id: str
    form_schema: dict[str, Any]
    form_ui: dict[str, Any] = field(default_factory=dict)
    decision_forms: dict[str, Any] = field(default_factory=dict)
    bpmn_files: dict[str, str] = field(default_factory=dict)
    guide: dict[str, Any] = field(default_factory=dict)
    # Per-department field visibility (app/domain/field_sight.py), as item.json's "field_sight" declares it; None:
    # keep the previous version's (an admin draft does not edit it).
    field_sight: dict[str, Any] | None = None

    def same_as(self, version: ItemVersion) -> bool:
        """Nothing to publish: the same files, and the elements they name are still what the version froze."""
        return (
            self.process_id == version.process_id
            and self.form_schema == version.authored_form
            and self._expanded_or_none() == version.form_schema
            and self.form_ui == (version.form_ui or {})
            and self.decision_forms == (version.decision_forms or {})
            and self.bpmn_files == version.bpmn_files
            and self.guide == (version.guide or {})
            and (self.field_sight is None or self.field_sight == version.field_sight)
        )

    def _expanded_or_none(self) -> dict[str, Any] | None:
        try:
            return expand_form_schema(self.form_schema)
        except PublishRefused:
            return None


def decision_ui(schema: Any) -> dict[str, Any] | None:
    """A decision form's ui hints: its root `x-ui` (a decision form is one file, so its hints travel inside it)."""
    ui = schema.get("x-ui") if isinstance(schema, dict) else None
    return ui if isinstance(ui, dict) else None


def _form_problems(label: str, schema: dict[str, Any], ui: dict[str, Any] | None) -> list[str]:
    try:
        compile_form(schema, ui)
    except FormSchemaError as exc:
        return [f"{label}: {p.keyword} at {p.pointer or '/'}: {p.message}" for p in exc.problems]
    return []


def publish_item_version(item: ServiceItem, content: ItemContent, *, actor: User | None) -> ItemVersion:
    """Check everything and publish a new immutable version; refuse with every problem found, storing nothing."""
    try:
        form_schema = expand_form_schema(content.form_schema)
        problems = _form_problems("form.schema.json", form_schema, content.form_ui)
    except PublishRefused as exc:
        form_schema, problems = content.form_schema, list(exc.details or [])  # type: ignore[call-overload]
    for name, schema in content.decision_forms.items():
        problems += _form_problems(name, schema, decision_ui(schema))
    departments = db.session.scalars(select(Department.code)).all()
    package_json = ""
    try:
        package = compile_approval(
            {name: text.encode() for name, text in content.bpmn_files.items()},
            process_id=content.process_id,
            departments=departments,
            form_files=content.decision_forms.keys(),
            own_department=item.department.code if item.department else None,
        )
        package_json = package.to_json()
        problems += immediate.path_problems(item.kind, (t.element_id for t in package.user_tasks))
    except BpmnError as exc:
        problems += [f"{p.file}: {p.element_id} ({p.element_name}): {p.message}" for p in exc.problems]
    problems += sight_problems(content.field_sight, content.form_schema.get("properties") or {}, departments)
    if problems:
        raise PublishRefused(f"事项“{item.name}”未能发布", details=problems)
    last = db.session.scalar(select(func.max(ItemVersion.number)).where(ItemVersion.item_id == item.id)) or 0
    version = ItemVersion(
        item=item,
        number=last + 1,
        form_schema=form_schema,
        # Kept only when it differs (it names elements), so versions without elements store one copy.
        form_source=content.form_schema if form_schema != content.form_schema else None,
        form_ui=content.form_ui,
        decision_forms=content.decision_forms,
        bpmn_files=content.bpmn_files,
        process_id=content.process_id,
        approval_package=package_json,
        guide=content.guide,
        field_sight=content.field_sight if content.field_sight is not None else _previous_sight(item),
        published_at=utcnow(),
        published_by=actor,
    )
    db.session.add(version)
    db.session.flush()
    item.live_version_id = version.id
    record_event("item_published", actor=actor, detail={"item": item.code, "version": version.number})
    db.session.flush()
    return version


def _previous_sight(item: ServiceItem) -> dict[str, Any] | None:
    previous = db.session.get(ItemVersion, item.live_version_id) if item.live_version_id else None
    return previous.field_sight if previous is not None else None


def upsert_department(code: str, name: str) -> Department:
    department = db.session.scalar(select(Department).where(Department.code == code))
    if department is None:
        department = Department(code=code, name=name)
        db.session.add(department)
    else:
        department.name = name
    db.session.flush()
    return department


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise PublishRefused(f"{path}: JSON 格式错误（第 {exc.lineno} 行第 {exc.colno} 列）：{exc.msg}") from exc
    except OSError as exc:
        raise PublishRefused(f"{path}: 无法读取：{exc.strerror}") from exc


def read_item_folder(folder: Path) -> tuple[dict[str, Any], ItemContent]:
    """Read one item folder (item.json, form schema/ui, decision forms, BPMN files)."""
    meta = _read_json(folder / "item.json")
    form_name = meta.get("form", "form.schema.json")
    ui_name = meta.get("ui")
    decision_forms = {p.name: _read_json(p) for p in sorted(folder.glob("*.schema.json")) if p.name != form_name}
    bpmn_names = meta.get("bpmn") or [p.name for p in sorted(folder.glob("*.bpmn"))]
    content = ItemContent(
        process_id=meta["process_id"],
        form_schema=_read_json(folder / form_name),
        form_ui=_read_json(folder / ui_name) if ui_name and (folder / ui_name).exists() else {},
        decision_forms=decision_forms,
        bpmn_files={name: (folder / name).read_text(encoding="utf-8") for name in bpmn_names},
        guide=meta.get("guide", {}),
        field_sight=meta.get("field_sight"),
    )
    return meta, content


def load_catalog(directory: Path, *, actor: User | None = None, dry_run: bool = False) -> list[str]:
    """Load a catalogue folder, publishing a new version only where content changed (app/services/catalog_files.py).

    Returns one line per department, element and item saying what happened; raises PublishRefused naming every
    problem of the folder, with nothing kept.
    """
    from app.services.catalog_files import load_catalog_folder

    return load_catalog_folder(directory, actor=actor, dry_run=dry_run)


def upsert_item(slug: str, meta: dict[str, Any]) -> ServiceItem:
    department = db.session.scalar(select(Department).where(Department.code == meta["department"]))
    if department is None:
        raise PublishRefused(f"{slug}: 牵头部门 {meta['department']} 不存在")
    try:
        kind = ItemKind(meta.get("kind", "promised")).value
    except ValueError as exc:
        kinds = "/".join(k.value for k in ItemKind)
        raise PublishRefused(f"{slug}: 办件类型 {meta.get('kind')!r} 无效（{kinds}）") from exc
    statutory, promised = int(meta.get("statutory_days", 0)), int(meta.get("promised_days", 0))
    if promised > statutory:
        raise PublishRefused(f"{slug}: 承诺时限 {promised} 个工作日超过法定时限 {statutory} 个工作日")
    try:
        accept_levels = format_levels(parse_levels(",".join(meta.get("accept_levels") or [])))
    except ValueError as exc:
        raise PublishRefused(f"{slug}: {exc}") from exc
    item = db.session.scalar(select(ServiceItem).where(ServiceItem.code == meta["code"]))
    if item is None:
        item = ServiceItem(code=meta["code"], slug=slug)
        db.session.add(item)
    moved_from = item.department_id
    item.slug = slug
    item.name = meta["name"]
    item.kind = kind
    item.department = department
    item.statutory_days = statutory
    item.promised_days = promised
    item.accept_levels = accept_levels
    item.handle_anywhere = bool(meta.get("handle_anywhere", False))
    db.session.flush()
    if moved_from is not None:
        case_tally.move_item_cases(item.id, moved_from, item.department_id)
    return item
