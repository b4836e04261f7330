"""Models as other modelers export them, made runnable where their meaning is clear (before the publish checks).

Run by :func:`workflows.package.translate_and_check` after the Camunda import, on the safely read trees, so
publishing and ``bpmn check`` take the same path; the published package stores the result. Each rewrite leaves a
note saying what was done, in Chinese:

- a pool whose process is not executable (a documentation pool such as 申请人) is left out when another process in
  the file is executable; when none is, the problem names the pools to mark executable;
- a user or manual task outside every lane belongs to the item's own department: it is put in that department's
  lane when the department is known (publishing), and noted otherwise (``bpmn check``);
- an activity or event with several outgoing flows and no gateway (BPMN's implicit parallel split) gets a parallel
  gateway after it; with conditions on those flows it is refused (a gateway must decide);
- data stores and data objects nobody reads or writes are documentation: data stores are left out (the engine
  has none), data objects stay (the engine ignores them); a data store a task reads or writes is refused.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from workflows.camunda import new_id, put_in_lane
from workflows.errors import BpmnProblem
from workflows.parsing import BPMN_NS, NSMAP
from workflows.validation import FLOW_NODES, lanes_by_node, local, problem

_GATEWAYS = frozenset(
    {"exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway", "complexGateway"}
)
_STAFFED = ("userTask", "manualTask")


def _q(tag: str) -> str:
    return f"{{{BPMN_NS}}}{tag}"


def is_executable(process: etree._Element) -> bool:
    """As SpiffWorkflow reads it: executable unless isExecutable says otherwise."""
    return (process.get("isExecutable") or "true").strip() == "true"


def pool_name(root: etree._Element, process: etree._Element) -> str:
    """The name people see for a process: its pool's name, else its own name, else its id."""
    for participant in root.iter(_q("participant")):
        if participant.get("processRef") == process.get("id") and participant.get("name"):
            return " ".join((participant.get("name") or "").split())
    return " ".join((process.get("name") or process.get("id") or "").split())


def leave_out_documentation_pools(
    root: etree._Element, file: str, keep: str | None = None
) -> tuple[list[BpmnProblem], list[str]]:
    """Remove processes that are not executable when another one is; ``keep`` (the item's process) stays.

    A file with no executable process is a problem naming its pools."""
    processes = list(root.iterfind("bpmn:process", NSMAP))
    executable = [p for p in processes if is_executable(p) or p.get("id") == keep]
    if not processes:
        return [], []
    if not executable:
        pools = "、".join(f"“{pool_name(root, p)}”（{p.get('id')}）" for p in processes)
        message = (
            f"文件中没有可执行的流程：请在建模器中选中要运行的泳池（{pools} 之一），勾选“可执行”"
            '（isExecutable="true"）；其余泳池仅作说明'
        )
        return [BpmnProblem("", "", message, file)], []
    notes = []
    for process in processes:
        if process not in executable:
            notes.append(f"泳池“{pool_name(root, process)}”（{process.get('id')}）未标记为可执行，仅作说明，不运行")
            root.remove(process)
    return [], notes


def put_unlaned_tasks_in_own_department(
    process: etree._Element, file: str, own_department: str | None, notes: list[str]
) -> None:
    """Tasks outside every lane belong to the item's department (its lane is added when the code is known)."""
    lanes = lanes_by_node(process)
    ids = {e.get("id") for e in process.getroottree().iter() if isinstance(e.tag, str) and e.get("id")}
    for task in process.iter(*(_q(t) for t in _STAFFED)):
        task_id = task.get("id", "")
        if lanes.get(task_id):
            continue
        name = _name(task)
        if own_department:
            put_in_lane(process, task_id, own_department, ids)
            notes.append(f"{task_id}{name}: 不在任何泳道中，由事项所属部门（{own_department}）办理")
        else:
            notes.append(f"{task_id}{name}: 不在任何泳道中，发布后由事项所属部门办理")


def _name(element: etree._Element) -> str:
    text = " ".join((element.get("name") or "").split())
    return f"（{text}）" if text else ""


