"""Chinese first, English on request: the choice is remembered and reaches the form messages too."""

from __future__ import annotations

from tests.factories import csrf_token, demo_item


def test_pages_are_chinese_by_default_even_for_an_english_browser(demo, client):
    page = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"}).get_data(as_text=True)
    assert "办事指南" in page and '<html lang="zh-CN">' in page
    assert "Service guide" not in page
    assert ">English</a>" in page and ">中文</a>" not in page  # only the other language is offered


def test_switching_to_english_and_back(demo, client, login):
    client.get("/lang/en")
    page = client.get("/").get_data(as_text=True)
    assert "Service guide" in page and "Apply online" in page and '<html lang="en">' in page
    assert ">中文</a>" in page and ">English</a>" not in page  # the way back, in its own language

    slug, _ = demo_item("joint")
    login(client, "citizen")
    token = csrf_token(client, f"/items/{slug}/apply")
    response = client.post(f"/items/{slug}/apply", data={"csrf_token": token, "submission_token": "t1"})
    assert response.status_code == 422
    assert "Enter " in response.get_data(as_text=True)  # the generated form's messages follow the language

    client.get("/lang/zh_CN")
    assert "办事指南" in client.get("/").get_data(as_text=True)
    response = client.post(f"/items/{slug}/apply", data={"csrf_token": token, "submission_token": "t2"})
    assert "请填写" in response.get_data(as_text=True)  # and the form's messages are Chinese again


def test_unknown_language_is_ignored(demo, client):
    client.get("/lang/xx")
    assert "办事指南" in client.get("/").get_data(as_text=True)


def test_login_errors_the_welcome_and_the_queues_speak_english(demo, client, login):
    client.get("/lang/en")
    token = csrf_token(client, "/login")
    refused = client.post("/login", data={"username": "window", "password": "nope", "csrf_token": token})
    assert "Wrong user name or password" in refused.get_data(as_text=True)
    token = csrf_token(client, "/login")
    client.post("/login", data={"username": "window", "password": "demo1234", "csrf_token": token})
    queue = client.get("/window").get_data(as_text=True)
    assert "Welcome, " in queue and "Acceptance window" in queue
    assert "Output window" in client.get("/output").get_data(as_text=True)
