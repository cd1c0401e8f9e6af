"""A career conversation from preparation to follow-through, as a manager and an employee."""

import datetime
import re

from playwright.sync_api import expect

from conftest import sign_in

MANAGER = "daniel.kim@northwind.example"
EMPLOYEE = "ravi.iyer@northwind.example"


def schedule_started_an_hour_ago(manager, base_url, employee_name):
    """Schedules a conversation that began an hour ago (UTC), so "We met" is offered."""
    start = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=1)
    manager.goto(base_url + "/conversations")
    manager.locator("li.rhythm").filter(has_text=employee_name).get_by_role("link", name="Schedule").click()
    manager.get_by_label("Date").fill(start.date().isoformat())
    manager.get_by_label("Time", exact=True).fill(start.strftime("%H:%M"))
    manager.get_by_label("Time zone").select_option("UTC")
    manager.get_by_role("button", name="Schedule").click()
    expect(manager.locator(".save-bar")).to_contain_text("The conversation is scheduled.")
    return manager.url.split("#")[0], start


def saved(page, part):
    expect(page.locator(f'[data-save-state="{part}"]')).to_contain_text("Saved at")


def test_prepare_schedule_meet_and_follow_through(trellis, browser, artifacts):
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    manager_context = browser.new_context(viewport={"width": 1280, "height": 900})
    manager = manager_context.new_page()
    sign_in(manager, trellis.base_url, MANAGER)
    manager.get_by_role("navigation", name="Main").get_by_role("link", name="Conversations").click()
    card = manager.locator("li.rhythm").filter(has_text="Ravi Iyer")
    card.get_by_role("link", name="Schedule").click()
    expect(manager.get_by_role("heading", level=1)).to_have_text("Schedule a conversation with Ravi Iyer")
    expect(manager.get_by_label("Guide")).to_have_value(re.compile(r"\d+"))
    assert "Quarterly career check-in (default)" in manager.get_by_label("Guide").inner_text()
    manager.get_by_label("Date").fill(tomorrow)
    manager.get_by_label("Time", exact=True).fill("10:30")
    manager.get_by_label("Time zone").select_option("Europe/London")
    manager.get_by_label("Place or video link").fill("Meeting room 2")
    manager.get_by_role("button", name="Schedule").click()
    expect(manager.locator(".save-bar")).to_contain_text("The conversation is scheduled.")
    # Tomorrow's conversation cannot be marked as held yet; the manager answers manager prompts.
    expect(manager.get_by_role("button", name="We met")).to_have_count(0)
    expect(manager.get_by_label("What I noticed about your work this quarter")).to_be_visible()
    expect(manager.get_by_label("What did you learn since we last talked?")).to_have_count(0)
    conversation_url, started = schedule_started_an_hour_ago(manager, trellis.base_url, "Ravi Iyer")

    # The employee prepares: each part saves as it is typed, and is there after a reload.
    employee_context = browser.new_context(viewport={"width": 1280, "height": 900})
    employee = employee_context.new_page()
    sign_in(employee, trellis.base_url, EMPLOYEE)
    employee.goto(conversation_url)
    expect(employee.get_by_label("What I noticed about your work this quarter")).to_have_count(0)
    employee.get_by_label("What did you learn since we last talked?").fill("How to run an incident review calmly.")
    employee.get_by_label("Where would you like to be in two years?").fill("Leading the reliability guild.")
    employee.get_by_label("Share my answers with Daniel Kim").check()
    employee.get_by_label("Private note (CommonMark)").fill("Ask about the guild budget next time.")
    saved(employee, "reflection")
    saved(employee, "privateNote")
    employee.get_by_label("Add to the agenda").fill("Budget for the SRE conference")
    employee.get_by_role("button", name="Add", exact=True).click()
    expect(employee.locator(".save-bar")).to_contain_text("Saved the agenda item.")
    expect(employee.get_by_label("What did you learn since we last talked?")).to_have_value(
        "How to run an incident review calmly.")
    expect(employee.get_by_label("Private note (CommonMark)")).to_have_value("Ask about the guild budget next time.")
    employee.screenshot(path=str(artifacts / "conversation-employee.png"), full_page=True)

    # The manager sees what was shared, takes notes, agrees a next step, sums up and marks it held:
    # one press of "We met" keeps everything typed on the page.
    manager.goto(conversation_url)
    expect(manager.get_by_text("Leading the reliability guild.")).to_be_visible()
    expect(manager.locator("#agenda")).to_contain_text("Budget for the SRE conference")
    manager.get_by_label("What I will do to support you before we meet again").fill("Introduce Ravi to the guild lead.")
    manager.get_by_label("Notes you both see (CommonMark)").fill("## Agreed\n- Ravi leads the next **incident review**")
    saved(manager, "notes")
    manager.get_by_label("Next step").fill("Write the incident review guide")
    manager.get_by_label("Owner").select_option(label="Ravi Iyer")
    manager.locator("#after > summary").click()
    summary = "Ravi wants to lead the reliability guild; first step is the review guide."
    manager.get_by_label("Write the summary").fill(summary)
    saved(manager, "summary")
    # The summary is the manager's draft until shared: Ravi does not see it yet.
    employee.goto(conversation_url)
    expect(employee.get_by_text("Ravi wants to lead")).to_have_count(0)
    manager.get_by_role("button", name="We met").click()
    expect(manager.locator(".conversation-header")).to_contain_text("Held")
    expect(manager.get_by_label("Write the summary")).to_have_value(summary)
    expect(manager.locator("#summary")).to_contain_text("not shared yet")
    manager.get_by_role("button", name="Share the summary").click()
    expect(manager.locator(".save-bar")).to_contain_text("The summary is shared. Ravi Iyer is asked to confirm it.")
    expect(manager.locator("#action-items")).to_contain_text("Write the incident review guide")
    expect(manager.get_by_label("What I will do to support you before we meet again")).to_have_value(
        "Introduce Ravi to the guild lead.")
    manager.screenshot(path=str(artifacts / "conversation-manager.png"), full_page=True)

    # What waits for the employee now: the summary to confirm and the pulse, counted in the header.
    employee.goto(trellis.base_url + "/")
    waiting = employee.locator("#home-needs-you")
    expect(waiting).to_contain_text("Confirm the summary Daniel Kim wrote of your conversation")
    expect(waiting).to_contain_text("Say how your conversation with Daniel Kim went")
    expect(employee.locator(".needs-you-link .count")).to_have_text(re.compile(r"[1-9]\d*"))
    before = int(employee.locator(".needs-you-link .count").inner_text())
    employee.locator(".needs-you-link").click()
    path = conversation_url.replace(trellis.base_url, "")
    employee.locator(f'main a[href="{path}#summary"]').click()
    expect(employee.locator("#notes")).to_contain_text("Version 1, by Daniel Kim")
    employee.get_by_role("button", name="Yes, confirm").click()
    expect(employee.locator("#summary")).to_contain_text("Confirmed")
    employee.locator("#pulse").get_by_label("5").first.check()
    employee.locator("fieldset").filter(has_text="clear next steps").get_by_label("4").check()
    employee.get_by_role("button", name="Send anonymously").click()
    expect(employee.locator(".save-bar")).to_contain_text("counted anonymously")
    expect(employee.locator("#pulse")).to_have_count(0)
    employee.goto(trellis.base_url + "/needs-you")
    expect(employee.locator(f'main a[href="{path}#summary"]')).to_have_count(0)
    expect(employee.locator(f'main a[href="{path}#pulse"]')).to_have_count(0)
    after = employee.locator(".needs-you-link .count")
    assert (int(after.inner_text()) if after.count() else 0) == before - 2

    # The private note is not the manager's to read.
    manager.goto(conversation_url)
    expect(manager.get_by_text("Ask about the guild budget next time.")).to_have_count(0)

    # The rhythm moved on; the history, reached from the hub, keeps what was agreed.
    manager.goto(trellis.base_url + "/conversations")
    card = manager.locator("li.rhythm").filter(has_text="Ravi Iyer")
    expect(card.locator(".badge")).to_have_text("On track")
    # Dated by when it began, in the manager's zone (the organization's, UTC), not by today.
    card.get_by_role("link", name=re.compile(started.strftime("%-d %b %Y"))).click()
    expect(manager.get_by_role("heading", level=1)).to_have_text("Conversations with Ravi Iyer over time")
    latest = manager.locator(".history-entry").first
    expect(latest).to_contain_text("first step is the review guide")
    expect(latest).to_contain_text("Summary confirmed.")
    expect(latest).to_contain_text("Write the incident review guide (Ravi Iyer): open")
    manager.screenshot(path=str(artifacts / "conversation-history.png"), full_page=True)
    manager.goto(trellis.base_url + "/conversations")
    manager.locator("li.rhythm").filter(has_text="Ravi Iyer").get_by_role("link", name="Schedule").click()
    manager.get_by_label("Date").fill((datetime.date.today() + datetime.timedelta(days=40)).isoformat())
    manager.get_by_role("button", name="Schedule").click()
    carried = manager.locator("#carried-over")
    expect(carried).to_contain_text("Write the incident review guide")
    manager.screenshot(path=str(artifacts / "conversation-next.png"), full_page=True)

    # The employee sees the item among their own, and can take the conversation to a calendar.
    employee.goto(trellis.base_url + "/conversations")
    expect(employee.locator(".action-list")).to_contain_text("Write the incident review guide")
    employee.goto(conversation_url)
    with employee.expect_download() as download:
        employee.get_by_role("link", name="Add to calendar (.ics)").click()
    text = open(download.value.path(), "rb").read().decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert "UID:conversation-" in text and "@trellis" in text
    assert "incident review" not in text
    manager_context.close()
    employee_context.close()


