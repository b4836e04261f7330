"""Supervision exports: the period's figures and cases as an Excel workbook (openpyxl) or a CSV of one figure."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.domain.lifecycle import STATUS_LABELS_ZH, CaseStatus
from app.extensions import db
from app.models import Application, ItemVersion, ServiceItem
from app.services.supervision_dashboard import FIGURE_LABELS, Scope, build_dashboard, figure_condition, in_scope

MAX_ROWS = 100_000  # a sheet this long is a database export, not a report
CASE_COLUMNS = (
    "受理编号",
    "事项",
    "牵头部门",
    "状态",
    "提交时间",
    "受理时间",
    "承诺办结日",
    "办结时间",
    "用时（工作日）",
    "时效",
    "灯色",
)
TIMELINESS = {"early": "提前", "on_time": "按期", "late": "超期"}
LIGHT_WORDS = {"green": "绿灯", "yellow": "黄灯", "red": "红灯", "paused": "暂停计时"}


def _status(value: str) -> str:
    try:
        return STATUS_LABELS_ZH[CaseStatus(value)]
    except ValueError:
        return value


def case_rows(scope: Scope, figure: str, batch: int = 2000) -> Iterator[list[Any]]:
    """The figure's cases in id order, read in batches by id (a page's GET runs on an autocommit connection,
    where a server-side cursor is not available, so the rows are not streamed from one statement)."""
    after, written = 0, 0
    while written < MAX_ROWS:
        stmt = (
            select(Application)
            .where(figure_condition(figure, scope), in_scope(scope), Application.id > after)
            .order_by(Application.id)
            .limit(min(batch, MAX_ROWS - written))
            .options(
                joinedload(Application.item_version).joinedload(ItemVersion.item).joinedload(ServiceItem.department)
            )
        )
        cases = list(db.session.scalars(stmt))
        if not cases:
            return
        for case in cases:
            yield _case_row(case)
        written += len(cases)
        after = cases[-1].id


def _case_row(case: Application) -> list[Any]:
    item = case.item_version.item
    return [
        case.tracking_number,
        item.name,
        item.department.name,
        _status(case.status),
        case.submitted_at,
        case.accepted_at,
        case.due_date,
        case.finished_at,
        case.working_days,
        TIMELINESS.get(case.timeliness or "", ""),
        "" if case.finished_at else LIGHT_WORDS.get(case.light or "", ""),
    ]


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def summary_rows(scope: Scope) -> list[list[Any]]:
    board = build_dashboard(scope)
    rows: list[list[Any]] = [["统计期间", f"{scope.start.isoformat()} 至 {scope.end.isoformat()}"]]
    rows += [[FIGURE_LABELS[name], n] for name, n in board.counts.items()]
    rows += [
        ["按期办结率", _percent(board.on_time_rate)],
        ["提前办结率", _percent(board.early_rate)],
        ["平均用时（工作日）", board.average_days if board.average_days is not None else "—"],
        ["90%办件用时不超过（工作日）", board.p90_days if board.p90_days is not None else "—"],
    ]
    rows += [[FIGURE_LABELS[f"open_{light}"], n] for light, n in board.open_by_light.items()]
    rows += [[f"{name}·超期环节", steps] for _, name, steps in board.overdue_steps]
    labels = {
        "ratings": "评价",
        "average_score": "平均评分",
        "bad_ratings": "差评",
        "open_follow_ups": "待整改差评",
        "late_follow_ups": "逾期未答复差评",
        "complaints": "投诉",
        "open_complaints": "未结投诉",
    }
    rows += [[labels[key], "—" if value is None else value] for key, value in board.feedback.items()]
    return rows


def period_workbook(scope: Scope, figure: str | None = None) -> io.BytesIO:
    """Sheet 概况 (the dashboard's figures) and sheet 办件明细 (the period's cases received, or a figure's)."""
    figure_condition(figure or "received", scope)  # an unknown figure raises ValueError before any work
    book = Workbook(write_only=True)
    summary = book.create_sheet("概况")
    summary.append(["指标", "数值"])
    for row in summary_rows(scope):
        summary.append(row)
    cases = book.create_sheet("办件明细")
    cases.append(list(CASE_COLUMNS))
    for row in case_rows(scope, figure or "received"):
        cases.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def cases_csv(scope: Scope, figure: str) -> str:
    figure_condition(figure, scope)
    out = io.StringIO()
    out.write("\ufeff")  # Excel opens UTF-8 CSV with Chinese text only with the byte-order mark
    writer = csv.writer(out)
    writer.writerow(CASE_COLUMNS)
    for row in case_rows(scope, figure):
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue()
