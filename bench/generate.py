"""Fill yichuang_bench with a district's worth of cases, fast: set-based INSERT … SELECT generate_series.

    python -m bench.generate --cases 1000000

Three years of applications across 20 departments and 200 items (every item version reuses the demo joint
item's published form and approval package) and the centres of a district like the demo's (the district hall, six
street centres, two receive-only community stations under each street: half the cases at the district hall, two
fifths at a street, a tenth taken in at a station and accepted by its street), each centre's window clerks
accepting its cases, one citizen per five cases, the newest 20 % still open with
human_task rows in every state (ready, claimed, completed, cancelled) and due dates spread around today so
every traffic light occurs, and one audit event per case. Rows are generated inside PostgreSQL (no round trip
per row); secondary indexes are dropped during the load and rebuilt after it, the supervision tally of open cases
is recounted from the loaded cases, then the tables are analysed.
``workflow_state`` holds a short placeholder instead of a real ~11 KB engine state: it lives out of line
(TOAST) and none of the benchmarked queries read it, so the figures do not depend on it.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import dataclass

import psycopg

from bench.database import fresh_schema
from bench.settings import BENCH_DATABASE_URL, JOINT_ITEM, libpq_url

DEPARTMENTS = 20
ITEMS = 200
STREETS = 6  # street centres under the district hall (the demo's two included)
STATIONS_PER_STREET = 2  # receive-only community stations (代收代办) under each street
WINDOWS = {"district": 6, "street": 3, "community": 1}  # window clerks per centre of each level
CASES_PER_CITIZEN = 5
OPEN_SHARE = 0.2
BULK_TABLES = (
    "application",
    "human_task",
    "audit_event",
    "user_account",
    "user_role",
    "open_case_tally",
    "clock_pause",
    "case_search_term",
)


@dataclass(frozen=True)
class Generated:
    cases: int
    citizens: int
    tasks: int
    events: int
    seconds: float


def _catalogue(cur: psycopg.Cursor) -> None:
    """Top the demo catalogue up to DEPARTMENTS departments and ITEMS live items sharing one real version."""
    cur.execute(
        """
        INSERT INTO department (code, name)
        SELECT 'dept' || lpad(g::text, 2, '0'), '基准测试部门' || g
        FROM generate_series((SELECT count(*) FROM department) + 1, %(departments)s) g
        """,
        {"departments": DEPARTMENTS},
    )
    cur.execute(
        """
        WITH src AS (SELECT i.kind, v.* FROM service_item i JOIN item_version v ON v.id = i.live_version_id
                     WHERE i.code = %(code)s),
             depts AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM department),
             new_items AS (
               INSERT INTO service_item (code, slug, name, kind, department_id, statutory_days, promised_days,
                                         created_at)
               SELECT 'BENCH' || lpad(g::text, 5, '0'), 'bench-item-' || g, '基准测试事项' || g,
                      (ARRAY['immediate','promised','joint','referred'])[1 + g %% 4],
                      (SELECT id FROM depts WHERE n = g %% %(departments)s), 20, 1 + g %% 15, now()
               FROM generate_series((SELECT count(*) FROM service_item) + 1, %(items)s) g
               RETURNING id)
        INSERT INTO item_version (item_id, number, form_schema, form_ui, decision_forms, bpmn_files, process_id,
                                  approval_package, guide, published_at)
        SELECT n.id, 1, s.form_schema, s.form_ui, s.decision_forms, s.bpmn_files, s.process_id, s.approval_package,
               s.guide, now()
        FROM new_items n CROSS JOIN src s
        """,
        {"code": JOINT_ITEM, "departments": DEPARTMENTS, "items": ITEMS},
    )
    cur.execute(
        "UPDATE service_item i SET live_version_id = v.id FROM item_version v "
        "WHERE v.item_id = i.id AND i.live_version_id IS NULL"
    )


def _centres(cur: psycopg.Cursor) -> None:
    """Top the demo's centres (明湖区 hall, 湖滨 and 青山 streets, 柳岸 station) up to STREETS streets with
    STATIONS_PER_STREET receive-only stations each, and give every centre its window clerks."""
    cur.execute(
        """
        INSERT INTO centre (code, name, level, parent_id, address, hours, windows, slot_minutes, receive_only, active)
        SELECT 'bench-street-' || g, '基准测试街道' || g || '便民服务中心', 'street',
               (SELECT id FROM centre WHERE level = 'district' ORDER BY id LIMIT 1), '', '09:00-12:00,13:30-17:00',
               3, 30, false, true
        FROM generate_series((SELECT count(*) FROM centre WHERE level = 'street') + 1, %(streets)s) g
        """,
        {"streets": STREETS},
    )
    cur.execute(
        """
        WITH streets AS (SELECT s.id, s.name, (SELECT count(*) FROM centre c WHERE c.parent_id = s.id) AS stations
                         FROM centre s WHERE s.level = 'street')
        INSERT INTO centre (code, name, level, parent_id, address, hours, windows, slot_minutes, receive_only, active)
        SELECT 'bench-station-' || s.id || '-' || g, s.name || '·社区代办点' || g, 'community', s.id, '',
               '09:00-12:00,13:30-17:00', 1, 30, true, true
        FROM streets s CROSS JOIN generate_series(1, %(per_street)s) g
        WHERE g > s.stations
        """,
        {"per_street": STATIONS_PER_STREET},
    )
    cur.execute(
        """
        WITH windows AS (SELECT c.id, c.code, (%(windows)s::jsonb ->> c.level)::int AS n FROM centre c)
        INSERT INTO user_account (username, display_name, password_hash, centre_id, window_name, active)
        SELECT 'bench_clerk_' || w.code || '_' || g, '窗口人员' || w.id || '-' || g,
               (SELECT password_hash FROM user_account WHERE username = 'window'), w.id,
               CASE WHEN w.n = 1 THEN '代办窗口' ELSE g || '号窗口' END, true
        FROM windows w CROSS JOIN generate_series(1, w.n) g
        """,
        {"windows": json.dumps(WINDOWS)},
    )
    cur.execute(
        "INSERT INTO user_role (user_id, role) SELECT id, 'window_clerk' FROM user_account "
        "WHERE username LIKE 'bench\\_clerk\\_%%'"
    )


def _citizens(cur: psycopg.Cursor, citizens: int) -> None:
    cur.execute(
        """
        INSERT INTO user_account (username, display_name, password_hash, phone, id_number, active)
        SELECT 'bench_citizen_' || g, '市民' || g, (SELECT password_hash FROM user_account WHERE username = 'citizen'),
               '139' || lpad(g::text, 8, '0'), NULL, true
        FROM generate_series(1, %(n)s) g
        """,
        {"n": citizens},
    )
    cur.execute(
        "INSERT INTO user_role (user_id, role) SELECT id, 'citizen' FROM user_account "
        "WHERE username LIKE 'bench\\_citizen\\_%%'"
    )


# Closed cases are spread over three years before the open window; open ones over its last 60 days. Statuses,
# due dates (today -15 … +24 days for cases in approval), items and centres are drawn per row with random():
# half at the district hall, two fifths at a street centre, a tenth taken in at a community station and accepted
# by the street above it.
_APPLICATIONS = """
WITH params AS (
  SELECT (SELECT array_agg(id ORDER BY id) FROM item_version) AS versions,
         (SELECT min(id) FROM user_account WHERE username LIKE 'bench\\_citizen\\_%%') AS first_citizen,
         (SELECT data FROM (VALUES (%(sample)s::jsonb)) s(data)) AS sample,
         (SELECT min(id) FROM centre WHERE level = 'district') AS district,
         (SELECT array_agg(id ORDER BY id) FROM centre WHERE level = 'street') AS streets,
         (SELECT array_agg(id ORDER BY id) FROM centre WHERE level = 'community') AS stations,
         (SELECT array_agg(parent_id ORDER BY id) FROM centre WHERE level = 'community') AS station_streets
), draws AS (
  SELECT g, random() AS r_status, random() AS r_due, random() AS r_item, random() AS r_who, random() AS r_centre,
         g > %(closed)s AS is_open,
         CASE WHEN g > %(closed)s
              THEN now() - interval '60 days' * (1 - (g - %(closed)s)::float / greatest(%(open)s, 1))
              ELSE now() - interval '60 days' - interval '1035 days' * (1 - g::float / greatest(%(closed)s, 1))
         END AS submitted_at
  FROM generate_series(1, %(cases)s) g
), shaped AS (
  SELECT d.*,
         CASE WHEN is_open THEN
                CASE WHEN r_status < 0.15 THEN 'submitted' WHEN r_status < 0.20 THEN 'supplement'
                     WHEN r_status < 0.85 THEN 'in_approval' ELSE 'awaiting_issue' END
              ELSE CASE WHEN r_status < 0.85 THEN 'issued' WHEN r_status < 0.95 THEN 'rejected' ELSE 'declined' END
         END AS status
  FROM draws d
)
INSERT INTO application (id, tracking_number, item_version_id, applicant_id, channel, submission_token, status,
                         outcome, data, workflow_state, submitted_at, accepted_at, due_date, finished_at, row_version,
                         centre_id, received_centre_id)
