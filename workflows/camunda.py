"""Importing Camunda Modeler files: rewrite what has a Yichuang meaning, refuse what cannot run.

:func:`import_camunda` rewrites a safely read tree in place, before the normal publish checks and SpiffWorkflow's
parser see it, so publishing (:func:`workflows.package.compile_approval`) and the admin CLI
(:mod:`workflows.check`) take the same path. The rewritten XML is what a published package stores: nothing
Camunda-specific is interpreted when a case runs.

Translation rules:

- ``camunda:candidateGroups="scjg"`` on a user task that is in no lane puts it in the lane ``scjg`` (a lane is
  added to the process's laneSet, or a laneSet is created). The group must be a department code when departments
  are known. Several groups, or a group given as an expression, are refused: a task is in one department's list.
  A task already in a lane keeps its lane.
- ``camunda:assignee`` is kept as the task's ``assignee`` property (shown as a hint; nobody is bound to it). A
  task with an assignee or candidate users but no group and no lane is refused: the task list is per department.
- ``camunda:formKey`` (``embedded:app:forms/review.json``, ``camunda-forms:deployment:review.form``,
  ``review.schema.json``) becomes the property ``formJsonSchemaFilename`` with the key's file name, so it is
  checked against the uploaded decision forms like any other form name.
- In a Camunda file, the fields of a user task's decision also become case variables (as form fields become
  process variables in Camunda), so ``${approved}`` after a review reads that review's decision: the property
  ``decisionAsVariables`` is set and honoured by the runner. The application form stays under ``form``.
- Simple JUEL conditions on sequence flows become sandbox expressions: names and dotted paths, literals,
  comparisons, ``&& || ! and or not``, ``eq ne lt gt le ge``, ``empty``, ``div mod``, arithmetic and brackets.
  Calls, the engine's ``execution``/``task`` objects, ``?:`` and function namespaces cannot be translated
  faithfully and are refused naming the flow and the expression. Conditions in another script language too.
- Java delegates (``camunda:class``, ``camunda:delegateExpression``, ``camunda:expression``), external tasks
  (``camunda:type="external"``), connectors, execution/task listeners, non-Python and external-resource scripts
  and CMMN case references are refused, each naming its element.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection, Iterator

from lxml import etree

from workflows import sandbox
from workflows.errors import BpmnProblem, SandboxError
from workflows.feel import Untranslatable, feel_to_python, is_feel
from workflows.parsing import BPMN_NS, CAMUNDA_NS, NSMAP, SPIFF_NS
from workflows.validation import form_properties, lanes_by_node, local, problem

DECISION_AS_VARIABLES = "decisionAsVariables"  # task property: the decision's fields become case variables too
ASSIGNEE = "assignee"  # task property: the person Camunda Modeler assigned the task to (a hint only)

_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_JUEL = re.compile(r"^\s*[$#]\{(?P<body>.*)\}\s*$", re.S)
_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<str>'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<num>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
  | (?P<name>[A-Za-z_$][\w$]*)
  | (?P<op>&&|\|\||==|!=|<=|>=|[<>!+\-*/%().\[\],?:])
""",
    re.X,
)
_WORDS = {
    "and": "and",
    "or": "or",
    "eq": "==",
    "ne": "!=",
    "lt": "<",
    "gt": ">",
    "le": "<=",
    "ge": ">=",
    "div": "/",
    "mod": "%",
    "true": "True",
    "false": "False",
    "null": "None",
}
_OPERATORS = {"&&": "and", "||": "or"}
_ENGINE_OBJECTS = frozenset({"execution", "task", "authorization", "variables", "processEngine", "camunda"})
_PYTHON_ONLY = frozenset(
    {
        "in",
        "is",
        "if",
        "else",
        "elif",
        "for",
        "while",
        "lambda",
        "def",
        "class",
        "import",
        "from",
        "return",
        "yield",
        "None",
        "True",
        "False",
        "as",
        "with",
        "global",
        "nonlocal",
        "pass",
        "raise",
        "try",
        "except",
        "finally",
        "del",
        "assert",
        "async",
        "await",
        "break",
        "continue",
    }
)
_EMPTY_VALUES = "(None, '', [], {})"
_PYTHON_SCRIPTS = ("python", "py", "text/x-python")
_DELEGATES = {
    "class": "Java delegate class {value!r} cannot run in Yichuang",
    "delegateExpression": "Java delegate expression {value!r} cannot run in Yichuang",
    "expression": "Java expression {value!r} cannot run in Yichuang",
}
_LANE_SET_BEFORE = frozenset(
    {
        "documentation",
        "extensionElements",
        "supportedInterfaceRef",
        "ioSpecification",
        "ioBinding",
        "auditing",
        "monitoring",
        "property",
        "laneSet",
    }
)


