"""Mentoring: find a mentor, get accepted, and hold the first mentoring conversation."""

import datetime

from playwright.sync_api import expect

from conftest import sign_in


def test_find_a_mentor_get_accepted_and_hold_the_first_conversation(trellis, browser, artifacts):
    next_week = (datetime.date.today() + datetime.timedelta(days=7)).isoformat()
    mentee = browser.new_context().new_page()
    sign_in(mentee, trellis.base_url, "grace.mensah@northwind.example")
    mentee.get_by_role("navigation", name="Main").get_by_role("link", name="Mentoring").click()
    mentee.get_by_role("link", name="Browse mentors").click()
    mentee.get_by_label("Helps with").select_option(label="Ownership")
    mentee.get_by_role("button", name="Filter").click()
    card = mentee.locator("article.mentor").filter(has_text="Aisha Bello")
    expect(card).to_contain_text("Owning customer outcomes end to end")
    expect(mentee.locator("article.mentor").filter(has_text="Kenji Watanabe")).to_have_count(0)
    card.get_by_label("What you hope to work on with Aisha Bello").fill("Owning an outcome, not only my tickets.")
    card.get_by_role("button", name="Ask Aisha Bello").click()
    expect(mentee.get_by_role("status")).to_have_text("Aisha Bello has your request.")
    expect(mentee.locator("#requested")).to_contain_text("Aisha Bello · pending")

    mentor = browser.new_context().new_page()
    sign_in(mentor, trellis.base_url, "aisha.bello@northwind.example")
    # The request waits in "Needs you" until it is answered.
    mentor.goto(trellis.base_url + "/needs-you")
    expect(mentor.get_by_role("main")).to_contain_text("Grace Mensah asks you to be their mentor")
    mentor.goto(trellis.base_url + "/")
    mentor.locator("#home-mentoring").get_by_role("link", name="Grace Mensah asked you to mentor them").click()
    expect(mentor.locator("#asked")).to_contain_text("Owning an outcome, not only my tickets.")
    mentor.get_by_role("button", name="Accept Grace Mensah").click()
    expect(mentor.get_by_role("status")).to_have_text("You now mentor Grace Mensah. Plan your first conversation.")
    expect(mentor.get_by_role("heading", level=1)).to_have_text("You mentor Grace Mensah")
    mentor.goto(trellis.base_url + "/needs-you")
    expect(mentor.get_by_role("main")).not_to_contain_text("Grace Mensah asks you to be their mentor")
    mentor.go_back()
    mentor.get_by_label("New goal").fill("Own the onboarding metric for a quarter")
    mentor.get_by_role("button", name="Add goal").click()
    expect(mentor.locator("#goals")).to_contain_text("Own the onboarding metric for a quarter")
    mentor.get_by_role("link", name="Schedule a mentoring conversation").click()
    assert "Mentoring session" in mentor.get_by_label("Guide").locator("option:checked").inner_text()
    mentor.get_by_label("Date").fill(next_week)
    mentor.get_by_label("Time", exact=True).fill("15:00")
    mentor.get_by_label("Time zone").select_option("Europe/London")
    mentor.get_by_role("button", name="Schedule").click()
    expect(mentor.get_by_role("status")).to_have_text("The conversation is scheduled.")
    expect(mentor.get_by_role("main")).to_contain_text("Guide: Mentoring session")
    mentor.screenshot(path=str(artifacts / "mentoring-conversation.png"), full_page=True)
    mentor.context.close()

    mentee.get_by_role("navigation", name="Main").get_by_role("link", name="Conversations").click()
    card = mentee.locator("li.rhythm").filter(has_text="Aisha Bello")
    expect(card).to_be_visible()
    card.locator("dd a").click()
    expect(mentee.get_by_role("main")).to_contain_text("Guide: Mentoring session")
    expect(mentee.get_by_label("What I noticed since we last met")).to_have_count(0)
    mentee.get_by_label("What would make this session valuable for you?").fill("Choosing my first outcome to own.")
    mentee.get_by_label("Share my answers with Aisha Bello").check()
    expect(mentee.locator('[data-save-state="reflection"]')).to_contain_text("Saved at")
    mentee.context.close()
