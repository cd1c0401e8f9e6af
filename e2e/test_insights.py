"""Insights: the employee home, a manager's team dashboard and the people team's organization
dashboard, each opened by the role it is for and screenshotted (light, dark and print)."""

import re

from playwright.sync_api import expect

from conftest import sign_in, open_from_more


def test_the_employee_home_shows_where_i_stand(trellis, page, artifacts):
    sign_in(page, trellis.base_url, "ana.lima@northwind.example")
    expect(page.locator("#next-conversation")).to_contain_text("With Daniel Kim")
    expect(page.locator("#next-conversation")).to_contain_text("Reflection")
    expect(page.locator("#home-plan")).to_contain_text("items done")
    expect(page.locator("#home-plan meter")).to_have_count(1)
    expect(page.locator("#home-goals")).to_contain_text("Become a staff engineer")
    expect(page.locator("#home-feedback")).to_contain_text("Tomás Ferreira")
    expect(page.locator("#home-celebrations li").first).to_be_visible()
    page.screenshot(path=str(artifacts / "home-employee.png"), full_page=True)
    home = page.request.get(trellis.base_url + "/api/v1/me/home").json()
    assert home["nextConversation"]["partnerName"] == "Daniel Kim"
    assert any(goal["title"] == "Become a staff engineer" for goal in home["goals"])
    assert page.problems == []


def test_a_manager_sees_their_team_sorts_and_filters_it(trellis, browser, artifacts):
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    sign_in(page, trellis.base_url, "daniel.kim@northwind.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Team").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your team")
    expect(page.locator("#member-" + str(person_id(page, trellis, "Ana Lima")))).to_contain_text("Ana Lima")
    expect(page.locator("#needing-conversation")).to_be_visible()
    charts = page.get_by_role("img")
    expect(charts).to_have_count(4)
    expect(page.locator("svg.chart title").first).to_have_text("Conversations held")
    page.screenshot(path=str(artifacts / "team-manager.png"), full_page=True)
    # On a desktop page every column of the reports' table is in view, none past the card's edge.
    region = page.get_by_role("region", name="Direct reports")
    assert region.evaluate("element => element.scrollWidth <= element.clientWidth"), region.evaluate(
        "element => [element.scrollWidth, element.clientWidth]")
    expect(page.get_by_role("columnheader", name="Shared interest")).to_be_in_viewport()

    page.get_by_label("Order").select_option(label="Most overdue action items")
    page.get_by_label("Rhythm").select_option(label="Overdue")
    page.get_by_role("button", name="Show").click()
    assert "sort=overdue_items" in page.url and "status=overdue" in page.url
    for badge in page.locator(".team-table tbody .badge").all():
        expect(badge).to_have_text("Overdue")

    # Marcus sees his managers' reports folded under them, and no trend for a team of two.
    skip = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    sign_in(skip, trellis.base_url, "marcus.okafor@northwind.example")
    skip.goto(trellis.base_url + "/team")
    expect(skip.get_by_text("Trends are shown for teams of five or more")).to_be_visible()
    expect(skip.locator(".team-table")).not_to_contain_text("Ana Lima")
    skip.get_by_role("link", name=re.compile("Reports of Daniel Kim")).click()
    folded = skip.locator("section.skip-level").filter(has_text="Reports of Daniel Kim")
    expect(folded).to_contain_text("Ana Lima")
    skip.screenshot(path=str(artifacts / "team-skip-level.png"), full_page=True)


def test_the_people_team_sees_the_organization_without_names(trellis, browser, artifacts):
    for scheme in ["light", "dark"]:
        page = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=scheme).new_page()
        sign_in(page, trellis.base_url, "priya.nair@northwind.example")
        open_from_more(page, "Insights")
        expect(page.get_by_role("heading", level=1)).to_have_text("Insights")
        # No chart label runs out of its chart ("ustomer Succ…").
        clipped = page.evaluate("""() => Array.from(document.querySelectorAll('svg.chart')).flatMap(svg => {
            const box = svg.getBoundingClientRect();
            return Array.from(svg.querySelectorAll('text')).filter(text => {
                const r = text.getBoundingClientRect();
                return r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.bottom > box.bottom + 0.5;
            }).map(text => text.textContent);
        })""")
        assert clipped == [], clipped
        cadence = page.locator("#measure-cadence_adherence")
        expect(cadence.locator("svg.chart")).to_have_count(2)
        expect(cadence.get_by_role("row", name="Operations")).to_contain_text("<5")
        expect(cadence.get_by_role("row", name="Engineering")).to_contain_text("%")
        assert "@northwind" not in page.content()
        page.screenshot(path=str(artifacts / f"insights-{scheme}.png"), full_page=True)

    page.get_by_label("Group by", exact=True).select_option(label="Team")
    page.get_by_label("Over", exact=True).select_option(label="the last 8 quarters")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#measure-cadence_adherence").get_by_role("row", name="Product engineering")).to_contain_text("<5")
    expect(page.locator("#measure-felt_heard")).to_contain_text("kept by department only")
    csv = page.request.get(trellis.base_url + "/insights.csv?dimension=team&quarters=8")
    assert csv.headers["content-type"].startswith("text/csv")
    lines = csv.text().splitlines()
    assert lines[0] == "grouping,group,quarter,measure,value,people,note"
    assert any(line.startswith("team,Product engineering,") and "hidden" in line for line in lines)
    page.emulate_media(media="print")
    page.screenshot(path=str(artifacts / "insights-print.png"), full_page=True)

    employee = browser.new_context().new_page()
    sign_in(employee, trellis.base_url, "ana.lima@northwind.example")
    expect(employee.get_by_role("navigation", name="Main").get_by_role("link", name="Insights")).to_have_count(0)
    assert employee.request.get(trellis.base_url + "/api/v1/insights/organization").status == 403


def person_id(page, trellis, name):
    found = page.request.get(trellis.base_url + "/api/v1/people", params={"q": name}).json()
    return found["items"][0]["id"]