def split_implicit_parallel(process: etree._Element, file: str, notes: list[str]) -> Iterator[BpmnProblem]:
    """An activity or event with several outgoing flows starts them all: make that a parallel gateway."""
    ids = {e.get("id") for e in process.getroottree().iter() if isinstance(e.tag, str) and e.get("id")}
    for scope in [process, *process.iter(_q("subProcess"))]:
        flows: dict[str, list[etree._Element]] = {}
        for flow in scope.iterfind("bpmn:sequenceFlow", NSMAP):
            flows.setdefault(flow.get("sourceRef", ""), []).append(flow)
        for node in list(scope):
            kind = local(node)
            outgoing = flows.get(node.get("id", ""), [])
            if kind not in FLOW_NODES or kind in _GATEWAYS or len(outgoing) < 2:
                continue
            if any(flow.find("bpmn:conditionExpression", NSMAP) is not None for flow in outgoing):
                yield problem(
                    node,
                    "有多条带条件的出线但没有网关：请在它后面加一个排他网关（只走一条）或包容网关（走满足条件的几条），"
                    "把条件写在网关的出线上",
                    file,
                )
                continue
            _insert_split(scope, node, outgoing, ids)
            notes.append(f"{node.get('id')}{_name(node)}: 有 {len(outgoing)} 条出线，按并行分支办理（同时进行）")


def _insert_split(scope: etree._Element, node: etree._Element, outgoing: list[etree._Element], ids: set) -> None:
    node_id = node.get("id", "")
    gateway_id = new_id(f"{node_id}_split", ids)
    flow_id = new_id(f"{node_id}_to_split", ids)
    gateway = etree.SubElement(scope, _q("parallelGateway"), {"id": gateway_id})
    etree.SubElement(gateway, _q("incoming")).text = flow_id
    for flow in outgoing:
        flow.set("sourceRef", gateway_id)
        etree.SubElement(gateway, _q("outgoing")).text = flow.get("id")
    refs = node.findall("bpmn:outgoing", NSMAP)
    if refs:  # the first reference becomes the one to the gateway, where it stood (the schema fixes the order)
        refs[0].text = flow_id
        for ref in refs[1:]:
            node.remove(ref)
    etree.SubElement(scope, _q("sequenceFlow"), {"id": flow_id, "sourceRef": node_id, "targetRef": gateway_id})
    lane = lanes_by_node(scope).get(node_id) if local(scope) == "process" else None
    if lane:
        for ref in scope.iter(_q("flowNodeRef")):
            if (ref.text or "").strip() == node_id:
                etree.SubElement(ref.getparent(), _q("flowNodeRef")).text = gateway_id
                break


_SCRIPTED = frozenset({"scriptTask", "serviceTask"})


def leave_out_documentation_data(process: etree._Element, file: str, notes: list[str]) -> None:
    """Arrows between people's steps and data objects are documentation: an approver's decision is stored under
    the step's id, never in a data object, so the engine would fail reading (or writing) one nobody set. Only a
    script or service task moves data in and out of data objects; the other associations are left out."""
    data = {
        e.get("id")
        for e in process.iter(_q("dataObjectReference"), _q("dataStoreReference"), _q("dataObject"))
        if e.get("id")
    }
    for association in list(process.iter(_q("dataInputAssociation"), _q("dataOutputAssociation"))):
        owner = association.getparent()
        if owner is None or local(owner) in _SCRIPTED:
            continue
        refs = [(r.text or "").strip() for r in association.iter(_q("sourceRef"), _q("targetRef"))]
        refs = [r for r in refs if r in data]
        owner.remove(association)
        notes.append(f"{owner.get('id')}{_name(owner)}: 与数据对象 {'、'.join(r for r in refs if r)} 的连线仅作说明")


def leave_out_documentation_stores(process: etree._Element, file: str, notes: list[str]) -> Iterator[BpmnProblem]:
    """Data stores only drawn for the reader are left out; one a task reads or writes cannot run."""
    used = {
        (ref.text or "").strip()
        for association in process.iter(_q("dataInputAssociation"), _q("dataOutputAssociation"))
        for ref in association.iter(_q("sourceRef"), _q("targetRef"))
    }
    for store in list(process.iter(_q("dataStoreReference"))):
        store_id = store.get("id", "")
        if store_id in used:
            yield problem(
                store,
                "数据存储暂不支持：流程只能读写办件数据（申请表和各步骤的决定），请删除与它相连的数据关联，"
                "或把它仅作说明",
                file,
            )
        else:
            notes.append(f"{store_id}{_name(store)}: 数据存储仅作说明，运行时忽略")
            parent = store.getparent()
            if parent is not None:
                parent.remove(store)
