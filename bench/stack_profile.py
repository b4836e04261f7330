"""Sampling a gunicorn worker under load with py-spy, and reading its collapsed stacks.

py-spy's ``--format raw`` writes one line per distinct stack: ``frame;frame;… count``, a frame being
``function (file:line)``. The summary gives the share of samples by layer (what the innermost frames were
doing) and the inclusive share of the application's own functions.
"""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bench.settings import VENV_BIN

_LINE = re.compile(r":\d+\)$")
LAYERS = (
    ("SpiffWorkflow (engine, serializer)", "SpiffWorkflow"),
    ("psycopg (sending, waiting for PostgreSQL, decoding)", "psycopg"),
    ("SQLAlchemy (ORM, Core)", "sqlalchemy"),
    ("JSON Schema / forms", "jsonschema"),
    ("Flask, Werkzeug, gunicorn", "werkzeug"),
)


@dataclass(frozen=True)
class StackSummary:
    samples: int
    layers: list[tuple[str, float]]
    app_functions: list[tuple[str, float]]


def record(pid: int, seconds: int, out: Path, rate: int = 100) -> subprocess.Popen[bytes]:
    """Start py-spy on ``pid`` for ``seconds`` (non-blocking sampling: it never pauses the worker)."""
    command = [
        str(VENV_BIN / "py-spy"), "record", "--pid", str(pid), "--duration", str(seconds), "--rate", str(rate),
        "--format", "raw", "--nonblocking", "--output", str(out),
    ]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _file(frame: str) -> str:
    """The file of a ``function (file:line)`` frame, relative as py-spy prints it."""
    return frame.rsplit(" (", 1)[-1].removeprefix(str(Path.cwd()) + "/")


def _layer(frames: list[str]) -> str:
    inner = ";".join(frames[-15:])
    for label, marker in LAYERS:
        if marker in inner or (marker == "werkzeug" and ("flask" in inner or "gunicorn" in inner)):
            return label
    return "other"


def summarise(collapsed: Path, own_code: tuple[str, ...] = ("app/", "workflows/", "forms/")) -> StackSummary:
    layers: Counter[str] = Counter()
    functions: Counter[str] = Counter()
    total = 0
    for line in collapsed.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line.strip():
            continue
        stack, count_text = line.rsplit(" ", 1)
        count = int(count_text)
        frames = stack.split(";")
        total += count
        layers[_layer(frames)] += count
        for name in {_LINE.sub(")", f) for f in frames if _file(f).startswith(own_code)}:
            functions[name] += count
    share = 100.0 / max(total, 1)
    return StackSummary(
        total,
        [(label, n * share) for label, n in layers.most_common()],
        [(name, n * share) for name, n in functions.most_common(20)],
    )


def report(summary: StackSummary) -> list[str]:
    lines = [f"py-spy: {summary.samples} samples of one gunicorn worker; share by innermost layer:"]
    lines += [f"  {pct:5.1f}%  {label}" for label, pct in summary.layers]
    lines.append("  inclusive share of the application's own functions:")
    lines += [f"  {pct:5.1f}%  {name}" for name, pct in summary.app_functions]
    return lines
