"""SpiffWorkflow's refusals in our words: what the engine found, in Chinese, naming the element.

SpiffWorkflow's ``ValidationException`` carries the element (id, name, line) and a short English message that its
``__str__`` ends with ". " plus notes (hence "…of type." and "…executable.." in raw output). Only ``args[0]`` is
read, and every message the parser is known to raise has a sentence of ours; an unknown one keeps its words after
ours, complete.
"""

from __future__ import annotations

import re

from workflows.errors import BpmnProblem

_KNOWN: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"^Multiple outgoing flows are not supported for tasks of type"),
        "这类元素不能直接有多条出线：请在它后面加一个网关（并行、排他或包容）",
    ),
    (
        re.compile(r"^Process (?P<id>\S+) is not executable\.?$"),
        '流程 {id} 未标记为可执行：在建模器中选中它的泳池，勾选“可执行”（isExecutable="true"）',
    ),
    (re.compile(r"^No start event found"), "流程没有开始事件：请画一个开始事件"),
    (re.compile(r"^Duplicate process ID: (?P<id>\S+)"), "流程 ID {id} 重复：每个流程的 ID 须唯一，请修改其中一个"),
    (
        re.compile(r"^There is no support implemented for this task type"),
        "这类元素流程引擎不支持，请换用用户任务或服务任务",
    ),
    (
        re.compile(r"^Unknown Time Specification"),
        "定时器没有时长或日期：请填写时长，如 P3D（3 天）或按工作日计",
    ),
    (re.compile(r"^Time Specification Error\. ?(?P<why>.*)$"), "定时器的写法无法识别（{why}）"),
    (re.compile(r"^Cannot resolve dataInputAssociation (?P<id>\S+)"), "数据输入关联 {id} 指向的数据对象不存在"),
    (re.compile(r"^Cannot resolve dataOutputAssociation (?P<id>\S+)"), "数据输出关联 {id} 指向的数据对象不存在"),
    (re.compile(r"^A SubWorkflow Must contain an End event"), "子流程须有结束事件"),
    (re.compile(r"^(?P<what>Signal|Error|Escalation|Correlation) identifier is missing"), "{what} 缺少标识"),
    (re.compile(r"^Conditional event definition with missing condition"), "条件事件没有条件"),
    (re.compile(r"^a service task must name a platform action"), "服务任务须选择平台动作"),
]


def engine_text(message: str) -> str:
    """The engine's message as a sentence of ours (its own words kept after it when we do not know it)."""
    text = message.strip()
    for pattern, template in _KNOWN:
        match = pattern.match(text)
        if match:
            return template.format(**match.groupdict())
    if text.startswith("Element '") or "is not a valid value" in text or "not expected" in text:
        text = text.replace("{http://www.omg.org/spec/BPMN/20100524/MODEL}", "bpmn:")
        return f"文件不符合 BPMN 2.0 规范（请在建模器中打开并重新保存，或按提示修改）：{text}"
    return f"流程引擎无法构建此流程：{text.rstrip('.')}"


def engine_problem(exc: BaseException, file: str) -> BpmnProblem:
    """One problem for a refusal raised while SpiffWorkflow builds the process specs."""
    raw = str(exc.args[0]) if exc.args else type(exc).__name__
    if isinstance(exc, AssertionError):  # SpiffWorkflow's util.one(): an element it needs exactly once
        raw = f"an element it expects exactly once is missing or repeated ({raw})"
    line = getattr(exc, "line_number", "")
    where = f"（第 {line} 行）" if line else ""
    name = " ".join(str(getattr(exc, "name", "") or "").split())
    return BpmnProblem(
        str(getattr(exc, "id", "") or ""), name, engine_text(raw) + where, getattr(exc, "file_name", "") or file
    )
