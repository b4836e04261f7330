"""`make run` twice in a row: the demo seed (`flask demo seed`) runs again on the database it seeded."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select


def test_the_demo_seed_runs_twice_on_a_fresh_sqlite_file(tmp_path: Path) -> None:
    from app.extensions import db
    from app.models import ServiceItem, User, UserRole
    from tests.conftest import make_app, reset_database

    url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    reset_database(url)  # `flask db upgrade`, as make run does first
    app = make_app(url, tmp_path)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "seed"])
    assert first.exit_code == 0, first.output
    with app.app_context():
        counts = [db.session.scalar(select(func.count()).select_from(m)) for m in (User, UserRole, ServiceItem)]
    second = runner.invoke(args=["demo", "seed"])
    assert second.exit_code == 0, second.output
    assert "citizen" in second.output
    with app.app_context():
        assert [db.session.scalar(select(func.count()).select_from(m)) for m in (User, UserRole, ServiceItem)] == counts
        db.engine.dispose()


def test_a_seeded_user_keeps_the_roles_wanted_and_loses_the_others(demo) -> None:
    from app.extensions import db
    from app.models import Role
    from app.services.users import create_user

    with demo.app_context():
        user = create_user("window", "李窗口", "demo1234", (Role.WINDOW_CLERK, Role.SUPERVISOR))
        db.session.commit()
        assert user.roles == {Role.WINDOW_CLERK, Role.SUPERVISOR}
        user = create_user("window", "李窗口", "demo1234", (Role.SUPERVISOR,))
        db.session.commit()
        assert user.roles == {Role.SUPERVISOR}
