"""if/then/else, dependentSchemas, dependentRequired: data attributes for forms.js, rules on the server."""

from __future__ import annotations

import json
import re

from forms import compile_form
from forms.assets import FORMS_JS

from .helpers import VALID_CREDIT_CODE, VALID_ID

SCHEMA = {
    "type": "object",
    "required": ["kind"],
    "properties": {
        "kind": {
            "title": "申请人类型",
            "oneOf": [{"const": "person", "title": "个人"}, {"const": "company", "title": "企业"}],
        },
        "agent": {"type": "string", "title": "代理人"},
        "phone": {"type": "string", "title": "代理人电话"},
    },
    "allOf": [
        {
            "if": {"properties": {"kind": {"const": "company"}}, "required": ["kind"]},
            "then": {
                "required": ["credit_code"],
                "properties": {
                    "credit_code": {"type": "string", "title": "统一社会信用代码", "format": "cn-credit-code"}
                },
            },
            "else": {
                "required": ["id_number"],
                "properties": {"id_number": {"type": "string", "title": "身份证号码", "format": "cn-resident-id"}},
            },
        }
    ],
    "dependentSchemas": {
        "agent": {"required": ["letter"], "properties": {"letter": {"type": "string", "title": "授权委托书编号"}}}
    },
    "dependentRequired": {"agent": ["phone"]},
}
FORM = compile_form(SCHEMA)


def when_of(html: str, path: str) -> dict | None:
    found = re.search(rf'<div[^>]*data-field="{re.escape(path)}"[^>]*>', html)
    assert found, path
    attr = re.search(r"data-when=\"([^\"]*)\"", found.group(0))
    return json.loads(attr.group(1).replace("&#34;", '"')) if attr else None


def test_conditional_fields_are_part_of_the_form() -> None:
    assert FORM.field_paths == ["kind", "agent", "phone", "credit_code", "id_number", "letter"]


def test_conditions_are_rendered_for_the_script() -> None:
    html = FORM.render()
    assert when_of(html, "credit_code") == {
        "all": [{"name": "kind", "tokens": ["company"], "absent": False}],
        "negate": False,
    }
    assert when_of(html, "id_number")["negate"] is True
    assert when_of(html, "letter") == {"all": [{"name": "agent", "tokens": None, "absent": False}], "negate": False}
    assert when_of(html, "kind") is None
    assert 'data-required-when="[&#34;agent&#34;]"' in html and "yc-required-when" in html


def test_server_enforces_the_branch_that_applies() -> None:
    assert FORM.parse({"kind": ["company"]}).errors == {"credit_code": ["请填写统一社会信用代码"]}
    assert FORM.parse({"kind": ["person"]}).errors == {"id_number": ["请填写身份证号码"]}
    assert FORM.parse({"kind": ["company"], "credit_code": [VALID_CREDIT_CODE]}).ok
    assert FORM.parse({"kind": ["person"], "id_number": [VALID_ID]}).ok
    assert FORM.parse({"kind": ["company"], "credit_code": ["91350100M000100Y44"]}).errors == {
        "credit_code": ["统一社会信用代码校验位不正确"]
    }


def test_dependent_schemas_and_required() -> None:
    result = FORM.parse({"kind": ["person"], "id_number": [VALID_ID], "agent": ["李四"]})
    assert result.errors == {"phone": ["填写了代理人时，请填写代理人电话"], "letter": ["请填写授权委托书编号"]}


def test_nested_conditions_use_full_paths() -> None:
    schema = {"type": "object", "properties": {"org": SCHEMA}}
    html = compile_form(schema).render()
    assert when_of(html, "org.credit_code")["all"][0]["name"] == "org.kind"


def test_complex_if_shows_the_field_always_but_still_enforces() -> None:
    schema = {
        "type": "object",
        "properties": {"age": {"type": "integer", "title": "年龄"}},
        "if": {"properties": {"age": {"minimum": 60}}},
        "then": {"properties": {"pension": {"type": "string", "title": "养老金账号"}}, "required": ["pension"]},
    }
    form = compile_form(schema)
    assert when_of(form.render(), "pension") is None
    assert form.parse({"age": ["70"]}).errors == {"pension": ["请填写养老金账号"]}
    assert form.parse({"age": ["30"]}).ok


def test_progressive_enhancement_script_ships_with_the_package() -> None:
    script = FORMS_JS.read_text(encoding="utf-8")
    assert "data-when" in script and "data-required-when" in script and "disabled" in script
