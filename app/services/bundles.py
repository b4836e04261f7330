"""Composing and publishing bundles (一件事): one form, one orchestration, one guide from published members.

``compose`` builds everything a bundle version holds without writing anything (the admin's preview runs it);
``publish_bundle`` stores it as an immutable version: an ``ItemVersion`` of the bundle's own catalogue entry
(cases bind to it like to any item's version) and a ``BundleVersion`` recording the member versions it froze.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from app.domain.field_sight import SHARED
from app.extensions import db
from app.models import Bundle, BundleVersion, Department, ItemKind, ItemVersion, ServiceItem, User
from app.models.base import utcnow
from app.services.audit import record_event
from app.services.bundle_guide import compose_guide
from app.services.errors import NotFound, PublishRefused
from forms import FormSchemaError, compile_form
from forms.bundle_form import BundleFormConflict, MemberForm, MergedForm, compose_form
from workflows import ApprovalPackage, BpmnError
from workflows.bundle_process import (
    BUNDLE_WINDOW_FORM,
    BundleMember,
    compose_orchestration,
    member_call_id,
    member_form_file,
)
from workflows.platform import platform_form


@dataclass(frozen=True)
class Composition:
    """What publishing a bundle would store (and what its preview shows)."""

    form: MergedForm
    package_json: str
    decision_forms: dict[str, Any]
    guide: dict[str, Any]
    field_sight: dict[str, Any]
    members: list[dict[str, Any]]
    bpmn_files: dict[str, str]  # the members' own diagrams, for the guide and the case's progress diagram
    promised_days: int
    statutory_days: int


def member_items(bundle: Bundle) -> list[ServiceItem]:
    items = {i.id: i for i in db.session.scalars(select(ServiceItem).where(ServiceItem.id.in_(bundle.member_item_ids)))}
    return [items[i] for i in bundle.member_item_ids if i in items]


def compose(bundle: Bundle) -> Composition:
    """Compose the bundle from its members' live versions; raises PublishRefused naming every problem (a member
    not published, a field the members define differently, processes that cannot run side by side)."""
    members = member_items(bundle)
    problems = _member_problems(bundle, members)
    if problems:
        raise PublishRefused(f"一件事“{bundle.item.name}”无法组合", details=problems)
    try:
        merged = compose_form([MemberForm(m.code, m.name, v.form_schema, v.form_ui or {}) for m, v in _pairs(members)])
    except BundleFormConflict as exc:
        raise PublishRefused(
            f"一件事“{bundle.item.name}”的表单无法合并", details=[str(c) for c in exc.conflicts]
        ) from exc
    try:
        compile_form(merged.schema, merged.ui)
    except FormSchemaError as exc:
        details = [f"{p.keyword} at {p.pointer or '/'}: {p.message}" for p in exc.problems]
        raise PublishRefused("合并后的表单无法生成", details=details) from exc
    departments = {m.id: _departments_of(m, v) for m, v in _pairs(members)}
    try:
        package_json = compose_orchestration(
            _process_id(bundle),
            bundle.item.name,
            [
                BundleMember(m.code, m.name, m.department.code, ApprovalPackage.from_json(v.approval_package))
                for m, v in _pairs(members)
            ],
            bundle.all_or_nothing,
        )
    except BpmnError as exc:
        raise PublishRefused("一件事的流程无法组合", details=[p.message for p in exc.problems]) from exc
    decision_forms = {
        member_form_file(member_call_id(m.code), name): schema
        for m, v in _pairs(members)
        for name, schema in (v.decision_forms or {}).items()
    }
    decision_forms[BUNDLE_WINDOW_FORM] = bundle_window_form(members)
    field_sight = {
        "strict": True,
        "fields": merged.sections,
        "sections": {
            SHARED: {"title": "共同信息", "departments": sorted({d for ds in departments.values() for d in ds})},
            **{m.code: {"title": m.name, "departments": departments[m.id]} for m in members},
        },
    }
    member_rows = [
        {
            "item_id": m.id,
            "version_id": v.id,
            "version": v.number,
            "code": m.code,
            "name": m.name,
            "department": m.department.code,
            "departments": departments[m.id],
            "promised_days": m.promised_days,
            "call": member_call_id(m.code),
        }
        for m, v in _pairs(members)
    ]
    return Composition(
        form=merged,
        package_json=package_json,
        decision_forms=decision_forms,
        guide=compose_guide(bundle, [(m, v.guide or {}) for m, v in _pairs(members)]),
        field_sight=field_sight,
        members=member_rows,
        bpmn_files={
            f"{m.name} · {name}": xml for m, v in _pairs(members) for name, xml in (v.bpmn_files or {}).items()
        },
        promised_days=max(m.promised_days for m in members),
        statutory_days=max(m.statutory_days for m in members),
    )


def _live(member: ServiceItem) -> ItemVersion | None:
    # By id: a version published earlier in this transaction is not yet on the relationship.
    return db.session.get(ItemVersion, member.live_version_id) if member.live_version_id is not None else None


def bundle_window_form(members: list[ServiceItem]) -> dict[str, Any]:
    """The platform's window form with one more choice: which part of the merged form a supplement targets (the
    applicant is shown that section first); its ui hints travel in the root ``x-ui`` like any decision form's."""
    schema, ui = platform_form("window_review.schema.json")
    parts = [{"const": SHARED, "title": "共同信息"}, *({"const": m.code, "title": m.name} for m in members)]
    schema = {
        **schema,
        "properties": {
            **schema["properties"],
            "section": {
                "title": "补正针对的部分",
                "description": "一次性告知补正时选择，申请人将看到该部分",
                "type": "string",
                "oneOf": parts,
            },
        },
        "x-ui": {**(ui or {}), "section": {"ui:widget": "select"}},
    }
    return schema