class _Untranslatable(Exception):
    pass


ZEEBE_NS = "http://camunda.org/schema/zeebe/1.0"


def camunda_attr(element: etree._Element, name: str) -> str | None:
    return element.get(f"{{{CAMUNDA_NS}}}{name}")


def zeebe_extension(task: etree._Element, tag: str) -> etree._Element | None:
    """A Camunda 8 extension of a task (``zeebe:assignmentDefinition``, ``zeebe:formDefinition``...)."""
    return task.find(f"bpmn:extensionElements/{{{ZEEBE_NS}}}{tag}", NSMAP)


def is_zeebe_file(root: etree._Element) -> bool:
    return ZEEBE_NS in root.nsmap.values()


def is_camunda_file(root: etree._Element) -> bool:
    """True for files using Camunda's extension namespace (the exporter name is no guide: SpiffArena's modeler
    also says "Camunda Modeler")."""
    return CAMUNDA_NS in root.nsmap.values()


# --- JUEL conditions -------------------------------------------------------------------------------------------


def translate_juel(text: str) -> str | None:
    """A JUEL condition as a sandbox expression, or None if it is not one we can translate faithfully."""
    try:
        return juel_to_python(text)
    except _Untranslatable:
        return None


def juel_to_python(text: str) -> str:
    """Translate ``${...}`` / ``#{...}``; raises _Untranslatable with the reason."""
    match = _JUEL.match(text)
    if not match:
        raise _Untranslatable("it is not a ${...} expression")
    tokens = _tokenize(match.group("body"))
    if not tokens:
        raise _Untranslatable("it is empty")
    _refuse_untranslatable(tokens)
    expression = _join(_Translator(tokens).sequence(0, len(tokens)))
    try:
        sandbox.check_expression(expression)
    except SandboxError as exc:
        raise _Untranslatable(f"its translation {expression!r} is refused: {exc}") from None
    return expression


