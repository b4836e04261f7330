"""How long the builder's live preview takes on a 100-field form, from the edit panel's post to the page back.

    .venv/bin/python -m bench.builder_preview

Prints figures; asserts nothing. Runs on a throwaway SQLite database (the preview reads the draft row, applies
the unsaved edit to the builder's model, writes the schema, compiles and renders the form).
"""

from __future__ import annotations

import re
import statistics
import tempfile
import time
from pathlib import Path

KINDS = ["text", "integer", "number", "boolean", "choice", "date", "mobile", "textarea", "multichoice", "upload"]


def main(fields: int = 100, rounds: int = 30) -> None:
    import flask_migrate

    from admin.builder import operations as ops
    from admin.builder.model import FormModel, model_to_schema
    from admin.builder.targets import store_target
    from admin.draft_store import as_draft, save_draft, start_draft
    from app import create_app
    from app.extensions import db
    from app.models import ServiceItem, User
    from app.services.catalog import load_catalog
    from app.services.users import seed_demo_users

    folder = Path(tempfile.mkdtemp())
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite'}",
            "TESTING": True,
            "SECRET_KEY": "bench",
            "UPLOAD_DIR": str(folder / "uploads"),
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        }
    )
    with app.app_context():
        flask_migrate.upgrade()
        load_catalog(Path(__file__).resolve().parent.parent / "catalog" / "demo")
        seed_demo_users()
        admin = db.session.scalar(db.select(User).where(User.username == "admin"))
        item = db.session.scalars(db.select(ServiceItem)).first()
        row = start_draft(item, admin, None, blank=True)
        model = FormModel(has_schema_uri=True, closed=True)
        for number in range(fields):
            ops.add_field(model, KINDS[number % len(KINDS)], f"字段{number + 1}")
        draft = as_draft(row)
        store_target(draft, "form", model)
        save_draft(row, draft, admin, None)
        db.session.commit()
        item_id, path = item.id, model.fields[fields // 2].name
        schema, ui = model_to_schema(model)
    client = app.test_client()
    login = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', login).group(1)
    client.post("/login", data={"username": "admin", "password": "demo1234", "csrf_token": token})
    timings = []
    for number in range(rounds):
        body = {"csrf_token": token, "target": "form", "path": path, "name": path, "label": f"改名{number}"}
        started = time.perf_counter()
        response = client.post(f"/admin/drafts/{item_id}/preview", data=body)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200 and f"改名{number}" in response.get_data(as_text=True)
    pages = []
    for _ in range(10):
        started = time.perf_counter()
        assert client.get(f"/admin/drafts/{item_id}/form?edit={path}").status_code == 200
        pages.append((time.perf_counter() - started) * 1000)
    print(f"builder live preview, {fields} fields ({len(schema['properties'])} in the schema), {rounds} rounds:")
    print(f"  server time per preview: median {statistics.median(timings):.1f} ms, max {max(timings):.1f} ms")
    print(f"  whole builder page with the edit panel open: median {statistics.median(pages):.1f} ms")
    print("  (the browser adds a 120 ms pause after the last keystroke before asking)")


if __name__ == "__main__":
    main()