def _pairs(members: list[ServiceItem]) -> list[tuple[ServiceItem, ItemVersion]]:
    return [(m, v) for m in members if (v := _live(m)) is not None]


def _process_id(bundle: Bundle) -> str:
    return f"bundle_{bundle.item.code}".replace("-", "_")


def _departments_of(item: ServiceItem, version: ItemVersion) -> list[str]:
    """The departments a member's section is shown to: its own, and every department with a lane in its BPMN."""
    lanes = ApprovalPackage.from_json(version.approval_package).departments
    return sorted({item.department.code, *lanes})


def _member_problems(bundle: Bundle, members: list[ServiceItem]) -> list[str]:
    problems = []
    if len(members) < 2:
        problems.append("一件事至少需要两个已发布的成员事项")
    for member in members:
        if member.kind == ItemKind.BUNDLE.value:
            problems.append(f"「{member.name}」本身是一件事，不能作为成员")
        elif (live := _live(member)) is None or live.retired_at is not None:
            problems.append(f"「{member.name}」没有在用的已发布版本")
    return problems


def publish_bundle(bundle: Bundle, *, actor: User | None) -> BundleVersion:
    """Compose and store a new immutable bundle version, and make it the live one."""
    composition = compose(bundle)
    item = bundle.item
    item.promised_days = composition.promised_days
    item.statutory_days = composition.statutory_days
    last = db.session.scalar(select(func.max(ItemVersion.number)).where(ItemVersion.item_id == item.id)) or 0
    now = utcnow()
    version = ItemVersion(
        item=item,
        number=last + 1,
        form_schema=composition.form.schema,
        form_ui=composition.form.ui,
        decision_forms=composition.decision_forms,
        bpmn_files=composition.bpmn_files,
        process_id=_process_id(bundle),
        approval_package=composition.package_json,
        guide=composition.guide,
        field_sight=composition.field_sight,
        published_at=now,
        published_by=actor,
    )
    db.session.add(version)
    db.session.flush()
    item.live_version_id = version.id
    bundle_version = BundleVersion(
        bundle=bundle,
        number=version.number,
        item_version_id=version.id,
        members=composition.members,
        all_or_nothing=bundle.all_or_nothing,
        published_at=now,
        published_by=actor,
    )
    db.session.add(bundle_version)
    record_event(
        "bundle_published",
        actor=actor,
        detail={"item": item.code, "version": version.number, "members": [m["code"] for m in composition.members]},
    )
    db.session.flush()
    return bundle_version


def create_bundle(
    *,
    code: str,
    slug: str,
    name: str,
    department: Department,
    members: list[ServiceItem],
    all_or_nothing: bool = False,
    life_event: str = "",
    guide: dict[str, Any] | None = None,
) -> Bundle:
    """A new bundle (not yet published): its catalogue entry and its composition."""
    item = ServiceItem(code=code, slug=slug, name=name, kind=ItemKind.BUNDLE.value, department=department)
    db.session.add(item)
    db.session.flush()
    bundle = Bundle(
        item=item,
        life_event=life_event,
        all_or_nothing=all_or_nothing,
        member_item_ids=[m.id for m in members],
        guide=guide or {},
    )
    db.session.add(bundle)
    db.session.flush()
    return bundle


def live_bundle_version(bundle: Bundle) -> BundleVersion | None:
    if bundle.item.live_version_id is None:
        return None
    return db.session.scalar(select(BundleVersion).where(BundleVersion.item_version_id == bundle.item.live_version_id))


def bundle_version_of(item_version_id: int) -> BundleVersion | None:
    """The bundle version an item version was composed as (None for an ordinary item's version)."""
    return db.session.scalar(select(BundleVersion).where(BundleVersion.item_version_id == item_version_id))


def stale_members(bundle: Bundle) -> list[str]:
    """Members that published a newer version (or changed membership) since the live bundle version: the bundle
    keeps running on the versions it was composed from until it is published again."""
    live = live_bundle_version(bundle)
    if live is None:
        return []
    frozen = {m["item_id"]: m["version_id"] for m in live.members}
    stale = []
    for member in member_items(bundle):
        if frozen.get(member.id) != member.live_version_id:
            stale.append(member.name)
    if set(frozen) != set(bundle.member_item_ids):
        stale.append("成员事项已调整")
    return stale


def get_bundle_by_slug(slug: str) -> Bundle:
    bundle = db.session.scalar(
        select(Bundle).join(ServiceItem, Bundle.item_id == ServiceItem.id).where(ServiceItem.slug == slug)
    )
    if bundle is None:
        raise NotFound("未找到该一件事")
    return bundle


def all_bundles() -> list[Bundle]:
    return list(
        db.session.scalars(
            select(Bundle).join(ServiceItem, Bundle.item_id == ServiceItem.id).order_by(ServiceItem.name)
        )
    )