def _tokenize(body: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    position = 0
    while position < len(body):
        match = _TOKEN.match(body, position)
        if not match:
            raise _Untranslatable(f"unexpected character {body[position]!r}")
        position = match.end()
        kind = match.lastgroup or ""
        if kind != "ws":
            tokens.append((kind, match.group()))
    return tokens


def _refuse_untranslatable(tokens: list[tuple[str, str]]) -> None:
    for index, (kind, text) in enumerate(tokens):
        following = tokens[index + 1][1] if index + 1 < len(tokens) else ""
        previous = tokens[index - 1][1] if index else ""
        if (
            text == "("
            and index
            and (
                tokens[index - 1][0] == "name"
                and previous not in _WORDS
                and previous not in ("not", "empty")
                or previous in (")", "]")
            )
        ):
            raise _Untranslatable("method and function calls have no Yichuang equivalent")
        if text in ("?", ":"):
            raise _Untranslatable("conditional (?:) expressions and function namespaces are not translated")
        if kind == "name":
            if previous == ".":
                continue  # a field of a record: review.approved
            if text in _ENGINE_OBJECTS:
                raise _Untranslatable(f"the Camunda engine object {text!r} does not exist in Yichuang")
            if text in _PYTHON_ONLY or "$" in text or text.startswith("_"):
                raise _Untranslatable(f"the name {text!r} cannot be used in a Yichuang condition")
            if text == "instanceof":
                raise _Untranslatable("instanceof has no Yichuang equivalent")
        if kind == "str" and following == "(":
            raise _Untranslatable("method calls have no Yichuang equivalent")


class _Translator:
    """Token-by-token translation; JUEL's unary ``!``/``not``/``empty`` bind tighter than Python's ``not``,
    so their operand is translated as a unit and bracketed where the next operator would bind tighter."""

    def __init__(self, tokens: list[tuple[str, str]]):
        self.tokens = tokens

    def sequence(self, start: int, end: int) -> list[str]:
        out: list[str] = []
        index = start
        while index < end:
            piece, index = self.term(index, end)
            out.append(piece)
        return out

    def term(self, index: int, end: int) -> tuple[str, int]:
        kind, text = self.tokens[index]
        if text in ("!", "not", "empty"):
            operand, after = self.operand(index + 1, end)
            if text == "empty":
                return f"({operand} in {_EMPTY_VALUES})", after
            following = self.tokens[after][1] if after < end else ""
            if following in ("", ")", "]", ",", "&&", "||", "and", "or"):
                return f"not {operand}", after
            return f"(not {operand})", after
        if text == "(":
            close = self.closing(index, end)
            return "(" + _join(self.sequence(index + 1, close)) + ")", close + 1
        if text == "[":
            close = self.closing(index, end)
            return "[" + _join(self.sequence(index + 1, close)) + "]", close + 1
        if text in (")", "]"):
            raise _Untranslatable(f"unbalanced {text!r}")
        if kind == "name" and (index == 0 or self.tokens[index - 1][1] != "."):
            return _WORDS.get(text, text), index + 1
        return _OPERATORS.get(text, text), index + 1

    def operand(self, index: int, end: int) -> tuple[str, int]:
        if index >= end:
            raise _Untranslatable("an operator has no operand")
        kind, text = self.tokens[index]
        if text in ("!", "not", "empty", "-"):
            if text == "-":
                inner, after = self.operand(index + 1, end)
                return f"-{inner}", after
            return self.term(index, end)
        if text == "(":
            return self.term(index, end)
        if kind not in ("name", "str", "num"):
            raise _Untranslatable(f"{text!r} cannot follow a unary operator")
        pieces = [self.term(index, end)[0]]
        index += 1
        while index < end and self.tokens[index][1] in (".", "["):
            if self.tokens[index][1] == ".":
                if index + 1 >= end or self.tokens[index + 1][0] != "name":
                    raise _Untranslatable("'.' must be followed by a field name")
                pieces += [".", self.tokens[index + 1][1]]
                index += 2
            else:
                piece, index = self.term(index, end)
                pieces.append(piece)
        return _join(pieces), index

    def closing(self, index: int, end: int) -> int:
        opening = self.tokens[index][1]
        closer = ")" if opening == "(" else "]"
        depth = 0
        for position in range(index, end):
            text = self.tokens[position][1]
            if text == opening:
                depth += 1
            elif text == closer:
                depth -= 1
                if depth == 0:
                    return position
        raise _Untranslatable(f"unbalanced {opening!r}")


def _join(pieces: list[str]) -> str:
    out = ""
    for piece in pieces:
        tight = (
            not out
            or out.endswith(("(", "[", "."))
            or piece.startswith((")", "]", ".", ","))
            or piece.startswith("[")
            and (out[-1].isalnum() or out[-1] in "_)]'\"")
        )
        out += piece if tight else " " + piece
    return out


# --- the rewrite ---------------------------------------------------------------------------------------------


def import_camunda(
    root: etree._Element, file: str, departments: Collection[str] | None = None
) -> tuple[list[BpmnProblem], list[str]]:
    """Rewrite Camunda extensions of one file in place (see the module notes).

    Returns (problems, notes): each problem names an element that cannot run or be mapped; notes say what was
    mapped. Department codes are checked only when ``departments`` is given.
    """
    problems: list[BpmnProblem] = []
    notes: list[str] = []
    camunda = is_camunda_file(root) or is_zeebe_file(root)
    ids = {e.get("id") for e in root.iter() if isinstance(e.tag, str) and e.get("id")}
    for process in root.iterfind("bpmn:process", NSMAP):
        lanes = lanes_by_node(process)
        for task in process.iter(f"{{{BPMN_NS}}}userTask"):
            _map_user_task(process, task, lanes, departments, camunda, ids, file, problems, notes)
    for flow in root.iter(f"{{{BPMN_NS}}}sequenceFlow"):
        problems.extend(_map_condition(flow, file, notes))
    for call in root.iter(f"{{{BPMN_NS}}}callActivity"):
        called = zeebe_extension(call, "calledElement")
        if called is not None and not call.get("calledElement") and called.get("processId"):
            call.set("calledElement", (called.get("processId") or "").lstrip("= ").strip())
            notes.append(f"{call.get('id')}: zeebe:calledElement -> {call.get('calledElement')}")
    for element in root.iter():
        problems.extend(_unrunnable(element, file))
    return [_in_chinese(p) for p in _one_per_element(problems)], notes


_CHINESE_LEADS = (
    ("Java ", "Java 代码无法在一窗运行：请把它画成服务任务，在属性面板“一窗设置”中选择平台动作"),
    ("Camunda external task", "Camunda 外部任务需要外部的作业工人，无法在一窗运行：请改选平台动作"),
    ("Camunda connector", "Camunda 连接器无法在一窗运行：请改选平台动作“通知部门业务系统”"),
    ("calls a CMMN case", "调用 CMMN 案例无法在一窗运行：请调用 BPMN 流程"),
    ("script in external resource", "外部资源中的脚本无法运行：请把脚本写在任务里"),
    ("condition in external resource", "外部资源中的条件无法运行：请把条件写在连线上"),
    ("JUEL condition", "JUEL 条件无法翻译：请改写为简单条件"),
    ("candidate groups", "候选组包含多个部门：一个任务只属于一个部门，请只留一个组或把任务放进部门泳道"),
    ("candidate group", "候选组不是平台的部门：请写部门编码或把任务放进部门泳道"),
    ("form key", "表单键无法对应决策表单：请写决策表单的文件名"),
)


def _in_chinese(found: BpmnProblem) -> BpmnProblem:
    """Our Chinese sentence first, the import's precise English (names, expressions) kept in brackets."""
    if re.search(r"[\u4e00-\u9fff]", found.message):
        return found
    lead = next((zh for en, zh in _CHINESE_LEADS if found.message.startswith(en)), None)
    if lead is None and "Listener" in found.message:
        lead = "监听器无法在一窗运行：请删除，或把要做的事画成服务任务"
    if lead is None and "scripts cannot run" in found.message:
        lead = "脚本只能是 Python 表达式"
    if lead is None and "cannot run" in found.message:
        lead = "无法在一窗运行"
    return dataclasses.replace(found, message=f"{lead} ({found.message})") if lead else found


def _one_per_element(problems: list[BpmnProblem]) -> list[BpmnProblem]:
    seen: set[tuple[str, str]] = set()
    kept = []
    for p in problems:
        if (p.element_id, p.message) not in seen:
            seen.add((p.element_id, p.message))
            kept.append(p)
    return kept


def _map_user_task(
    process: etree._Element,
    task: etree._Element,
    lanes: dict[str, str],
    departments: Collection[str] | None,
    camunda: bool,
    ids: set[str | None],
    file: str,
    problems: list[BpmnProblem],
    notes: list[str],
) -> None:
    task_id = task.get("id", "")
    assignment = zeebe_extension(task, "assignmentDefinition")
    zeebe_form = zeebe_extension(task, "formDefinition")
    source = assignment if assignment is not None else None
    groups = [
        g.strip()
        for g in (
            (source.get("candidateGroups") if source is not None else camunda_attr(task, "candidateGroups")) or ""
        )
        .lstrip("=")
        .split(",")
        if g.strip()
    ]
    assignee = ((source.get("assignee") if source is not None else camunda_attr(task, "assignee")) or "").strip()
    users = (
        (source.get("candidateUsers") if source is not None else camunda_attr(task, "candidateUsers")) or ""
    ).strip()
    props = form_properties(task)
    if assignee and ASSIGNEE not in props:
        _set_property(task, ASSIGNEE, assignee)
    if camunda and DECISION_AS_VARIABLES not in props:
        _set_property(task, DECISION_AS_VARIABLES, "true")
    form_key = (camunda_attr(task, "formKey") or "").strip()
    if zeebe_form is not None:
        form_key = (zeebe_form.get("formKey") or "").strip() or _zeebe_form_file(zeebe_form.get("formId") or "")
    if form_key:
        problems.extend(_map_form_key(task, form_key, props, file, notes))
    lane = lanes.get(task_id)
    if lane:
        if groups and groups != [lane]:
            notes.append(f"{task_id}: in lane {lane!r}; candidate groups {', '.join(groups)} not used")
        return
    if len(groups) > 1:
        problems.append(
            problem(
                task,
                f"candidate groups {', '.join(groups)!r} name several departments; a task "
                "is in one department's list: keep one group or put it in a lane",
                file,
            )
        )
    elif groups and not _IDENTIFIER.match(groups[0]):
        problems.append(
            problem(
                task,
                f"candidate group {groups[0]!r} is not a department code (expressions "
                "are not supported); name the department or put the task in a lane",
                file,
            )
        )
    elif groups and departments is not None and groups[0] not in departments:
        known = ", ".join(sorted(departments)) or "none"
        problems.append(problem(task, f"candidate group {groups[0]!r} is not a department code (known: {known})", file))
    elif groups:
        put_in_lane(process, task_id, groups[0], ids)
        notes.append(f"{task_id}: candidate group {groups[0]!r} used as its department lane")
    elif assignee or users:
        who = f"指派给个人 {assignee}" if assignee else f"候选人 {users}"
        notes.append(f"{task_id}: {who}；一窗的待办按部门派发，此任务由它所在泳道的部门（无泳道时为事项所属部门）办理")


def _zeebe_form_file(form_id: str) -> str:
    """A Camunda 8 form id names a form deployed with the process; ours is a decision form file of that name."""
    form_id = form_id.strip()
    return form_id if not form_id or form_id.endswith(".json") else f"{form_id}.schema.json"


def _map_form_key(
    task: etree._Element, form_key: str, props: dict[str, str], file: str, notes: list[str]
) -> Iterator[BpmnProblem]:
    if "${" in form_key or "#{" in form_key:
        yield problem(task, f"form key {form_key!r} is an expression; name the decision form file", file)
        return
    name = re.split(r"[/:]", form_key)[-1].strip()
    if not name:
        yield problem(task, f"form key {form_key!r} names no form file", file)
    elif "formJsonSchemaFilename" in props:
        notes.append(f"{task.get('id')}: form key {form_key!r} not used; formJsonSchemaFilename is set")
    else:
        _set_property(task, "formJsonSchemaFilename", name)
        notes.append(f"{task.get('id')}: form key {form_key!r} -> decision form {name!r}")


def _set_property(task: etree._Element, name: str, value: str) -> None:
    extensions = task.find("bpmn:extensionElements", NSMAP)
    if extensions is None:
        extensions = task.makeelement(f"{{{BPMN_NS}}}extensionElements", {})
        task.insert(len(task.findall("bpmn:documentation", NSMAP)), extensions)
    properties = extensions.find("spiffworkflow:properties", NSMAP)
    if properties is None:
        properties = etree.SubElement(extensions, f"{{{SPIFF_NS}}}properties", nsmap={"spiffworkflow": SPIFF_NS})
    etree.SubElement(properties, f"{{{SPIFF_NS}}}property", {"name": name, "value": value})


def put_in_lane(process: etree._Element, task_id: str, department: str, ids: set[str | None]) -> None:
    lane_set = process.find("bpmn:laneSet", NSMAP)
    if lane_set is None:
        lane_set = process.makeelement(f"{{{BPMN_NS}}}laneSet", {"id": new_id(f"LaneSet_{process.get('id')}", ids)})
        position = 0
        for index, child in enumerate(process):
            if local(child) in _LANE_SET_BEFORE:
                position = index + 1
        process.insert(position, lane_set)
    lane = next(
        (
            candidate
            for candidate in lane_set.iterfind("bpmn:lane", NSMAP)
            if candidate.get("name") == department and candidate.find("bpmn:childLaneSet", NSMAP) is None
        ),
        None,
    )
    if lane is None:
        lane = etree.SubElement(
            lane_set, f"{{{BPMN_NS}}}lane", {"id": new_id(f"Lane_{department}", ids), "name": department}
        )
    etree.SubElement(lane, f"{{{BPMN_NS}}}flowNodeRef").text = task_id


def new_id(base: str, ids: set[str | None]) -> str:
    candidate, number = base, 1
    while candidate in ids:
        number += 1
        candidate = f"{base}_{number}"
    ids.add(candidate)
    return candidate


def _map_condition(flow: etree._Element, file: str, notes: list[str]) -> Iterator[BpmnProblem]:
    condition = flow.find("bpmn:conditionExpression", NSMAP)
    if condition is None:
        return
    language = (condition.get("language") or "").strip().lower()
    resource = camunda_attr(condition, "resource")
    if resource:
        yield problem(flow, f"condition in external resource {resource!r} cannot run; write it on the flow", file)
        return
    if language and language not in _PYTHON_SCRIPTS:
        yield problem(
            flow,
            f"{language} condition {_short(condition.text)!r} cannot run; conditions are Python "
            "expressions or simple JUEL",
            file,
        )
        return
    text = condition.text or ""
    if is_feel(text):
        try:
            translated = feel_to_python(text)
        except Untranslatable as exc:
            yield problem(
                flow,
                f"FEEL 条件 {text.strip()!r} 无法翻译：{exc}；请改写为如 approved、not(approved)、amount > 1000 "
                "的简单条件，或 Python 表达式 form['amount'] > 1000",
                file,
            )
            return
        condition.text = translated
        notes.append(f"{flow.get('id')}: FEEL {text.strip()} -> {translated}")
        return
    if not _JUEL.match(text):
        return
    try:
        translated = juel_to_python(text)
    except _Untranslatable as exc:
        yield problem(
            flow,
            f"JUEL condition {text.strip()!r} cannot be translated: {exc}; write it as a Python "
            "expression such as review.approved or form['amount'] > 1000",
            file,
        )
        return
    condition.text = translated
    notes.append(f"{flow.get('id')}: JUEL {text.strip()} -> {translated}")


def _short(text: str | None, limit: int = 60) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _unrunnable(element: etree._Element, file: str) -> Iterator[BpmnProblem]:
    if not isinstance(element.tag, str):
        return
    for attr, message in _DELEGATES.items():
        value = camunda_attr(element, attr)
        if value and local(element) != "conditionExpression":
            yield problem(element, message.format(value=value), file)
    if camunda_attr(element, "type") == "external":
        topic = camunda_attr(element, "topic") or ""
        yield problem(element, f"Camunda external task (topic {topic!r}) cannot run in Yichuang", file)
    if local(element) == "callActivity" and (
        camunda_attr(element, "caseRef")
        or element.get("calledElement") is None
        and camunda_attr(element, "caseBinding")
    ):
        yield problem(element, "calls a CMMN case, which Yichuang cannot run", file)
    if local(element) == "scriptTask":
        language = (element.get("scriptFormat") or "python").lower()
        if language not in _PYTHON_SCRIPTS:
            yield problem(element, f"{language} scripts cannot run; scripts must be Python expressions", file)
        elif camunda_attr(element, "resource"):
            yield problem(
                element,
                f"script in external resource {camunda_attr(element, 'resource')!r} cannot run; "
                "write the script in the task",
                file,
            )
    if element.tag == f"{{{CAMUNDA_NS}}}connector":
        owner = _extension_owner(element)
        connector = element.findtext(f"{{{CAMUNDA_NS}}}connectorId") or ""
        yield problem(owner, f"Camunda connector {connector.strip()!r} cannot run in Yichuang", file)
    if element.tag == f"{{{ZEEBE_NS}}}taskDefinition":
        owner = _extension_owner(element)
        yield problem(
            owner,
            f"Camunda 8 作业（zeebe:taskDefinition type {element.get('type')!r}）需要外部的作业工人，无法在一窗运行："
            "请在属性面板“一窗设置”中改选平台动作（发送通知、生成文书、通知部门业务系统）",
            file,
        )
    if element.tag in (f"{{{CAMUNDA_NS}}}executionListener", f"{{{CAMUNDA_NS}}}taskListener"):
        yield from _listener_problem(element, file)


def _extension_owner(element: etree._Element) -> etree._Element:
    for ancestor in element.iterancestors():
        if local(ancestor) != "extensionElements" and ancestor.tag != f"{{{CAMUNDA_NS}}}connector":
            return ancestor
    return element


def _listener_problem(listener: etree._Element, file: str) -> Iterator[BpmnProblem]:
    owner = _extension_owner(listener)
    script = listener.find(f"{{{CAMUNDA_NS}}}script")
    event = listener.get("event") or ""
    if script is not None:
        language = script.get("scriptFormat") or "script"
        yield problem(owner, f"{language} {local(listener)} ({event}) cannot run in Yichuang", file)
    else:
        target = listener.get("class") or listener.get("delegateExpression") or listener.get("expression") or ""
        yield problem(owner, f"Java {local(listener)} ({event}) {target!r} cannot run in Yichuang", file)
