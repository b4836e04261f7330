"""Schemas shared by the forms tests."""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict

APPLICATION: dict[str, Any] = {
    "type": "object",
    "title": "个体工商户登记申请",
    "required": ["name", "id_number", "kind", "agree"],
    "properties": {
        "name": {"type": "string", "title": "申请人姓名", "maxLength": 20, "description": "与身份证一致"},
        "id_number": {"type": "string", "title": "身份证号码", "format": "cn-resident-id"},
        "mobile": {"type": "string", "title": "手机号码", "format": "cn-mobile", "examples": ["13800138000"]},
        "age": {"type": "integer", "title": "年龄", "minimum": 18, "maximum": 120},
        "capital": {"type": "number", "title": "注册资金（万元）", "exclusiveMinimum": 0, "multipleOf": 0.5},
        "kind": {
            "title": "申请类型",
            "oneOf": [{"const": "new", "title": "设立"}, {"const": "change", "title": "变更"}],
        },
        "agree": {"type": "boolean", "title": "我承诺所填信息真实", "const": True},
        "note": {"type": ["string", "null"], "title": "备注"},
        "address": {
            "type": "object",
            "title": "经营场所",
            "required": ["city"],
            "properties": {
                "city": {"type": "string", "title": "城市", "default": "福州市"},
                "postcode": {"type": "string", "title": "邮政编码", "format": "cn-postcode"},
            },
        },
    },
}

VALID_ID = "11010519491231002X"

# Every field of APPLICATION filled with a valid value.
FULL_APPLICATION: dict[str, Any] = {
    "name": "张三",
    "id_number": VALID_ID,
    "mobile": "13800138000",
    "age": 35,
    "capital": 12.5,
    "kind": "change",
    "agree": True,
    "note": "无",
    "address": {"city": "福州市", "postcode": "350001"},
}
VALID_CREDIT_CODE = "91350100M000100Y43"


def post(**fields: Any) -> MultiDict[str, str]:
    """A post: keyword names with "__" standing for "." (address__city -> address.city)."""
    items: list[tuple[str, str]] = []
    for key, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            items.append((key.replace("__", "."), item))
    return MultiDict(items)
