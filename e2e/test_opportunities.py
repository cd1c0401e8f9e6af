"""The opportunity marketplace: a match, interest shared with the manager, the owner selects."""

from playwright.sync_api import expect

from conftest import sign_in


def test_express_interest_and_the_owner_selects(trellis, browser, artifacts):
    seeker = browser.new_context().new_page()
    sign_in(seeker, trellis.base_url, "noah.williams@northwind.example")
    expect(seeker.locator("#opportunity-matches")).to_contain_text("Payments reliability tiger team")
    seeker.get_by_role("navigation", name="Main").get_by_role("link", name="Opportunities").click()
    # The filter bar keeps its controls on one row.
    assert abs(seeker.get_by_label("Kind").bounding_box()["y"]
               - seeker.get_by_label("Competency").bounding_box()["y"]) < 2
    seeker.get_by_label("Kind").select_option("project")
    seeker.get_by_role("button", name="Filter").click()
    expect(seeker.locator("article.opportunity")).to_have_count(1)
    seeker.get_by_role("link", name="Payments reliability tiger team").click()
    # Nothing is known of Noah's fit yet: no "0 %", and home still shows the kind he follows.
    expect(seeker.locator("#match")).to_contain_text("Nothing in your plan, goals or ratings points here yet")
    expect(seeker.locator("#match .badge")).to_have_count(0)
    seeker.get_by_label("A note to the owner").fill("I want to learn how payments fail.")
    seeker.get_by_label("Let my manager see my interest").check()
    seeker.screenshot(path=str(artifacts / "opportunity-interest.png"), full_page=True)
    seeker.get_by_role("button", name="I'm interested").click()
    expect(seeker.get_by_role("status")).to_have_text(
        "Your interest is with the owner, and your manager can see it.")
    expect(seeker.locator("#your-interest")).to_contain_text("You are interested; your manager can see it.")

    owner = browser.new_context().new_page()
    sign_in(owner, trellis.base_url, "daniel.kim@northwind.example")
    expect(owner.locator("#shared-interest")).to_contain_text("Noah Williams: Payments reliability tiger team")
    owner.get_by_role("link", name="Payments reliability tiger team").first.click()
    interest = owner.locator("#interest .interest").filter(has_text="Noah Williams")
    expect(interest).to_contain_text("I want to learn how payments fail.")
    interest.get_by_label("Decision about Noah Williams").select_option("selected")
    interest.get_by_role("button", name="Decide").click()
    expect(owner.get_by_role("status")).to_have_text("Noah Williams: selected.")
    owner.get_by_label("Outcome").select_option("filled internally")
    owner.get_by_label("Note").fill("Noah starts on Monday.")
    owner.get_by_role("button", name="Close the opportunity").click()
    expect(owner.get_by_role("status")).to_have_text("The opportunity is closed: filled internally.")
    expect(owner.locator("#interest")).to_contain_text("Tomás Ferreira · not selected")
    owner.screenshot(path=str(artifacts / "opportunity-closed.png"), full_page=True)
    owner.context.close()

    seeker.reload()
    expect(seeker.locator("#your-interest")).to_contain_text("You are selected")
    expect(seeker.get_by_role("main")).to_contain_text("closed: filled internally")
    seeker.context.close()
