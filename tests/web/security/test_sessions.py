"""Point 2 of issue 18: sessions end on logout (a replayed cookie too), and when the user is switched off or
their password or roles change."""

from __future__ import annotations

from sqlalchemy import select

from tests.factories import csrf_token


def _switch(app, username, change) -> None:
    from app.extensions import db
    from app.models import User

    with app.app_context():
        change(db.session.scalar(select(User).where(User.username == username)))
        db.session.commit()
        db.session.remove()


def _cookie(client) -> str:
    return client.get_cookie("session").value


def _signed_in(client) -> bool:
    return client.get("/window").status_code == 200


def test_a_replayed_session_cookie_no_longer_works_after_logout(demo, login):
    client = login(demo.test_client(), "window")
    stolen = _cookie(client)
    assert _signed_in(client)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/window")})
    replay = demo.test_client()
    replay.set_cookie("session", stolen)
    assert replay.get("/window").status_code == 302  # sent to the login page


def test_logout_ends_the_users_other_sessions_too(demo, login):
    desk, phone = login(demo.test_client(), "window"), login(demo.test_client(), "window")
    desk.post("/logout", data={"csrf_token": csrf_token(desk, "/window")})
    assert not _signed_in(phone)


def test_switching_a_user_off_ends_their_session_on_the_next_request(demo, login):
    client = login(demo.test_client(), "window")
    assert _signed_in(client)
    _switch(demo, "window", lambda user: setattr(user, "active", False))
    assert not _signed_in(client)


def test_a_new_password_ends_the_users_sessions(demo, login):
    from app.auth import hash_password

    client = login(demo.test_client(), "window")
    with demo.app_context():
        new_hash = hash_password("a-new-password-1")
    _switch(demo, "window", lambda user: setattr(user, "password_hash", new_hash))
    assert not _signed_in(client)
    login(client, "window", "a-new-password-1")
    assert _signed_in(client)


def test_a_role_change_ends_the_users_sessions(demo, login):
    from app.models import UserRole

    client = login(demo.test_client(), "window")
    _switch(demo, "window", lambda user: user.role_rows.append(UserRole(role="supervisor")))
    assert not _signed_in(client)


def test_editing_a_display_name_keeps_the_session(demo, login):
    client = login(demo.test_client(), "window")
    _switch(demo, "window", lambda user: setattr(user, "display_name", "李窗口（新）"))
    assert _signed_in(client)


def test_switching_off_and_a_new_password_end_api_tokens(demo, api_token):
    client = demo.test_client()
    headers = api_token(client, "scjg")
    assert client.get("/api/v1/tasks", headers=headers).status_code == 200
    _switch(demo, "scjg", lambda user: setattr(user, "password_hash", user.password_hash + "x"))
    assert client.get("/api/v1/tasks", headers=headers).status_code == 401
