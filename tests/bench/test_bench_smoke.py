"""The benchmark package's own logic, without a database or a server (`make bench-smoke` runs the real thing):
percentiles, the traffic-light boundaries, the bare-engine baseline, reading locust's statistics."""

from __future__ import annotations

import os
from datetime import date

from bench.engine_baseline import BaselineResult, run_baseline
from bench.lifecycle import HttpRun, Round, median_round, report, round_lines, slice_sizes
from bench.lifecycle_driver import CaseResult
from bench.load import summarise
from bench.query_shapes import light_boundaries
from bench.stats import latency_table, median, percentile


def test_percentiles_are_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50.0
    assert percentile(values, 95) == 95.0
    assert median([3.0, 1.0, 2.0, 4.0]) == 2.5
    lines = latency_table([("submit", 0.010), ("submit", 0.020), ("complete", 0.030)], order=("submit",))
    assert lines[1].split()[:2] == ["submit", "2"]


def test_light_boundaries_follow_light_for_over_a_weekend():
    from app.domain.working_days import Light, light_for

    def weekdays(day: date) -> bool:
        return day.weekday() < 5

    friday = date(2031, 3, 7)
    today, next_workday = light_boundaries(friday, weekdays)
    assert (today, next_workday) == (friday, date(2031, 3, 10))
    for due, light in ((date(2031, 3, 6), Light.RED), (date(2031, 3, 9), Light.YELLOW), (next_workday, Light.GREEN)):
        assert light_for(due, friday, weekdays) == light


def test_engine_baseline_runs_the_joint_case_to_its_end():
    result = run_baseline(2)
    assert result.cases == 2
    assert result.cpu_per_case > 0
    assert result.state_bytes > 1000  # full serializer: specs travel with the state


def test_locust_statistics_are_summarised(tmp_path):
    header = "Type,Name,Request Count,Failure Count,50%,95%,Requests/s"
    stats = tmp_path / "load_stats.csv"
    stats.write_text(f"{header}\nGET,GET /,10,0,12,40,2.5\n,Aggregated,10,0,12,40,2.5\n", encoding="utf-8")
    lines = summarise(stats)
    assert lines[-2:] == ["load errors: 0", "load p95 ms: 40"]


def test_the_lifecycle_report_puts_the_http_floor_beside_the_ratio():
    timings = [("submit", 0.02)] + [("list_tasks", 0.01), ("complete", 0.02)] * 4 + [("get_case", 0.01)]
    results = [CaseResult(f"YC{i}", "issued", timings=list(timings)) for i in range(4)]
    # 4 cases of 10 requests: 0.240 s of server CPU (60 ms a case); the floor 40 requests for 0.032 s (0.8 ms each).
    run = HttpRun(
        results, wall_seconds=2.0, server_cpu=0.240, db_cpu=0.1, floor_requests=40, floor_cpu=0.032, client_cpu=0.06
    )
    baselines = (
        BaselineResult(2, 0.040, 0.1, 5000),
        BaselineResult(4, 0.040, 0.1, 5000),
        BaselineResult(2, 0.040, 0.1, 5000),
    )
    lines = report(Round(run, baselines), clients=2, workers=2)
    # 60 + 25 + 15 ms of CPU a case: the machine's cores, all busy, finish one case per 100 ms per core.
    cores = os.cpu_count() or 1
    assert f"= 100.0 ms CPU per case, so {cores} cores can finish at most {cores * 10} cases/s" in lines[-5]
    assert "0.80 ms server CPU per request = 8.0 ms per case of 10 requests" in lines[-4]
    assert lines[-3].strip() == "platform work above the floor: 52.0 ms per case (3.5 x the baseline)"
    assert "8 cases in 3 slices" in lines[-2] and "20.0 / 10.0 / 20.0 ms CPU per case, 15.0 ms overall" in lines[-2]
    assert lines[-1] == "lifecycle ratio: 4.0"  # 60 ms over all the baseline slices' 120 ms for 8 cases


def _round(server_cpu: float, *baseline_slices: float) -> Round:
    results = [CaseResult(f"YC{i}", "issued") for i in range(10)]
    run = HttpRun(results, wall_seconds=1.0, server_cpu=server_cpu, db_cpu=0, floor_requests=0, floor_cpu=0)
    return Round(run, tuple(BaselineResult(10, cpu, 1, 0) for cpu in baseline_slices))


def test_rounds_report_the_median_ratio_each_over_its_interleaved_baseline_slices():
    # 10 cases each: 40 ms over 10 ms, 30 over (9 + 11) / 2 = 10 ms, 35 over 10.
    rounds = [_round(0.400, 0.100, 0.100), _round(0.300, 0.090, 0.110, 0.100), _round(0.350, 0.100, 0.100)]
    assert [round(r.ratio, 2) for r in rounds] == [4.0, 3.0, 3.5]
    assert median_round(rounds) is rounds[2]
    lines = round_lines(rounds)
    assert lines[0] == "  round 1: 10.0 cases/s, server 40.0 ms CPU per case, baseline 10.0 ms, ratio 4.0"
    assert lines[-1] == "rounds: 3; the report above is round 3's, the median"
    # Of an even count, the worse of the two middle rounds.
    assert median_round(rounds[:2]) is rounds[0]


def test_cases_split_into_even_slices_none_empty():
    assert slice_sizes(300, 5) == [60] * 5
    assert slice_sizes(11, 3) == [4, 4, 3]
    assert slice_sizes(2, 5) == [1, 1]  # a smoke run of fewer cases than slices
    assert slice_sizes(10, 0) == [10]


def test_instruction_counts_subtract_start_up_and_divide_by_the_cases():
    from bench.instructions import SideCount
    from bench.instructions import report as instruction_report

    platform = SideCount(cases=10, with_cases=9_000_000_000, without=8_000_000_000)
    baseline = SideCount(cases=10, with_cases=1_250_000_000, without=1_000_000_000)
    assert platform.per_case == 100_000_000
    lines = instruction_report(platform, baseline)
    assert "100.0 M" in lines[1] and "25.0 M" in lines[2]
    assert lines[-1] == "instruction ratio: 4.0"
