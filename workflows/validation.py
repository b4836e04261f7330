"""Publish-time checks of an item's approval BPMN: every problem, each naming its element id and name.

The checks read the XML directly (not SpiffWorkflow's parse) so that one upload reports all its problems at once,
in terms a department admin sees in the modeler.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass

from lxml import etree

from workflows import sandbox
from workflows.actions import PARAM_PREFIX, PLATFORM_ACTIONS
from workflows.condition_check import refusal_text
from workflows.errors import BpmnProblem, SandboxError
from workflows.gateway_cover import conditions_cover_every_case
from workflows.parsing import BPMN_NS, NSMAP, SPIFF_NS
from workflows.properties import is_working_days
from workflows.step_limits import StepLimitError, step_limit_days
from workflows.timers import check_timer, working_days_problem

NO_TIMER = "定时器没有时长或日期：请填写时长，如 P3D（3 天）或按工作日计 (timer has no duration or date)"
RESERVED_PROCESS_IDS = frozenset({"one_window", "item_approval"})
RESERVED_ELEMENT_IDS = frozenset(
    {
        "form",
        "approved",
        "window_review",
        "applicant_supplement",
        "output_issue",
        "item_approval",
        "start_submitted",
        "end_declined",
        "end_finished",
        "gateway_window_decision",
    }
)

# Names SpiffWorkflow gives the task specs it adds to every process (BpmnProcessSpec: "Start", "End", "Root",
# "<process>.EndJoin"; TaskParser: "<id>.BoundaryEventSplit/Join"). An element with such an id replaces the
# engine's own spec: a start event called "Start" publishes and then fails every case at acceptance.
ENGINE_ELEMENT_IDS = frozenset({"Start", "End", "Root"})
ENGINE_ID_SUFFIXES = (".EndJoin", ".BoundaryEventSplit", ".BoundaryEventJoin")

FLOW_NODES = frozenset(
    {
        "startEvent",
        "endEvent",
        "intermediateCatchEvent",
        "intermediateThrowEvent",
        "boundaryEvent",
        "task",
        "userTask",
        "manualTask",
        "scriptTask",
        "serviceTask",
        "sendTask",
        "receiveTask",
        "businessRuleTask",
        "callActivity",
        "subProcess",
        "transaction",
        "adHocSubProcess",
        "exclusiveGateway",
        "parallelGateway",
        "inclusiveGateway",
        "eventBasedGateway",
        "complexGateway",
    }
)
SCOPES = frozenset({"process", "subProcess", "transaction"})

UNSUPPORTED_ELEMENTS = {
    "sendTask": "发送任务暂不支持：通知申请人或部门请用服务任务选择平台动作“发送通知” "
    "(message tasks are not supported)",
    "receiveTask": "接收任务暂不支持：等待申请人补正由平台的补正环节处理 (message tasks are not supported)",
    "businessRuleTask": "业务规则任务（DMN）暂不支持：请把规则写成网关出线上的条件 "
    "(DMN business rule tasks are not supported)",
    "adHocSubProcess": "自由子流程暂不支持：请画出步骤的先后或用并行网关 (ad-hoc sub-processes are not supported)",
    "transaction": "事务子流程暂不支持：请改用普通子流程 (transaction sub-processes are not supported)",
    "complexGateway": "复杂网关暂不支持：请改用排他、并行或包容网关 (complex gateways are not supported)",
    "eventBasedGateway": "事件网关暂不支持：申请人补正由平台的补正环节处理（计时暂停）；“超过 N 个工作日”请用任务上的"
    "边界定时器（定时边界事件）表示 (event-based gateways are not supported)",
}
UNSUPPORTED_EVENTS = {
    "messageEventDefinition": "消息事件暂不支持：与申请人的往来（补正、通知）由平台的一窗环节处理，部门之间请用连线 "
    "(message events are not supported)",
    "signalEventDefinition": "信号事件暂不支持：请用连线和网关表示先后 (signal events are not supported)",
    "conditionalEventDefinition": "条件事件暂不支持：请用排他网关的条件 (conditional events are not supported)",
    "compensateEventDefinition": "补偿事件暂不支持 (compensation events are not supported)",
}
UNSUPPORTED_LOOPS = {
    "standardLoopCharacteristics": "循环任务暂不支持：请用网关画出返回的连线 "
    "(loop activities are not supported; model the loop with a gateway)",
}


@dataclass
class CheckOptions:
    """What to hold an upload to. Publishing checks everything; the admin CLI cannot know departments/forms."""

    departments: Collection[str] | None = None  # None: lane names are not checked against departments
    form_files: Collection[str] | None = None  # None: form file names are not checked
    require_forms: bool = True
    actions: Collection[str] = PLATFORM_ACTIONS  # platform actions service tasks may name
    own_department: str | None = None  # the item's department: tasks outside every lane are its (when known)
    item_process: str | None = None  # the process the item runs: kept even when not marked executable


def q(tag: str) -> str:
    return f"{{{BPMN_NS}}}{tag}"


def local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def problem(element: etree._Element, message: str, file: str) -> BpmnProblem:
    """A problem of the element, by id and name (a name's line breaks become spaces: one problem, one line)."""
    return BpmnProblem(element.get("id", ""), " ".join((element.get("name") or "").split()), message, file)


def process_ids(trees: Mapping[str, etree._Element]) -> dict[str, str]:
    """Process id -> file name, over all uploaded files."""
    return {p.get("id", ""): name for name, root in trees.items() for p in root.iterfind("bpmn:process", NSMAP)}


def find_problems(
    trees: Mapping[str, etree._Element], options: CheckOptions, extra_process_ids: Iterable[str] = ()
) -> list[BpmnProblem]:
    """All problems in the uploaded files' processes (lanes, forms, calls, conditions, scripts, reachability)."""
    known = set(process_ids(trees)) | set(extra_process_ids)
    problems: list[BpmnProblem] = []
    for name, root in trees.items():
        for process in root.iterfind("bpmn:process", NSMAP):
            problems.extend(_process_problems(process, name, known, options))
    return problems


def _process_problems(
    process: etree._Element, file: str, known: set[str], options: CheckOptions
) -> Iterator[BpmnProblem]:
    if process.get("id") in RESERVED_PROCESS_IDS:
        yield problem(
            process,
            f"流程 ID {process.get('id')!r} 是平台保留的名称，请修改 (process id {process.get('id')!r} is "
            "reserved by the "
            "platform; rename it)",
            file,
        )
    lanes = lanes_by_node(process)
    yield from _lane_problems(process, file, options)
    for element in process.iter():
        if not isinstance(element.tag, str) or etree.QName(element).namespace != BPMN_NS:
            continue  # extensions (zeebe:userTask, spiffworkflow:…) are not BPMN elements, whatever their name
        tag = local(element)
        element_id = element.get("id") or ""
        if tag in FLOW_NODES and element_id in RESERVED_ELEMENT_IDS:
            yield problem(
                element,
                "此 ID 是平台流程保留的名称，请修改元素 ID (this id is reserved by the platform process; rename "
                "the element)",
                file,
            )
        elif element_id in ENGINE_ELEMENT_IDS or element_id.endswith(ENGINE_ID_SUFFIXES):
            yield problem(
                element,
                f"id {element_id!r} 是流程引擎保留的名称，请修改元素 id "
                "(this id is reserved by the workflow engine; rename the element)",
                file,
            )
        if tag == "userTask":
            yield from _user_task_problems(element, file, lanes, options)
        elif tag == "manualTask":  # a confirmation step without a decision form; still a department's job
            yield from _manual_task_problems(element, file, lanes, options)
        elif tag == "callActivity":
            yield from _call_problems(element, file, known)
        elif tag == "scriptTask":
            yield from _script_problems(element, file)
        elif tag == "sequenceFlow":
            yield from _condition_problems(element, file)
        elif tag in ("exclusiveGateway", "inclusiveGateway"):
            yield from _gateway_cover_problems(element, file)
        elif tag == "serviceTask":
            yield from _service_task_problems(element, file, options)
        elif tag == "timerEventDefinition":
            yield from _timer_problems(element, file)
        elif tag == "multiInstanceLoopCharacteristics":
            yield from _multi_instance_problems(element, file)
        elif tag in UNSUPPORTED_ELEMENTS:
            yield problem(element, UNSUPPORTED_ELEMENTS[tag], file)
        elif tag in UNSUPPORTED_EVENTS:
            yield problem(_owner(element), UNSUPPORTED_EVENTS[tag], file)
        elif tag in UNSUPPORTED_LOOPS:
            yield problem(_owner(element), UNSUPPORTED_LOOPS[tag], file)
        if tag in SCOPES:
            yield from _reachability_problems(element, file)


def _owner(element: etree._Element) -> etree._Element:
    parent = element.getparent()
    return parent if parent is not None else element


def lanes_by_node(process: etree._Element) -> dict[str, str]:
    """Flow node id -> name of the innermost lane referencing it; nodes inside a sub-process inherit its lane."""
    lanes: dict[str, str] = {}
    for ref in process.iterfind(".//bpmn:flowNodeRef", NSMAP):
        if ref.text:
            lanes[ref.text.strip()] = ref.getparent().get("name", "") or ""
    for sub in process.iter(q("subProcess"), q("transaction"), q("adHocSubProcess")):
        lane = lanes.get(sub.get("id", ""))
        if lane is None:
            continue
        for child in sub.iter():
            if local(child) in FLOW_NODES:
                lanes.setdefault(child.get("id", ""), lane)
    return lanes


def _lane_problems(process: etree._Element, file: str, options: CheckOptions) -> Iterator[BpmnProblem]:
    for lane in process.iterfind(".//bpmn:lane", NSMAP):
        if lane.find("bpmn:childLaneSet", NSMAP) is not None:
            continue  # only leaf lanes own tasks
        name = (lane.get("name") or "").strip()
        if not name:
            yield problem(
                lane,
                "泳道没有名称：请在属性面板“一窗设置”中为它选择部门 (lane has no name; name it with a department code)",
                file,
            )
        elif options.departments is not None and name not in options.departments:
            known = ", ".join(sorted(options.departments)) or "none"
            yield problem(
                lane,
                f"泳道 {name!r} 不是平台的部门：请在属性面板中选择部门 (lane name {name!r} is not a department "
                f"code (known: {known}))",
                file,
            )


def form_properties(task: etree._Element) -> dict[str, str]:
    """The task's spiffworkflow:property name -> value pairs (formJsonSchemaFilename, formUiSchemaFilename...)."""
    props = {}
    for prop in task.iterfind("bpmn:extensionElements/spiffworkflow:properties/spiffworkflow:property", NSMAP):
        props[prop.get("name", "")] = prop.get("value", "")
    return props


def _user_task_problems(
    task: etree._Element, file: str, lanes: Mapping[str, str], options: CheckOptions
) -> Iterator[BpmnProblem]:
    task_id = task.get("id", "")
    if not lanes.get(task_id) and options.departments is not None:
        yield problem(
            task,
            "用户任务不在任何泳道中，也不知道事项所属部门：请把它放进部门的泳道 (user task is not in a lane; "
            "put it in its department's lane)",
            file,
        )
    props = form_properties(task)
    schema = props.get("formJsonSchemaFilename")
    if options.require_forms and not schema:
        yield problem(
            task,
            "用户任务没有选择决策表单：请在属性面板“一窗设置”中选择 (user task names no decision form "
            "(spiffworkflow property "
            "formJsonSchemaFilename))",
            file,
        )
    for key in ("formJsonSchemaFilename", "formUiSchemaFilename"):
        value = props.get(key)
        if value and options.form_files is not None and value not in options.form_files:
            yield problem(
                task,
                f"表单 {value!r} 不在此版本的决策表单中 ({key} {value!r} is not among the uploaded form files)",
                file,
            )
    try:
        step_limit_days(props)
    except StepLimitError as exc:
        yield problem(task, str(exc), file)
    yield from _extension_script_problems(task, file)


def _manual_task_problems(
    task: etree._Element, file: str, lanes: Mapping[str, str], options: CheckOptions
) -> Iterator[BpmnProblem]:
    task_id = task.get("id", "")
    if not lanes.get(task_id) and options.departments is not None:
        yield problem(
            task,
            "人工任务不在任何泳道中，也不知道事项所属部门：请把它放进部门的泳道 (manual task is not in a lane; "
            "put it in its department's lane)",
            file,
        )
    yield from _extension_script_problems(task, file)


def _call_problems(call: etree._Element, file: str, known: set[str]) -> Iterator[BpmnProblem]:
    target = (call.get("calledElement") or "").strip()
    if not target:
        yield problem(
            call,
            "调用活动没有选择要调用的流程：请在属性面板中选择 (call activity names no called process (calledElement))",
            file,
        )
    elif target not in known:
        yield problem(
            call,
            f"调用的流程 {target!r} 不在此版本的 BPMN 文件中 (called process {target!r} is not in the uploaded files)",
            file,
        )


def _script_problems(task: etree._Element, file: str) -> Iterator[BpmnProblem]:
    script = task.find("bpmn:script", NSMAP)
    if script is None or not (script.text or "").strip():
        yield problem(task, "脚本任务没有脚本 (script task has no script)", file)
    else:
        yield from _sandbox_problem(task, file, script.text or "", "script")
    yield from _extension_script_problems(task, file)


def _extension_script_problems(task: etree._Element, file: str) -> Iterator[BpmnProblem]:
    for tag in ("preScript", "postScript"):
        node = task.find(f"bpmn:extensionElements/{{{SPIFF_NS}}}{tag}", NSMAP)
        if node is not None and (node.text or "").strip():
            yield from _sandbox_problem(task, file, node.text or "", tag)


def _service_task_problems(task: etree._Element, file: str, options: CheckOptions) -> Iterator[BpmnProblem]:
    operator = task.find("bpmn:extensionElements/spiffworkflow:serviceTaskOperator", NSMAP)
    props = form_properties(task)
    if operator is not None:
        action = (operator.get("id") or "").strip()
        params = {p.get("id", ""): p.get("value", "") for p in operator.iterfind(".//spiffworkflow:parameter", NSMAP)}
    else:
        action = (props.get("action") or "").strip()
        params = {k[len(PARAM_PREFIX) :]: v for k, v in props.items() if k.startswith(PARAM_PREFIX)}
    known = ", ".join(sorted(options.actions)) or "none"
    if not action:
        yield problem(
            task,
            "服务任务没有选择平台动作：请在属性面板“一窗设置”中选择 (service task names no platform action "
            f"(spiffworkflow:serviceTaskOperator id, or the property 'action'; known: {known}))",
            file,
        )
    elif action not in options.actions:
        yield problem(
            task,
            f"未知的平台动作 {action!r}：请在属性面板中重新选择 (unknown platform action {action!r} (known: {known}))",
            file,
        )
    for name, value in params.items():
        if not (value or "").strip():
            yield problem(task, f"参数 {name!r} 没有值 (parameter {name!r} has no value)", file)
        else:
            yield from _sandbox_problem(task, file, value, "condition", what_label=f"parameter {name!r}")
    yield from _extension_script_problems(task, file)


def _timer_problems(definition: etree._Element, file: str) -> Iterator[BpmnProblem]:
    event = _owner(definition)
    if local(event) not in ("boundaryEvent", "intermediateCatchEvent"):
        yield problem(
            event,
            "定时器只能是任务上的边界事件或中间等待事件；案件在窗口受理时开始，不用定时开始 (timers run only as "
            "boundary events on tasks or intermediate catch events; a case starts when the window accepts it)",
            file,
        )
        return
    working_days = is_working_days(form_properties(event))
    for kind in ("timeDuration", "timeDate"):
        node = definition.find(f"bpmn:{kind}", NSMAP)
        if node is not None:
            if working_days and kind == "timeDuration":
                message = working_days_problem(node.text or "")
            elif working_days:
                message = "按工作日计的定时器须写时长（如 P3D），而不是日期"
            else:
                message = check_timer(node.text or "", kind)
            if message:
                yield problem(event, message, file)
            return
    if definition.find("bpmn:timeCycle", NSMAP) is not None:
        yield problem(
            event,
            "循环定时器暂不支持：催办由平台按时限自动发出（黄灯、红灯提醒）；如需一次提醒，"
            "请用不中断的边界定时器加时长，"
            "如 P3D (repeating (cycle) timers are not supported)",
            file,
        )
    else:
        yield problem(event, NO_TIMER, file)


def _multi_instance_problems(loop: etree._Element, file: str) -> Iterator[BpmnProblem]:
    task = _owner(loop)
    if local(task) == "callActivity":
        yield problem(
            task,
            "多实例调用活动暂不支持：几个部门并行办理请用并行网关分别调用各自的流程；多人会签请在用户任务上设多实例 "
            "(multi-instance call activities are not supported)",
            file,
        )
        return
    if local(task) != "userTask":
        yield problem(
            task,
            "只有用户任务可以多实例（会签），其他元素请只画一次 (only user tasks may be multi-instance (a "
            "countersign); draw the others once)",
            file,
        )
        return
    collection = form_properties(task).get("collection")
    loop_input = loop.find("bpmn:loopDataInputRef", NSMAP)
    cardinality = loop.find("bpmn:loopCardinality", NSMAP)
    sources = [
        s
        for s in (
            collection,
            loop_input.text if loop_input is not None else None,
            cardinality.text if cardinality is not None else None,
        )
        if s and s.strip()
    ]
    if not sources:
        yield problem(
            task,
            "多实例任务没有指定集合或数量 (multi-instance task names no collection (property 'collection', "
            "loopDataInputRef) or cardinality)",
            file,
        )
    for source in sources:
        yield from _sandbox_problem(task, file, source, "condition", what_label="collection")
    condition = loop.find("bpmn:completionCondition", NSMAP)
    if condition is not None and (condition.text or "").strip():
        yield from _sandbox_problem(task, file, condition.text or "", "condition", what_label="completion condition")


def _condition_problems(flow: etree._Element, file: str) -> Iterator[BpmnProblem]:
    condition = flow.find("bpmn:conditionExpression", NSMAP)
    if condition is None:
        return
    text = (condition.text or "").strip()
    if not text:
        yield problem(flow, "condition is empty", file)
    else:
        yield from _sandbox_problem(flow, file, text, "condition")


def _gateway_cover_problems(gateway: etree._Element, file: str) -> Iterator[BpmnProblem]:
    """A gateway without a default flow whose conditions might all be false would stop the case."""
    if gateway.get("default"):
        return
    scope = gateway.getparent()
    if scope is None:
        return
    conditions: list[str] = []
    for flow in scope.iterfind("bpmn:sequenceFlow", NSMAP):
        if flow.get("sourceRef") != gateway.get("id"):
            continue
        condition = flow.find("bpmn:conditionExpression", NSMAP)
        text = (condition.text or "").strip() if condition is not None else ""
        if not text:
            return  # an unconditional outgoing flow is always taken
        conditions.append(text)
    if len(conditions) > 1 and not conditions_cover_every_case(conditions):
        yield problem(
            gateway,
            "没有默认连线，而各条件可能都不满足：请在属性面板把一条出线设为默认连线 (has no default flow and its "
            "conditions can all be false ("
            + "; ".join(_shorten(c, 40) for c in conditions)
            + "); mark one outgoing flow as the default)",
            file,
        )


def _sandbox_problem(
    element: etree._Element, file: str, source: str, what: str, what_label: str | None = None
) -> Iterator[BpmnProblem]:
    try:
        if what == "condition":
            sandbox.check_expression(source)
        else:
            sandbox.check_script(source)
    except SandboxError as exc:
        yield problem(element, f"{what_label or what} {_shorten(source)!r} 被拒绝：{refusal_text(str(exc))}", file)


def _shorten(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _reachability_problems(scope: etree._Element, file: str) -> Iterator[BpmnProblem]:
    nodes = {n.get("id", ""): n for n in scope if local(n) in FLOW_NODES}
    if not nodes:
        return
    outgoing: dict[str, list[str]] = {}
    for flow in scope.iterfind("bpmn:sequenceFlow", NSMAP):
        outgoing.setdefault(flow.get("sourceRef", ""), []).append(flow.get("targetRef", ""))
    attached: dict[str, list[str]] = {}
    for node_id, node in nodes.items():
        if local(node) == "boundaryEvent":
            attached.setdefault(node.get("attachedToRef", ""), []).append(node_id)
    roots = [i for i, n in nodes.items() if local(n) == "startEvent" or _is_event_subprocess(n)]
    if not any(local(n) == "startEvent" for n in nodes.values()):
        yield problem(scope, "没有开始事件 (has no start event)", file)
        return
    seen: set[str] = set()
    stack = list(roots)
    while stack:
        node_id = stack.pop()
        if node_id in seen or node_id not in nodes:
            continue
        seen.add(node_id)
        stack.extend(outgoing.get(node_id, []))
        stack.extend(attached.get(node_id, []))
    for node_id, node in nodes.items():
        if node_id not in seen:
            yield problem(
                node, "从开始事件无法到达此处：请连上连线或删除它 (cannot be reached from the start event)", file
            )


def _is_event_subprocess(node: etree._Element) -> bool:
    return local(node) == "subProcess" and node.get("triggeredByEvent") == "true"
