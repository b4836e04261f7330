"""Schema regexes (``pattern``, ``patternProperties``, ``format: regex``) run by RE2, in time linear in the input.

Python's ``re`` backtracks: a published ``(a+)+$`` let 27 typed characters stall a worker for 18 s, doubling with
each character. RE2 (google-re2) never backtracks; what it cannot run (backreferences, lookaround) is refused when
the schema is published, naming the keyword's JSON pointer. JSON Schema regexes are ECMA-262: ``\\uXXXX`` and
``\\cX`` escapes are rewritten to RE2's ``\\x{...}`` before compiling, the rest of the common syntax is shared.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import re2
from jsonschema import ValidationError
from jsonschema.protocols import Validator
from jsonschema.validators import extend

MAX_PATTERN = 1_000  # characters of one pattern: form rules are short; a huge one only costs compile memory
_OPTIONS = re2.Options()
_OPTIONS.log_errors = False  # RE2 prints parse errors to stderr otherwise; we report them ourselves
_OPTIONS.max_mem = 1 << 22  # 4 MiB per compiled pattern; beyond it RE2 falls back to its (still linear) NFA
_ECMA_ESCAPE = re.compile(r"\\(?:u\{([0-9A-Fa-f]{1,6})\}|u([0-9A-Fa-f]{4})|c([A-Za-z])|(.))", re.DOTALL)
_SKIP = frozenset({"const", "enum", "default", "examples"})  # data, not schemas: a "pattern" key there is text


class PatternError(ValueError):
    """A pattern RE2 cannot run; the message says why in Chinese first, then English."""


def to_re2(pattern: str) -> str:
    """The ECMA-262 ``pattern`` in RE2 syntax (only the escapes that differ are rewritten)."""

    def escape(found: re.Match[str]) -> str:
        code = found[1] or found[2]
        if code:
            return f"\\x{{{code}}}"
        if found[3]:
            return f"\\x{{{ord(found[3].upper()) % 32:02x}}}"
        return found[0]

    return _ECMA_ESCAPE.sub(escape, pattern)


@lru_cache(maxsize=2048)
def compile_pattern(pattern: str) -> Any:
    """The compiled RE2 regex for a schema pattern; raises PatternError when RE2 cannot run it."""
    if len(pattern) > MAX_PATTERN:
        raise PatternError(f"正则表达式超过 {MAX_PATTERN} 个字符 (the pattern is longer than {MAX_PATTERN} characters)")
    try:
        return re2.compile(to_re2(pattern), _OPTIONS)
    except re2.error as exc:
        reason = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        raise PatternError(
            f"正则表达式无法以线性时间运行，请改写（不支持反向引用和前后查找）"
            f" (the pattern cannot run in linear time: {reason}; backreferences and lookaround are not supported)"
        ) from None


def search(pattern: str, text: str) -> bool:
    """``re.search`` semantics with RE2. Text RE2 cannot encode (a lone surrogate) matches nothing."""
    try:
        return compile_pattern(pattern).search(text) is not None
    except UnicodeEncodeError:
        return False


def is_linear_regex(instance: object) -> bool:
    """The ``regex`` format: a string RE2 can compile (a citizen's regex is never handed to ``re``)."""
    if not isinstance(instance, str):
        return True
    try:
        compile_pattern(instance)
    except (PatternError, UnicodeEncodeError):
        return False
    return True


def pattern_problems(schema: Any, pointer: str = "") -> Iterator[tuple[str, str, str]]:
    """(keyword, JSON pointer, message) for every ``pattern`` / ``patternProperties`` key RE2 cannot run."""
    pending: list[tuple[Any, str]] = [(schema, pointer)]
    while pending:
        node, where = pending.pop()
        if isinstance(node, list):
            pending += [(item, f"{where}/{index}") for index, item in enumerate(node)]
            continue
        if not isinstance(node, dict):
            continue
        for key, value in node.items():
            here = f"{where}/{_escape(key)}"
            if key == "pattern" and isinstance(value, str):
                yield from _problem("pattern", here, value)
            elif key == "patternProperties" and isinstance(value, dict):
                for name in value:
                    yield from _problem("patternProperties", f"{here}/{_escape(name)}", name)
            if key not in _SKIP:
                pending.append((value, here))


def _problem(keyword: str, pointer: str, pattern: str) -> Iterator[tuple[str, str, str]]:
    try:
        compile_pattern(pattern)
    except (PatternError, UnicodeEncodeError) as exc:
        yield keyword, pointer, str(exc) if isinstance(exc, PatternError) else "正则表达式含有无效字符 (invalid text)"


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def unevaluated_with_pattern_properties(schema: Any) -> bool:
    """jsonschema's ``unevaluatedProperties`` matches ``patternProperties`` with Python's ``re``; we refuse the pair."""
    text_keys: set[str] = set()
    pending: list[Any] = [schema]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            text_keys.update(key for key in node if key in ("unevaluatedProperties", "patternProperties"))
            pending += [value for key, value in node.items() if key not in _SKIP]
        elif isinstance(node, list):
            pending += node
    return len(text_keys) == 2


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and not search(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _pattern_properties(validator: Any, patterns: dict[str, Any], instance: Any, schema: Any) -> Iterator[Any]:
    if not validator.is_type(instance, "object"):
        return
    for pattern, subschema in patterns.items():
        for name, value in instance.items():
            if search(pattern, name):
                yield from validator.descend(value, subschema, path=name, schema_path=pattern)


def _additional_properties(validator: Any, additional: Any, instance: Any, schema: Any) -> Iterator[Any]:
    if not validator.is_type(instance, "object"):
        return
    declared = schema.get("properties", {})
    patterns = list(schema.get("patternProperties", {}))
    extras = [
        name for name in instance if name not in declared and not any(search(pattern, name) for pattern in patterns)
    ]
    if validator.is_type(additional, "object"):
        for name in extras:
            yield from validator.descend(instance[name], additional, path=name)
    elif not additional and extras:
        yield ValidationError(f"Additional properties are not allowed ({', '.join(map(repr, sorted(extras)))})")


@lru_cache(maxsize=16)
def linear_validator(cls: type[Validator]) -> type[Validator]:
    """``cls`` (a jsonschema draft's validator) with every regex keyword evaluated by RE2."""
    extended: type[Validator] = extend(
        cls,
        {"pattern": _pattern, "patternProperties": _pattern_properties, "additionalProperties": _additional_properties},
    )
    extended.__name__ = extended.__qualname__ = cls.__name__  # still that draft's validator, for messages and tests
    return extended
