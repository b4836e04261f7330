"""``compile_form`` and the ``CompiledForm`` the app renders, parses and validates with."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from jsonschema.protocols import Validator
from jsonschema.validators import extend, validator_for
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from forms.compiler import FormCompiler
from forms.encode import FormEncoder
from forms.errors import FormSchemaError, Unsupported
from forms.files import StoreFile, is_reference
from forms.formats import FORMAT_CHECKER
from forms.formdata import get_list
from forms.limits import expansion_problem, size_problems
from forms.messages import DEFAULT_LOCALE, message, normalise_locale
from forms.nodes import Field
from forms.parse import FormReader, ParseResult
from forms.regex import linear_validator, pattern_problems, unevaluated_with_pattern_properties
from forms.render import render_error_summary, render_form
from forms.schema_view import TUPLE_MESSAGE
from forms.summary import materials, summarise
from forms.validate import locate, map_errors

MAX_SCHEMA_PROBLEMS = 50


def schema_problems(schema: Any) -> tuple[type[Validator] | None, list[Unsupported]]:
    """Check ``schema`` against its metaschema; the validator class to use and what is wrong."""
    if not isinstance(schema, dict | bool):
        return None, [Unsupported("type", "", f"a schema must be a JSON object, not {type(schema).__name__}")]
    try:
        cls = validator_for(schema, default=Draft202012Validator)
    except Exception as exc:  # unknown $schema URIs and the like
        return None, [Unsupported("$schema", "/$schema", str(exc))]
    meta = cls(cls.META_SCHEMA, format_checker=cls.FORMAT_CHECKER)
    problems: list[Unsupported] = []
    for error in meta.iter_errors(schema):
        pointer = "".join(f"/{str(part).replace('~', '~0').replace('/', '~1')}" for part in error.absolute_path)
        keyword = str(error.absolute_path[-1]) if error.absolute_path else str(error.validator)
        if keyword == "items" and isinstance(error.instance, list):
            problem = Unsupported("items", pointer, TUPLE_MESSAGE)  # draft-07's tuple form in a 2020-12 schema
        else:
            problem = Unsupported(keyword, pointer, f"not valid JSON Schema: {_meta_message(error)}")
        if any(p.pointer == pointer and p.keyword == keyword for p in problems):
            continue  # the metaschema reports one cause once per branch it tried
        problems.append(problem)
        if len(problems) >= MAX_SCHEMA_PROBLEMS:
            break
    return cls, problems


def _meta_message(error: ValidationError) -> str:
    """jsonschema's sentence without a long repr of the offending value."""
    if error.validator == "type":
        wanted = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        return f"must be of type {' or '.join(map(str, wanted))}, not {type(error.instance).__name__}"
    return error.message[:200]


