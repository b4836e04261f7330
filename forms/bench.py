"""Benchmark: ``python -m forms.bench`` prints compile, render and parse+validate times for a realistic
300-field form, with jsonschema validation alone measured in the same run as the baseline.

Targets after compile: render <= 10 ms, parse+validate <= 5 ms. Figures only; nothing is asserted.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from jsonschema import Draft202012Validator

from forms.compiled import compile_form
from forms.formats import FORMAT_CHECKER, credit_code_check_char, resident_id_check_char

SECTIONS = 12
FIELDS_PER_SECTION = 24
ROWS = 3


def section_schema(index: int) -> dict[str, Any]:
    """One group of 24 fields plus a conditional field: text, formats, numbers, choices, a box."""
    properties: dict[str, Any] = {
        "kind": {"title": "类型", "oneOf": [{"const": "a", "title": "甲"}, {"const": "b", "title": "乙"}]},
    }
    for n in range(FIELDS_PER_SECTION - 1):
        name = f"f{n}"
        pick = n % 8
        if pick == 0:
            properties[name] = {"type": "string", "title": f"名称{n}", "maxLength": 50}
        elif pick == 1:
            properties[name] = {"type": "string", "title": f"身份证号码{n}", "format": "cn-resident-id"}
        elif pick == 2:
            properties[name] = {"type": "string", "title": f"手机{n}", "format": "cn-mobile"}
        elif pick == 3:
            properties[name] = {"type": "integer", "title": f"人数{n}", "minimum": 0, "maximum": 10000}
        elif pick == 4:
            properties[name] = {"type": "number", "title": f"金额{n}", "exclusiveMinimum": 0}
        elif pick == 5:
            properties[name] = {"enum": ["一", "二", "三", "四", "五", "六", "七"], "title": f"等级{n}"}
        elif pick == 6:
            properties[name] = {"type": "string", "title": f"日期{n}", "format": "date"}
        else:
            properties[name] = {"type": "boolean", "title": f"是否{n}"}
    return {
        "type": "object",
        "title": f"第{index + 1}部分",
        "required": ["kind", "f0", "f1"],
        "properties": properties,
        "if": {"properties": {"kind": {"const": "b"}}, "required": ["kind"]},
        "then": {
            "required": ["credit"],
            "properties": {"credit": {"type": "string", "title": "统一社会信用代码", "format": "cn-credit-code"}},
        },
    }


def build_schema() -> dict[str, Any]:
    """About 300 fields: 12 groups of 25 and a 3-row list of 6-field members."""
    member = {
        "type": "object",
        "title": "成员",
        "required": ["name"],
        "properties": {
            "name": {"type": "string", "title": "姓名"},
            "id": {"type": "string", "title": "身份证号码", "format": "cn-resident-id"},
            "mobile": {"type": "string", "title": "手机", "format": "cn-mobile"},
            "age": {"type": "integer", "title": "年龄", "minimum": 0},
            "relation": {"enum": ["配偶", "子女", "父母"], "title": "关系"},
            "lives_here": {"type": "boolean", "title": "共同居住"},
        },
    }
    properties: dict[str, Any] = {f"s{i}": section_schema(i) for i in range(SECTIONS)}
    properties["members"] = {"type": "array", "title": "家庭成员", "items": member, "maxItems": 10}
    return {"type": "object", "required": list(properties), "properties": properties}


def section_data(index: int) -> dict[str, Any]:
    id_number = "11010519491231002X"
    first17 = "91350100M000100Y4"
    values: dict[str, Any] = {"kind": "b" if index % 2 else "a"}
    for n in range(FIELDS_PER_SECTION - 1):
        pick = n % 8
        values[f"f{n}"] = [
            f"名称{n}",
            id_number,
            "13800138000",
            n * 10,
            n + 0.5,
            "三",
            "2024-03-15",
            True,
        ][pick]
    if index % 2:
        values["credit"] = first17 + credit_code_check_char(first17)
    return values


def build_data() -> dict[str, Any]:
    """Valid answers for every field of ``build_schema``."""
    first17 = "35010219800101123"
    member = {
        "name": "张三",
        "id": first17 + resident_id_check_char(first17),
        "mobile": "13900139000",
        "age": 40,
        "relation": "配偶",
        "lives_here": True,
    }
    data: dict[str, Any] = {f"s{i}": section_data(i) for i in range(SECTIONS)}
    data["members"] = [dict(member) for _ in range(ROWS)]
    return data


def timed(function: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """(median, best) wall time in milliseconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), min(samples)


def main(repeat: int = 50) -> dict[str, tuple[float, float]]:
    """Run the benchmark and print the figures; returns {name: (median ms, best ms)}."""
    schema, data = build_schema(), build_data()
    form = compile_form(schema)
    posted = form.encode(data)
    assert form.parse(posted).ok, "benchmark data must be valid"
    errors = form.validate({})
    validator = Draft202012Validator(schema, format_checker=FORMAT_CHECKER)
    results = {
        "compile": timed(lambda: compile_form(schema), max(1, repeat // 5)),
        "render (values)": timed(lambda: form.render(data), repeat),
        "render (values + errors)": timed(lambda: form.render(data, errors), repeat),
        "parse+validate": timed(lambda: form.parse(posted), repeat),
        "jsonschema alone": timed(lambda: list(validator.iter_errors(data)), repeat),
    }
    baseline = results["jsonschema alone"][0]
    print(f"form: {len(form.field_paths)} field paths, {len(posted)} posted inputs, {repeat} runs each")
    print(f"{'step':28} {'median ms':>10} {'best ms':>9} {'x jsonschema':>13}")
    for name, (median, best) in results.items():
        print(f"{name:28} {median:10.2f} {best:9.2f} {median / baseline:13.2f}")
    return results


if __name__ == "__main__":
    main()
