"""A bundle's own guide (办事指南), composed from its members' guides and what the admin wrote for the bundle.

Name and life event from the bundle; conditions per member; materials as their union, with a material several
members ask for listed once (the same name; the strictest need wins: required over conditional over deferrable)
and naming the items that need it; the longest promised and statutory limits; where to apply from the bundle's
guide, else the first member's.
"""

from __future__ import annotations

from typing import Any

_NEED_ORDER = {"required": 0, "conditional": 1, "deferrable": 2}


def compose_guide(bundle: Any, members: list[tuple[Any, dict[str, Any]]]) -> dict[str, Any]:
    own = dict(bundle.guide or {})
    guide: dict[str, Any] = {
        "name": bundle.item.name,
        "life_event": bundle.life_event,
        "all_or_nothing": bundle.all_or_nothing,
        "items": [{"code": m.code, "name": m.name, "department": m.department.name} for m, _ in members],
        "conditions": [f"{m.name}：{c}" for m, g in members for c in (g.get("conditions") or [])],
        "materials": merge_materials(members),
        "promised_days": max(m.promised_days for m, _ in members),
        "statutory_days": max(m.statutory_days for m, _ in members),
        "place": own.get("place") or next((g.get("place") for _, g in members if g.get("place")), ""),
    }
    for key in ("hours", "phone", "complaint", "fees", "delivery"):
        value = own.get(key) or next((g.get(key) for _, g in members if g.get(key)), None)
        if value:
            guide[key] = value
    guide.update({k: v for k, v in own.items() if k not in guide})
    return guide


def merge_materials(members: list[tuple[Any, dict[str, Any]]]) -> list[dict[str, Any]]:
    merged: dict[str, dict[str, Any]] = {}
    for member, guide in members:
        for material in guide.get("materials") or []:
            name = str(material.get("name", "")).strip()
            if not name:
                continue
            if name not in merged:
                merged[name] = {**material, "items": [member.name]}
                continue
            kept = merged[name]
            kept["items"].append(member.name)
            kept["required"] = bool(kept.get("required")) or bool(material.get("required"))
            if _NEED_ORDER.get(material.get("need", ""), 9) < _NEED_ORDER.get(kept.get("need", ""), 9):
                kept["need"] = material["need"]
            kept["copies"] = max(int(kept.get("copies") or 1), int(material.get("copies") or 1))
    return list(merged.values())
