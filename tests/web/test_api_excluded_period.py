"""Issue 20: 特别程序 through the API, by the service the task page uses: 卫健's department system declares an
excluded period on its own step (the clock stands), then ends it (the clock runs on); other departments may not."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.integration.test_integrator_webhooks import integrator_token
from tests.web.test_api_step_supplement import _accepted_case, _light

MON_28_DEC = datetime(2026, 12, 28, 2, 0)
WED_30_DEC = datetime(2026, 12, 30, 2, 0)


def test_a_department_system_declares_and_ends_an_excluded_period(
    demo: Flask, client: FlaskClient, api_token: Any
) -> None:
    demo.config["CLOCK_NOW"] = lambda: MON_28_DEC
    number, task_id = _accepted_case(client, api_token)
    wsjk = integrator_token(demo, "wsjk", "read decide", "卫健审批系统")
    url = f"/api/v1/tasks/{task_id}/excluded-period"
    refused = client.post(url, json={"reason": "专家评审"}, headers=api_token(client, "scjg"))
    assert refused.status_code == 403 and "本部门" in refused.get_json()["message"]
    bad = client.post(url, json={"reason": "专家评审", "expected_days": "three"}, headers=wsjk)
    assert bad.status_code == 422 and "expected_days" in bad.get_json()["details"]
    assert client.post(url, json={"reason": " "}, headers=wsjk).status_code == 422

    declared = client.post(url, json={"reason": "专家评审", "expected_days": 3}, headers=wsjk)
    assert declared.status_code == 201, declared.get_json()
    assert declared.get_json() == {
        "tracking_number": number,
        "task_id": task_id,
        "reason": "专家评审",
        "expected_days": 3,
        "started_on": "2026-12-28",
        "ended_on": None,
    }
    assert _light(demo, number)[0] == "paused"
    assert client.post(url, json={"reason": "听证"}, headers=wsjk).status_code == 422  # the clock already stands

    demo.config["CLOCK_NOW"] = lambda: WED_30_DEC
    end = f"/api/v1/applications/{number}/excluded-period/end"
    assert client.post(end, headers=api_token(client, "scjg")).status_code == 404  # no step on the case: not found
    ended = client.post(end, headers=wsjk)
    assert ended.status_code == 200 and ended.get_json()["ended_on"] == "2026-12-30"
    assert _light(demo, number)[0] != "paused"
    assert client.post(end, headers=wsjk).status_code == 404
