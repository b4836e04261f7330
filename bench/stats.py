"""Percentiles and the small tables the benchmarks print."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (pct in 0..100) of a non-empty sequence."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def by_kind(timings: Iterable[tuple[str, float]]) -> dict[str, list[float]]:
    grouped: dict[str, list[float]] = defaultdict(list)
    for kind, seconds in timings:
        grouped[kind].append(seconds)
    return dict(grouped)


def latency_table(timings: Iterable[tuple[str, float]], order: Sequence[str] = ()) -> list[str]:
    """Lines of `kind  count  p50 ms  p95 ms`, in ``order`` first and then alphabetically."""
    grouped = by_kind(timings)
    kinds = [k for k in order if k in grouped] + sorted(k for k in grouped if k not in order)
    lines = [f"  {'request':<12} {'count':>7} {'p50 ms':>8} {'p95 ms':>8}"]
    for kind in kinds:
        values = grouped[kind]
        lines.append(
            f"  {kind:<12} {len(values):>7} {percentile(values, 50) * 1000:>8.1f} {percentile(values, 95) * 1000:>8.1f}"
        )
    return lines
