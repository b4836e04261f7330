"""Turn a JSON Schema (+ ui hints) into the tree of ``Field`` nodes, or say why it cannot."""

from __future__ import annotations

import json
from typing import Any

from forms.branches import Variant, combine_variants
from forms.errors import Unsupported
from forms.nodes import MISSING, SHAPE_FIELD, Choice, Clause, Condition, Field, Section, ShapeOption
from forms.schema_view import SchemaReader, View, escape_pointer

Stack = tuple[str, ...]
Occurrences = list[tuple[Any, str]]

WIDGETS: dict[str, frozenset[str]] = {
    "text": frozenset(
        {"", "text", "textarea", "password", "hidden", "email", "uri", "color", "date", "datetime", "time"}
        | {"alt-date", "alt-datetime", "upload"}
    ),
    "integer": frozenset({"", "text", "hidden", "updown", "range"}),
    "number": frozenset({"", "text", "hidden", "updown", "range"}),
    "boolean": frozenset({"", "checkbox", "radio", "select", "hidden"}),
    "null": frozenset({"", "hidden"}),
    "choice": frozenset({"", "radio", "select", "hidden"}),
    "multichoice": frozenset({"", "checkboxes", "select", "hidden"}),
    "file": frozenset({"", "upload"}),
    "object": frozenset({""}),
    "array": frozenset({""}),
}
# A string allowed this many characters or more is written in lines: a text area unless ui:widget says otherwise.
LONG_TEXT_LENGTH = 200
INPUT_TYPES = {"date": "date", "email": "email", "uri": "url", "cn-mobile": "tel"}
# Text widgets that are one <input> of another type (a time or datetime input cannot show "+08:00": text).
WIDGET_INPUT_TYPES = {"email": "email", "uri": "url", "color": "color", "date": "date"}
# react-jsonschema-form's standard widgets (short names and class names) -> ours.
RJSF_WIDGETS = {
    "TextWidget": "text", "TextareaWidget": "textarea", "PasswordWidget": "password", "HiddenWidget": "hidden",
    "EmailWidget": "email", "URLWidget": "uri", "url": "uri", "ColorWidget": "color", "DateWidget": "date",
    "DateTimeWidget": "datetime", "date-time": "datetime", "TimeWidget": "time", "AltDateWidget": "alt-date",
    "AltDateTimeWidget": "alt-datetime", "UpDownWidget": "updown", "RangeWidget": "range",
    "RadioWidget": "radio", "SelectWidget": "select", "CheckboxWidget": "checkbox",
    "CheckboxesWidget": "checkboxes", "FileWidget": "upload", "file": "upload", "files": "upload",
    "data-url": "upload",
}  # fmt: skip
KNOWN_WIDGETS = frozenset().union(*WIDGETS.values()) | {"upload"}
KIND_NAMES = {
    "text": "a text field", "integer": "an integer field", "number": "a number field", "boolean": "a yes/no field",
    "null": "an empty (null) field", "choice": "a single-choice field", "multichoice": "a multiple-choice list",
    "file": "a file upload", "object": "a group of fields", "array": "a list of rows",
}  # fmt: skip
RESERVED_ROOT_NAMES = frozenset({"_add", "_remove"})
MAX_DEPTH = 32
RADIO_LIMIT = 6
COLUMNS = (1, 2, 3)
WIDTHS = ("full",)
SECTION_KEYS = frozenset({"title", "fields", "help"})
# The ui hints we read; any other "ui:" key is listed in ``warnings`` (rjsf has more, e.g. ui:options).
UI_KEYS = frozenset(
    {
        "ui:order", "ui:widget", "ui:title", "ui:help", "ui:description", "ui:placeholder", "ui:readonly",
        "ui:accept", "ui:maxBytes", "ui:sections", "ui:columns", "ui:width", "ui:enumNames",
    }
)  # fmt: skip
OBJECT_UI_KEYS = frozenset({"ui:order", "ui:sections", "ui:columns"})


