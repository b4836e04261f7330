"""forms check: offline render, unrenderable keywords, data round trip, clear messages for bad files."""

from __future__ import annotations

import json
from pathlib import Path

from forms.check import check_schema_files, json_differences

DATA = Path(__file__).resolve().parents[2] / "data" / "forms"


def run(*paths: Path | None) -> tuple[int, list[str]]:
    lines: list[str] = []
    code = check_schema_files(*paths, out=lines.append)
    return code, lines


def test_good_schema_with_data_round_trips() -> None:
    code, lines = run(DATA / "restaurant.schema.json", DATA / "restaurant.ui.json", DATA / "restaurant.data.json")
    assert code == 0
    assert lines[-2:] == ["validation: ok", "round-trip: ok"]


def test_bad_json_names_line_and_column() -> None:
    code, lines = run(DATA / "broken.schema.json")
    assert code == 1
    assert "not valid JSON at line 4 column 31" in lines[0]


def test_unrenderable_keywords_are_listed_with_pointers() -> None:
    code, lines = run(DATA / "unrenderable.schema.json")
    assert code == 1
    assert "  patternProperties at /properties/extra/patternProperties: " in lines[1]
    assert any(line.startswith("  prefixItems at /properties/codes/prefixItems") for line in lines)


def test_missing_file_and_invalid_data(tmp_path: Path) -> None:
    assert run(tmp_path / "nope.json")[0] == 1
    data = json.loads((DATA / "restaurant.data.json").read_text(encoding="utf-8"))
    data["applicant"]["id_number"] = "110105194912310021"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, lines = run(DATA / "restaurant.schema.json", None, bad)
    assert code == 0  # it round-trips; the messages say what is wrong with the data
    assert any(line.endswith("(applicant.id_number): 身份证号码校验位不正确") for line in lines), lines
    assert lines[-1] == "round-trip: ok"


def test_every_validation_error_and_every_unpostable_value_is_listed(tmp_path: Path) -> None:
    data = json.loads((DATA / "restaurant.data.json").read_text(encoding="utf-8"))
    data["applicant"]["id_number"] = "110105194912310021"
    data["applicant"]["name"] = " padded "
    data["shop"]["name"] = 12
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, lines = run(DATA / "restaurant.schema.json", None, bad)
    assert code == 1
    validation = lines.index(next(line for line in lines if line.startswith("validation:")))
    assert lines[validation] == "validation: 2 error(s)", lines
    assert any("(applicant.id_number)" in line for line in lines[validation + 1 : validation + 3])
    assert any("(shop.name)" in line for line in lines[validation + 1 : validation + 3])
    assert lines[validation + 3] == "round-trip: the data cannot be posted by this form (2 value(s))"
    assert {line.split("(")[-1].split(")")[0] for line in lines[validation + 4 :]} == {"applicant.name", "shop.name"}


def test_unrepresentable_data(tmp_path: Path) -> None:
    data = tmp_path / "data.json"
    data.write_text('{"shop": {"name": " padded "}}', encoding="utf-8")
    code, lines = run(DATA / "restaurant.schema.json", None, data)
    assert code == 1 and any("cannot be posted" in line for line in lines)
    assert any(line.startswith("  店铺信息 · 店铺名称 (shop.name): ") for line in lines)


def test_json_differences() -> None:
    assert json_differences({"a": 1, "b": [1, 2]}, {"a": 1, "b": [1, 2]}) == []
    assert json_differences({"a": 1, "b": {"c": ""}}, {"a": 1.5, "b": {}}) == [
        "a: 1 came back as 1.5",
        "b.c: missing after the round trip",
    ]
