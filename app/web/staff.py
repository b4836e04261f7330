"""Staff desks: the window queue, the output window, department task lists, case view, supervision."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user

from app.auth import roles_required
from app.documents.issuing import documents_of
from app.domain.actors import STAFF_ROLES
from app.domain.clock import working_days_left
from app.domain.lifecycle import N_, OPEN_TASK_STATES, OUTPUT_LANE, WINDOW_LANE
from app.domain.one_window import WINDOW_REVIEW
from app.extensions import db
from app.fees.service import fee_of
from app.fees.service import totals as fee_totals
from app.i18n import ui_locale
from app.models import HumanTask, Role
from app.services import case_clock, cases, deferrals, immediate, step_supplement
from app.services.audit import trail_of
from app.services.bundle_progress import item_progress
from app.services.case_access import check_case_readable, sight_of
from app.services.case_clock import case_pause_notice, light_value
from app.services.case_sight import events_seen, form_seen
from app.services.department_progress import department_progress
from app.services.errors import InvalidData, NotAllowed
from app.services.now import today
from app.services.output_window import mailing_address, verdict_of
from app.services.resubmission import last_resubmission, resubmitted_cases
from app.services.step_forms import application_form, decides_at_window, decision_form
from app.services.supervision import lights_by_department, most_urgent_open_cases
from app.services.task_lists import case_tasks, centre_cases, open_tasks
from app.web.deferrals import deferral_choice, deferral_post, owed_of

bp = Blueprint("staff", __name__)


def _light(due: Any) -> str:
    from app.services.work_calendar import load_calendar

    return light_value(due, today(), load_calendar())


LIGHT_WORDS = {"green": N_("正常"), "yellow": N_("即将到期"), "red": N_("已超期"), "paused": N_("已暂停")}


def _light_words(due: Any, paused: bool = False) -> dict[str, str]:
    """A light in words as well as colour (colour-blind users, screen readers): 正常 · 剩 3 个工作日."""
    from app.services.work_calendar import load_calendar

    calendar = load_calendar()
    value = "paused" if paused else light_value(due, today(), calendar)
    left = working_days_left(due, today(), calendar.is_workday)
    if paused or left is None:
        days = ""
    elif left >= 0:
        days = gettext("剩 %(n)s 个工作日", n=left)
    else:
        days = gettext("超期 %(n)s 个工作日", n=-left)
    return {"value": value, "word": gettext(LIGHT_WORDS[value]), "days": days}


def _unconfirmed_years() -> list[int]:
    from app.services.work_calendar import load_calendar

    return load_calendar().unconfirmed_years(today())


@bp.app_context_processor
def _helpers() -> dict[str, Any]:
    return {"light_for": _light, "light_words": _light_words, "calendar_unconfirmed_years": _unconfirmed_years}


@bp.route("/window")
@roles_required(Role.WINDOW_CLERK)
def window_queue() -> Any:
    tasks = open_tasks(HumanTask.lane == WINDOW_LANE, *centre_cases(current_user))
    return render_template(
        "staff/queue.html",
        title=_at_centre(gettext("综合窗口受理")),
        tasks=tasks,
        resubmitted=resubmitted_cases(t.application_id for t in tasks),
        overdue_owed=deferrals.cases_with_overdue(t.application_id for t in tasks),
        owed_rows=deferrals.owed_rows(*deferrals.at_window(current_user)),
    )


@bp.route("/output")
@roles_required(Role.WINDOW_CLERK)
def output_queue() -> Any:
    tasks = open_tasks(HumanTask.lane == OUTPUT_LANE, *centre_cases(current_user))
    return render_template(
        "staff/queue.html",
        title=_at_centre(gettext("出件窗口")),
        tasks=tasks,
        overdue_owed=deferrals.cases_with_overdue(t.application_id for t in tasks),
        owing=deferrals.cases_owing(t.application_id for t in tasks),  # an approved result waits for them
    )


def _at_centre(title: str) -> str:
    centre = current_user.centre
    return f"{title} · {centre.name}" if centre is not None else title


@bp.route("/tasks")
@roles_required(Role.APPROVER)
def department_queue() -> Any:
    if current_user.department is None:
        abort(403)
    tasks = open_tasks(HumanTask.department_id == current_user.department_id)
    return render_template(
        "staff/queue.html",
        title=gettext("%(department)s 待办任务", department=current_user.department.name),
        tasks=tasks,
    )


@bp.route("/tasks/<int:task_id>", methods=["GET", "POST"])
@roles_required(Role.WINDOW_CLERK, Role.APPROVER)
def task_detail(task_id: int) -> Any:
    task = cases.get_task(task_id)
    refusal = None  # why this reader may look at the open step but not take it
    if task.state in OPEN_TASK_STATES:
        try:
            cases.check_can_work(task, current_user)
        except NotAllowed as exc:
            if request.method == "POST" or not decides_at_window(task):
                raise
            refusal = exc.message  # 即办件 without the chief-representative right: read-only
    if request.method == "GET":  # a finished step is read like its case: need to know, and the read recorded
        check_case_readable(task.application, current_user, "task")
        db.session.commit()
    sight = sight_of(task.application, current_user)
    form = decision_form(task)
    values: dict[str, Any] | None = None
    errors: dict[str, list[str]] | None = None  # None: a fresh form, where schema defaults are filled in
    if request.method == "POST":
        errors = {}
        if request.form.get("action") == "claim":
            cases.claim_task(task.id, current_user)
            db.session.commit()
            flash("已认领")
            return redirect(url_for("staff.task_detail", task_id=task.id))
        result = form.parse(request.form, locale=ui_locale())
        values = result.data
        if result.ok:
            decision = result.data | (deferral_post(request.form) if task.element_id == WINDOW_REVIEW else {})
            try:
                complete = immediate.decide_at_window if decides_at_window(task) else cases.complete_task
                application = complete(task.id, current_user, decision).application
            except InvalidData as exc:
                db.session.rollback()
                errors = exc.details  # type: ignore[assignment]
            else:
                db.session.commit()
                if decides_at_window(task) and application.finished_at is not None:  # decided and issued at once
                    flash(gettext("即办件已当场办结（%(number)s），结果已出件", number=application.tracking_number))
                    return redirect(url_for("staff.case_view", tracking_number=application.tracking_number))
                flash(f"已办理：{task.name}（{application.tracking_number}）")
                return redirect(_queue_for(task))
        else:
            errors = result.errors
    application = task.application
    verdict = verdict_of(application) if task.lane == OUTPUT_LANE else None
    if verdict is not None and values is None:  # 邮寄送达 starts from the address the application gives
        values = {"mail_address": mailing_address(application)}
    step_form = application_form(application.item_version, ui_locale())
    return render_template(
        "staff/task.html",
        verdict=verdict,
        resubmission=last_resubmission(application, step_form, ui_locale())
        if task.element_id == WINDOW_REVIEW
        else None,
        deferral=deferral_choice(application, request.form if request.method == "POST" else None)
        if task.element_id == WINDOW_REVIEW and task.state in OPEN_TASK_STATES
        else None,
        owed=owed_of(application),
        pause_notice=case_pause_notice(application.id),
        running_pause=case_clock.running_pause(application.id),
        task=task,
        application=application,
        summary=step_form.summary(form_seen(application, sight), locale=ui_locale()),
        materials=materials_of(application, form_seen(application, sight)),
        progress=item_progress(application),
        departments=department_progress(application),
        form=form,
        refusal=refusal,
        immediate_item=decides_at_window(task),
        values=values,
        errors=errors,
    ), (422 if errors else 200)


@bp.route("/tasks/<int:task_id>/excluded-period", methods=["POST"])
@roles_required(Role.APPROVER)
def declare_excluded_period(task_id: int) -> Any:
    task = cases.get_task(task_id)
    days = request.form.get("expected_days", "").strip()
    try:
        case_clock.declare_excluded_period(
            task, current_user, request.form.get("reason", ""), int(days) if days.isdecimal() else None
        )
    except InvalidData as exc:
        db.session.rollback()
        flash("；".join(m for messages in (exc.details or {}).values() for m in messages) or exc.message)
    else:
        db.session.commit()
        flash("已申报特别程序，计时暂停")
    return redirect(url_for("staff.task_detail", task_id=task.id))


@bp.route("/tasks/<int:task_id>/supplement", methods=["POST"])
@roles_required(Role.APPROVER)
def request_supplement(task_id: int) -> Any:
    """审查中补正: the department asks the applicant for what is missing; the clock stops until they answer."""
    try:
        step_supplement.request_supplement(task_id, current_user, request.form.get("what", ""))
    except InvalidData as exc:
        db.session.rollback()
        flash("；".join(m for messages in (exc.details or {}).values() for m in messages) or exc.message)
    else:
        db.session.commit()
        flash("已一次性告知申请人补正，计时暂停")
    return redirect(url_for("staff.task_detail", task_id=task_id))


@bp.route("/cases/<tracking_number>/excluded-period/end", methods=["POST"])
@roles_required(Role.APPROVER, Role.SUPERVISOR, Role.ADMIN)
def end_excluded_period(tracking_number: str) -> Any:
    application = cases.get_by_tracking_number(tracking_number)
    case_clock.end_excluded_period(application, current_user)
    db.session.commit()
    flash("特别程序已结束，恢复计时")
    return redirect(request.referrer or url_for("staff.case_view", tracking_number=tracking_number))


def materials_of(application: Any, seen: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The uploads in the part of the case the reader may see, as (field label, file reference); the file
    endpoint applies the case's access rules again."""
    return application_form(application.item_version, ui_locale()).materials(seen, locale=ui_locale())


