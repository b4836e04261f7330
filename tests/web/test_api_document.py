"""Issue 20: the OpenAPI document and the API's routes name the same operations, both ways: an endpoint added
without its description (or a description left behind by a removed endpoint) fails here, before the fuzzer."""

from __future__ import annotations

import re

from flask import Flask


def test_every_api_route_is_described_and_every_description_is_a_route(app: Flask) -> None:
    from app.web.openapi import OPENAPI

    routes = set()
    for rule in app.url_map.iter_rules():
        if not (rule.endpoint.startswith("api.") and rule.rule.startswith("/api/v1")) or rule.endpoint == "api.openapi":
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
        routes |= {(path, method.lower()) for method in rule.methods - {"HEAD", "OPTIONS"}}
    described = {(path, method) for path, operations in OPENAPI["paths"].items() for method in operations}
    assert routes - described == set(), "routes without a description"
    assert described - routes == set(), "descriptions without a route"
    for path, method in described:
        parameters = {p["name"] for p in OPENAPI["paths"][path][method].get("parameters", []) if p["in"] == "path"}
        assert parameters == set(re.findall(r"{(\w+)}", path)), (path, method)
