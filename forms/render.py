"""Field tree + values + errors -> server-rendered HTML in the GOV.UK Design System pattern.

Labels are bound to inputs, hints and errors are linked with aria-describedby, the error text sits next to
its field, required fields are marked, groups are fieldsets with legends. Only the fields are rendered: the
app's template adds <form novalidate enctype="multipart/form-data">, the CSRF input and the submit button.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from markupsafe import Markup, escape

from forms.dates import DATE_PART_SEPARATOR, split_date_value
from forms.files import dump_reference, human_size, is_reference
from forms.formdata import COUNT_SUFFIX
from forms.messages import message
from forms.nodes import MISSING, Field, Section, dom_id, join_path
from forms.shapes import shape_of

Options = list[tuple[str, str]]


def attrs(**values: Any) -> str:
    """HTML attributes: None/False are left out, True is a bare attribute, ``class_`` becomes class."""
    parts = []
    for key, value in values.items():
        if value is None or value is False:
            continue
        name = key.rstrip("_").replace("_", "-")
        parts.append(f" {name}" if value is True else f' {name}="{escape(value)}"')
    return "".join(parts)


def value_text(value: Any) -> str:
    """What an input shows for a JSON value."""
    if value is MISSING or value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


class Renderer:
    """Renders one form; ``errors`` maps field paths to messages."""

    def __init__(
        self, errors: dict[str, list[str]] | None, locale: str, fill_defaults: bool, prefilled: Collection[str] = ()
    ) -> None:
        self.errors = errors or {}
        self.prefilled = frozenset(prefilled)
        self.locale = locale
        self.fill_defaults = fill_defaults
        self.out: list[str] = []
        self.sections_open = 0  # headed sections around the current field: the next heading is one level down

    def render_children(self, node: Field, path: str, value: Any) -> None:
        """The fields of an object: its ``ui:sections`` first, then the fields in no section."""
        values = value if isinstance(value, dict) else {}
        placed: set[str] = set()
        for index, section in enumerate(node.sections):
            self._section(node, section, index, path, values)
            placed.update(section.names)
        rest = [child for child in node.children if child.name not in placed]
        if rest:
            self._fields(node, rest, path, values)

    def _fields(self, node: Field, children: list[Field], path: str, values: dict[str, Any]) -> None:
        grid = node.columns > 1
        if grid:
            self.out.append(f'<div class="yc-columns yc-columns-{node.columns}">')
        for child in children:
            child_path = node.child_path(path, child.name)
            if child.virtual:  # the shape selector: its answer is which shape the data has
                shape = shape_of(node, values) if values else None
                label = message("shape_label", self.locale, label=child.label) if child.label else None
                self.render(child, child_path, shape.token if shape else MISSING, path, label)
                continue
            self.render(child, child_path, values.get(child.name, MISSING), path)
        if grid:
            self.out.append("</div>")

    def _section(self, node: Field, section: Section, index: int, path: str, values: dict[str, Any]) -> None:
        ident = "yc-section-" + (dom_id(path)[2:] + "-" if path else "") + str(index)
        level = min(2 + self.sections_open, 6)
        hint = f"{ident}-hint" if section.help else None
        self.out.append(f"<section{attrs(class_='yc-section', aria_labelledby=ident, aria_describedby=hint)}>")
        size = "m" if level == 2 else "s"
        self.out.append(
            f'<h{level} class="govuk-heading-{size} yc-section__title" id="{ident}">{escape(section.title)}</h{level}>'
        )
        if section.help:
            self.out.append(f'<div id="{hint}" class="govuk-hint yc-section__help">{escape(section.help)}</div>')
        self.sections_open += 1
        self._fields(node, [node.by_name[name] for name in section.names], path, values)
        self.sections_open -= 1
        self.out.append("</section>")

    def render(self, node: Field, path: str, value: Any, parent_path: str, label: str | None = None) -> None:
        if value is MISSING and self.fill_defaults and node.default is not MISSING:
            value = node.default
        if node.widget == "hidden":
            self._hidden(node, path, value)
            return
        if node.virtual and not label:
            label = message("shape_kind", self.locale)
        getattr(self, f"render_{node.kind}")(node, path, value, parent_path, label or node.label)

    # shared pieces ---------------------------------------------------------------------------------------

    def _group_open(self, node: Field, path: str, parent_path: str, extra_class: str = "") -> None:
        classes = "govuk-form-group" + extra_class + (" yc-span-full" if node.span_full else "")
        classes += " govuk-form-group--error" if path in self.errors else ""
        classes += " yc-prefilled" if path in self.prefilled else ""
        when = node.condition.as_json(parent_path) if node.condition is not None else None
        required_when = None
        if node.required_when or node.required_if:
            names = [json.dumps(join_path(parent_path, name)) for name in node.required_when]
            rules = [rule.as_json(parent_path) for rule in node.required_if]
            required_when = "[" + ", ".join(names + rules) + "]"
        variants = None
        if node.variants:
            variants = (
                "["
                + ", ".join(
                    f'{{"when": {rule.as_json(parent_path)}, "attrs": {json.dumps(limits)}}}'
                    for rule, limits in node.variants
                )
                + "]"
            )
        self.out.append(
            "<div"
            + attrs(
                class_=classes,
                data_field=path,
                data_when=when,
                data_required_when=required_when,
                data_variants=variants,
            )
            + ">"
        )

    def _required_mark(self, node: Field) -> str:
        if not (node.marked_required or node.required_when or node.required_if):
            return ""
        hidden = escape(message("required_marker", self.locale))
        hidden_text = f'<span class="govuk-visually-hidden">{hidden}</span>'
        if node.marked_required:
            return f' <span class="yc-required" aria-hidden="true">*</span>{hidden_text}'
        # shown by forms.js when a field this one depends on is filled in
        return f' <span class="yc-required yc-required-when" hidden>*{hidden_text}</span>'

    def _hint_and_error(self, node: Field, path: str, ident: str) -> str | None:
        """Write hint and error paragraphs; return the aria-describedby value."""
        described = []
        if node.help:
            self.out.append(f'<div id="{ident}-hint" class="govuk-hint">{escape(node.help)}</div>')
            described.append(f"{ident}-hint")
        if path in self.prefilled:
            note = escape(message("prefilled", self.locale))
            self.out.append(f'<div id="{ident}-prefilled" class="govuk-hint yc-prefilled-note">{note}</div>')
            described.append(f"{ident}-prefilled")
        messages = self.errors.get(path)
        if messages:
            prefix = escape(message("error_prefix", self.locale))
            text = "<br>".join(str(escape(m)) for m in messages)
            self.out.append(
                f'<p id="{ident}-error" class="govuk-error-message">'
                f'<span class="govuk-visually-hidden">{prefix}</span>{text}</p>'
            )
            described.append(f"{ident}-error")
        return " ".join(described) or None

    def _label(self, ident: str, label: str, node: Field) -> None:
        self.out.append(f'<label class="govuk-label" for="{ident}">{escape(label)}{self._required_mark(node)}</label>')

    def _legend(self, label: str, node: Field, size: str = "s") -> None:
        self.out.append(
            f'<legend class="govuk-fieldset__legend govuk-fieldset__legend--{size}">'
            f"{escape(label)}{self._required_mark(node)}</legend>"
        )

    def _hidden(self, node: Field, path: str, value: Any) -> None:
        if node.kind == "multichoice":
            tokens = [node.token_for(item) for item in value] if isinstance(value, list) else []
            for index, token in enumerate(t for t in tokens if t is not None):
                ident = dom_id(path) if index == 0 else None
                self.out.append(f"<input{attrs(type='hidden', id=ident, name=path, value=token)}>")
            return
        posted = node.token_for(value) if node.kind in ("choice", "boolean") else value_text(value)
        self.out.append(f"<input{attrs(type='hidden', id=dom_id(path), name=path, value=posted or '')}>")

    # one-input fields ------------------------------------------------------------------------------------

    def render_text(self, node: Field, path: str, value: Any, parent_path: str, label: str) -> None:
        if node.widget in ("alt-date", "alt-datetime"):
            self._split_date(node, path, value, parent_path, label)
            return
        ident = dom_id(path)
        self._group_open(node, path, parent_path)
        self._label(ident, label, node)
        described = self._hint_and_error(node, path, ident)
        error = path in self.errors
        common = {
            "id": ident,
            "name": path,
            "aria_describedby": described,
            "aria_required": "true" if node.marked_required else None,
            "readonly": node.read_only,
            "placeholder": node.placeholder,
        }
        if node.widget == "textarea":
            css = "govuk-textarea" + (" govuk-textarea--error" if error else "")
            box = attrs(class_=css, rows="5", **common, maxlength=node.max_length)
            self.out.append(f"<textarea{box}>{escape(value_text(value))}</textarea>")
        else:
            password = node.widget == "password"
            css = "govuk-input" + (" govuk-input--error" if error else "")
            self.out.append(
                "<input"
                + attrs(
                    class_=css,
                    type="password" if password else node.input_type,
                    value=None if password else value_text(value),
                    maxlength=node.max_length,
                    autocomplete="off" if password else None,
                    spellcheck="false" if node.fmt else None,
                    **common,
                )
                + ">"
            )
        self.out.append("</div>")

    def render_integer(self, node: Field, path: str, value: Any, parent_path: str, label: str) -> None:
        self._number(node, path, value, parent_path, label, "numeric")

    def render_number(self, node: Field, path: str, value: Any, parent_path: str, label: str) -> None:
        self._number(node, path, value, parent_path, label, "decimal")

    def _number(self, node: Field, path: str, value: Any, parent_path: str, label: str, mode: str) -> None:
        ident = dom_id(path)
        self._group_open(node, path, parent_path)
        self._label(ident, label, node)
        described = self._hint_and_error(node, path, ident)
        if node.widget == "range":
            self._slider(node, path, value, described)
            return
        css = "govuk-input govuk-input--width-10" + (" govuk-input--error" if path in self.errors else "")
        updown = node.widget == "updown"
        self.out.append(
            "<input"
            + attrs(
                class_=css,
                id=ident,
                name=path,
                type="number" if updown else "text",
                min=value_text(node.minimum) if updown and node.minimum is not None else None,
                max=value_text(node.maximum) if updown and node.maximum is not None else None,
                step=(value_text(node.step) if node.step is not None else "any") if updown else None,
                inputmode=mode,
                value=value_text(value),
                aria_describedby=described,
                aria_required="true" if node.marked_required else None,
                readonly=node.read_only,
                placeholder=node.placeholder,
                spellcheck="false",
            )
            + ">"
        )
        self.out.append("</div>")

    def _slider(self, node: Field, path: str, value: Any, described: str | None) -> None:
        """A range input with its value shown beside it (forms.js keeps the <output> current)."""
        ident = dom_id(path)
        shown = value_text(node.minimum if value is MISSING or value is None else value)
        self.out.append('<div class="yc-range">')
        self.out.append(
            "<input"
            + attrs(
                class_="yc-range__input",
                id=ident,
                name=path,
                type="range",
                min=value_text(node.minimum),
                max=value_text(node.maximum),
                step=value_text(node.step) if node.step is not None else "any",
                value=shown,
                aria_describedby=described,
                disabled=node.read_only,
            )
            + ">"
        )
        self.out.append(f'<output class="yc-range__value" for="{ident}" aria-live="polite">{escape(shown)}</output>')
        self.out.append("</div>")
        if node.read_only:
            self.out.append(f"<input{attrs(type='hidden', name=path, value=shown)}>")
        self.out.append("</div>")

    def _split_date(self, node: Field, path: str, value: Any, parent_path: str, label: str) -> None:
        """The GOV.UK date input: year, month and day (and hour, minute) boxes posted as ``path~year``..."""
        ident = dom_id(path)
        parts = split_date_value(value_text(value), with_time=node.widget == "alt-datetime")
        self._group_open(node, path, parent_path)
        self.out.append('<fieldset class="govuk-fieldset" role="group"')
        start = len(self.out)
        self.out.append("")
        self._legend(label, node)
        described = self._hint_and_error(node, path, ident)
        self.out[start] = f"{attrs(aria_describedby=described)}>"
        error = " govuk-input--error" if path in self.errors else ""
        self.out.append(f'<div class="govuk-date-input" id="{ident}-parts">')
        for index, (part, text) in enumerate(parts.items()):
            part_id = ident if index == 0 else f"{ident}-{part}"
            width = 4 if part == "year" else 2
            self.out.append(
                '<div class="govuk-date-input__item"><div class="govuk-form-group">'
                f'<label class="govuk-label govuk-date-input__label" for="{part_id}">'
                f"{escape(message('date_' + part, self.locale))}</label><input"
                + attrs(
                    class_=f"govuk-input govuk-date-input__input govuk-input--width-{width}{error}",
                    id=part_id,
                    name=f"{path}{DATE_PART_SEPARATOR}{part}",
                    type="text",
                    inputmode="numeric",
                    value=text,
                    readonly=node.read_only,
                    spellcheck="false",
                )
                + "></div></div>"
            )
        self.out.append("</div></fieldset></div>")

    def render_null(self, node: Field, path: str, value: Any, parent_path: str, label: str) -> None:
        self._hidden(node, path, value)

    def render_boolean(self, node: Field, path: str, value: Any, parent_path: str, label: str) -> None:
        if node.widget in ("radio", "select"):
            options = [("true", message("yes", self.locale)), ("false", message("no", self.locale))]
            titles = {choice.token: choice.title for choice in node.choices if choice.title}
            options = [(token, titles.get(token, title)) for token, title in options]
            selected = node.token_for(value)
            if node.widget == "radio" and not node.required:
                options.append(("", message("not_answered", self.locale)))
                selected = selected or ""
            self._options(node, path, selected, options, parent_path, label, multiple=False)
            return
        ident = dom_id(path)
        self._group_open(node, path, parent_path)
        described = self._hint_and_error(node, path, ident)
        self.out.append('<div class="govuk-checkboxes govuk-checkboxes--small"><div class="govuk-checkboxes__item">')
        checked = value is True
        self.out.append(
            "<input"
            + attrs(
                class_="govuk-checkboxes__input",
                id=ident,
                name=path,
                type="checkbox",
                value="true",
                checked=checked,
                disabled=node.read_only,
                aria_describedby=described,
            )
            + ">"
        )
        self.out.append(
            f'<label class="govuk-label govuk-checkboxes__label" for="{ident}">'
            f"{escape(label)}{self._required_mark(node)}</label></div></div>"
        )
        if node.read_only and checked:
            self.out.append(f"<input{attrs(type='hidden', name=path, value='true')}>")
        self.out.append("</div>")

    def render_choice(self, node: Field, path: str, value: Any, parent_path: str, label: str) -> None:
        options = [(choice.token, self.choice_title(choice.title, choice.value)) for choice in node.choices]
        if node.virtual:
            numbered = message("shape_option", self.locale)
            options = [(c.token, c.title or numbered.format(n=i + 1)) for i, c in enumerate(node.choices)]
        selected = node.token_for(value) if value is not MISSING else None
        self._options(node, path, selected, options, parent_path, label, multiple=False)

    def render_multichoice(self, node: Field, path: str, value: Any, parent_path: str, label: str) -> None:
        options = [(choice.token, self.choice_title(choice.title, choice.value)) for choice in node.choices]
        values = value if isinstance(value, list) else []
        selected = {node.token_for(item) for item in values}
        self._options(node, path, selected, options, parent_path, label, multiple=True)

    def choice_title(self, title: str | None, value: Any) -> str:
        if title is not None:
            return title
        if isinstance(value, bool):
            return message("yes" if value else "no", self.locale)
        if value is None:
            return "—"
        return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)

    def _options(
        self,
        node: Field,
        path: str,
        selected: str | set[str | None] | None,
        options: Options,
        parent_path: str,
        label: str,
        multiple: bool,
    ) -> None:
        chosen = selected if isinstance(selected, set) else {selected}
        ident = dom_id(path)
        if node.widget == "select":
            self._select(node, path, chosen, options, parent_path, label, multiple)
            return
        kind = "checkboxes" if multiple else "radios"
        self._group_open(node, path, parent_path)
        self.out.append('<fieldset class="govuk-fieldset"')
        start = len(self.out)
        self.out.append("")  # aria-describedby is known after hint and error are written
        self._legend(label, node)
        described = self._hint_and_error(node, path, ident)
        self.out[start] = f"{attrs(aria_describedby=described)}>"
        self.out.append(f'<div class="govuk-{kind}">')
        rules = self._option_rules(node, parent_path)
        item = f'<div class="govuk-{kind}__item"><input'
        for index, (token, title) in enumerate(options):
            item_id = ident if index == 0 else f"{ident}-{index}"
            checked = token in chosen
            self.out.append(
                (
                    f"<div{attrs(class_=f'govuk-{kind}__item', data_when=rules[token])}><input"
                    if token in rules
                    else item
                )
                + attrs(
                    class_=f"govuk-{kind}__input",
                    id=item_id,
                    name=path,
                    type="checkbox" if multiple else "radio",
                    value=token,
                    checked=checked,
                    disabled=node.read_only,
                )
                + f'><label class="govuk-label govuk-{kind}__label" for="{item_id}">{escape(title)}</label></div>'
            )
            if node.read_only and checked:
                self.out.append(f"<input{attrs(type='hidden', name=path, value=token)}>")
        self.out.append("</div></fieldset></div>")

    @staticmethod
    def _option_rules(node: Field, parent_path: str) -> dict[str, str]:
        """data-when of the options offered only in some branches (forms.js hides the others)."""
        if not node.branch_choices:
            return {}
        return {choice.token: choice.when.as_json(parent_path) for choice in node.choices if choice.when is not None}

    def _select(
        self,
        node: Field,
        path: str,
        chosen: set[Any],
        options: Options,
        parent_path: str,
        label: str,
        multiple: bool,
    ) -> None:
        ident = dom_id(path)
        self._group_open(node, path, parent_path)
        self._label(ident, label, node)
        described = self._hint_and_error(node, path, ident)
        css = "govuk-select" + (" govuk-select--error" if path in self.errors else "")
        select_attrs = attrs(
            class_=css, id=ident, name=path, multiple=multiple, aria_describedby=described, disabled=node.read_only
        )
        self.out.append(f"<select{select_attrs}>")
        if not multiple:
            self.out.append(f'<option value="">{escape(message("choose", self.locale))}</option>')
        rules = self._option_rules(node, parent_path)
        for token, title in options:
            when = rules.get(token)
            self.out.append(
                f"<option{attrs(value=token, selected=token in chosen, data_when=when)}>{escape(title)}</option>"
            )
        self.out.append("</select>")
        if node.read_only:
            for token in sorted(t for t in chosen if t):
                self.out.append(f"<input{attrs(type='hidden', name=path, value=token)}>")
        self.out.append("</div>")

    def render_file(self, node: Field, path: str, value: Any, parent_path: str, label: str) -> None:
        ident = dom_id(path)
        self._group_open(node, path, parent_path)
        self._label(ident, label, node)
        described = self._hint_and_error(node, path, ident)
        if is_reference(value):
            size = value.get("size")
            shown = human_size(size) if isinstance(size, int) else "?"
            text = message("file_uploaded", self.locale, name=value.get("name") or "", size=shown)
            self.out.append(f'<p class="govuk-body yc-file-current">{escape(text)}</p>')
            self.out.append(f"<input{attrs(type='hidden', name=path, value=dump_reference(value))}>")
        css = "govuk-file-upload" + (" govuk-file-upload--error" if path in self.errors else "")
        accept = ",".join(node.accept) or None
        self.out.append(
            "<input"
            + attrs(
                class_=css,
                id=ident,
                name=path,
                type="file",
                accept=accept,
                aria_describedby=described,
                disabled=node.read_only,
            )
            + ">"
        )
        self.out.append("</div>")

    # groups ----------------------------------------------------------------------------------------------

    def _fieldset_open(self, node: Field, path: str, parent_path: str, label: str, css: str) -> None:
        """Open a group's <fieldset> with its legend, hint and error; aria-describedby is known only after them."""
        ident = dom_id(path)
        self._group_open(node, path, parent_path, css)
        self.out.append(f'<fieldset class="govuk-fieldset" id="{ident}"')
        start = len(self.out)
        self.out.append("")
        self._legend(label, node, "m")
        described = self._hint_and_error(node, path, ident)
        self.out[start] = f"{attrs(aria_describedby=described)}>"

    def render_object(self, node: Field, path: str, value: Any, parent_path: str, label: str) -> None:
        self._fieldset_open(node, path, parent_path, label, " yc-group")
        self.render_children(node, path, value)
        self.out.append("</fieldset></div>")

    def render_array(self, node: Field, path: str, value: Any, parent_path: str, label: str) -> None:
        assert node.item is not None
        rows = list(value) if isinstance(value, list) else []
        rows += [MISSING] * max(0, node.min_items - len(rows))
        self._fieldset_open(node, path, parent_path, label, " yc-array")
        self.out.append(f"<input{attrs(type='hidden', name=path + COUNT_SUFFIX, value=str(len(rows)))}>")
        remove = escape(message("remove_row", self.locale))
        for index, row in enumerate(rows):
            row_path = f"{path}.{index}"
            row_label = message("row_legend", self.locale, label=node.item.label, n=index + 1)
            self.out.append(f'<div class="yc-row" data-row="{index}">')
            self.render(node.item, row_path, None if row is None else row, path, row_label)
            if not node.read_only:
                self.out.append(
                    f"<button{_button_attrs('yc-remove', '_remove', row_path)}>"
                    f'{remove}<span class="govuk-visually-hidden"> {escape(row_label)}</span></button>'
                )
            self.out.append("</div>")
        if not node.read_only and (node.max_items is None or len(rows) < node.max_items):
            add = escape(message("add_row", self.locale, label=node.item.label))
            self.out.append(f"<button{_button_attrs('yc-add', '_add', path)}>{add}</button>")
        self.out.append("</fieldset></div>")