def _queue_for(task: HumanTask) -> str:
    if task.lane == WINDOW_LANE:
        return url_for("staff.window_queue")
    if task.lane == OUTPUT_LANE:
        return url_for("staff.output_queue")
    return url_for("staff.department_queue")


@bp.route("/cases/<tracking_number>")
@roles_required(*STAFF_ROLES)
def case_view(tracking_number: str) -> Any:
    application = cases.get_by_tracking_number(tracking_number)
    sight = check_case_readable(application, current_user, "page")
    db.session.commit()  # the read is recorded
    tasks = case_tasks(application.id)
    form = application_form(application.item_version, ui_locale())
    return render_template(
        "staff/case.html",
        application=application,
        summary=form.summary(form_seen(application, sight), locale=ui_locale()),
        materials=materials_of(application, form_seen(application, sight)),
        progress=item_progress(application),
        departments=department_progress(application),
        tasks=tasks,
        events=events_seen(application, trail_of(application), sight),
        pause_notice=case_pause_notice(application.id),
        documents=documents_of(application) if sight.sections is None else [],
        print_receipt=current_user.has_role(Role.WINDOW_CLERK),
        fee=fee_of(application),
        can_take_payment=current_user.has_role(Role.WINDOW_CLERK),
        owed=owed_of(application),
    )


@bp.route("/supervise")
@roles_required(Role.SUPERVISOR, Role.ADMIN)
def supervise() -> Any:
    from app.services.supervision_dashboard import in_scope
    from app.web.supervision import dashboard_context

    context = dashboard_context()
    district = context["bound_centre"] is None  # the district-wide tables are not a centre supervisor's to see
    return render_template(
        "staff/supervise.html",
        **context,
        cases=most_urgent_open_cases(limit=20, where=in_scope(context["scope"])),
        overdue_owed=deferrals.owed_rows(in_scope(context["scope"]), overdue_only=True, limit=50),
        overdue_owed_cases=deferrals.overdue_count(in_scope(context["scope"])),
        departments=lights_by_department(today()) if district else None,
        fees=fee_totals() if district else None,
    )