def test_without_javascript_any_button_keeps_everything_typed(trellis, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    manager = context.new_page()
    sign_in(manager, trellis.base_url, MANAGER)
    url, _ = schedule_started_an_hour_ago(manager, trellis.base_url, "Tomás Ferreira")
    manager.get_by_label("What I noticed about your work this quarter").fill("Sharper incident write-ups.")
    manager.get_by_label("Add to the agenda").fill("Mentoring budget")
    manager.get_by_label("Notes you both see (CommonMark)").fill("Notes typed without a script")
    manager.get_by_label("Private note (CommonMark)").fill("Private, without a script")
    manager.get_by_label("Next step").fill("Book the training")
    manager.get_by_label("Due").fill("not-a-date")
    # A refused part comes back typed beside its problem; everything else is saved.
    manager.get_by_role("button", name="Add action item").click()
    expect(manager.locator("#field-actionDueOn-error")).to_be_visible()
    expect(manager.get_by_label("Next step")).to_have_value("Book the training")
    expect(manager.locator(".save-bar")).to_contain_text("your reflection")
    manager.get_by_label("Due").fill((datetime.date.today() + datetime.timedelta(days=7)).isoformat())
    manager.get_by_role("button", name="We met").click()
    expect(manager.locator(".save-bar")).to_contain_text("The conversation is marked as held.")
    manager.goto(url)
    expect(manager.get_by_label("What I noticed about your work this quarter")).to_have_value("Sharper incident write-ups.")
    expect(manager.locator("#agenda")).to_contain_text("Mentoring budget")
    expect(manager.get_by_label("Notes you both see (CommonMark)")).to_have_value("Notes typed without a script")
    expect(manager.get_by_label("Private note (CommonMark)")).to_have_value("Private, without a script")
    expect(manager.locator("#action-items")).to_contain_text("Book the training")
    context.close()

    # The employee's side without a script: the reflection, shared with the manager, and a private note.
    employee_context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    employee = employee_context.new_page()
    sign_in(employee, trellis.base_url, "tomas.ferreira@northwind.example")
    employee.goto(url)
    expect(employee.get_by_label("Notes you both see (CommonMark)")).to_have_value("Notes typed without a script")
    employee.locator("#before > summary").click()
    employee.get_by_label("What did you learn since we last talked?").fill("Pairing works for me.")
    employee.get_by_label("Share my answers with Daniel Kim").check()
    employee.get_by_label("Private note (CommonMark)").fill("Mine, without a script")
    employee.locator(".save-bar").get_by_role("button", name="Save").click()
    expect(employee.locator(".save-bar")).to_contain_text("Saved your reflection and your private note.")
    employee.goto(url)
    employee.locator("#before > summary").click()
    expect(employee.get_by_label("What did you learn since we last talked?")).to_have_value("Pairing works for me.")
    expect(employee.get_by_label("Private note (CommonMark)")).to_have_value("Mine, without a script")
    employee_context.close()


def test_notes_changed_by_the_other_side_are_shown_not_overwritten(trellis, browser, artifacts):
    manager_context = browser.new_context(viewport={"width": 390, "height": 844})
    manager = manager_context.new_page()
    sign_in(manager, trellis.base_url, MANAGER)
    url, _ = schedule_started_an_hour_ago(manager, trellis.base_url, "Grace Mensah")
    employee_context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark")
    employee = employee_context.new_page()
    sign_in(employee, trellis.base_url, "grace.mensah@northwind.example")
    employee.goto(url)
    manager.goto(url)
    employee.get_by_label("Notes you both see (CommonMark)").fill("Grace's notes first")
    saved(employee, "notes")
    manager.get_by_label("Notes you both see (CommonMark)").fill("Daniel's notes, typed meanwhile")
    expect(manager.locator('[data-save-state="notes"]')).to_contain_text("changed the shared notes since you opened them")
    expect(manager.get_by_label("Notes you both see (CommonMark)")).to_have_value("Daniel's notes, typed meanwhile")
    manager.screenshot(path=str(artifacts / "conversation-manager-phone.png"), full_page=True)
    employee.screenshot(path=str(artifacts / "conversation-employee-phone-dark.png"), full_page=True)
    employee.reload()
    expect(employee.get_by_label("Notes you both see (CommonMark)")).to_have_value("Grace's notes first")
    manager_context.close()
    employee_context.close()


def test_calendar_feed_address_is_secret_and_replaceable(trellis, browser):
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, trellis.base_url, EMPLOYEE)
    page.goto(trellis.base_url + "/me/calendar")
    page.get_by_role("button", name="Make my calendar address").click()
    address = page.locator(".notice code").inner_text()
    assert re.match(r"http://127\.0\.0\.1:\d+/calendar/[A-Za-z0-9_-]{43}\.ics$", address), address
    feed = context.request.get(address)
    assert feed.status == 200
    assert feed.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VCALENDAR" in feed.text()
    page.get_by_role("button", name=re.compile("Make a new address")).click()
    assert context.request.get(address).status == 404
    context.close()