SELECT s.g,
       'YC' || to_char(s.submitted_at, 'YYYYMMDD') || lpad(s.g::text, 7, '0'),
       p.versions[1 + floor(s.r_item * array_length(p.versions, 1))::int],
       p.first_citizen + floor(s.r_who * %(citizens)s)::int,
       CASE WHEN s.g %% 3 = 0 THEN 'window' ELSE 'online' END,
       md5(s.g::text),
       s.status,
       CASE s.status WHEN 'issued' THEN 'approved' WHEN 'rejected' THEN 'rejected' WHEN 'declined' THEN 'declined' END,
       p.sample,
       '{"bench": "state placeholder"}',
       s.submitted_at,
       CASE WHEN s.status IN ('submitted', 'declined') THEN NULL ELSE s.submitted_at + interval '3 hours' END,
       CASE WHEN s.status = 'declined' THEN NULL
            WHEN s.status IN ('submitted', 'supplement') THEN current_date + floor(s.r_due * 2)::int
            WHEN s.is_open THEN current_date - 15 + floor(s.r_due * 40)::int
            ELSE (s.submitted_at + interval '14 days')::date END,
       CASE WHEN s.is_open THEN NULL ELSE s.submitted_at + interval '1 day' * (2 + floor(s.r_due * 12)) END,
       1,
       CASE WHEN s.r_centre < 0.5 THEN p.district
            WHEN s.r_centre < 0.9 THEN p.streets[1 + floor((s.r_centre - 0.5) / 0.4 * array_length(p.streets, 1))::int]
            ELSE p.station_streets[1 + floor((s.r_centre - 0.9) / 0.1 * array_length(p.stations, 1))::int] END,
       CASE WHEN s.r_centre >= 0.9
            THEN p.stations[1 + floor((s.r_centre - 0.9) / 0.1 * array_length(p.stations, 1))::int] END