def choice_tokens(values: list[Any]) -> list[str]:
    """Posted tokens for choice values: the strings themselves, or JSON text when any value is not a
    non-empty string (so "" stays free for "nothing chosen")."""
    if all(isinstance(value, str) and value for value in values):
        return list(values)
    return [json.dumps(value, ensure_ascii=False, sort_keys=True) for value in values]


def _ui_child(ui: dict[str, Any], key: str) -> dict[str, Any]:
    child = ui.get(key)
    return child if isinstance(child, dict) else {}


class FormCompiler:
    """Builds the field tree; ``problems`` lists what cannot be rendered, ``warnings`` what was ignored."""

    def __init__(self, schema: Any, ui: dict[str, Any] | None) -> None:
        self.reader = SchemaReader(schema)
        self.schema = schema
        self.ui = ui if isinstance(ui, dict) else {}
        if ui is not None and not isinstance(ui, dict):
            self.reader.problem("ui", "", "the ui hints document must be a JSON object")

    @property
    def problems(self) -> list[Unsupported]:
        return self.reader.problems

    @property
    def warnings(self) -> list[Unsupported]:
        return self.reader.warnings

    def compile_root(self) -> Field | None:
        """The root object field, or None when the root is not an object form."""
        if not isinstance(self.schema, dict):
            self.reader.problem("type", "", "form root must be an object schema")
            return None
        view = self.reader.view([(self.schema, "")], ())
        is_object = "object" in view.types if view.types is not None else bool(view.properties)
        if not is_object or view.never:
            self.reader.problem("type", "", "form root must be an object (type: object with properties)")
            return None
        self._check_ui_keys(self.ui, "", "object")
        parts = self._object_parts(view, self.ui, "", (), depth=0, root=True)
        return Field(name="", kind="object", label=str(view.keywords.get("title") or ""), pointer="", **parts)

    # objects ---------------------------------------------------------------------------------------------

    def _object_parts(
        self, view: View, ui: dict[str, Any], ui_pointer: str, stack: Stack, depth: int, root: bool = False
    ) -> dict[str, Any]:
        """children, sections and columns of an object field."""
        required = set(view.required)
        fields: dict[str, Field] = {}
        for name, occurrences in view.properties.items():
            if not self._usable_name(name, occurrences[0][1], root):
                continue
            child_ui, child_pointer = _ui_child(ui, name), _ui_pointer(ui_pointer, name)
            built = self._field(name, occurrences, child_ui, child_pointer, stack, depth, required=name in required)
            if built is not None:
                fields[name] = built
        shape_parts = self._add_conditional_fields(view, ui, ui_pointer, stack, depth, fields)
        for name, others in view.dependent_required.items():
            for other in others:
                if other in fields and name not in fields[other].required_when:
                    fields[other].required_when += (name,)
        ordered = self._ordered(fields, ui, view.pointer)
        sections = self._sections(ui, ui_pointer, fields)
        in_sections = [name for section in sections for name in section.names]
        children = [fields[name] for name in in_sections] + [f for f in ordered if f.name not in in_sections]
        columns = self._columns(ui, ui_pointer)
        return {"children": tuple(children), "sections": sections, "columns": columns, **shape_parts}

    def _sections(self, ui: dict[str, Any], ui_pointer: str, fields: dict[str, Field]) -> tuple[Section, ...]:
        """``ui:sections``: headed groups of fields, checked against the object's fields."""
        if "ui:sections" not in ui:
            return ()
        pointer = f"{ui_pointer}/ui:sections"
        entries = ui["ui:sections"]
        if not isinstance(entries, list):
            self.reader.problem("ui:sections", pointer, "ui:sections must be a list of {title, fields, help}")
            return ()
        sections: list[Section] = []
        placed: set[str] = set()
        for index, entry in enumerate(entries):
            section = self._section(entry, f"{pointer}/{index}", fields, placed)
            if section is not None:
                sections.append(section)
        return tuple(sections)

    def _section(self, entry: Any, pointer: str, fields: dict[str, Field], placed: set[str]) -> Section | None:
        if not isinstance(entry, dict):
            self.reader.problem("ui:sections", pointer, "a section must be an object {title, fields, help}")
            return None
        for key in sorted(set(entry) - SECTION_KEYS, key=str):
            self.warnings.append(
                Unsupported("ui:sections", f"{pointer}/{escape_pointer(str(key))}", f"{key!r} is ignored")
            )
        title, names, help_text = entry.get("title"), entry.get("fields"), entry.get("help")
        ok = True
        if not isinstance(title, str) or not title.strip():
            self.reader.problem("ui:sections", f"{pointer}/title", "a section needs a title (its heading)")
            ok = False
        if help_text is not None and not isinstance(help_text, str):
            self.reader.problem("ui:sections", f"{pointer}/help", "a section's help must be text")
            ok = False
        if not isinstance(names, list) or not names:
            self.reader.problem("ui:sections", f"{pointer}/fields", "a section needs a non-empty list of field names")
            return None
        for index, name in enumerate(names):
            where = f"{pointer}/fields/{index}"
            if not isinstance(name, str) or name not in fields:
                self.reader.problem("ui:sections", where, f"a section names unknown field {name!r}")
                ok = False
            elif name in placed:
                self.reader.problem("ui:sections", where, f"field {name!r} is already in a section")
                ok = False
            else:
                placed.add(name)
        if not ok:
            return None
        return Section(title=str(title), names=tuple(names), help=help_text)

    def _columns(self, ui: dict[str, Any], ui_pointer: str) -> int:
        columns = ui.get("ui:columns", 1)
        if isinstance(columns, bool) or columns not in COLUMNS:
            self.reader.problem(
                "ui:columns", f"{ui_pointer}/ui:columns", f"ui:columns must be 1, 2 or 3, not {json.dumps(columns)}"
            )
            return 1
        return int(columns)

    def _check_ui_keys(self, ui: dict[str, Any], ui_pointer: str, kind: str) -> None:
        """Warn about ui hints we do not read, or that mean nothing for this kind of field."""
        for key in ui:
            if not isinstance(key, str) or not key.startswith("ui:"):
                continue
            where = f"{ui_pointer}/{escape_pointer(key)}"
            if key not in UI_KEYS:
                self.warnings.append(Unsupported(key, where, f"{key} is not a ui hint this form generator reads"))
            elif key in OBJECT_UI_KEYS and kind != "object":
                self.warnings.append(Unsupported(key, where, f"{key} only applies to an object's fields"))

    def _add_conditional_fields(
        self, view: View, ui: dict[str, Any], ui_pointer: str, stack: Stack, depth: int, fields: dict[str, Field]
    ) -> dict[str, Any]:
        branches: list[tuple[View, Condition | None]] = []
        for conditional in view.conditionals:
            condition = self._condition(conditional.when, fields)
            if conditional.then is not None:
                branches.append((conditional.then, condition))
            if conditional.otherwise is not None:
                negated = Condition(condition.clauses, negate=True) if condition else None
                branches.append((conditional.otherwise, negated))
        for name, dependent in view.dependent_schemas:
            branches.append((dependent, Condition((Clause(name, None),))))
        shape_parts: dict[str, Any] = {}
        if view.shapes:
            shape_parts = self._shape_branches(view, fields, branches)
        variants: dict[str, list[Variant]] = {}
        for branch, condition in branches:
            self._add_branch(branch, condition, ui, ui_pointer, stack, depth, fields, variants)
        for name, found in variants.items():
            fields[name] = combine_variants(found)
        for shape in shape_parts.get("shapes", ()):
            for name in shape.names:
                owners = tuple(other.token for other in shape_parts["shapes"] if name in other.names)
                if name in fields:
                    fields[name].shape_tokens = owners
        return shape_parts

    def _add_shapes_of_branch(
        self,
        branch: View,
        condition: Condition | None,
        ui: dict[str, Any],
        ui_pointer: str,
        stack: Stack,
        depth: int,
        fields: dict[str, Field],
        variants: dict[str, list[Variant]],
    ) -> None:
        """Shapes inside a branch, keyed by a field each fixes: each shape's fields follow that field's answer.
        Without such a field they are shown with the branch, and jsonschema judges the oneOf on submit."""
        selector, tokens = self._shape_discriminator(branch, fields)
        for index, shape in enumerate(branch.shapes):
            if selector is None:
                self._add_branch(shape.view, condition, ui, ui_pointer, stack, depth, fields, variants)
                continue
            clauses = (
                (*condition.clauses, Clause(selector, (tokens[index],))) if condition and not condition.negate else None
            )
            inner = Condition(clauses) if clauses else Condition((Clause(selector, (tokens[index],)),))
            self._add_branch(shape.view, inner, ui, ui_pointer, stack, depth, fields, variants)

    def _shape_branches(
        self, view: View, fields: dict[str, Field], branches: list[tuple[View, Condition | None]]
    ) -> dict[str, Any]:
        """A oneOf/anyOf between object shapes: a selector (a base choice field every shape fixes with a const,
        or a choice of its own that is posted but not stored), then each shape's fields as a branch."""
        selector, tokens = self._shape_discriminator(view, fields)
        if selector is None:
            selector, tokens = SHAPE_FIELD, [str(index + 1) for index in range(len(view.shapes))]
            titles = [shape.title for shape in view.shapes]
            fields[SHAPE_FIELD] = Field(
                name=SHAPE_FIELD,
                kind="choice",
                label=str(view.keywords.get("title") or ""),
                pointer=view.pointer,
                marked_required=True,
                virtual=True,
                choices=tuple(Choice(token, token, title) for token, title in zip(tokens, titles, strict=True)),
                widget="radio" if len(tokens) <= RADIO_LIMIT else "select",
            )
        options: list[ShapeOption] = []
        for shape, token in zip(view.shapes, tokens, strict=True):
            consts: dict[str, Any] = {}
            if selector == SHAPE_FIELD:
                consts = self._shape_consts(shape.view, fields)
            names = tuple(name for name in shape.view.properties if name not in fields and name not in consts)
            for name in consts:
                del shape.view.properties[name]  # fixed by the selector: no field to fill in
            options.append(ShapeOption(token, shape.title, names, consts))
            branches.append((shape.view, Condition((Clause(selector, (token,)),))))
        return {"shape_selector": selector, "shapes": tuple(options)}

    def _shape_discriminator(self, view: View, fields: dict[str, Field]) -> tuple[str | None, list[str]]:
        """A base choice field that each shape fixes to a different value, and the token each shape fixes."""
        for name, target in fields.items():
            if target.kind != "choice":
                continue
            tokens = []
            for shape in view.shapes:
                value = self._const_of(shape.view, name)
                token = target.token_for(value) if value is not MISSING else None
                if token is None or token in tokens:
                    break
                tokens.append(token)
            else:
                return name, tokens
        return None, []

    def _shape_consts(self, shape: View, fields: dict[str, Field]) -> dict[str, Any]:
        consts = {}
        for name in shape.properties:
            value = self._const_of(shape, name)
            if value is not MISSING and name not in fields:
                consts[name] = value
        return consts

    def _const_of(self, shape: View, name: str) -> Any:
        """The one value a shape fixes a property to (``const`` or a one-value ``enum``), or MISSING."""
        occurrences = shape.properties.get(name)
        if not occurrences or len(occurrences) != 1:
            return MISSING
        sub = self.reader.condition_view(occurrences[0][0], occurrences[0][1], ())
        if "const" in sub.keywords:
            return sub.keywords["const"]
        enum = sub.keywords.get("enum")
        return enum[0] if isinstance(enum, list) and len(enum) == 1 else MISSING

    def _add_branch(
        self,
        branch: View,
        condition: Condition | None,
        ui: dict[str, Any],
        ui_pointer: str,
        stack: Stack,
        depth: int,
        fields: dict[str, Field],
        variants: dict[str, list[Variant]],
    ) -> None:
        """Fields a branch declares (one variant per branch: choices and limits follow the branch), and
        required-when marks for fields the branch only makes required."""
        for name, occurrences in branch.properties.items():
            if name in fields and name not in variants:
                continue  # declared unconditionally: jsonschema applies the branch's extra rules on submit
            if not self._usable_name(name, occurrences[0][1], depth == 0):
                continue
            child_ui, child_pointer = _ui_child(ui, name), _ui_pointer(ui_pointer, name)
            built = self._field(name, occurrences, child_ui, child_pointer, stack, depth, required=False)
            if built is not None:
                variants.setdefault(name, []).append(Variant(condition, built, name in branch.required))
                fields.setdefault(name, built)  # its place in field order; replaced by the combination
        if branch.shapes:  # rjsf's dependencies: {x: {oneOf: [shape fixing x to a value, ...]}}
            self._add_shapes_of_branch(branch, condition, ui, ui_pointer, stack, depth, fields, variants)
        for name in branch.required:
            target = fields.get(name)
            if target is None or name in variants or condition is None:
                continue
            if not target.marked_required and condition not in target.required_if:
                target.required_if += (condition,)
        # Conditions nested inside a branch are enforced on submit; their fields follow the outer branch only.
        for conditional in branch.conditionals:
            for nested in (conditional.then, conditional.otherwise):
                if nested is not None:
                    self._add_branch(nested, condition, ui, ui_pointer, stack, depth, fields, variants)
        for _name, dependent in branch.dependent_schemas:
            self._add_branch(dependent, condition, ui, ui_pointer, stack, depth, fields, variants)

    def _usable_name(self, name: str, pointer: str, root: bool) -> bool:
        if not name or "." in name:
            self.reader.problem("properties", pointer, f"property name {name!r} cannot be a field name (empty or '.')")
            return False
        if root and name in RESERVED_ROOT_NAMES:
            self.reader.problem("properties", pointer, f"property name {name!r} is reserved for form buttons")
            return False
        return True

    def _ordered(self, fields: dict[str, Field], ui: dict[str, Any], pointer: str) -> list[Field]:
        order = ui.get("ui:order")
        if not isinstance(order, list):
            return list(fields.values())
        named = [name for name in order if isinstance(name, str) and name != "*"]
        for name in named:
            if name not in fields:
                self.warnings.append(Unsupported("ui:order", pointer, f"ui:order names unknown field {name!r}"))
        rest = [name for name in fields if name not in named]
        names: list[str] = []
        for name in order if "*" in order else [*order, "*"]:
            names += rest if name == "*" else [name] if name in fields else []
        return [fields[name] for name in names]

    def _condition(self, when: View, fields: dict[str, Field]) -> Condition | None:
        """A show/hide condition the browser can evaluate, or None (then the field is always shown)."""
        if when.conditionals or when.has_not or when.choices or when.items or when.types or when.keywords:
            return None
        clauses: list[Clause] = []
        for name, occurrences in when.properties.items():
            target = fields.get(name)
            sub = self.reader.condition_view(occurrences[0][0], occurrences[0][1], ())
            values = [sub.keywords["const"]] if "const" in sub.keywords else sub.keywords.get("enum")
            if target is None or not isinstance(values, list) or len(occurrences) > 1:
                return None
            tokens = [self._token(target, value) for value in values]
            clauses.append(Clause(name, tuple(t for t in tokens if t is not None), name not in when.required))
        clauses += [Clause(name, None) for name in when.required if name not in when.properties and name in fields]
        return Condition(tuple(clauses)) if clauses else None

    @staticmethod
    def _token(target: Field, value: Any) -> str | None:
        if target.kind in ("choice", "boolean"):
            return target.token_for(value)
        if target.kind == "text" and isinstance(value, str):
            return value
        if target.kind in ("integer", "number") and isinstance(value, int | float) and not isinstance(value, bool):
            return json.dumps(value)
        return None

    # fields ----------------------------------------------------------------------------------------------

    def _field(
        self,
        name: str,
        occurrences: Occurrences,
        ui: dict[str, Any],
        ui_pointer: str,
        stack: Stack,
        depth: int,
        required: bool,
    ) -> Field | None:
        if depth > MAX_DEPTH:
            self.reader.problem("properties", occurrences[0][1], f"forms nest at most {MAX_DEPTH} levels deep")
            return None
        known = len(self.reader.problems)
        view = self.reader.view(occurrences, stack)
        if view.never:
            return None
        if len(self.reader.problems) > known and view.types is None and not view.properties and view.choices is None:
            return None  # e.g. a recursive $ref: reported once, not again as "needs a type"
        stack = (*stack, *view.followed)
        common = self._common(name, view, ui, ui_pointer, required)
        kind = self._kind(view)
        if kind is None:
            return None
        self._check_ui_keys(ui, ui_pointer, kind)
        built: Field | None
        if kind == "object":
            built = Field(kind="object", **self._object_parts(view, ui, ui_pointer, stack, depth + 1), **common)
        elif kind == "array":
            built = self._array(view, ui, ui_pointer, stack, depth, common)
        elif kind == "choice":
            built = Field(kind="choice", choices=self._choices(view, ui), **common)
            if not built.widget:
                built.widget = "radio" if len(built.choices) <= RADIO_LIMIT else "select"
        else:
            built = self._scalar(kind, view, ui, common)
            if kind == "boolean":
                self._boolean_widget(built)
                titles = _enum_names(ui, view.keywords, 2)
                if titles:
                    built.choices = (Choice(True, "true", titles[0]), Choice(False, "false", titles[1]))
        if built is not None and built.widget not in WIDGETS[built.kind]:
            fitting = ", ".join(sorted(WIDGETS[built.kind] - {""})) or "none"
            self.reader.problem(
                "ui:widget",
                view.pointer,
                f"widget {built.widget!r} cannot show {KIND_NAMES[built.kind]} (widgets that can: {fitting})",
            )
        return built

    def _common(self, name: str, view: View, ui: dict[str, Any], ui_pointer: str, required: bool) -> dict[str, Any]:
        keywords = view.keywords
        title = ui.get("ui:title", keywords.get("title"))
        help_text = ui.get("ui:help", ui.get("ui:description", keywords.get("description")))
        placeholder = ui.get("ui:placeholder")
        examples = keywords.get("examples")
        if placeholder is None and isinstance(examples, list) and examples and not isinstance(examples[0], dict | list):
            placeholder = str(examples[0])
        widget = self._widget(ui.get("ui:widget", ""), f"{ui_pointer}/ui:widget")
        width = ui.get("ui:width")
        if width is not None and width not in WIDTHS:
            self.reader.problem(
                "ui:width", f"{ui_pointer}/ui:width", f'ui:width can only be "full", not {json.dumps(width)}'
            )
        return {
            "name": name,
            "label": title if isinstance(title, str) and title else name,
            "pointer": view.pointer,
            "required": required,
            "marked_required": required,
            "help": help_text if isinstance(help_text, str) else None,
            "placeholder": placeholder if isinstance(placeholder, str) else None,
            "read_only": keywords.get("readOnly") is True or ui.get("ui:readonly") is True,
            "default": keywords.get("default", MISSING),
            "widget": widget,
            "span_full": width == "full",
        }

    @staticmethod
    def _boolean_widget(built: Field) -> None:
        """A required yes/no is a box (unticked: false); an optional one is a box only when the schema says
        unticked means false (``default: false``), else 是/否/未填 radios so that false can be answered."""
        false_by_default = built.default is False
        if built.widget in ("", "checkbox"):
            built.unticked_false = built.required or false_by_default
        if not built.widget:
            built.widget = "checkbox" if built.unticked_false else "radio"

    def _widget(self, widget: Any, pointer: str) -> str:
        """Our name for ``ui:widget`` (rjsf's names mapped); an unknown widget is a warning: the default is used."""
        if not isinstance(widget, str):
            self.reader.problem("ui:widget", pointer, "ui:widget must be a widget name")
            return ""
        widget = RJSF_WIDGETS.get(widget, widget)
        if widget not in KNOWN_WIDGETS:
            self.warnings.append(
                Unsupported("ui:widget", pointer, f"widget {widget!r} is unknown; the field uses its default widget")
            )
            return ""
        return widget

    def _kind(self, view: View) -> str | None:
        types = view.types
        if types is not None and not types:
            self.reader.problem("type", view.pointer, "the types given here contradict each other")
            return None
        if types is None:
            if view.properties:
                return "object"
            if view.choices is not None or "enum" in view.keywords or "const" in view.keywords:
                return "choice"
            keyword = "not" if view.has_not else "type"
            self.reader.problem(keyword, view.pointer, "a field needs a type (or enum/const) to know what to ask for")
            return None
        for compound in ("object", "array"):
            if compound in types:
                if types != {compound}:
                    self.reader.problem("type", view.pointer, f"a field cannot be both {compound} and something else")
                    return None
                return compound
        if types <= {"boolean", "null"} and "boolean" in types and view.choices is None:
            return "boolean"
        if view.choices is not None or "enum" in view.keywords or "const" in view.keywords:
            return "choice"
        scalar = types - {"null"}
        if not scalar:
            return "null"
        if scalar <= {"number", "integer"}:
            return "number" if "number" in scalar else "integer"
        if len(scalar) > 1:
            self.reader.problem("type", view.pointer, "a field can have one type (optionally with null)")
            return None
        return {"string": "text", "boolean": "boolean"}[next(iter(scalar))]

    def _choices(self, view: View, ui: dict[str, Any]) -> tuple[Choice, ...]:
        if view.choices is not None:
            pairs = view.choices
        elif isinstance(view.keywords.get("enum"), list):
            enum = view.keywords["enum"]
            titles = _enum_names(ui, view.keywords, len(enum)) or [None] * len(enum)
            pairs = list(zip(enum, titles, strict=True))
        else:
            pairs = [(view.keywords.get("const"), None)]
        tokens = choice_tokens([value for value, _ in pairs])
        seen: set[str] = set()
        choices: list[Choice] = []
        for (value, title), token in zip(pairs, tokens, strict=True):
            if token not in seen:
                seen.add(token)
                choices.append(Choice(value, token, title))
        return tuple(choices)

    def _scalar(self, kind: str, view: View, ui: dict[str, Any], common: dict[str, Any]) -> Field:
        keywords = view.keywords
        nullable = view.types is not None and "null" in view.types and kind != "null"
        media = keywords.get("contentMediaType")
        if kind == "text" and (isinstance(media, str) or common["widget"] == "upload"):
            accept = ui.get("ui:accept", [media] if isinstance(media, str) else [])
            if isinstance(accept, str):
                accept = [part.strip() for part in accept.split(",") if part.strip()]
            max_bytes = ui.get("ui:maxBytes")
            return Field(
                kind="file",
                nullable=nullable,
                accept=tuple(item for item in accept if isinstance(item, str)),
                max_bytes=max_bytes if isinstance(max_bytes, int) and not isinstance(max_bytes, bool) else None,
                **common,
            )
        fmt = keywords.get("format") if isinstance(keywords.get("format"), str) else None
        input_type = WIDGET_INPUT_TYPES.get(common["widget"]) or INPUT_TYPES.get(fmt or "", "text")
        if common["widget"] == "time" and fmt is None:
            input_type = "time"
        limits = _number_limits(keywords) if kind in ("integer", "number") else {}
        if common["widget"] == "range" and (limits.get("minimum") is None or limits.get("maximum") is None):
            self.warnings.append(
                Unsupported(
                    "ui:widget", view.pointer, "a slider (range) needs minimum and maximum: a number input is used"
                )
            )
            common["widget"] = "updown"
        if kind == "integer" and limits.get("step") is None:
            limits["step"] = 1
        max_length = _non_negative_int(keywords.get("maxLength"))
        if kind == "text" and not common["widget"] and fmt is None and (max_length or 0) >= LONG_TEXT_LENGTH:
            common["widget"] = "textarea"  # an opinion or a description is written in lines, not in one box
        return Field(
            kind=kind,
            nullable=nullable,
            fmt=fmt,
            min_length=_non_negative_int(keywords.get("minLength")),
            max_length=max_length,
            input_type=input_type,
            **limits,
            **common,
        )

    def _array(
        self, view: View, ui: dict[str, Any], ui_pointer: str, stack: Stack, depth: int, common: dict[str, Any]
    ) -> Field | None:
        tuple_keywords = ("items", "prefixItems", "additionalItems")
        if any(p.keyword in tuple_keywords and p.pointer.startswith(view.pointer + "/") for p in self.problems):
            return None  # a tuple array, already refused with one line
        if not view.items:
            self.reader.problem("items", view.pointer, "an array needs 'items' saying what each entry is")
            return None
        known = len(self.reader.problems)
        items_ui, items_pointer = _ui_child(ui, "items"), _ui_pointer(ui_pointer, "items")
        item = self._field("", view.items, items_ui, items_pointer, stack, depth + 1, required=True)
        if item is None:
            if len(self.reader.problems) == known:  # items: false, nothing else said
                self.reader.problem(
                    "items", view.items[0][1], "array entries that can never be valid cannot be rendered"
                )
            return None
        if item.label == "":
            item.label = common["label"]
        min_items = _non_negative_int(view.keywords.get("minItems")) or 0
        max_items = _non_negative_int(view.keywords.get("maxItems"))
        if item.kind == "choice":
            widget = common.pop("widget") or "checkboxes"
            choices = item.choices
            titles = _enum_names(ui, {}, len(choices))
            if titles:
                choices = tuple(Choice(c.value, c.token, t) for c, t in zip(choices, titles, strict=True))
            return Field(
                kind="multichoice",
                choices=choices,
                widget=widget,
                min_items=min_items,
                max_items=max_items,
                **common,
            )
        return Field(kind="array", item=item, min_items=min_items, max_items=max_items, **common)


