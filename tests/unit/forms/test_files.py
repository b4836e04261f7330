"""Materials: <input type=file>, content sniffing, size and type limits, references kept in the JSON."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from werkzeug.datastructures import FileStorage, MultiDict

from forms import compile_form
from forms.files import sniff_media_type

SCHEMA = {
    "type": "object",
    "required": ["licence"],
    "properties": {
        "licence": {"type": "string", "title": "营业执照", "contentMediaType": "application/pdf"},
        "photo": {"type": "string", "title": "门头照片"},
    },
}
UI = {"photo": {"ui:widget": "upload", "ui:accept": "image/png, image/jpeg", "ui:maxBytes": 1024}}
FORM = compile_form(SCHEMA, UI)
PDF = b"%PDF-1.7\n" + b"x" * 100
PNG = b"\x89PNG\r\n\x1a\n" + b"x" * 100


def upload(content: bytes, name: str = "file.pdf") -> FileStorage:
    return FileStorage(stream=io.BytesIO(content), filename=name, content_type="application/octet-stream")


class Store:
    def __init__(self) -> None:
        self.saved: list[tuple[str, str]] = []

    def __call__(self, path: str, storage: Any) -> dict[str, Any]:
        self.saved.append((path, storage.filename))
        return {"file_id": f"f{len(self.saved)}"}


def test_file_fields_render_as_file_inputs_with_accept() -> None:
    html = FORM.render()
    assert '<input class="govuk-file-upload" id="f-licence" name="licence" type="file" accept="application/pdf"' in html
    assert 'accept="image/png,image/jpeg"' in html


def test_upload_is_stored_and_referenced() -> None:
    store = Store()
    files = MultiDict({"licence": upload(PDF, "执照.pdf"), "photo": upload(PNG, "a.png")})
    result = FORM.parse({}, files=files, store_file=store)
    assert result.ok, result.errors
    assert result.data["licence"] == {
        "file_id": "f1",
        "name": "执照.pdf",
        "size": len(PDF),
        "media_type": "application/pdf",
    }
    assert store.saved == [("licence", "执照.pdf"), ("photo", "a.png")]


def test_type_is_sniffed_from_content_not_the_name() -> None:
    files = {"licence": upload(PNG, "looks-like.pdf")}
    result = FORM.parse({}, files=files, store_file=Store())
    assert result.errors == {"licence": ["营业执照必须是PDF文件"]}


def test_size_limit_and_empty_files() -> None:
    big = {"licence": upload(PDF), "photo": upload(PNG + b"x" * 2000, "big.png")}
    assert FORM.parse({}, files=big, store_file=Store()).errors == {"photo": ["门头照片的文件不能超过1.0 KB"]}
    assert FORM.parse({}, files={"licence": upload(b"")}, store_file=Store()).errors == {
        "licence": ["营业执照上传的文件是空的"]
    }


def test_missing_required_file() -> None:
    assert FORM.parse({}).errors == {"licence": ["请上传营业执照"]}
    assert FORM.parse({}, files={"licence": FileStorage(stream=io.BytesIO(b""), filename="")}).errors == {
        "licence": ["请上传营业执照"]
    }


def test_reference_survives_a_rerender_and_round_trips() -> None:
    reference = {"file_id": "f9", "name": "执照.pdf", "size": 2048, "media_type": "application/pdf"}
    html = FORM.render({"licence": reference})
    assert "已上传：执照.pdf（2.0 KB）" in html
    posted = FORM.encode({"licence": reference})
    assert json.loads(posted["licence"]) == reference
    assert FORM.parse(posted).data == {"licence": reference}
    assert FORM.validate({"licence": reference}) == {}
    assert FORM.summary({"licence": reference}) == [("营业执照", "执照.pdf（2.0 KB）")]


def test_forged_reference_is_refused() -> None:
    assert FORM.parse({"licence": ['{"path": "/etc/passwd"}']}).errors == {
        "licence": ["营业执照的已上传文件信息无效，请重新上传"]
    }
    assert FORM.parse({"licence": ["not json"]}).errors["licence"] == ["营业执照的已上传文件信息无效，请重新上传"]


def test_upload_without_a_store_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="store_file"):
        FORM.parse({}, files={"licence": upload(PDF)})


@pytest.mark.parametrize(
    ("head", "media_type"),
    [
        (PDF, "application/pdf"),
        (PNG, "image/png"),
        (b"\xff\xd8\xff\xe0JFIF", "image/jpeg"),
        (b"MZ\x90", "application/octet-stream"),
    ],
)
def test_sniffing(head: bytes, media_type: str) -> None:
    assert sniff_media_type(head) == media_type
