"""A citizen rates a finished case 1 star; the department answers within its limit; the citizen says whether
that resolved it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_joint_case_in_browser import login, logout
from tests.integration.drive import ISSUE, WINDOW_ACCEPT, WSJK_DECIDE, WSJK_REVIEW, step, submit

pytestmark = pytest.mark.e2e


def test_a_bad_rating_is_followed_up_by_the_department(live_server: str, page: Page, demo, tmp_path) -> None:
    from app.extensions import db
    from app.models import Application, AuditEvent, Rating

    with demo.app_context():
        case_id = submit("promised")
        step(case_id, "window_review", "window", WINDOW_ACCEPT)
        step(case_id, "wsjk_review", "wsjk", WSJK_REVIEW)
        step(case_id, "wsjk_decide", "wsjk", WSJK_DECIDE)
        step(case_id, "output_issue", "window", ISSUE)
        number = db.session.get(Application, case_id).tracking_number

    login(page, live_server, "citizen")
    page.goto(f"{live_server}/my/applications/{number}")
    rating = page.locator("#rating")
    rating.get_by_role("button", name="提交评价").click()  # nothing chosen: the browser asks for a score
    expect(page).to_have_url(f"{live_server}/my/applications/{number}")
    rating.get_by_label("1 分 · 非常不满意").check()
    rating.get_by_label("多次跑腿").check()
    rating.get_by_label("意见建议（可不填）").fill("材料清单前后说法不一，跑了三趟")
    rating.get_by_role("button", name="提交评价").click()
    expect(page.locator("#rating-given")).to_contain_text("1 分")
    expect(page.locator("#follow-up-pending")).to_contain_text("已转区卫生健康委员会核查整改")
    page.screenshot(path=str(tmp_path / "rating-1280.png"), full_page=True)
    logout(page)

    login(page, live_server, "wsjk")
    page.get_by_role("link", name="差评整改").click()
    item = page.locator(".follow-up", has_text=number)
    expect(item).to_contain_text("材料清单前后说法不一")
    item.get_by_label("核查情况和整改措施").fill("短")
    item.get_by_role("button", name="提交答复").click()
    expect(page.locator(".flash")).to_contain_text("至少 5 个字")
    item = page.locator(".follow-up", has_text=number)
    item.get_by_label("核查情况和整改措施").fill("经核查，窗口告知不一致属实；已统一材料清单并向您致歉。")
    item.get_by_role("button", name="提交答复").click()
    expect(page.locator(".flash")).to_contain_text(f"已答复差评（{number}）")
    expect(page.locator(".follow-up", has_text=number)).to_have_count(0)
    logout(page)

    login(page, live_server, "citizen")
    page.goto(f"{live_server}/my/applications/{number}")
    expect(page.locator("#follow-up-answer")).to_contain_text("已统一材料清单")
    page.get_by_role("button", name="问题已解决").click()
    expect(page.locator("#resolution")).to_have_text("您已确认：问题已解决")

    with demo.app_context():
        db.session.expire_all()
        stored = db.session.query(Rating).one()
        assert (stored.score, stored.tags, stored.resolved) == (1, ["多次跑腿"], True)
        assert stored.answered_at is not None and stored.follow_up_due is not None
        actions = [
            a
            for (a,) in db.session.query(AuditEvent.action)
            .filter(AuditEvent.action.like("rating.%"))
            .order_by(AuditEvent.id)
        ]
        assert actions == ["rating.given", "rating.follow_up_answered", "rating.resolution_confirmed"]
