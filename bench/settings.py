"""Where the benchmarks run: their own PostgreSQL database, the repository, the demo joint item."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
VENV_BIN = REPO / ".venv" / "bin"
DEMO_CATALOG = REPO / "catalog" / "demo"
PLATFORM_BPMN = REPO / "workflows" / "platform" / "one_window.bpmn"

# Never the test suite's database (`test`): the benchmarks drop and rebuild this schema at will.
BENCH_DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/yichuang_bench")

JOINT_ITEM = "11440199007495325U4442118012"
BUNDLE = "kaiban-canyindian"  # the demo bundle 开办餐饮店 (catalog/demo/bundles/)
PASSWORD = "demo1234"


def libpq_url(url: str = BENCH_DATABASE_URL) -> str:
    """The SQLAlchemy URL without its driver suffix, as psycopg and psql want it."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def demo_item_dir(slug: str = JOINT_ITEM) -> Path:
    return DEMO_CATALOG / slug


def sample_submission(slug: str = JOINT_ITEM) -> dict[str, Any]:
    return json.loads((demo_item_dir(slug) / "sample.json").read_text(encoding="utf-8"))


def bundle_sample() -> dict[str, Any]:
    return json.loads((REPO / "catalog" / "demo" / "bundles" / BUNDLE / "sample.json").read_text(encoding="utf-8"))


def bench_env(url: str = BENCH_DATABASE_URL) -> dict[str, str]:
    """Environment for `flask` and gunicorn child processes pointed at the benchmark database."""
    env = dict(os.environ)
    env.update(
        {"DATABASE_URL": url, "SECRET_KEY": "bench-only-not-a-secret", "FLASK_APP": "app", "PYTHONPATH": str(REPO)}
    )
    return env