FROM shaped s CROSS JOIN params p
"""

# Task history per case: the window's review and the output window's issue (by clerks of the accepting centre),
# the lead department's review (its lane and department; completed by the demo approver `scjg`); open cases have
# their current step ready or claimed, 5 % a cancelled branch.
_TASKS = """
WITH clerks AS (
  SELECT centre_id, array_agg(id ORDER BY id) AS ids FROM user_account
  WHERE username LIKE 'bench\\_clerk\\_%' GROUP BY centre_id
), a AS (
  SELECT a.id, a.status, a.due_date, a.submitted_at, a.applicant_id, d.id AS dept_id, d.code AS dept_code,
         a.id % 10 AS r, c.ids[1 + a.id % cardinality(c.ids)] AS clerk_id
  FROM application a JOIN item_version v ON v.id = a.item_version_id JOIN service_item i ON i.id = v.item_id
  JOIN department d ON d.id = i.department_id LEFT JOIN clerks c ON c.centre_id = a.centre_id
), window_review AS (
  SELECT id, 'window_review' AS element_id, '综合窗口受理' AS name, 'window' AS lane, NULL::int AS dept_id,
         CASE WHEN status = 'submitted' THEN (CASE WHEN r < 3 THEN 'claimed' ELSE 'ready' END)
              ELSE 'completed' END AS state,
         coalesce(due_date, current_date) AS due_date, submitted_at, clerk_id
  FROM a
), supplement AS (
  SELECT id, 'applicant_supplement', '申请人补正', 'applicant', NULL::int, 'ready', due_date, submitted_at, NULL::int
  FROM a WHERE status = 'supplement'
), department AS (
  SELECT id, dept_code || '_review', '部门审查', dept_code, dept_id,
         CASE WHEN status = 'in_approval' THEN (CASE WHEN r < 3 THEN 'claimed' ELSE 'ready' END)
              ELSE 'completed' END,
         due_date, submitted_at, NULL::int
  FROM a WHERE status IN ('in_approval', 'awaiting_issue', 'issued', 'rejected')
), cancelled AS (
  SELECT id, dept_code || '_site_check', '现场核查', dept_code, dept_id, 'cancelled', due_date, submitted_at, NULL::int
  FROM a WHERE status = 'in_approval' AND id % 20 = 0
), output AS (
  SELECT id, 'output_issue', '出件窗口', 'output', NULL::int,
         CASE WHEN status = 'awaiting_issue' THEN 'ready' ELSE 'completed' END, due_date, submitted_at, clerk_id
  FROM a WHERE status IN ('awaiting_issue', 'issued', 'rejected')
), tasks AS (
  SELECT * FROM window_review UNION ALL SELECT * FROM supplement UNION ALL SELECT * FROM department
  UNION ALL SELECT * FROM cancelled UNION ALL SELECT * FROM output
)
INSERT INTO human_task (application_id, spiff_task_id, element_id, name, lane, department_id, form_file, state,
                        due_date, created_at, completed_at, completed_by_id)
