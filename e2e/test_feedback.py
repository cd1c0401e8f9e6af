"""Feedback: asked for, answered, thanked, and its next step made a plan item."""

from playwright.sync_api import expect

from conftest import sign_in


def test_request_feedback_receive_it_and_make_the_next_step_a_plan_item(trellis, browser, artifacts):
    asker = browser.new_context().new_page()
    sign_in(asker, trellis.base_url, "noah.williams@northwind.example")
    asker.get_by_role("navigation", name="Main").get_by_role("link", name="Feedback").click()
    # The picker offers people from the directory as a name is typed; no one types an email from memory.
    whom = asker.get_by_label("Ask whom")
    whom.press_sequentially("Yusuf")
    expect(asker.locator("#field-givers-people option")).to_have_count(1)
    offered = asker.locator("#field-givers-people option").first
    assert offered.get_attribute("value") == "yusuf.demir@northwind.example"
    assert "Yusuf Demir" in offered.get_attribute("label")
    whom.fill(offered.get_attribute("value"))
    asker.get_by_label("About").fill("My first code review")
    asker.get_by_role("button", name="Ask", exact=True).click()
    expect(asker.get_by_role("status")).to_have_text("Asked Yusuf Demir.")
    expect(asker.locator("#requested")).to_contain_text("“My first code review” · Yusuf Demir · open")

    giver = browser.new_context().new_page()
    sign_in(giver, trellis.base_url, "yusuf.demir@northwind.example")
    giver.goto(trellis.base_url + "/needs-you")
    expect(giver.get_by_role("main")).to_contain_text("Noah Williams asks for your feedback on “My first code review”")
    giver.goto(trellis.base_url + "/")
    asked = giver.locator("#feedback-asked")
    expect(asked).to_contain_text("Feedback asked of you")
    asked.get_by_role("link", name="Noah Williams: “My first code review”").click()
    expect(giver.get_by_role("heading", level=1)).to_have_text("Feedback for Noah Williams")
    giver.get_by_label("Kind").select_option("coaching")
    giver.get_by_label("Situation").fill("Your review of the billing change on Wednesday")
    giver.get_by_label("Behaviour").fill("You left twelve comments without saying which ones mattered")
    giver.get_by_label("Impact").fill("The author fixed the style nits first and missed the race condition")
    giver.get_by_label("Suggested next step").fill("Mark blocking comments and lead with them")
    giver.get_by_label("Their manager may read this").check()
    giver.screenshot(path=str(artifacts / "feedback-give.png"), full_page=True)
    giver.get_by_role("button", name="Send feedback").click()
    expect(giver.get_by_role("status")).to_have_text(
        "Your feedback is with Noah Williams. Thank you for taking the time.")
    giver.goto(trellis.base_url + "/")
    expect(giver.get_by_role("link", name="Noah Williams: “My first code review”")).to_have_count(0)
    giver.goto(trellis.base_url + "/needs-you")
    expect(giver.get_by_role("main")).not_to_contain_text("My first code review")
    giver.context.close()

    asker.reload()
    received = asker.locator("article.feedback").filter(has_text="My first code review")
    expect(received).to_contain_text("Coaching · from Yusuf Demir")
    expect(received).to_contain_text("Mark blocking comments and lead with them")
    received.get_by_role("button", name="Say thanks").click()
    expect(asker.get_by_role("status")).to_have_text("Yusuf Demir is thanked.")
    received = asker.locator("article.feedback").filter(has_text="My first code review")
    expect(received).to_contain_text("Thanked.")
    received.get_by_role("button", name="Make the next step a plan item").click()
    expect(asker.get_by_role("status")).to_have_text(
        "The next step is in your plan as “My first code review”: set its dates and milestones.")
    item = asker.locator("article.plan-item").filter(has_text="My first code review")
    expect(item).to_contain_text("Mark blocking comments and lead with them")
    expect(item).to_contain_text("What Yusuf Demir noticed changes")
    asker.screenshot(path=str(artifacts / "feedback-plan-item.png"), full_page=True)
    asker.context.close()
