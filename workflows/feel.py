"""Simple FEEL conditions from Camunda 8 (Zeebe) files as sandbox expressions.

Camunda 8 writes a flow's condition as a FEEL expression after ``=``: ``= approved``, ``= not(approved)``,
``= amount > 1000``, ``= review.approved and form.area >= 10``. Names and dotted paths, literals, comparisons
(FEEL's ``=`` is equality), ``and``/``or``/``not(...)``, arithmetic and brackets translate one to one; anything
else (function calls, ranges, ``in``, ``some``/``every``, ``if then else``, ``instance of``, names with spaces)
is refused with the reason, so the admin rewrites it rather than running something that means another thing.
"""

from __future__ import annotations

import re

from workflows import sandbox
from workflows.errors import SandboxError

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<str>"(?:[^"\\\n]|\\.)*")
  | (?P<num>\d+(?:\.\d+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>!=|<=|>=|\*\*|[=<>+\-*/().\[\]{}])
""",
    re.X,
)
_WORDS = {"true": "True", "false": "False", "null": "None", "and": "and", "or": "or"}
_REFUSED_WORDS = {
    "in": "FEEL 的 in（区间/列表判断）",
    "some": "some … satisfies",
    "every": "every … satisfies",
    "if": "if … then … else",
    "then": "if … then … else",
    "else": "if … then … else",
    "for": "for … return",
    "instance": "instance of",
    "between": "between",
    "function": "function",
}


class Untranslatable(Exception):
    """The FEEL expression has no faithful sandbox translation; the message says why (in Chinese)."""


def is_feel(text: str) -> bool:
    return text.lstrip().startswith("=")


def feel_to_python(text: str) -> str:
    """Translate ``= ...``; raises Untranslatable with the reason."""
    body = text.strip()[1:] if is_feel(text) else text.strip()
    tokens = _tokens(body)
    if not tokens:
        raise Untranslatable("条件为空")
    out: list[str] = []
    for index, (kind, value) in enumerate(tokens):
        following = tokens[index + 1][1] if index + 1 < len(tokens) else ""
        previous = tokens[index - 1][1] if index else ""
        if value in ("[", "]", "{", "}"):
            raise Untranslatable("列表、区间和上下文（[…]、{…}）无法翻译")
        if kind == "name" and previous != ".":
            if value in _REFUSED_WORDS:
                raise Untranslatable(f"{_REFUSED_WORDS[value]} 无法翻译")
            if value == "not":
                if following != "(":
                    raise Untranslatable("not 须写成 not(…)")
                out.append("not")
                continue
            if following == "(":
                raise Untranslatable(f"函数 {value}() 无法翻译")
            if value.startswith("_"):
                raise Untranslatable(f"名称 {value} 不能以下划线开头")
            out.append(_WORDS.get(value, value))
        elif value == "=":
            out.append("==")
        else:
            out.append(value)
    expression = _join(out)
    try:
        sandbox.check_expression(expression)
    except SandboxError as exc:
        raise Untranslatable(f"翻译结果 {expression!r} 被拒绝：{exc}") from None
    return expression


def _tokens(body: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    position = 0
    while position < len(body):
        match = _TOKEN.match(body, position)
        if not match:
            raise Untranslatable(f"无法识别的字符 {body[position]!r}")
        position = match.end()
        kind = match.lastgroup or ""
        if kind != "ws":
            tokens.append((kind, match.group()))
    return tokens


def _join(pieces: list[str]) -> str:
    out = ""
    for piece in pieces:
        tight = not out or out.endswith(("(", ".")) or piece in (")", ".")
        out += piece if tight else " " + piece
    return out
