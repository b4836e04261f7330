"""Data elements at publish: references expanded into the frozen version, unknown ones refused by field."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from sqlalchemy import select

from tests.factories import DEMO

WSJK = "11440199007495413A4442111004"


def _catalogue(tmp_path: Path) -> Path:
    target = tmp_path / "catalog"
    target.mkdir()
    shutil.copy(DEMO / "departments.json", target)
    shutil.copytree(DEMO / "elements", target / "elements")
    shutil.copytree(DEMO / WSJK, target / WSJK)
    return target


def _live_form(app):
    from app.extensions import db
    from app.models import ServiceItem

    with app.app_context():
        item = db.session.scalar(select(ServiceItem).where(ServiceItem.slug == WSJK))
        return item.live_version.number, item.live_version.form_schema, item.live_version.authored_form


def test_published_version_holds_the_expanded_form_and_keeps_the_authored_one(app, tmp_path):
    folder = _catalogue(tmp_path)
    result = app.test_cli_runner().invoke(args=["catalog", "load", str(folder)])
    assert result.exit_code == 0, result.output
    number, published, authored = _live_form(app)
    id_field = published["properties"]["applicant"]["properties"]["id_number"]
    assert id_field["format"] == "cn-resident-id" and id_field["x-element"] == "cn-resident-id"
    assert id_field["title"] == "身份证号码"
    assert authored["properties"]["applicant"]["properties"]["id_number"] == {"$ref": "element:cn-resident-id"}
    assert "element:" not in json.dumps(published)


def test_a_changed_element_is_picked_up_by_the_next_version_only(app, tmp_path):
    folder = _catalogue(tmp_path)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["catalog", "load", str(folder)]).exit_code == 0
    _, first, _ = _live_form(app)
    element_file = folder / "elements" / "person-name.json"
    element = json.loads(element_file.read_text())
    element["schema"]["maxLength"] = 50
    element_file.write_text(json.dumps(element, ensure_ascii=False))
    result = runner.invoke(args=["catalog", "load", str(folder)])
    assert result.exit_code == 0, result.output
    assert "published version 2" in result.output  # only the element changed, and the item uses it
    number, second, _ = _live_form(app)
    assert number == 2
    assert second["properties"]["applicant"]["properties"]["name"]["maxLength"] == 50
    from app.extensions import db
    from app.models import ItemVersion

    with app.app_context():
        old = db.session.scalar(select(ItemVersion).where(ItemVersion.number == 1))
        assert old.form_schema == first  # frozen as published
        assert old.form_schema["properties"]["applicant"]["properties"]["name"]["maxLength"] == 30


def test_unknown_element_is_refused_naming_the_field_and_nothing_is_stored(app, tmp_path):
    folder = _catalogue(tmp_path)
    form_file = folder / WSJK / "form.schema.json"
    form = json.loads(form_file.read_text())
    form["properties"]["applicant"]["properties"]["mobile"] = {"$ref": "element:cn-mobile-typo", "title": "联系电话"}
    form_file.write_text(json.dumps(form, ensure_ascii=False))
    result = app.test_cli_runner().invoke(args=["catalog", "load", str(folder)])
    assert result.exit_code == 1
    assert "申请表字段“联系电话”（applicant.mobile）引用的数据元“cn-mobile-typo”不存在" in result.output
    from app.extensions import db
    from app.models import DataElement, ItemVersion

    with app.app_context():
        assert db.session.scalars(select(ItemVersion)).all() == []
        assert db.session.scalars(select(DataElement)).all() == []
