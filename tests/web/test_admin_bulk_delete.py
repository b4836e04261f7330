"""Flask-Admin's bulk delete ("选中的" → 删除) works on both databases: the posted ids are strings, which PostgreSQL
refuses to compare with an integer key unless they are made integers first."""

from __future__ import annotations

from sqlalchemy import select

from tests.factories import csrf_token


def test_admin_deletes_selected_rows_and_ignores_ids_that_are_not_numbers(demo, client, login):
    from app.extensions import db
    from app.models import Department

    with demo.app_context():
        spare = [Department(code=f"tmp{n}", name=f"临时部门{n}") for n in range(3)]
        db.session.add_all(spare)
        db.session.commit()
        ids = [d.id for d in spare]
    login(client, "admin")
    token = csrf_token(client, "/admin/department/")
    response = client.post(
        "/admin/department/action/",
        data={"csrf_token": token, "action": "delete", "rowid": [str(ids[0]), str(ids[1]), "1 OR 1=1", "x"]},
    )
    assert response.status_code == 302
    with demo.app_context():
        left = set(db.session.scalars(select(Department.code)))
    assert "tmp0" not in left and "tmp1" not in left
    assert "tmp2" in left and "scjg" in left  # the unselected row and everything else stay