def test_people_team_revises_a_guide_as_a_new_version(trellis, browser, artifacts):
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, trellis.base_url, "priya.nair@northwind.example")
    page.goto(trellis.base_url + "/guides")
    page.get_by_role("link", name="Stay conversation").click()
    page.get_by_role("link", name="Edit (makes a new version)").click()
    # A prompt added to the last section, for the employee, with the form editor: the row appears
    # with the focus in it, and nothing is saved until "Save".
    last = page.locator("fieldset.guide-section").last
    last.get_by_role("button", name=re.compile(r"^Add a prompt to section")).click()
    new_prompt = page.locator(":focus")
    new_prompt.fill("What would make you stay another five years?")
    prompt_id = new_prompt.get_attribute("id")
    page.locator(f"#{prompt_id}-for").select_option("employee")
    page.get_by_role("button", name="Save as a new version").first.click()
    expect(page.get_by_role("status")).to_contain_text("new version")
    expect(page.get_by_text("Version 3")).to_be_visible()
    expect(page.get_by_text("What would make you stay another five years?")).to_be_visible()
    expect(page.locator("li", has_text="What would make you stay another five years?")).to_contain_text(
        "for the employee")
    page.screenshot(path=str(artifacts / "guide.png"), full_page=True)
    # A manager reads guides but cannot change them.
    manager = browser.new_context().new_page()
    sign_in(manager, trellis.base_url, "daniel.kim@northwind.example")
    manager.goto(trellis.base_url + "/guides")
    expect(manager.get_by_role("link", name="Add a guide")).to_have_count(0)
    assert manager.goto(trellis.base_url + "/guides/new").status == 403
    context.close()


