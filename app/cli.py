"""Command-line tools: `flask --app app catalog load DIR`, `demo seed`, `forms check`, `bpmn check`, `worker`,
`supervision recount`."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from app.extensions import db
from app.services.catalog import load_catalog
from app.services.errors import PublishRefused
from app.services.users import seed_demo_users

DEMO_CATALOG = Path(__file__).resolve().parent.parent / "catalog" / "demo"

catalog_cli = AppGroup("catalog", help="Service item catalogue.")
demo_cli = AppGroup("demo", help="Demo data for a first look.")
forms_cli = AppGroup("forms", help="Form schemas.")
bpmn_cli = AppGroup("bpmn", help="Approval paths.")
supervision_cli = AppGroup("supervision", help="Supervision (电子监察) counts.")


@catalog_cli.command("load")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path), default=DEMO_CATALOG)
@click.option("--dry-run", is_flag=True, help="Print what would change and change nothing.")
def catalog_load(directory: Path, dry_run: bool) -> None:
    """Load departments, data elements and items from DIRECTORY, publishing a new version where content changed.

    The folder is checked as a whole: any problem refuses all of it (each problem is printed, nothing changes).
    """
    try:
        report = load_catalog(directory, dry_run=dry_run)
    except PublishRefused as exc:
        db.session.rollback()
        click.echo(f"error: {exc.message}", err=True)
        for problem in exc.details or []:
            click.echo(f"  - {problem}", err=True)
        sys.exit(1)
    db.session.commit()
    for line in report:
        click.echo(line)


@catalog_cli.command("export")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def catalog_export(directory: Path) -> None:
    """Write the whole catalogue (departments, data elements, items' live versions, bundles) into DIRECTORY."""
    from app.services.catalog_files import export_catalog

    if directory.exists() and any(directory.iterdir()):
        click.echo(f"error: {directory} 不是空目录；请导出到新目录（不覆盖已有文件）", err=True)
        sys.exit(1)
    written = export_catalog(directory)
    click.echo(f"exported {len(written)} file(s) to {directory}")


@demo_cli.command("seed")
def demo_seed() -> None:
    """Load the demo catalogue and the demo users, and print the logins."""
    from app.services.work_calendar import seed_from_package

    report = load_catalog(DEMO_CATALOG)
    users = seed_demo_users()
    seed_from_package()
    db.session.commit()
    for line in report:
        click.echo(line)
    click.echo("\n演示账号 / demo logins (password for all: demo1234):")
    for user in users:
        click.echo(f"  {user.username:<16} {user.display_name}")
    from app.services.centres import DEMO_CENTRES

    click.echo("\n演示服务中心 / demo centres (窗口账号 / window clerk):")
    for centre in DEMO_CENTRES:
        clerks = ", ".join(u.username for u in users if u.centre == centre.code)
        role = "（代收代办 receive-only）" if centre.receive_only else ""
        click.echo(f"  {centre.name}{role}: {clerks}")


@demo_cli.command("cases")
@click.option("--count", default=300, show_default=True, help="How many demo cases to create.")
def demo_cases(count: int) -> None:
    """A living hall: demo cases over the last months in every state and light (once; run again, nothing new)."""
    from app.services.demo_cases import create_demo_cases, status_counts

    report = create_demo_cases(count)
    db.session.commit()
    if report.existing:
        click.echo(f"{report.existing} demo cases exist already: nothing created")
    else:
        click.echo(f"{report.created} demo cases created")
    click.echo("  " + ", ".join(f"{status} {n}" for status, n in sorted(status_counts().items())))


@forms_cli.command("check")
@click.argument("schema", type=click.Path())
@click.option("--ui", "ui_path", type=click.Path(), default=None)
@click.option("--data", "data_path", type=click.Path(), default=None)
def forms_check(schema: str, ui_path: str | None, data_path: str | None) -> None:
    """Render SCHEMA offline and report what cannot be rendered; with --data, check the round trip."""
    from forms.check import check_schema_files

    sys.exit(check_schema_files(schema, ui_path, data_path, out=click.echo))


@bpmn_cli.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path())
def bpmn_check(files: tuple[str, ...]) -> None:
    """Parse each BPMN file and say whether Yichuang can run it."""
    from workflows.check import check_bpmn_files

    sys.exit(check_bpmn_files(list(files), out=click.echo))


@click.command("worker")
@click.option("--once", is_flag=True, help="Run the jobs due now, then exit.")
@click.option("--poll", default=5.0, show_default=True, help="Seconds to wait when nothing is due.")
def worker_command(once: bool, poll: float) -> None:
    """Fire due timers and run queued platform actions (several workers may run at once on PostgreSQL)."""
    from app.notifications.sending import send_due_messages
    from app.services.worker import run_forever, run_once, worker_name
    from app.webhooks.delivery import deliver_due

    if once:
        worker = worker_name()
        jobs, messages = run_once(worker), send_due_messages(worker)
        click.echo(f"{jobs} job(s) run, {messages} message(s) sent, {deliver_due(worker)} webhook(s) attempted")
    else:
        run_forever(poll)


@supervision_cli.command("recount")
def supervision_recount() -> None:
    """Rebuild the open-case tally from the cases in one transaction and print the rows that were wrong."""
    from app.models import UNACCEPTED_DUE_DATE, Department
    from app.services.case_tally import recount

    changes = recount(db.session.connection())
    codes = {dept_id: code for dept_id, code in db.session.execute(db.select(Department.id, Department.code))}
    db.session.commit()
    for change in changes:
        due = "not accepted" if change.due_date == UNACCEPTED_DUE_DATE else change.due_date.isoformat()
        department = codes.get(change.department_id, f"#{change.department_id}")
        click.echo(f"  {department} {due}: {change.stored} -> {change.counted}")
    click.echo(f"{len(changes)} tally row(s) repaired" if changes else "tally matched the cases")


@supervision_cli.command("sweep")
def supervision_sweep() -> None:
    """Recompute due dates after a calendar change and today's lights now (the worker does it on its own)."""
    from app.services.clock_sweep import sweep

    report = sweep(force=True)
    db.session.commit()
    click.echo(f"{report.recomputed_cases} case(s) recomputed, {report.alerts} alert(s) queued")


audit_cli = AppGroup("audit", help="The audit trail (审计日志).")


@audit_cli.command("verify")
def audit_verify() -> None:
    """Check every event's hash and link; name the first broken link and exit 1 if there is one."""
    from app.services.audit import verify_chain

    checked, broken = verify_chain()
    if broken is not None:
        click.echo(f"{broken} / audit chain broken at event #{broken.event_id}", err=True)
        sys.exit(1)
    click.echo(f"审计链完整：{checked} 个事件 / audit chain intact: {checked} event(s)")


calendar_cli = AppGroup("calendar", help="Working-day calendar (工作日历).")


@calendar_cli.command("seed")
def calendar_seed() -> None:
    """Enter and confirm the years chinese-calendar knows that the calendar does not hold yet."""
    from app.services.work_calendar import seed_from_package

    years = seed_from_package()
    db.session.commit()
    click.echo(f"seeded {len(years)} year(s): {years[0]}–{years[-1]}" if years else "calendar already seeded")


def register_commands(app: Flask) -> None:
    for group in (catalog_cli, demo_cli, forms_cli, bpmn_cli, supervision_cli, calendar_cli, audit_cli):
        app.cli.add_command(group)
    app.cli.add_command(worker_command)