SELECT id, md5(id::text || element_id), element_id, name, lane, dept_id, element_id || '.schema.json', state,
       due_date, submitted_at, CASE WHEN state IN ('completed', 'cancelled') THEN submitted_at + interval '1 day' END,
       CASE WHEN state = 'completed'
            THEN coalesce(clerk_id, (SELECT min(id) FROM user_account WHERE username = 'scjg')) END
FROM tasks
"""

# One event per case opens its hash chain; the hashes are placeholders (bench.queries never verifies them).
_EVENTS = """
INSERT INTO audit_event (application_id, actor_id, actor_name, action, at, before, after, detail, prev_hash, hash)
SELECT a.id, a.applicant_id, '市民', 'submitted', a.submitted_at, NULL, '{"status": "submitted"}'::jsonb,
       jsonb_build_object('channel', a.channel, 'item', 'bench', 'version', 1),
       repeat('0', 64), md5(a.id::text) || md5(a.tracking_number)
FROM application a
"""

# What the clock keeps on the rows (app/services/case_clock.py): lights of open cases and steps as the sweep
# sets them, working days and timeliness of finished cases (weekdays only: close enough for a benchmark).
_CLOCK_COLUMNS = (
    """
UPDATE application SET
  light = CASE WHEN finished_at IS NOT NULL THEN light WHEN status = 'supplement' THEN 'paused'
               WHEN due_date IS NULL OR due_date > current_date THEN 'green'
               WHEN due_date = current_date THEN 'yellow' ELSE 'red' END,
  working_days = CASE WHEN finished_at IS NOT NULL AND accepted_at IS NOT NULL
                      THEN (finished_at::date - accepted_at::date) * 5 / 7 END,
  timeliness = CASE WHEN finished_at IS NULL OR accepted_at IS NULL THEN NULL
                    WHEN finished_at::date < due_date THEN 'early'
                    WHEN finished_at::date = due_date THEN 'on_time' ELSE 'late' END
