"""With the UI language set to English, the admin speaks English: walking every entry of the admin menu as the
platform admin finds no Chinese in the menu, the page title, the headings, the column labels or the buttons of
our views (the rows themselves are data: item and department names stay as the catalogue wrote them)."""

from __future__ import annotations

import re
from html import unescape

CHINESE = re.compile(r"[\u4e00-\u9fff]")
# What a person reads as the page's own words (not its data): menu, title, headings, column heads, buttons, tabs.
CHROME = re.compile(
    r"<(?P<tag>title|h1|h2|h3|th|button|label|legend)\b[^>]*>(?P<text>.*?)</(?P=tag)>"
    r"|<div class=\"card-header\">(?P<card>.*?)</div>"
    r"|<a\b[^>]*class=\"[^\"]*(?:nav-link|dropdown-item|btn)[^\"]*\"[^>]*>(?P<link>.*?)</a>",
    re.S,
)


def _words(page: str) -> list[str]:
    found = []
    for match in CHROME.finditer(page):
        inner = next(match.group(g) for g in ("text", "card", "link") if match.group(g) is not None)
        text = " ".join(unescape(re.sub(r"<[^>]+>", " ", inner)).split())
        if text:
            found.append(text)
    return found


def _menu(page: str) -> list[str]:
    return sorted(
        set(
            re.findall(r'<a\b[^>]*class="[^"]*(?:nav-link|dropdown-item)[^"]*"[^>]*href="(/admin/[^"#?]*)"', page)
            + re.findall(r'<a\b[^>]*href="(/admin/[^"#?]*)"[^>]*class="[^"]*(?:nav-link|dropdown-item)[^"]*"', page)
        )
    )


def test_every_admin_menu_entry_speaks_english(demo, client, login):
    login(client, "admin")
    client.get("/lang/en")
    home = client.get("/admin/").get_data(as_text=True)
    entries = _menu(home)
    assert len(entries) >= 15, entries  # the walk reaches every view, not an empty menu
    chinese: dict[str, list[str]] = {}
    for url in ["/admin/", *entries]:
        response = client.get(url)
        assert response.status_code == 200, url
        words = [w for w in _words(response.get_data(as_text=True)) if CHINESE.search(w)]
        if words:
            chinese[url] = words
    assert not chinese, chinese


def test_the_admin_is_chinese_by_default(demo, client, login):
    login(client, "admin")
    home = client.get("/admin/").get_data(as_text=True)
    assert "事项" in home and "部门" in home and "Departments" not in home
