"""Reading Camunda Modeler files: map what has a Yichuang meaning, report what cannot run.

- ``camunda:candidateGroups="scjg"`` on a user task outside any lane becomes its lane (department); an assignee is
  a person, not a department, so it is not mapped.
- Simple JUEL conditions (``${approved}``, ``${!approved}``, ``${amount > 1000}``, ``&&``, ``||``, ``eq``...)
  are rewritten into sandbox expressions in place.
- Java delegates (``camunda:class``, ``camunda:delegateExpression``, ``camunda:expression``), external tasks
  (``camunda:type="external"``), Java/JavaScript listeners, non-Python scripts and CMMN case references are
  reported as elements Yichuang cannot run.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from workflows import sandbox
from workflows.errors import BpmnProblem, SandboxError
from workflows.parsing import CAMUNDA_NS, NSMAP
from workflows.validation import lanes_by_node, local, problem

_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_JUEL = re.compile(r"^\s*[$#]\{(?P<body>.*)\}\s*$", re.S)
_JUEL_WORDS = {
    "&&": " and ", "||": " or ", " eq ": " == ", " ne ": " != ", " lt ": " < ", " gt ": " > ", " le ": " <= ",
    " ge ": " >= ", " and ": " and ", " or ": " or ",
}
_JUEL_LITERALS = {"true": "True", "false": "False", "null": "None"}
_DELEGATES = {
    "class": "Java delegate class {value!r} cannot run in Yichuang",
    "delegateExpression": "Java delegate expression {value!r} cannot run in Yichuang",
    "expression": "Java expression {value!r} cannot run in Yichuang",
}


def camunda_attr(element: etree._Element, name: str) -> str | None:
    return element.get(f"{{{CAMUNDA_NS}}}{name}")


def translate_juel(text: str) -> str | None:
    """A JUEL condition as a sandbox expression, or None if it is not one we can translate faithfully."""
    match = _JUEL.match(text)
    if not match:
        return None
    body = f" {match.group('body').strip()} "
    if any(token in body for token in ("execution", "task.", "(", "?", " empty ")):
        return None  # method calls, the engine's execution object, ternaries: no faithful translation
    for juel, python in _JUEL_WORDS.items():
        body = body.replace(juel, python)
    body = re.sub(r"!(?!=)", " not ", body)
    body = re.sub(r"\b(true|false|null)\b", lambda m: _JUEL_LITERALS[m.group(1)], body)
    expression = " ".join(body.split())
    try:
        sandbox.check_expression(expression)
    except SandboxError:
        return None
    return expression


def apply_camunda(root: etree._Element, file: str) -> tuple[dict[str, str], list[BpmnProblem], list[str]]:
    """Map Camunda extensions in place. Returns (lane aliases by task id, problems, notes on what was mapped)."""
    aliases: dict[str, str] = {}
    problems: list[BpmnProblem] = []
    notes: list[str] = []
    for process in root.iterfind("bpmn:process", NSMAP):
        lanes = lanes_by_node(process)
        for task in process.iter(f"{{{NSMAP['bpmn']}}}userTask"):
            lane = _lane_from_groups(task)
            if lane and not lanes.get(task.get("id", "")):
                aliases[task.get("id", "")] = lane
                notes.append(f"{task.get('id')}: candidate group {lane!r} used as its department lane")
    for flow in root.iter(f"{{{NSMAP['bpmn']}}}sequenceFlow"):
        condition = flow.find("bpmn:conditionExpression", NSMAP)
        if condition is None or not (condition.text or "").strip():
            continue
        text = condition.text or ""
        if not _JUEL.match(text):
            continue
        translated = translate_juel(text)
        if translated is None:
            problems.append(problem(flow, f"JUEL condition {text.strip()!r} cannot be translated", file))
        else:
            condition.text = translated
            notes.append(f"{flow.get('id')}: JUEL {text.strip()} -> {translated}")
    for element in root.iter():
        problems.extend(_unrunnable(element, file))
    return aliases, problems, notes


def _lane_from_groups(task: etree._Element) -> str | None:
    groups = [g.strip() for g in (camunda_attr(task, "candidateGroups") or "").split(",") if g.strip()]
    if len(groups) == 1 and _IDENTIFIER.match(groups[0]):
        return groups[0]
    return None


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
    if local(element) == "callActivity" and (camunda_attr(element, "caseRef") or element.get("calledElement") is None
                                             and camunda_attr(element, "caseBinding")):
        yield problem(element, "calls a CMMN case, which Yichuang cannot run", file)
    if local(element) == "scriptTask":
        language = (element.get("scriptFormat") or "python").lower()
        if language not in ("python", "py", "text/x-python"):
            yield problem(element, f"{language} scripts cannot run; scripts must be Python expressions", file)
    if element.tag in (f"{{{CAMUNDA_NS}}}executionListener", f"{{{CAMUNDA_NS}}}taskListener"):
        yield from _listener_problem(element, file)


def _listener_problem(listener: etree._Element, file: str) -> Iterator[BpmnProblem]:
    owner = listener.getparent().getparent() if listener.getparent() is not None else listener
    script = listener.find(f"{{{CAMUNDA_NS}}}script")
    if script is not None:
        language = script.get("scriptFormat") or "script"
        yield problem(owner, f"{language} {local(listener)} cannot run in Yichuang", file)
    elif listener.get("class") or listener.get("delegateExpression") or listener.get("expression"):
        target = listener.get("class") or listener.get("delegateExpression") or listener.get("expression")
        yield problem(owner, f"Java {local(listener)} {target!r} cannot run in Yichuang", file)