""",
    """
UPDATE human_task SET
  light = CASE WHEN due_date > current_date THEN 'green' WHEN due_date = current_date THEN 'yellow' ELSE 'red' END
WHERE state IN ('ready', 'claimed')
""",
    """
INSERT INTO clock_pause (application_id, kind, reason, started_on, ended_on, created_at)
SELECT id, 'supplement', '', submitted_at::date,
       CASE WHEN status = 'supplement' THEN NULL ELSE submitted_at::date + 2 END, submitted_at
FROM application WHERE status = 'supplement' OR (finished_at IS NOT NULL AND id % 10 = 0)
""",
)


# What each case is found by (app/services/staff_search.py): a person's name (two or three characters, common
# surnames and given names, so two-character names repeat as they do in a district), a company name with two
# rarer characters, and unique ID, mobile and credit code values.
_SEARCH_TERMS = """
WITH n AS (
  SELECT a.id, a.submitted_at,
         (ARRAY['王','李','张','刘','陈','杨','黄','赵','吴','周','徐','孙','马','朱','胡','郭','何','高','林','罗'])
           [1 + a.id % 20]
         || (ARRAY['伟','芳','娜','英','敏','静','丽','强','磊','军','洋','勇','艳','杰','娟','涛','明','超','兰','霞'])
           [1 + (a.id / 20) % 20]
         || CASE WHEN a.id % 3 = 0 THEN '' ELSE chr(19968 + ((a.id::bigint * 7919) % 20000)::int) END AS person,
         '明湖区' || chr(19968 + ((a.id::bigint * 104729) % 20000)::int)
           || chr(19968 + ((a.id::bigint * 130363) % 20000)::int)
           || '商贸有限公司' AS company
  FROM application a
)
INSERT INTO case_search_term (application_id, kind, value, submitted_at)
SELECT id, 'name', person, submitted_at FROM n
UNION ALL SELECT id, 'name', company, submitted_at FROM n
UNION ALL SELECT id, 'id_number', '440199' || lpad(id::text, 12, '0'), submitted_at FROM n
UNION ALL SELECT id, 'mobile', '139' || lpad(id::text, 8, '0'), submitted_at FROM n
UNION ALL SELECT id, 'credit_code', '91440199' || lpad(id::text, 10, '0'), submitted_at FROM n
"""

_RESET_SEQUENCE = "SELECT setval('application_id_seq', (SELECT max(id) FROM application))"


def _secondary_indexes(cur: psycopg.Cursor) -> list[tuple[str, str]]:
    """(name, definition) of the bulk tables' indexes that back no constraint (safe to drop and rebuild)."""
    cur.execute(
        """
        SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.schemaname = 'public' AND i.tablename = ANY(%s)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
        """,
        (list(BULK_TABLES),),
    )
    return [(name, definition) for name, definition in cur.fetchall()]


def _fill_tally(url: str) -> int:
    """The supervision tally of open cases, rebuilt from the loaded cases by the function behind
    `flask supervision recount` (the bulk load bypasses the engine that keeps it in step); rows written."""
    from sqlalchemy import create_engine

    from app.services.case_tally import recount

    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            return len(recount(conn))
    finally:
        engine.dispose()


