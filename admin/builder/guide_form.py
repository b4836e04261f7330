"""The service guide (办事指南) as a form: its fields, its materials table, and the posted form back to a guide.

A material is required (必要), deferrable (容缺: may be handed in after acceptance) or conditional (有条件提交:
only when its condition applies, e.g. 委托书 when someone else applies). Guides written before `need` existed
say only `required`; `material_need` reads both. Plain Python: no Flask.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

NEEDS = {"required": "必要", "deferrable": "容缺（可受理后补交）", "conditional": "有条件提交"}
FORMS = ("原件", "复印件", "原件和复印件", "电子件")
ONLINE_LEVELS = {
    "": "（未填写）",
    "1": "一级：网上咨询、下载表格",
    "2": "二级：网上预审",
    "3": "三级：网上受理、窗口领取结果",
    "4": "四级：全程网办",
}
TEXT_FIELDS = {
    "legal_basis": "设定依据",
    "fees": "收费标准",
    "result": "办理结果",
    "delivery": "结果送达方式",
    "place": "办理地点",
    "hours": "办理时间",
    "phone": "咨询电话",
    "complaint": "监督投诉渠道",
}
MAX_MATERIALS = 100


def material_need(material: Mapping[str, Any]) -> str:
    need = material.get("need")
    if need in NEEDS:
        return str(need)
    return "required" if material.get("required", True) else "optional"


def guide_model(guide: Any) -> dict[str, Any]:
    """The guide (text or dict) with every field the editor shows, missing ones empty."""
    if isinstance(guide, str):
        try:
            guide = json.loads(guide or "{}")
        except ValueError:
            guide = {}
    guide = dict(guide) if isinstance(guide, dict) else {}
    model: dict[str, Any] = {key: guide.get(key, "") for key in TEXT_FIELDS}
    model["conditions"] = [c for c in guide.get("conditions", []) if isinstance(c, str)]
    model["statutory_days"] = guide.get("statutory_days", "")
    model["promised_days"] = guide.get("promised_days", "")
    model["online_level"] = str(guide.get("online_level", ""))
    model["visits"] = guide.get("visits", "")
    model["materials"] = []
    for m in guide.get("materials", []):
        if isinstance(m, dict):
            entry = dict(m)
            entry["need"] = material_need(m)
            model["materials"].append(entry)
    model["extra"] = {k: v for k, v in guide.items() if k not in model and k != "extra"}
    return model


def material_choices(guide: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(index, name, upload field) of each material, for the upload field's "which material" list."""
    return [(str(i), m.get("name", ""), m.get("upload_field", "")) for i, m in enumerate(guide.get("materials", []))]


def _days(text: str, label: str, problems: list[str]) -> int | None:
    text = str(text).strip()
    if not text:
        return None
    if not text.isdecimal() or int(text) > 3650:
        problems.append(f"{label}须为 0 到 3650 之间的整数（工作日），而不是“{text}”")
        return None
    return int(text)


def guide_from_form(form: Any) -> tuple[dict[str, Any], list[str]]:
    """The guide the admin posted and the problems (in Chinese, naming the row) that stop it being saved.

    `op=add_material` adds an empty row, `op=remove_material:N` drops row N (buttons that work without JS).
    """
    problems: list[str] = []
    getlist = form.getlist
    guide: dict[str, Any] = {}
    for key in TEXT_FIELDS:
        value = form.get(key, "").strip()
        if value:
            guide[key] = value
    conditions = [line.strip() for line in form.get("conditions", "").splitlines() if line.strip()]
    if conditions:
        guide["conditions"] = conditions
    statutory = _days(form.get("statutory_days", ""), "法定时限", problems)
    promised = _days(form.get("promised_days", ""), "承诺时限", problems)
    if statutory is not None:
        guide["statutory_days"] = statutory
    if promised is not None:
        guide["promised_days"] = promised
    if statutory is not None and promised is not None and promised > statutory:
        problems.append(f"承诺时限（{promised} 个工作日）不能超过法定时限（{statutory} 个工作日）")
    if form.get("online_level", "") in ONLINE_LEVELS and form.get("online_level"):
        guide["online_level"] = int(form["online_level"])
    visits = _days(form.get("visits", ""), "到现场次数", problems)
    if visits is not None:
        guide["visits"] = visits
    op = form.get("op", "")
    editing_table = op == "add_material" or op.startswith("remove_material:")
    materials = _materials(getlist, problems, keep_blank=editing_table)
    if op == "add_material":
        materials.append({"name": "", "form": "原件", "copies": 1, "need": "required", "required": True})
    elif op.startswith("remove_material:") and op.split(":", 1)[1].isdecimal():
        index = int(op.split(":", 1)[1])
        if index < len(materials):
            materials.pop(index)
    if len(materials) > MAX_MATERIALS:
        problems.append(f"申请材料最多 {MAX_MATERIALS} 项")
    if materials:
        guide["materials"] = materials
    extra = form.get("extra", "")
    if extra:
        try:
            kept = json.loads(extra)
            if isinstance(kept, dict):
                guide = {**kept, **guide}
        except ValueError:
            pass
    if editing_table:
        # Blank new rows are fine while the admin is still filling the table in.
        problems = [p for p in problems if "名称不能为空" not in p]
    return guide, problems


def _materials(getlist: Any, problems: list[str], *, keep_blank: bool) -> list[dict[str, Any]]:
    columns = ("m_name", "m_form", "m_copies", "m_need", "m_condition", "m_note", "m_sample", "m_field")
    rows = list(zip(*(getlist(c) for c in columns), strict=False))
    materials: list[dict[str, Any]] = []
    for number, (name, form_, copies, need, condition, note, sample, upload) in enumerate(rows, start=1):
        name = name.strip()
        if not name and not note.strip() and not condition.strip() and not keep_blank:
            continue
        if not name:
            problems.append(f"申请材料第 {number} 行：名称不能为空")
        need = need if need in NEEDS else "required"
        entry: dict[str, Any] = {"name": name, "form": form_ if form_ in FORMS else "原件"}
        copies = copies.strip() or "1"
        if not copies.isdecimal() or not 0 < int(copies) <= 99:
            problems.append(f"申请材料第 {number} 行“{name}”：份数须为 1 到 99")
        else:
            entry["copies"] = int(copies)
        entry["need"] = need
        entry["required"] = need == "required"
        if need == "conditional":
            if not condition.strip():
                problems.append(f"申请材料第 {number} 行“{name}”：有条件提交的材料须写明条件")
            entry["condition"] = condition.strip()
        entry["note"] = note.strip()
        if sample.strip():
            if not sample.strip().startswith(("https://", "http://", "/")):
                problems.append(f"申请材料第 {number} 行“{name}”：样表须为网址（https://…）或本站路径")
            entry["sample"] = sample.strip()
        if upload.strip():
            entry["upload_field"] = upload.strip()
        materials.append(entry)
    return materials


def link_material(guide_text: str, material_index: str, field_name: str) -> str:
    """The guide with `field_name` as the upload field of the chosen material (and of no other)."""
    try:
        guide = json.loads(guide_text or "{}")
    except ValueError:
        return guide_text
    materials = guide.get("materials") if isinstance(guide, dict) else None
    if not isinstance(materials, list):
        return guide_text
    for index, material in enumerate(materials):
        if not isinstance(material, dict):
            continue
        if material.get("upload_field") == field_name:
            material.pop("upload_field")
        if material_index.isdecimal() and int(material_index) == index:
            material["upload_field"] = field_name
    return json.dumps(guide, ensure_ascii=False, indent=2)