def _dependencies(validator: Any, dependencies: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
    """draft-07 ``dependencies``: a list of names is dependentRequired, a schema is dependentSchemas."""
    if not validator.is_type(instance, "object") or not isinstance(dependencies, dict):
        return
    for name, dependency in dependencies.items():
        if name not in instance:
            continue
        if isinstance(dependency, list):
            for other in dependency:
                if other not in instance:
                    yield ValidationError(f"{other!r} is a dependency of {name!r}")
        else:
            yield from validator.descend(instance, dependency, schema_path=name)


@cache
def with_draft7_dependencies(cls: type[Validator]) -> type[Validator]:
    """``cls`` that also reads draft-07 ``dependencies`` (authors bring rjsf schemas without a ``$schema``)."""
    extended: type[Validator] = extend(cls, {"dependencies": _dependencies})
    return extended


def compile_form(schema: dict[str, Any], ui: dict[str, Any] | None = None) -> CompiledForm:
    """Compile a JSON Schema (draft 2020-12 unless ``$schema`` names draft-04/06/07 or 2019-09) and ui hints.

    Raises ``FormSchemaError`` listing every keyword (with its JSON pointer) that is invalid or that the
    form generator cannot render. The root must be an object schema with properties.
    """
    try:
        cls, problems = schema_problems(schema)
        if problems or cls is None:
            raise FormSchemaError(problems)
        too_big = expansion_problem(schema)
        if too_big is not None:  # before reading the schema: reading is what takes the time
            raise FormSchemaError([too_big])
        compiler = FormCompiler(schema, ui)
        root = compiler.compile_root()
        problems = compiler.problems + regex_problems(schema) + (size_problems(root) if root else [])
        if problems or root is None:
            raise FormSchemaError(problems)
        # The cached functions key on the class; mypy cannot tell that a type[Validator] (a Protocol) is hashable.
        if compiler.reader.uses_dependencies and "dependencies" not in cls.VALIDATORS:
            cls = with_draft7_dependencies(cls)  # type: ignore[arg-type]
        validator = linear_validator(cls)(schema, format_checker=FORMAT_CHECKER)  # type: ignore[arg-type]
    except RecursionError:
        raise FormSchemaError([Unsupported("$ref", "", "the schema nests or refers to itself too deeply")]) from None
    return CompiledForm(schema, ui, root, validator, compiler.warnings)


def regex_problems(schema: Any) -> list[Unsupported]:
    """Patterns RE2 cannot run, and the one keyword pair jsonschema would still match with Python's ``re``."""
    problems = [Unsupported(keyword, pointer, text) for keyword, pointer, text in pattern_problems(schema)]
    if unevaluated_with_pattern_properties(schema):
        problems.append(
            Unsupported(
                "unevaluatedProperties",
                "",
                "unevaluatedProperties 不能与 patternProperties 同时使用 "
                "(unevaluatedProperties cannot be combined with patternProperties)",
            )
        )
    return problems


class CompiledForm:
    """A form compiled from one schema version: render it, parse posts, validate API data, summarise."""

    def __init__(
        self, schema: Any, ui: dict[str, Any] | None, root: Field, validator: Validator, warnings: list[Unsupported]
    ) -> None:
        self.schema = schema
        self.ui = ui
        self.root = root
        self.validator = validator
        self.warnings = warnings
        self.field_paths: list[str] = []
        self._labels: dict[str, str] = {}
        self._positions: dict[str, tuple[int, ...]] = {}
        self.has_files = False
        self._index(root, "", ())

    def _index(self, node: Field, path: str, position: tuple[int, ...]) -> None:
        if path:
            self._positions[path] = position
        if node.kind == "file":
            self.has_files = True
        if node.kind == "object":
            for index, child in enumerate(node.children):
                self._index(child, node.child_path(path, child.name), (*position, index))
        elif node.kind == "array" and node.item is not None:
            self._index(node.item, f"{path}.*", (*position, 0))
        elif not node.virtual:
            self.field_paths.append(path)
            self._labels[path] = node.label

    def file_field(self, path: str) -> Field | None:
        """The upload field at ``path`` (as ``render`` names it, e.g. ``business.licence``), or None when there is
        no upload field there: its ``accept`` and ``max_bytes`` are the upload rules of that material."""
        node: Field | None = self.root
        for name in path.split(".") if path else ():
            node = next((child for child in node.children if child.name == name), None) if node else None
        return node if node is not None and node.kind == "file" else None

    def field_labels(self) -> dict[str, str]:
        """Each answerable field's path (as ``render`` names it; ``*`` for a row) and its label."""
        return dict(self._labels)

    # rendering -------------------------------------------------------------------------------------------

    def render(
        self,
        values: dict[str, Any] | None = None,
        errors: dict[str, list[str]] | None = None,
        *,
        locale: str = DEFAULT_LOCALE,
        fill_defaults: bool | None = None,
        prefilled: Collection[str] = (),
    ) -> Markup:
        """HTML for the fields only (no <form>, submit button or CSRF input).

        Schema defaults fill absent fields when ``fill_defaults`` is True; by default they do so only when
        ``errors`` is None, i.e. on a first display, not when showing a post again. Fields whose path is in
        ``prefilled`` say that the platform filled them in (the value is whatever ``values`` holds).
        """
        use_defaults = errors is None if fill_defaults is None else fill_defaults
        return render_form(self.root, values, errors, normalise_locale(locale), use_defaults, prefilled)

    def render_error_summary(self, errors: dict[str, list[str]] | None, *, locale: str = DEFAULT_LOCALE) -> Markup:
        """The error summary box linking to each wrong field; empty Markup when there are no errors."""
        ordered = self.order_errors(errors or {})
        links = [(path, text) for path, texts in ordered.items() for text in texts]
        return render_error_summary(links, normalise_locale(locale))

    def order_errors(self, errors: dict[str, list[str]]) -> dict[str, list[str]]:
        """``errors`` sorted in the order their fields appear in the form ("" first)."""
        return dict(sorted(errors.items(), key=lambda item: self._position(item[0])))

    def _position(self, path: str) -> tuple[int, ...]:
        if not path:
            return ()
        parts = path.split(".")
        generic = ".".join("*" if part.isdecimal() else part for part in parts)
        base = self._positions.get(generic) or self._positions.get(path) or (10**9,)
        indices = tuple(int(part) for part in parts if part.isdecimal())
        return (*base, *indices)

    # posted forms ----------------------------------------------------------------------------------------

    def parse(
        self,
        formdata: Mapping[str, Any] | MultiDict[str, str],
        *,
        locale: str = DEFAULT_LOCALE,
        files: Mapping[str, Any] | None = None,
        store_file: StoreFile | None = None,
    ) -> ParseResult:
        """Turn posted fields into JSON and validate it with the schema.

        An add/remove-row button (``_add=<path>``, ``_remove=<path>.<index>``) gives ``rerender=True``,
        ``ok=False``, no errors and the adjusted data to show again. Uploads in ``files`` are checked and
        handed to ``store_file(field_path, upload) -> reference dict``.
        """
        locale = normalise_locale(locale)
        action = _button(formdata)
        reader = FormReader(formdata, files, store_file, locale, keep_empty_rows=action is not None)
        data = reader.read(self.root, "")
        if action is not None:
            self._apply_button(data, *action)
            return ParseResult(data=data, errors={}, ok=False, rerender=True)
        errors = reader.errors
        for path, texts in self.validate(data, locale=locale).items():
            if path not in errors:
                errors[path] = texts
        return ParseResult(data=data, errors=self.order_errors(errors), ok=not errors)

    def validate(self, data: dict[str, Any], *, locale: str = DEFAULT_LOCALE) -> dict[str, list[str]]:
        """Validate JSON (e.g. submitted through the API); translated messages keyed by field path."""
        locale = normalise_locale(locale)
        instance = self._for_validation(self.root, data) if self.has_files else data
        try:
            errors = map_errors(self.validator.iter_errors(instance), self.root, locale)
        except Exception:  # a pattern Python's re cannot run, numbers too big to compare...
            errors = {"": [message("invalid", locale, label=message("form_label", locale))]}
        return self.order_errors(errors)

    def _for_validation(self, node: Field, value: Any) -> Any:
        """File references stand in for the string a file field's schema describes."""
        if node.kind == "file" and is_reference(value):
            return str(value["file_id"])
        if node.kind == "object" and isinstance(value, dict):
            return {
                key: self._for_validation(node.by_name[key], item) if key in node.by_name else item
                for key, item in value.items()
            }
        if node.kind == "array" and isinstance(value, list) and node.item is not None:
            return [self._for_validation(node.item, item) for item in value]
        return value

    def _apply_button(self, data: dict[str, Any], kind: str, target: str) -> None:
        parts = target.split(".")
        array_parts = parts if kind == "_add" else parts[:-1]
        node, reached = locate(self.root, [int(p) if p.isdecimal() else p for p in array_parts])
        if node.kind != "array" or len(reached) != len(array_parts) or node.item is None:
            return
        container: Any = data
        for part in array_parts[:-1]:
            key: Any = int(part) if isinstance(container, list) else part
            if isinstance(container, list):
                if key >= len(container):
                    return
                if container[key] is None:
                    container[key] = {}
                container = container[key]
            else:
                container = container.setdefault(key, {})
        rows = container.setdefault(array_parts[-1], []) if isinstance(container, dict) else None
        if not isinstance(rows, list):
            return
        if kind == "_add":
            if node.max_items is None or len(rows) < node.max_items:
                rows.append({} if node.item.kind == "object" else None)
        elif parts[-1].isdecimal() and int(parts[-1]) < len(rows):
            del rows[int(parts[-1])]

    def encode(self, data: dict[str, Any]) -> MultiDict[str, str]:
        """The fields a browser would post for ``data``; raises ``UnrepresentableData`` if it cannot."""
        return FormEncoder().encode_root(self.root, data)

    def summary(self, data: dict[str, Any], *, locale: str = DEFAULT_LOCALE) -> list[tuple[str, str]]:
        """(label, readable value) for each answered field, for "check your answers" and case views."""
        return summarise(self.root, data, normalise_locale(locale))

    def materials(self, data: dict[str, Any], *, locale: str = DEFAULT_LOCALE) -> list[tuple[str, dict[str, Any]]]:
        """The uploaded files ``data`` names, as (field label, file reference), in form order."""
        return materials(self.root, data, normalise_locale(locale))


def _button(formdata: Any) -> tuple[str, str] | None:
    for kind in ("_add", "_remove"):
        values = get_list(formdata, kind)
        if values:
            return kind, values[0]
    return None