def test_times_are_shown_in_each_viewers_time_zone(trellis, browser, artifacts):
    manager = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(manager, trellis.base_url, MANAGER)
    manager.goto(trellis.base_url + "/me/time-zone")
    manager.get_by_label("Time zone").select_option("Asia/Tokyo")
    manager.get_by_role("button", name="Save").click()
    expect(manager.get_by_role("status")).to_have_text("Your time zone is saved.")
    manager.goto(trellis.base_url + "/conversations")
    manager.locator("li.rhythm").filter(has_text="Lena Schmidt").get_by_role("link", name="Schedule").click()
    # The form starts where the scheduler is.
    expect(manager.get_by_label("Time zone")).to_have_value("Asia/Tokyo")
    manager.get_by_label("Date").fill((datetime.date.today() + datetime.timedelta(days=9)).isoformat())
    manager.get_by_label("Time", exact=True).fill("10:30")
    manager.get_by_label("Time zone").select_option("Europe/London")
    manager.get_by_role("button", name="Schedule").click()
    header = manager.locator(".conversation-header .lead")
    expect(header).to_contain_text("(Asia/Tokyo) · 10:30 in Europe/London")
    url = manager.url.split("#")[0]
    employee = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    sign_in(employee, trellis.base_url, "lena.schmidt@northwind.example")
    employee.goto(url)
    expect(employee.locator(".conversation-header .lead")).to_contain_text(re.compile(r"\d\d:30 \(UTC\) · 10:30 in Europe/London"))
    employee.screenshot(path=str(artifacts / "conversation-employee-phone.png"), full_page=True)
    manager.context.close()
    employee.context.close()
