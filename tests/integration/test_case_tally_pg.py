"""Many cases of one department accepted, declined and finished at the same instant on real PostgreSQL, with a
recount running among them: no update of the tally is lost, no transaction deadlocks, the tally equals a recount."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from tests.integration.drive import (
    ISSUE,
    WINDOW_ACCEPT,
    WINDOW_DECLINE,
    WSJK_DECIDE,
    WSJK_REVIEW,
    counted_tally,
    department_id,
    step,
    stored_tally,
    submit,
)

pytestmark = pytest.mark.postgres

CASES = 12


def run_together(app, jobs: list[Callable[[], None]]) -> list[str]:
    """Each job in its own thread and session, released at the same instant; "ok" or the error's class name."""
    from app.extensions import db

    barrier = threading.Barrier(len(jobs))
    results = [""] * len(jobs)

    def work(index: int, job: Callable[[], None]) -> None:
        with app.app_context():
            barrier.wait()
            try:
                job()
                results[index] = "ok"
            except Exception as exc:  # noqa: BLE001 - a deadlock or a lost row must show up in the assertion
                db.session.rollback()
                results[index] = f"{type(exc).__name__}: {exc}"
            finally:
                db.session.remove()

    threads = [threading.Thread(target=work, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def recount_job() -> None:
    from app.extensions import db
    from app.services.case_tally import recount

    recount(db.session.connection())
    db.session.commit()


def finish(case: int) -> None:
    step(case, "wsjk_review", "wsjk", WSJK_REVIEW)
    step(case, "wsjk_decide", "wsjk", WSJK_DECIDE)
    step(case, "output_issue", "window", ISSUE)


def test_concurrent_case_changes_of_one_department_keep_the_tally_exact(pg_demo):
    from app.models import UNACCEPTED_DUE_DATE

    with pg_demo.app_context():
        wsjk = department_id("wsjk")
        cases = [submit("promised") for _ in range(CASES)]
        assert stored_tally() == {(wsjk, UNACCEPTED_DUE_DATE): CASES}
    to_accept, to_decline = cases[: CASES * 2 // 3], cases[CASES * 2 // 3 :]

    # Every job writes the department's "not accepted" row; the accepting ones its row of today's due date too.
    jobs: list[Callable[[], None]] = [lambda c=c: step(c, "window_review", "window", WINDOW_ACCEPT) for c in to_accept]
    jobs += [lambda c=c: step(c, "window_review", "window", WINDOW_DECLINE) for c in to_decline]
    jobs.append(recount_job)
    assert run_together(pg_demo, jobs) == ["ok"] * len(jobs)
    with pg_demo.app_context():
        tally = stored_tally()
        assert tally == counted_tally()
        assert sum(tally.values()) == len(to_accept) and (wsjk, UNACCEPTED_DUE_DATE) not in tally

    # Half the accepted cases run to their end at once: all of them take one from the same due-date row.
    finishing, staying = to_accept[: len(to_accept) // 2], to_accept[len(to_accept) // 2 :]
    jobs = [lambda c=c: finish(c) for c in finishing] + [recount_job]
    assert run_together(pg_demo, jobs) == ["ok"] * len(jobs)
    with pg_demo.app_context():
        tally = stored_tally()
        assert tally == counted_tally()
        assert sum(tally.values()) == len(staying)


def test_a_recount_waits_for_a_case_change_in_flight_and_counts_it(pg_demo):
    """A case accepted (tally written, not committed yet) while a recount starts: the recount waits for the
    commit and counts the case, instead of colliding with the row the acceptance created."""
    import time

    from app.extensions import db
    from app.services import cases
    from tests.integration.drive import ready_task, user

    with pg_demo.app_context():
        case = submit("promised")
        cases.complete_task(ready_task(case, "window_review"), user("window"), WINDOW_ACCEPT)
        db.session.flush()  # the tally rows are written and locked; the transaction stays open
        results: list[str] = []
        recounting = threading.Thread(target=lambda: results.extend(run_together(pg_demo, [recount_job])))
        recounting.start()
        time.sleep(0.5)
        assert recounting.is_alive()  # waiting for the acceptance to commit
        db.session.commit()
        recounting.join(timeout=30)
        assert results == ["ok"]
        assert stored_tally() == counted_tally() and sum(stored_tally().values()) == 1
