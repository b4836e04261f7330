"""One read model for a task and one for a case (app/services/read_models.py): the row queries select its fields,
the API answers with them, and the published OpenAPI schemas are derived from them. Any drift fails here."""

from __future__ import annotations

from typing import Any

import jsonschema

from tests.factories import demo_item, new_token


def strict(schema: dict[str, Any], **extra: dict[str, Any]) -> dict[str, Any]:
    """The published schema, closed: an answer with a field the read model lacks is refused."""
    properties = {**schema["properties"], **extra}
    return {**schema, "properties": properties, "additionalProperties": False}


def test_the_row_queries_select_the_read_models_fields():
    from app.services.case_rows import _CASE_ROW
    from app.services.read_models import CaseRow, TaskRow
    from app.services.task_lists import _task_rows

    assert tuple(_task_rows().selected_columns.keys()) == TaskRow._fields
    assert tuple(_CASE_ROW.selected_columns.keys()) == CaseRow._fields


def test_the_published_schemas_are_the_read_models():
    from app.services.read_models import CaseRow, TaskRow, json_schema
    from app.web.openapi import OPENAPI

    schemas = OPENAPI["components"]["schemas"]
    assert schemas["Task"] == json_schema(TaskRow)
    case = dict(schemas["Case"]["properties"])
    assert case.pop("tasks")["items"] == {"$ref": "#/components/schemas/Task"}
    assert case.pop("items")["items"] == {"$ref": "#/components/schemas/ItemProgress"}  # a bundle's members
    assert case == json_schema(CaseRow)["properties"]
    assert "applicant_id" not in case and "id" not in case  # read for the access check, never shown


def test_every_answer_about_a_task_or_case_is_exactly_its_read_model(demo, client, api_token):
    from app.web.openapi import OPENAPI

    schemas = OPENAPI["components"]["schemas"]
    task_schema = strict(schemas["Task"])
    case_schema = strict(schemas["Case"], tasks={"type": "array", "items": task_schema})
    slug, sample = demo_item("joint")
    citizen, window = api_token(client, "citizen"), api_token(client, "window")

    submitted = client.post(
        f"/api/v1/items/{slug}/applications", json={"data": sample, "submission_token": new_token()}, headers=citizen
    )
    assert submitted.status_code == 201, submitted.get_json()
    jsonschema.validate(submitted.get_json(), case_schema)
    number = submitted.get_json()["tracking_number"]

    listed = client.get("/api/v1/tasks", headers=window).get_json()["tasks"]
    [review] = [t for t in listed if t["tracking_number"] == number]
    for task in listed:
        jsonschema.validate(task, task_schema)
    claimed = client.post(f"/api/v1/tasks/{review['id']}/claim", headers=window)
    assert claimed.status_code == 200, claimed.get_json()
    jsonschema.validate(claimed.get_json(), task_schema)
    assert claimed.get_json()["state"] == "claimed"

    completed = client.post(
        f"/api/v1/tasks/{review['id']}/complete", json={"data": {"decision": "accept"}}, headers=window
    )
    assert completed.status_code == 200, completed.get_json()
    jsonschema.validate(completed.get_json(), case_schema)
    read = client.get(f"/api/v1/applications/{number}", headers=citizen).get_json()
    jsonschema.validate(read, case_schema)
    # The completion answers from the rows it already holds; a later read gives the same case and steps.
    assert read == completed.get_json()
