"""The catalogue as files: export -> load into an empty database -> export is identical; dry runs and refusals
change nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from sqlalchemy import func, select

from tests.conftest import empty_tables
from tests.factories import DEMO

WSJK = "11440199007495413A4442111004"
OUTDOOR = "11440199007495763G4442111007"
REFERRED = "11440199007495683W4442111015"


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def stored(app) -> dict[str, int]:
    from app.extensions import db
    from app.models import AuditEvent, DataElement, Department, ItemVersion, ServiceItem

    with app.app_context():
        return {
            model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in (Department, DataElement, ServiceItem, ItemVersion, AuditEvent)
        }


def test_export_load_into_an_empty_database_and_export_again_gives_identical_files(demo, tmp_path):
    runner = demo.test_cli_runner()
    first, second = tmp_path / "first", tmp_path / "second"
    result = runner.invoke(args=["catalog", "export", str(first)])
    assert result.exit_code == 0, result.output
    exported = files_of(first)
    assert "departments.json" in exported and "elements/cn-resident-id.json" in exported
    assert f"{WSJK}/form.schema.json" in exported and f"{WSJK}/approval.bpmn" in exported
    # the authored form, references and all, is what the files keep
    form = json.loads(exported[f"{WSJK}/form.schema.json"])
    assert form["properties"]["applicant"]["properties"]["id_number"] == {"$ref": "element:cn-resident-id"}
    # 容缺受理: the guide's deferrable materials travel with the item
    water = json.loads(exported["11440199007495413A4442111012/item.json"])
    assert {m["name"]: m.get("need") for m in water["guide"]["materials"]}[
        "供水设施卫生管理制度及从业人员健康合格证明"
    ] == ("deferrable")

    empty_tables(demo)
    loaded = runner.invoke(args=["catalog", "load", str(first)])
    assert loaded.exit_code == 0, loaded.output
    assert runner.invoke(args=["catalog", "export", str(second)]).exit_code == 0
    assert files_of(second) == exported


def test_export_refuses_a_folder_that_is_not_empty(demo, tmp_path):
    (tmp_path / "keep.txt").write_text("mine")
    result = demo.test_cli_runner().invoke(args=["catalog", "export", str(tmp_path)])
    assert result.exit_code == 1 and "不是空目录" in result.output
    assert (tmp_path / "keep.txt").read_text() == "mine"


def _demo_copy(tmp_path: Path) -> Path:
    target = tmp_path / "catalog"
    shutil.copytree(DEMO, target)
    return target


def test_dry_run_prints_what_would_change_and_changes_nothing(demo, tmp_path):
    folder = _demo_copy(tmp_path)
    element = json.loads((folder / "elements" / "cn-mobile.json").read_text())
    element["label"] = "手机号码"
    (folder / "elements" / "cn-mobile.json").write_text(json.dumps(element, ensure_ascii=False))
    departments = json.loads((folder / "departments.json").read_text())
    departments.append({"code": "xfjy", "name": "区消防救援大队"})
    (folder / "departments.json").write_text(json.dumps(departments, ensure_ascii=False))
    before = stored(demo)

    result = demo.test_cli_runner().invoke(args=["catalog", "load", "--dry-run", str(folder)])
    assert result.exit_code == 0, result.output
    assert "department xfjy 区消防救援大队: added" in result.output
    assert "element cn-mobile 手机号码: changed" in result.output
    assert f"{WSJK} 公共场所卫生许可证核发: would publish version 2" in result.output  # it uses cn-mobile
    assert "unchanged" in result.output
    assert "dry run" in result.output
    assert stored(demo) == before
    from app.extensions import db
    from app.models import DataElement

    with demo.app_context():
        assert db.session.scalar(select(DataElement.label).where(DataElement.key == "cn-mobile")) == "联系电话"


def test_an_invalid_folder_is_refused_as_a_whole_naming_each_problem(demo, tmp_path):
    folder = _demo_copy(tmp_path)
    # a good change that must not be kept because other parts are broken
    departments = json.loads((folder / "departments.json").read_text())
    departments.append({"code": "xfjy", "name": "区消防救援大队"})
    (folder / "departments.json").write_text(json.dumps(departments, ensure_ascii=False))
    (folder / "elements" / "bad-element.json").write_text(
        json.dumps({"key": "bad-element", "label": "", "schema": {"type": "string"}, "prefill": "somewhere"})
    )
    (folder / WSJK / "form.schema.json").write_text('{"type": "object", "properties": {')
    item = json.loads((folder / OUTDOOR / "item.json").read_text())
    item["promised_days"] = item["statutory_days"] + 5
    (folder / OUTDOOR / "item.json").write_text(json.dumps(item, ensure_ascii=False))
    (folder / REFERRED / "approval.bpmn").unlink()
    before = stored(demo)

    result = demo.test_cli_runner().invoke(args=["catalog", "load", str(folder)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "bad-element" in result.output and "中文名称不能为空" in result.output and "预填来源" in result.output
    assert "form.schema.json: JSON 格式错误" in result.output
    assert f"{OUTDOOR}: 承诺时限" in result.output
    assert f"{REFERRED}: 无法读取 approval.bpmn" in result.output
    assert "未作任何更改" in result.output
    assert stored(demo) == before