def _ui_pointer(parent: str, key: str) -> str:
    """The JSON pointer of a field's hints in the ui document."""
    return f"{parent}/{escape_pointer(key)}"


def _enum_names(ui: dict[str, Any], keywords: dict[str, Any], count: int) -> list[str | None] | None:
    """Option labels from ``ui:enumNames`` or the schema's ``enumNames`` (rjsf), when they fit the options."""
    for names in (ui.get("ui:enumNames"), keywords.get("enumNames")):
        if isinstance(names, list) and len(names) == count and all(isinstance(n, str) for n in names):
            return list(names)
    return None


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _number_limits(keywords: dict[str, Any]) -> dict[str, Any]:
    """minimum, maximum and step for number inputs and sliders (draft-04's boolean exclusive* are ignored)."""
    low = keywords.get("minimum") if _is_number(keywords.get("minimum")) else keywords.get("exclusiveMinimum")
    high = keywords.get("maximum") if _is_number(keywords.get("maximum")) else keywords.get("exclusiveMaximum")
    step = keywords.get("multipleOf")
    return {
        "minimum": low if _is_number(low) else None,
        "maximum": high if _is_number(high) else None,
        "step": step if _is_number(step) and step is not None and step > 0 else None,
    }


def _non_negative_int(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0 or value != int(value):
        return None
    return int(value)


__all__ = ["FormCompiler", "choice_tokens", "escape_pointer"]
