"""Bundles as catalogue files: ``<catalogue>/bundles/<slug>/bundle.json``, loaded after the items they name.

A file names its members by item code, in order; loading creates the bundle or updates what the admin composes,
and publishes a new version only where the composition or a member's live version changed (so loading the same
folder twice publishes nothing the second time).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.models import Bundle, Department, ServiceItem, User
from app.services import bundles
from app.services.errors import PublishRefused

BUNDLE_FOLDER = "bundles"


def load_bundles(directory: Path, *, actor: User | None = None) -> list[str]:
    """Load every bundle file of a catalogue folder; one report line per bundle."""
    folder = directory / BUNDLE_FOLDER
    if not folder.is_dir():
        return []
    return [
        load_bundle(path / "bundle.json", actor=actor)
        for path in sorted(folder.iterdir())
        if (path / "bundle.json").exists()
    ]


def read_bundle_file(path: Path) -> dict[str, Any]:
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise PublishRefused(f"{path}: JSON 格式错误（第 {exc.lineno} 行）：{exc.msg}") from exc
    missing = [key for key in ("code", "name", "department", "members") if key not in meta]
    if missing:
        raise PublishRefused(f"{path}: 缺少 {', '.join(missing)}")
    return meta


def load_bundle(path: Path, *, actor: User | None = None) -> str:
    meta = read_bundle_file(path)
    slug = meta.get("slug") or path.parent.name
    department = db.session.scalar(select(Department).where(Department.code == meta["department"]))
    if department is None:
        raise PublishRefused(f"{slug}: 牵头部门 {meta['department']} 不存在")
    members = _members(slug, meta["members"])
    bundle = db.session.scalar(
        select(Bundle).join(ServiceItem, Bundle.item_id == ServiceItem.id).where(ServiceItem.code == meta["code"])
    )
    if bundle is None:
        bundle = bundles.create_bundle(
            code=meta["code"], slug=slug, name=meta["name"], department=department, members=members
        )
    bundle.item.slug, bundle.item.name, bundle.item.department = slug, meta["name"], department
    bundle.life_event = meta.get("life_event", "")
    bundle.all_or_nothing = bool(meta.get("all_or_nothing", False))
    bundle.member_item_ids = [m.id for m in members]
    bundle.guide = meta.get("guide", {})
    db.session.flush()
    live = bundles.live_bundle_version(bundle)
    if live is not None and not bundles.stale_members(bundle) and _same_composition(bundle, live):
        return f"{meta['code']} {meta['name']}: unchanged (bundle version {live.number})"
    version = bundles.publish_bundle(bundle, actor=actor)
    return f"{meta['code']} {meta['name']}: published bundle version {version.number}"


GUIDE_KEYS = ("summary", "place", "hours", "phone")  # a bundle guide's own fields, in the order people read them


def bundle_file(bundle: Bundle) -> dict[str, Any]:
    """What ``bundle.json`` holds for a bundle: the composition the admin made (loading it gives the same bundle)."""
    items = {i.id: i.code for i in bundles.member_items(bundle)}
    meta: dict[str, Any] = {
        "code": bundle.item.code,
        "name": bundle.item.name,
        "department": bundle.item.department.code,
        "life_event": bundle.life_event,
        "all_or_nothing": bundle.all_or_nothing,
        "members": [items[i] for i in bundle.member_item_ids if i in items],
    }
    if bundle.guide:
        # PostgreSQL's JSON column hands keys back in its own order: the file keeps the guide form's order.
        known = [k for k in GUIDE_KEYS if k in bundle.guide]
        meta["guide"] = {k: bundle.guide[k] for k in [*known, *sorted(set(bundle.guide) - set(known))]}
    return meta


def export_bundles(directory: Path) -> list[Path]:
    """Write every bundle as ``<directory>/bundles/<slug>/bundle.json`` (for ``catalog export``); the paths."""
    written = []
    for bundle in bundles.all_bundles():
        target = directory / BUNDLE_FOLDER / bundle.item.slug / "bundle.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(bundle_file(bundle), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(target)
    return written


def _members(slug: str, codes: list[str]) -> list[ServiceItem]:
    found = {i.code: i for i in db.session.scalars(select(ServiceItem).where(ServiceItem.code.in_(codes)))}
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise PublishRefused(f"{slug}: 成员事项不存在：{', '.join(unknown)}")
    return [found[code] for code in codes]


def _same_composition(bundle: Bundle, live: Any) -> bool:
    guide = live.item_version.guide or {}
    own = bundle.guide or {}
    return (
        live.all_or_nothing == bundle.all_or_nothing
        and all(guide.get(k) == v for k, v in own.items())
        and guide.get("life_event") == bundle.life_event
        and bundle.item.name == guide.get("name")
    )
