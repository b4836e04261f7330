"""rjsf-style forms in a real browser: a choice list that follows the if/then branch, a shape selector (oneOf
of objects), a slider that shows its value and split date boxes, each posted to a real server that parses
the post with the same compiled form and shows the JSON it got."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape
from playwright.sync_api import Page, expect
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from forms import compile_form

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("FORMS_SCREENSHOTS", "/tmp/forms_screenshots"))

SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "宠物店登记",
    "required": ["animal", "applicant"],
    "properties": {
        "animal": {"title": "经营动物", "enum": ["Cat", "Fish"], "enumNames": ["猫", "鱼"]},
        "area": {"type": "integer", "title": "营业面积（平方米）", "minimum": 10, "maximum": 200, "multipleOf": 10},
        "opened": {"type": "string", "title": "开业日期", "format": "date"},
        "inspected": {"type": "string", "title": "检查时间", "format": "date-time"},
        "applicant": {
            "type": "object",
            "title": "申请人",
            "properties": {"phone": {"type": "string", "title": "联系电话"}},
            "oneOf": [
                {
                    "title": "个人",
                    "properties": {
                        "kind": {"const": "person"},
                        "name": {"type": "string", "title": "姓名"},
                        "id_number": {"type": "string", "title": "身份证号码"},
                    },
                    "required": ["kind", "name", "id_number"],
                },
                {
                    "title": "企业",
                    "properties": {
                        "kind": {"const": "company"},
                        "name": {"type": "string", "title": "名称"},
                        "credit_code": {"type": "string", "title": "统一社会信用代码"},
                    },
                    "required": ["kind", "name", "credit_code"],
                },
            ],
        },
    },
    "allOf": [
        {
            "if": {"properties": {"animal": {"const": "Cat"}}},
            "then": {
                "properties": {
                    "food": {
                        "title": "饲料",
                        "type": "string",
                        "enum": ["meat", "grass", "fish"],
                        "enumNames": ["肉类", "草料", "鱼干"],
                    }
                },
                "required": ["food"],
            },
        },
        {
            "if": {"properties": {"animal": {"const": "Fish"}}},
            "then": {
                "properties": {
                    "food": {"type": "string", "enum": ["insect", "worms"], "enumNames": ["昆虫", "蠕虫"]},
                    "water": {
                        "type": "string",
                        "title": "水质",
                        "enum": ["fresh", "sea"],
                        "enumNames": ["淡水", "海水"],
                    },
                },
                "required": ["food", "water"],
            },
        },
    ],
}
UI: dict[str, Any] = {
    "ui:order": ["applicant", "animal", "food", "water", "*"],
    "area": {"ui:widget": "range"},
    "opened": {"ui:widget": "alt-date"},
    "inspected": {"ui:widget": "alt-datetime"},
}
FORM = compile_form(SCHEMA, UI)
ASSETS = {
    "/app.css": ROOT / "app" / "static" / "app.css",
    "/forms.css": ROOT / "forms" / "static" / "forms.css",
    "/forms.js": ROOT / "forms" / "static" / "forms.js",
}


def page_html(values: dict[str, Any] | None, errors: dict[str, list[str]] | None, result: str = "") -> str:
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<link rel="stylesheet" href="/app.css"><link rel="stylesheet" href="/forms.css">'
        '<script src="/forms.js" defer></script><title>表单</title></head><body><main>'
        f"<h1>{escape(FORM.root.label)}</h1>{FORM.render_error_summary(errors)}"
        f'<form method="post" novalidate>{FORM.render(values, errors)}'
        '<button class="primary" type="submit">提交</button></form>'
        f'<pre id="result">{escape(result)}</pre></main></body></html>'
    )


@Request.application  # type: ignore[misc]
def form_app(request: Request) -> Response:
    if request.path in ASSETS:
        kind = "text/css" if request.path.endswith(".css") else "text/javascript"
        return Response(ASSETS[request.path].read_bytes(), mimetype=kind)
    if request.method == "POST":
        parsed = FORM.parse(request.form)
        shown = json.dumps({"ok": parsed.ok, "data": parsed.data, "errors": parsed.errors}, ensure_ascii=False)
        return Response(page_html(parsed.data, parsed.errors, shown), mimetype="text/html")
    return Response(page_html(None, None), mimetype="text/html")


@pytest.fixture
def form_server() -> Iterator[str]:
    server = make_server("127.0.0.1", 0, form_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


def posted(page: Page) -> dict[str, Any]:
    page.get_by_role("button", name="提交").click()
    expect(page.locator("#result")).not_to_be_empty()
    result: dict[str, Any] = json.loads(page.locator("#result").inner_text())
    return result


def fill_person(page: Page) -> None:
    page.get_by_label("个人", exact=True).check()
    page.locator('[name="applicant.name"]').fill("张三")
    page.locator('[name="applicant.id_number"]').fill("350102199001011234")


def test_the_choice_list_follows_the_branch(form_server: str, page: Page) -> None:
    page.goto(form_server)
    food = page.locator('[data-field="food"]')
    page.get_by_label("猫", exact=True).check()
    for label, shown in [("肉类", True), ("草料", True), ("昆虫", False), ("蠕虫", False)]:
        expect(food.get_by_label(label, exact=True)).to_be_visible() if shown else expect(
            food.get_by_label(label, exact=True)
        ).to_be_hidden()
    expect(page.locator('[data-field="water"]')).to_be_hidden()
    page.get_by_label("鱼", exact=True).check()
    expect(food.get_by_label("肉类", exact=True)).to_be_hidden()
    expect(food.get_by_label("蠕虫", exact=True)).to_be_visible()
    expect(page.locator('[data-field="water"]')).to_be_visible()
    food.get_by_label("蠕虫", exact=True).check()
    page.get_by_label("海水", exact=True).check()
    fill_person(page)
    result = posted(page)
    assert result["ok"], result["errors"]
    assert {key: result["data"][key] for key in ("animal", "food", "water")} == {
        "animal": "Fish",
        "food": "worms",
        "water": "sea",
    }


def test_a_food_chosen_for_a_cat_is_not_posted_once_the_animal_is_a_fish(form_server: str, page: Page) -> None:
    page.goto(form_server)
    page.get_by_label("猫", exact=True).check()
    page.get_by_label("肉类", exact=True).check()
    page.get_by_label("鱼", exact=True).check()  # 肉类 is no longer offered, so it is not posted
    fill_person(page)
    result = posted(page)
    assert "food" not in result["data"]
    assert result["errors"]["food"] == ["请选择饲料"]


def test_the_shape_selector_shows_the_chosen_shape(form_server: str, page: Page) -> None:
    page.goto(form_server)
    credit = page.locator('[data-field="applicant.credit_code"]')
    id_number = page.locator('[data-field="applicant.id_number"]')
    expect(credit).to_be_hidden()
    expect(id_number).to_be_hidden()
    page.get_by_label("个人", exact=True).check()
    expect(id_number).to_be_visible()
    page.locator('[name="applicant.id_number"]').fill("350102199001011234")
    name_label = page.locator('label[for="f-applicant-name"]')
    expect(name_label).to_contain_text("姓名")
    page.get_by_label("企业", exact=True).check()
    expect(id_number).to_be_hidden()
    expect(credit).to_be_visible()
    expect(name_label).to_contain_text("名称")  # the shared field takes the chosen shape's title
    page.locator('[name="applicant.name"]').fill("某某宠物有限公司")
    credit.get_by_role("textbox").fill("91350100MA2XXXXX1X")
    page.get_by_label("猫", exact=True).check()
    page.get_by_label("草料", exact=True).check()
    result = posted(page)
    assert result["ok"], result["errors"]
    assert result["data"]["applicant"] == {
        "kind": "company",
        "name": "某某宠物有限公司",
        "credit_code": "91350100MA2XXXXX1X",
    }
    expect(page.get_by_label("企业", exact=True)).to_be_checked()  # shown again as the chosen shape


def test_the_slider_shows_its_value_and_posts_it(form_server: str, page: Page) -> None:
    page.goto(form_server)
    slider = page.locator('[name="area"]')
    value = page.locator('output[for="f-area"]')
    expect(value).to_have_text("10")
    slider.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    expect(value).to_have_text("40")
    fill_person(page)
    page.get_by_label("猫", exact=True).check()
    page.get_by_label("肉类", exact=True).check()
    result = posted(page)
    assert result["data"]["area"] == 40 and result["ok"], result["errors"]
    expect(page.locator('output[for="f-area"]')).to_have_text("40")


def test_split_date_boxes_post_one_date(form_server: str, page: Page) -> None:
    page.goto(form_server)
    page.locator('[name="opened~year"]').fill("2024")
    page.locator('[name="opened~month"]').fill("3")
    page.locator('[name="opened~day"]').fill("5")
    for part, text in {"year": "2024", "month": "3", "day": "15", "hour": "9", "minute": "30"}.items():
        page.locator(f'[name="inspected~{part}"]').fill(text)
    fill_person(page)
    page.get_by_label("猫", exact=True).check()
    page.get_by_label("肉类", exact=True).check()
    result = posted(page)
    assert result["ok"], result["errors"]
    assert result["data"]["opened"] == "2024-03-05"
    assert result["data"]["inspected"] == "2024-03-15T09:30:00+08:00"
    expect(page.locator('[name="opened~month"]')).to_have_value("03")


def test_a_date_that_does_not_exist_is_refused_next_to_its_boxes(form_server: str, page: Page) -> None:
    page.goto(form_server)
    for part, text in {"year": "2023", "month": "2", "day": "29"}.items():
        page.locator(f'[name="opened~{part}"]').fill(text)
    result = posted(page)
    assert result["errors"]["opened"] == ["开业日期必须是有效日期，例如 2024-03-15"]
    expect(page.locator('[data-field="opened"] .govuk-error-message')).to_contain_text("开业日期")
    expect(page.locator('[name="opened~day"]')).to_have_value("29")


@pytest.mark.parametrize("width", [1280, 360])
def test_screenshots(form_server: str, page: Page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(form_server)
    page.get_by_label("企业", exact=True).check()
    page.get_by_label("鱼", exact=True).check()
    for part, text in {"year": "2024", "month": "3", "day": "15", "hour": "9", "minute": "30"}.items():
        page.locator(f'[name="inspected~{part}"]').fill(text)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"rjsf-widgets-{width}.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0  # nothing sticks out sideways on a phone
