"""容缺受理 through the API: the window accepts with a deferred material (and is refused one the guide does not mark
deferrable), the applicant hands it in, the window confirms; the answers are what the OpenAPI document says."""

from __future__ import annotations

import io

import jsonschema

from tests.factories import new_token
from tests.integration.deferral_drive import DEFERRABLE, DEFERRING_ITEM, NOT_DEFERRABLE, in_days, sample


def _schema(path: str, method: str) -> dict:
    from app.web.openapi import OPENAPI

    answer = OPENAPI["paths"][path][method]["responses"]["200"]["content"]["application/json"]["schema"]
    return {**answer, "components": OPENAPI["components"]}


def test_accept_with_a_deferred_material_hand_it_in_and_confirm_it(demo, client, api_token):
    citizen, window = api_token(client, "citizen"), api_token(client, "window")
    body = {"data": sample(), "submission_token": new_token()}
    number = client.post(f"/api/v1/items/{DEFERRING_ITEM}/applications", json=body, headers=citizen).get_json()[
        "tracking_number"
    ]
    accept = f"/api/v1/applications/{number}/accept"

    refused = client.post(
        accept, json={"deferred_materials": [NOT_DEFERRABLE], "deferred_until": in_days(5)}, headers=window
    )
    assert refused.status_code == 422
    assert f"“{NOT_DEFERRABLE}”不是容缺材料" in refused.get_json()["message"]
    half = client.post(accept, json={"deferred_materials": [DEFERRABLE]}, headers=window)
    assert half.status_code == 422 and "deferred_until" in half.get_json()["details"]

    accepted = client.post(
        accept, json={"deferred_materials": [DEFERRABLE], "deferred_until": in_days(5)}, headers=window
    )
    assert accepted.status_code == 200, accepted.get_json()
    assert accepted.get_json()["status"] == "in_approval"

    listing = f"/api/v1/applications/{number}/deferred-materials"
    owed = client.get(listing, headers=citizen)
    jsonschema.validate(owed.get_json(), _schema("/applications/{tracking_number}/deferred-materials", "get"))
    [material] = owed.get_json()["deferred_materials"]
    assert (material["name"], material["promised_by"], material["state"], material["overdue"]) == (
        DEFERRABLE,
        in_days(5),
        "owed",
        False,
    )

    wrong = client.post(
        "/api/v1/uploads", data={"file": (io.BytesIO(b"just words"), "rules.txt")}, headers=citizen
    ).get_json()
    hand_in = f"{listing}/{material['id']}/hand-in"
    assert "只接受 PDF/JPEG/PNG" in client.post(hand_in, json={"file": wrong}, headers=citizen).get_json()["message"]
    stored = client.post(
        "/api/v1/uploads", data={"file": (io.BytesIO(b"%PDF-1.4 rules"), "rules.pdf")}, headers=citizen
    ).get_json()
    assert client.post(hand_in, json={"file": stored}, headers=window).status_code == 404  # not the window's to hand in
    handed = client.post(hand_in, json={"file": stored}, headers=citizen)
    assert handed.status_code == 200, handed.get_json()
    path = "/applications/{tracking_number}/deferred-materials/{material_id}/hand-in"
    jsonschema.validate(handed.get_json(), _schema(path, "post"))
    assert handed.get_json()["state"] == "uploaded" and handed.get_json()["file"]["name"] == "rules.pdf"

    receive = f"{listing}/{material['id']}/receive"
    assert client.post(receive, headers=citizen).status_code == 403
    received = client.post(receive, headers=window)
    assert received.status_code == 200 and received.get_json()["state"] == "received"
    assert client.post(receive, headers=window).status_code == 409  # once


def test_every_api_route_is_in_the_openapi_document_and_nothing_else(app):
    """The document and the routes are one list: a new endpoint cannot go undescribed, nor a removed one linger."""
    import re

    from app.web.openapi import OPENAPI

    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
            routes |= {(path, method.lower()) for method in rule.methods - {"HEAD", "OPTIONS"}}
    documented = {(path, method) for path, operations in OPENAPI["paths"].items() for method in operations}
    assert documented <= routes, documented - routes
    # Not the integrators' API: the document itself, the payment provider's callback, the rating device's post.
    outside = {("/openapi.json", "get"), ("/payments/callback", "post"), ("/ratings/device", "post")}
    assert routes - documented <= outside, routes - documented - outside