def _count(cur: psycopg.Cursor, table: str) -> int:
    cur.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - table names are ours
    row = cur.fetchone()
    return int(row[0]) if row else 0


def generate(cases: int, url: str = BENCH_DATABASE_URL, *, verbose: bool = True) -> Generated:
    """Rebuild the schema (migrations + demo seed) and load ``cases`` applications with their tasks and events."""
    started = time.perf_counter()
    fresh_schema(url)
    citizens = max(10, cases // CASES_PER_CITIZEN)
    open_cases = int(cases * OPEN_SHARE)
    sample = (
        '{"applicant": {"name": "吴嘉欣", "id_number": "44019919950430667X", "mobile": "15918836520"}, '
        '"business": {"name": "明湖区锦程商务酒店有限公司", "credit_code": "91440199MA59X3TE16", '
        '"legal_rep": "周建平", "address": "明湖区沙溪街道锦程大道301号"}, "guest_rooms": 86, "area": 4800, '
        '"catering_area": 620.5, "food_category": "hot", "staff_count": 57, "is_chain": false, '
        '"central_ac": true, "apply_date": "2025-03-19"}'
    )
    with psycopg.connect(libpq_url(url)) as conn, conn.cursor() as cur:
        cur.execute("SET maintenance_work_mem = '512MB'")
        cur.execute("SET session_replication_role = replica")  # bulk load: no per-row foreign-key triggers
        cur.execute("SELECT setseed(0.42)")
        indexes = _secondary_indexes(cur)
        for name, _ in indexes:
            cur.execute(f'DROP INDEX "{name}"')
        steps = (
            ("catalogue", lambda: _catalogue(cur)),
            ("centres", lambda: _centres(cur)),
            ("citizens", lambda: _citizens(cur, citizens)),
            (
                "applications",
                lambda: cur.execute(
                    _APPLICATIONS,
                    {
                        "cases": cases,
                        "closed": cases - open_cases,
                        "open": open_cases,
                        "citizens": citizens,
                        "sample": sample,
                    },
                ),
            ),
            ("human tasks", lambda: cur.execute(_TASKS)),
            ("audit events", lambda: cur.execute(_EVENTS)),
            ("search terms", lambda: cur.execute(_SEARCH_TERMS)),
            ("clock columns", lambda: [cur.execute(statement) for statement in _CLOCK_COLUMNS]),
            ("indexes", lambda: [cur.execute(definition) for _, definition in indexes]),
            (
                "sequences",
                lambda: cur.execute("SELECT setval('application_id_seq', (SELECT max(id) FROM application))"),
            ),
        )
        for label, step in steps:
            t0 = time.perf_counter()
            step()
            if verbose:
                print(f"  generate {cases:>9,} cases: {label:<13} {time.perf_counter() - t0:6.1f} s", flush=True)
        cur.execute("SET session_replication_role = origin")
        conn.commit()
        tasks, events = _count(cur, "human_task"), _count(cur, "audit_event")
    t0 = time.perf_counter()
    tally_rows = _fill_tally(url)
    if verbose:
        label = f"tally ({tally_rows:,} rows)"
        print(f"  generate {cases:>9,} cases: {label:<13} {time.perf_counter() - t0:6.1f} s", flush=True)
    t0 = time.perf_counter()
    with psycopg.connect(libpq_url(url), autocommit=True) as conn:
        for table in BULK_TABLES:
            conn.execute(f"VACUUM (ANALYZE) {table}")  # visibility map for index-only scans, fresh statistics
    if verbose:
        print(f"  generate {cases:>9,} cases: {'vacuum':<13} {time.perf_counter() - t0:6.1f} s", flush=True)
    return Generated(cases, citizens, tasks, events, time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    result = generate(args.cases)
    print(
        f"generated {result.cases:,} applications, {result.citizens:,} citizens, {result.tasks:,} human tasks, "
        f"{result.events:,} audit events in {result.seconds:.1f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
