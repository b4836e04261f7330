"""Typed errors of the forms layer: what a schema author or a caller needs to fix."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Unsupported:
    """One thing in a schema that the form generator cannot render.

    ``pointer`` is a JSON pointer into the schema document ("" is the root), or into the ui document for
    mistakes in the hints themselves (``ui:sections``, ``ui:columns``, ``ui:width``, a non-text ``ui:widget``).
    """

    keyword: str
    pointer: str
    message: str

    def __str__(self) -> str:
        return f"{self.keyword} at {self.pointer or '/'}: {self.message}"


class FormSchemaError(ValueError):
    """The schema is not valid JSON Schema, or uses keywords that cannot become a form."""

    def __init__(self, problems: list[Unsupported]) -> None:
        self.problems = list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        lines = [f"schema cannot be rendered as a form ({len(self.problems)} problem(s)):"]
        lines += [f"  - {problem}" for problem in self.problems]
        return "\n".join(lines)


class UnrepresentableData(ValueError):
    """The data cannot be expressed as the fields a browser would post for this form.

    Raised by ``CompiledForm.encode`` for instances such as a non-object root, a value of the wrong
    type, an unknown property or an empty string (which a form cannot tell apart from "not given").
    """

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path or '(root)'}: {reason}")
