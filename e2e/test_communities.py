"""Learning communities: browse by competency, join, share, and point the plan at one."""

import re

from playwright.sync_api import expect

from conftest import sign_in, open_from_more


def test_join_a_community_share_a_resource_and_add_it_to_the_plan(trellis, browser, artifacts):
    page = browser.new_context().new_page()
    sign_in(page, trellis.base_url, "grace.mensah@northwind.example")
    open_from_more(page, "Communities")
    expect(page.get_by_role("heading", level=1)).to_have_text("Learning communities")
    page.get_by_label("Grows").select_option(label="Strategy")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("article.community")).to_have_count(2)
    expect(page.locator("article.community").filter(has_text="Design critique circle")).to_have_count(0)
    page.get_by_role("link", name="Product book club").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Product book club")
    # The club meets on Mondays at 17:30 in London: its next meeting says so, with its topic.
    expect(page.locator("#meetings")).to_contain_text("Good Strategy Bad Strategy, chapters 6–10")
    expect(page.locator("#meetings")).to_contain_text(
        re.compile(r"Mon, \d+ \w+ \d{4} at \d\d:30 \(UTC\) · 17:30 in Europe/London"))
    expect(page.get_by_role("button", name="Share")).to_have_count(0)
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_role("status")).to_have_text("Welcome to Product book club.")
    expect(page.locator("#members")).to_contain_text("Grace Mensah")

    page.get_by_label("Title").fill("Thinking in Bets")
    page.get_by_label("Link").fill("https://example.org/bets")
    page.get_by_label("Why it is worth it").fill("On deciding with incomplete information")
    page.get_by_role("button", name="Share").click()
    expect(page.get_by_role("status")).to_have_text("Shared with the community.")
    expect(page.locator("#resources")).to_contain_text("Thinking in Bets: On deciding with incomplete information")
    page.screenshot(path=str(artifacts / "community.png"), full_page=True)

    page.get_by_role("button", name="Add to my development plan").click()
    expect(page.get_by_role("status")).to_contain_text("Your plan points at Product book club")
    item = page.locator("article.plan-item").filter(has_text="Take part in Product book club")
    expect(item).to_contain_text("Learning community · ")
    expect(item).to_contain_text("with Product book club")
    item.get_by_role("link", name="Product book club").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Product book club")
    page.context.close()
