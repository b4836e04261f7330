"""Publishing refuses an exclusive gateway whose conditions might all be false and which has no default flow."""

from __future__ import annotations

import pytest

from tests.unit.workflows.helpers import BPMN, DEPARTMENTS, FORMS
from workflows import BpmnError, compile_approval
from workflows.gateway_cover import conditions_cover_every_case


@pytest.mark.parametrize(
    "conditions",
    [
        ["approved", "not approved"],
        ['review["approved"]', 'not review["approved"]'],
        ['form["area"] > 10', 'form["area"] <= 10'],
        ['kind == "food"', 'kind != "food"', 'kind == "other"'],
        ['x in ("a", "b")', 'x not in ("a", "b")'],
        ["True", "form['x'] > 1"],
    ],
)
def test_conditions_we_can_prove_cover_every_case(conditions):
    assert conditions_cover_every_case(conditions)


@pytest.mark.parametrize(
    "conditions",
    [
        ['form["area"] > 10', 'form["area"] < 5'],
        ['kind == "food"', 'kind == "hotel"'],
        ["approved", "not other"],
        ["False", "0"],
        ["a >", "not a >"],  # unparseable conditions are never proof (and are refused on their own anyway)
    ],
)
def test_conditions_that_may_all_be_false(conditions):
    assert not conditions_cover_every_case(conditions)


def _promised_item_with(flow_condition_small: str, *, keep_default: bool) -> bytes:
    xml = (BPMN / "promised_item.bpmn").read_text(encoding="utf-8")
    if not keep_default:
        xml = xml.replace(' default="flow_small"', "")
    xml = xml.replace(
        '<bpmn:sequenceFlow id="flow_small" sourceRef="gateway_amount" targetRef="end_small" />',
        '<bpmn:sequenceFlow id="flow_small" sourceRef="gateway_amount" targetRef="end_small">'
        f'<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">{flow_condition_small}</bpmn:conditionExpression>'
        "</bpmn:sequenceFlow>",
    )
    return xml.encode()


def compile_promised(xml: bytes):
    return compile_approval(
        {"promised_item.bpmn": xml}, process_id="food_business_licence", departments=DEPARTMENTS, form_files=FORMS
    )


def test_gap_between_conditions_without_default_is_refused_naming_the_gateway():
    with pytest.raises(BpmnError) as caught:
        compile_promised(_promised_item_with('form["amount"] &lt; 500', keep_default=False))
    [problem] = [p for p in caught.value.problems if p.element_id == "gateway_amount"]
    assert "default" in problem.message and 'form["amount"] > 1000' in problem.message


def test_complementary_conditions_without_default_are_accepted():
    compile_promised(_promised_item_with('form["amount"] &lt;= 1000', keep_default=False))


def test_a_default_flow_makes_any_conditions_acceptable():
    compile_promised(_promised_item_with('form["amount"] &lt; 500', keep_default=True))