def _button_attrs(css: str, name: str, value: str) -> str:
    """A submit button that asks the server to add or remove a row (works without JavaScript)."""
    return attrs(
        type="submit", class_=f"govuk-button govuk-button--secondary {css}", name=name, value=value, formnovalidate=True
    )


def render_form(
    root: Field,
    values: dict[str, Any] | None,
    errors: dict[str, list[str]] | None,
    locale: str,
    fill_defaults: bool,
    prefilled: Collection[str] = (),
) -> Markup:
    """The HTML of every field of ``root`` showing ``values`` and ``errors``; fields at ``prefilled`` paths are
    marked as filled in by the platform."""
    renderer = Renderer(errors, locale, fill_defaults, prefilled)
    renderer.render_children(root, "", values if isinstance(values, dict) else {})
    return Markup("".join(renderer.out))


def render_error_summary(links: list[tuple[str, str]], locale: str) -> Markup:
    """The GOV.UK error summary box: ``links`` are (field path, message) in form order."""
    if not links:
        return Markup("")
    items = []
    for path, text in links:
        if path:
            items.append(f'<li><a href="#{escape(dom_id(path))}">{escape(text)}</a></li>')
        else:
            items.append(f"<li>{escape(text)}</li>")
    title = escape(message("error_summary_title", locale))
    return Markup(
        '<div class="govuk-error-summary" data-module="govuk-error-summary" role="alert" tabindex="-1">'
        f'<h2 class="govuk-error-summary__title">{title}</h2><div class="govuk-error-summary__body">'
        f'<ul class="govuk-list govuk-error-summary__list">{"".join(items)}</ul></div></div>'
    )
