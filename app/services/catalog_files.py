"""The catalogue as files (JSON + BPMN under version control): load a folder, check it first, or export one.

A catalogue folder holds `departments.json`, `elements/<key>.json` (data elements), one folder per item named by
its slug (`item.json`, the form, its ui hints, decision forms, BPMN files) and whatever registered sections add
(bundles: see `register_section`). Loading checks the whole folder and refuses it as a whole, naming every
problem, before anything is kept; a dry run does the same and reports what would change, keeping nothing.
Exporting writes the same layout from the database, so export -> load into an empty database -> export gives the
same files.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.models import Bundle, DataElement, Department, ServiceItem, User
from app.services.bundle_files import BUNDLE_FOLDER, export_bundles, load_bundles
from app.services.catalog import ItemContent, publish_item_version, read_item_folder, upsert_item
from app.services.data_elements import ElementFields, element_as_file, save_element
from app.services.errors import PublishRefused
from forms.elements import ELEMENTS_FOLDER

DEPARTMENTS_FILE = "departments.json"
FORM_FILE, UI_FILE = "form.schema.json", "form.ui.json"


@dataclass
class CatalogRun:
    """One load: what it did (report) and what is wrong (problems); nothing is kept while problems exist."""

    directory: Path
    actor: User | None = None
    dry_run: bool = False
    report: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def refuse(self, where: str, exc: PublishRefused) -> None:
        details = [str(d) for d in (exc.details or [])]  # type: ignore[attr-defined]
        self.problems += [f"{where}: {d}" for d in details] or [f"{where}: {exc.message}"]


@dataclass(frozen=True)
class CatalogSection:
    """A part of the catalogue another feature keeps in its own folder (bundles keep theirs in `bundles/`).

    `load` runs after departments, elements and items, inside the same all-or-nothing load: it adds report lines
    and problems to the run. `export` writes the section's files into the folder.
    """

    name: str
    load: Callable[[CatalogRun], None]
    export: Callable[[Path], None]


SECTIONS: dict[str, CatalogSection] = {}


def register_section(section: CatalogSection) -> None:
    """Add a section (e.g. bundles) to `catalog load` and `catalog export`; registering again replaces it."""
    SECTIONS[section.name] = section


def json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def _read(run: CatalogRun, path: Path) -> Any:
    where = path.relative_to(run.directory)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        run.problems.append(f"{where}: JSON 格式错误（第 {exc.lineno} 行第 {exc.colno} 列）：{exc.msg}")
    except (OSError, UnicodeDecodeError) as exc:
        run.problems.append(f"{where}: 无法读取：{exc}")
    return None


# --- loading ---------------------------------------------------------------------------------------------------


def load_catalog_folder(directory: Path, *, actor: User | None = None, dry_run: bool = False) -> list[str]:
    """Load a catalogue folder; the report says per department, element and item what changed (or would).

    Raises PublishRefused with every problem of the folder (nothing kept). A dry run rolls the session back.
    """
    run = CatalogRun(directory=directory, actor=actor, dry_run=dry_run)
    _load_departments(run)
    _load_elements(run)
    _load_items(run)
    _load_bundles(run)
    for section in SECTIONS.values():
        section.load(run)
    if run.problems:
        db.session.rollback()
        raise PublishRefused(f"目录 {directory} 有 {len(run.problems)} 个问题，未作任何更改", details=run.problems)
    if dry_run:
        db.session.rollback()
        run.report.append("试运行（dry run）：以上为将要发生的更改，数据库未作任何更改 / nothing was changed")
    return run.report


def _load_departments(run: CatalogRun) -> None:
    path = run.directory / DEPARTMENTS_FILE
    rows = _read(run, path) if path.exists() else []
    if not isinstance(rows, list) or not all(isinstance(r, dict) and r.get("code") and r.get("name") for r in rows):
        if rows is not None:
            run.problems.append(f"{DEPARTMENTS_FILE}: 须为部门列表，每项含 code 和 name")
        return
    for row in rows:
        department = db.session.scalar(select(Department).where(Department.code == row["code"]))
        if department is None:
            db.session.add(Department(code=row["code"], name=row["name"]))
            run.report.append(f"department {row['code']} {row['name']}: added")
        elif department.name != row["name"]:
            run.report.append(f"department {row['code']}: renamed {department.name} -> {row['name']}")
            department.name = row["name"]
    db.session.flush()


def _load_elements(run: CatalogRun) -> None:
    for path in sorted((run.directory / ELEMENTS_FOLDER).glob("*.json")):
        row = _read(run, path)
        if row is None:
            continue
        if not isinstance(row, dict):
            run.problems.append(f"{ELEMENTS_FOLDER}/{path.name}: 须为 JSON 对象")
            continue
        fields = ElementFields.from_file(row)
        if fields.key != path.stem:
            run.problems.append(f"{ELEMENTS_FOLDER}/{path.name}: 文件名须与数据元标识“{fields.key}”一致")
            continue
        existing = db.session.scalar(select(DataElement).where(DataElement.key == fields.key))
        before = element_as_file(existing) if existing is not None else None
        try:
            element = save_element(fields)
        except PublishRefused as exc:
            run.refuse(f"{ELEMENTS_FOLDER}/{path.name}", exc)
            continue
        after = element_as_file(element)
        state = "added" if before is None else "unchanged" if before == after else "changed"
        run.report.append(f"element {element.key} {element.label}: {state}")


def _load_items(run: CatalogRun) -> None:
    for folder in sorted(p for p in run.directory.iterdir() if (p / "item.json").exists()):
        try:
            meta, content = read_item_folder(folder)
            item = upsert_item(folder.name, meta)
        except PublishRefused as exc:
            run.refuse(folder.name, exc)
            continue
        except KeyError as exc:
            run.problems.append(f"{folder.name}/item.json: 缺少字段 {exc}")
            continue
        except (TypeError, ValueError, AttributeError) as exc:
            run.problems.append(f"{folder.name}/item.json: 字段无效：{exc}")
            continue
        except OSError as exc:
            run.problems.append(f"{folder.name}: 无法读取 {Path(exc.filename or '').name}：{exc.strerror}")
            continue
        _publish_if_changed(run, item, content)


def _publish_if_changed(run: CatalogRun, item: ServiceItem, content: ItemContent) -> None:
    if item.live_version is not None and content.same_as(item.live_version):
        run.report.append(f"{item.code} {item.name}: unchanged (version {item.live_version.number})")
        return
    try:
        version = publish_item_version(item, content, actor=run.actor)
    except PublishRefused as exc:
        run.refuse(item.slug, exc)
        return
    verb = "would publish" if run.dry_run else "published"
    run.report.append(f"{item.code} {item.name}: {verb} version {version.number}")


def _load_bundles(run: CatalogRun) -> None:
    try:  # bundles compose the items loaded above
        lines = load_bundles(run.directory, actor=run.actor)
    except PublishRefused as exc:
        run.refuse(BUNDLE_FOLDER, exc)
        return
    run.report += [line.replace(": published", ": would publish") if run.dry_run else line for line in lines]


# --- exporting -------------------------------------------------------------------------------------------------


def export_catalog(directory: Path) -> list[str]:
    """Write the whole catalogue into `directory` (created if missing); the files written, relative to it."""
    directory.mkdir(parents=True, exist_ok=True)
    written: list[str] = []

    def write(relative: str, text: str) -> None:
        path = directory / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(relative)

    departments = db.session.scalars(select(Department).order_by(Department.code))
    write(DEPARTMENTS_FILE, json_text([{"code": d.code, "name": d.name} for d in departments]))
    for element in db.session.scalars(select(DataElement).order_by(DataElement.key)):
        write(f"{ELEMENTS_FOLDER}/{element.key}.json", json_text(element_as_file(element)))
    bundle_items = select(Bundle.item_id)  # a bundle's own item is its composed version, written as the bundle
    items = select(ServiceItem).where(ServiceItem.id.not_in(bundle_items)).order_by(ServiceItem.slug)
    for item in db.session.scalars(items):
        version = item.live_version
        if version is None:
            continue  # an item never published has no files yet
        for name, text in _item_files(item).items():
            write(f"{item.slug}/{name}", text)
    written += [str(path.relative_to(directory)) for path in export_bundles(directory)]
    for section in SECTIONS.values():
        section.export(directory)
    return written


def _item_files(item: ServiceItem) -> dict[str, str]:
    version = item.live_version
    assert version is not None
    bpmn_names = sorted(version.bpmn_files)
    meta = {
        "code": item.code,
        "name": item.name,
        "kind": item.kind,
        "department": item.department.code,
        "statutory_days": item.statutory_days,
        "promised_days": item.promised_days,
        # where the item is accepted (centre levels) and whether any centre of the district may accept it
        "accept_levels": [level for level in (item.accept_levels or "").split(",") if level],
        "handle_anywhere": item.handle_anywhere,
        "process_id": version.process_id,
        "bpmn": bpmn_names,
        "form": FORM_FILE,
        "ui": UI_FILE,
        "guide": version.guide or {},
    }
    if version.field_sight is not None:
        meta["field_sight"] = version.field_sight
    files = {"item.json": json_text(meta), FORM_FILE: json_text(version.authored_form)}
    files[UI_FILE] = json_text(version.form_ui or {})
    for name, schema in sorted((version.decision_forms or {}).items()):
        files[name] = json_text(schema)
    for name in bpmn_names:
        files[name] = version.bpmn_files[name]
    return files
