"""Signing in as each demo role, the directory, access history, invitations and CSV import."""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import sign_in, open_from_more

ROLES = [
    ("ana.lima@northwind.example", "Ana Lima", False),
    ("daniel.kim@northwind.example", "Daniel Kim", False),
    ("marcus.okafor@northwind.example", "Marcus Okafor", False),
    ("priya.nair@northwind.example", "Priya Nair", False),
    ("jordan.reyes@northwind.example", "Jordan Reyes", True),
]


@pytest.mark.parametrize("email, name, is_admin", ROLES)
def test_each_demo_role_signs_in(trellis, page, email, name, is_admin):
    sign_in(page, trellis.base_url, email)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")
    page.get_by_label("Your account", exact=True).click()
    expect(page.get_by_text(f"Signed in as {name}")).to_be_visible()
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="People")).to_be_visible()
    nav.get_by_text("More", exact=True).click()
    expect(nav.get_by_role("link", name="Admin")).to_have_count(1 if is_admin else 0)
    assert page.problems == [], page.problems


def test_failed_sign_in_says_nothing_about_which_part_was_wrong(trellis, page, artifacts):
    sign_in(page, trellis.base_url, "ana.lima@northwind.example", "not the password")
    alert = page.get_by_role("alert")
    expect(alert).to_have_text("Email or password is incorrect.")
    expect(page.get_by_label("Email")).to_have_value("ana.lima@northwind.example")
    page.screenshot(path=str(artifacts / "sign-in-failed.png"), full_page=True)
    sign_in(page, trellis.base_url, "nobody@northwind.example", "not the password")
    expect(page.get_by_role("alert")).to_have_text("Email or password is incorrect.")


def test_pages_need_sign_in_and_come_back_after_it(trellis, page):
    page.goto(trellis.base_url + "/people?q=lima")
    expect(page).to_have_url(re.compile(r"/sign-in\?next="))
    page.get_by_label("Email").fill("grace.mensah@northwind.example")
    page.get_by_label("Password").fill("trellis-demo")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/people"))


def test_directory_search_filter_and_profile(trellis, page, artifacts):
    sign_in(page, trellis.base_url, "grace.mensah@northwind.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    expect(page.get_by_role("status")).to_have_text("40 people")
    page.get_by_label("Department").select_option("Design")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("status")).to_have_text("6 people")
    page.screenshot(path=str(artifacts / "directory.png"), full_page=True)
    page.get_by_label("Search").fill("rossi")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("status")).to_have_text("1 person")
    page.get_by_role("link", name="Sofia Rossi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sofia Rossi")
    expect(page.get_by_role("heading", name="Direct reports (5)")).to_be_visible()
    # Grace is neither Sofia nor her manager: no employment record.
    expect(page.get_by_role("heading", name="Employment record")).to_have_count(0)
    page.screenshot(path=str(artifacts / "profile.png"), full_page=True)


def test_access_history_shows_who_read_my_record(trellis, browser, artifacts):
    manager = browser.new_context()
    page = manager.new_page()
    sign_in(page, trellis.base_url, "aisha.bello@northwind.example")
    page.goto(trellis.base_url + "/people?q=nowak")
    page.get_by_role("link", name="Julia Nowak").click()
    expect(page.get_by_role("heading", name="Employment record")).to_be_visible()
    expect(page.get_by_text("recorded in Julia Nowak’s access history")).to_be_visible()
    manager.close()

    employee = browser.new_context()
    page = employee.new_page()
    sign_in(page, trellis.base_url, "julia.nowak@northwind.example")
    page.get_by_label("Your account", exact=True).click()
    page.get_by_role("link", name="Who has seen my information").click()
    row = page.get_by_role("row").filter(has_text="Aisha Bello")
    expect(row).to_contain_text("employment record")
    expect(row).to_contain_text("web")
    page.screenshot(path=str(artifacts / "access-history.png"), full_page=True)
    employee.close()


def test_invitation_link_lets_a_new_person_set_a_password(trellis, browser, artifacts):
    admin = browser.new_context()
    page = admin.new_page()
    sign_in(page, trellis.base_url, "jordan.reyes@northwind.example")
    open_from_more(page, "Admin")
    page.get_by_role("link", name="Add a person").click()
    page.get_by_label("Email", exact=True).fill("new.colleague@northwind.example")
    page.get_by_label("Given name").fill("Nova")
    page.get_by_label("Family name").fill("Silva")
    # A name is enough when it matches one person.
    page.get_by_label("Manager", exact=True).fill("Daniel Kim")
    page.get_by_role("button", name="Add person").click()
    expect(page.get_by_role("status")).to_have_text("Nova Silva is added.")
    page.get_by_role("button", name="Create invitation link").click()
    link = page.locator("code").inner_text()
    assert "/links/" in link
    admin.close()

    newcomer = browser.new_context()
    page = newcomer.new_page()
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome to Trellis")
    page.get_by_label("New password").fill("a garden of trellises")
    page.get_by_label("Repeat the password").fill("a garden of trellis")
    page.get_by_role("button", name="Save password").click()
    # The page comes back with the problem beside its field, the focus on it.
    expect(page.get_by_role("alert")).to_contain_text("Nothing was saved")
    expect(page.locator(".field-error")).to_contain_text("does not match")
    page.get_by_label("New password").fill("a garden of trellises")
    page.get_by_label("Repeat the password").fill("a garden of trellises")
    page.get_by_role("button", name="Save password").click()
    expect(page.get_by_role("status")).to_have_text("Welcome to Trellis, Nova Silva.")
    expect(page.get_by_role("link", name="Daniel Kim")).to_be_visible()
    expect(page.get_by_text("Due by")).to_contain_text("with Daniel Kim")
    # The link worked once.
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Link no longer valid")
    newcomer.close()


def test_admin_imports_a_csv_and_follows_its_progress(trellis, browser, tmp_path, artifacts):
    rows = ["userName,givenName,familyName,title,department,manager"]
    for index in range(3000):
        rows.append(f"hire{index}@northwind.example,Hire,Number {index},Analyst,Imported,priya.nair@northwind.example")
    rows.append("broken-email,Bad,Row,,,")
    csv = tmp_path / "people.csv"
    csv.write_text("\n".join(rows) + "\n")

    context = browser.new_context()
    page = context.new_page()
    sign_in(page, trellis.base_url, "jordan.reyes@northwind.example")
    page.goto(trellis.base_url + "/admin/import")
    page.get_by_label("CSV file").set_input_files(str(csv))
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("alert")).to_contain_text("Nothing was imported", timeout=30000)
    expect(page.get_by_role("row").filter(has_text="3002")).to_contain_text("userName")
    page.screenshot(path=str(artifacts / "import-rejected.png"), full_page=True)

    page.goto(trellis.base_url + "/admin/import")
    page.get_by_label("CSV file").set_input_files(str(csv))
    page.get_by_label("Skip rows with errors").check()
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_text("The import is complete.")).to_be_visible(timeout=60000)
    stats = page.locator("dl.stats")
    expect(stats).to_contain_text("3000")
    page.screenshot(path=str(artifacts / "import-done.png"), full_page=True)
    page.goto(trellis.base_url + "/people?department=Imported")
    expect(page.get_by_role("status")).to_have_text("3000 people")
    context.close()


def test_everyone_browses_the_framework_and_compares_roles(trellis, page, artifacts):
    sign_in(page, trellis.base_url, "ana.lima@northwind.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Framework").click()
    expect(page.get_by_role("heading", name="Individual contributor")).to_be_visible()
    page.get_by_role("link", name="Senior Software Engineer").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Senior Software Engineer")
    page.get_by_role("link", name="Compare with another role").click()
    page.get_by_label("To").select_option(label="Engineering Manager")
    page.get_by_role("button", name="Compare").click()
    row = page.get_by_role("row").filter(has_text="Mentoring")
    expect(row).to_contain_text("Mentors others deliberately")
    expect(row).to_contain_text("development plan with every report")
    page.screenshot(path=str(artifacts / "framework-compare.png"), full_page=True)
    expect(page.get_by_role("link", name="Edit the framework")).to_have_count(0)


def test_self_assessment_shows_the_gaps_to_the_target_role(trellis, browser, artifacts):
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, trellis.base_url, "tomas.ferreira@northwind.example")
    page.goto(trellis.base_url + "/people?q=ferreira")
    page.get_by_role("link", name="Tomás Ferreira").click()
    page.get_by_role("link", name="Role, competencies and gaps").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My growth")
    expect(page.get_by_label("Aiming for")).to_have_value("senior-software-engineer")
    page.get_by_label("Rating for Communication").select_option(label="Developing")
    page.get_by_label("Rating for Quality").select_option(label="Meets")
    page.get_by_role("button", name="Save my view").click()
    expect(page.get_by_role("status")).to_have_text("Your view is saved.")
    row = page.get_by_role("row").filter(has_text="Communication")
    expect(row).to_contain_text("Aligns people with different views")
    expect(row).to_contain_text("Rated below the level")
    page.screenshot(path=str(artifacts / "growth.png"), full_page=True)
    context.close()
    manager = browser.new_context().new_page()
    sign_in(manager, trellis.base_url, "daniel.kim@northwind.example")
    manager.goto(trellis.base_url + "/people?q=ferreira")
    manager.get_by_role("link", name="Tomás Ferreira").click()
    manager.get_by_role("link", name="Role, competencies and gaps").click()
    expect(manager.get_by_role("row").filter(has_text="Communication")).to_contain_text("Developing")


def test_self_assessment_gap_plan_item_milestone_and_celebration(trellis, browser, artifacts):
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, trellis.base_url, "ana.lima@northwind.example")
    page.goto(trellis.base_url + "/people?q=lima")
    page.get_by_role("link", name="Ana Lima").click()
    page.get_by_role("link", name="Role, competencies and gaps").click()
    page.get_by_label("Rating for Strategy").select_option(label="Not yet")
    page.get_by_role("button", name="Save my view").click()
    expect(page.get_by_role("status")).to_have_text("Your view is saved.")
    row = page.get_by_role("row").filter(has_text="Strategy")
    expect(row).to_contain_text("Not yet")
    expect(row).to_contain_text("Rated below the level")
    row.get_by_role("link", name="Make it a plan item").click()
    expect(page.get_by_label("Competency (optional)")).to_have_value("strategy")
    expect(page.get_by_label("Skill to develop")).to_have_value("Strategy")
    page.get_by_label("How").select_option("rotation")
    page.get_by_label("What will be done").fill("Two weeks with the product team")
    page.get_by_role("button", name="Add to the plan").click()
    expect(page.get_by_role("status")).to_have_text("The plan item is added.")
    item = page.locator("article.plan-item").filter(has_text="Two weeks with the product team")
    item.locator("summary").click()
    item.get_by_label("Milestone").fill("Shadow the product manager")
    item.get_by_role("button", name="Add milestone").click()
    item = page.locator("article.plan-item").filter(has_text="Two weeks with the product team")
    item.get_by_label("Evidence for “Shadow the product manager”").fill("Notes in the wiki")
    item.get_by_role("button", name="Done", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("Milestone done. Well done!")
    item = page.locator("article.plan-item").filter(has_text="Two weeks with the product team")
    expect(item).to_contain_text("Notes in the wiki")
    page.screenshot(path=str(artifacts / "plan.png"), full_page=True)
    # The finished milestone is hers to celebrate, with whom she chooses.
    item.get_by_label("Who sees the celebration of “Shadow the product manager”").select_option("everyone")
    item.get_by_label("A word about it (optional)").fill("Learned how roadmaps get made")
    item.get_by_role("button", name="Celebrate 🎉").click()
    expect(page.get_by_role("status")).to_have_text("Celebrated! Everyone can see it.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Celebrations")
    mine = page.locator("article.celebration").filter(has_text="Shadow the product manager")
    expect(mine).to_contain_text("Milestone reached")
    expect(mine).to_contain_text("Learned how roadmaps get made")
    context.close()

    colleague = browser.new_context()
    other = colleague.new_page()
    sign_in(other, trellis.base_url, "grace.mensah@northwind.example")
    open_from_more(other, "Celebrations")
    theirs = other.locator("article.celebration").filter(has_text="Shadow the product manager")
    expect(theirs).to_contain_text("Ana Lima")
    theirs.get_by_role("button", name="Give kudos").click()
    theirs = other.locator("article.celebration").filter(has_text="Shadow the product manager")
    expect(theirs.get_by_role("button", name="Kudos given ✓")).to_have_attribute("aria-pressed", "true")
    expect(theirs).to_contain_text("Kudos from Grace Mensah.")
    other.screenshot(path=str(artifacts / "celebrations.png"), full_page=True)
    colleague.close()


def test_a_goal_towards_an_objective_with_a_check_in(trellis, browser, artifacts):
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, trellis.base_url, "lena.schmidt@northwind.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Goals").click()
    page.get_by_label("Goal", exact=True).fill("Own the zero-downtime rollout checklist")
    objective = page.get_by_label("Towards objective").locator("option", has_text="Zero-downtime deploys").get_attribute("value")
    page.get_by_label("Towards objective").select_option(objective)
    page.get_by_label("Who sees it").select_option("manager")
    page.get_by_role("button", name="Add goal").click()
    expect(page.get_by_role("status")).to_have_text("The goal is added.")
    goal = page.locator("article.goal").filter(has_text="Own the zero-downtime rollout checklist")
    expect(goal).to_contain_text("towards “Zero-downtime deploys”")
    goal.get_by_label("Progress %").fill("30")
    goal.get_by_label("Check-in note").fill("Draft reviewed with SRE")
    goal.get_by_role("button", name="Check in").click()
    expect(page.locator("article.goal").filter(has_text="Own the zero-downtime rollout checklist")).to_contain_text("30%")
    # A goal counted in milestones: progress follows what is done.
    page.get_by_label("Goal", exact=True).fill("Run the deploy game day")
    page.get_by_label("Milestones (optional, one a line)").fill("Write the scenario\nRun it with the team")
    page.get_by_role("button", name="Add goal").click()
    goal = page.locator("article.goal").filter(has_text="Run the deploy game day")
    expect(goal).to_contain_text("0 of 2 milestones")
    goal.get_by_role("button", name="Done: Write the scenario").click()
    expect(page.get_by_role("status")).to_have_text("Milestone done.")
    goal = page.locator("article.goal").filter(has_text="Run the deploy game day")
    expect(goal).to_contain_text("1 of 2 milestones")
    goal.get_by_role("button", name="Done: Run it with the team").click()
    expect(page.get_by_role("status")).to_have_text("Every milestone is done: the goal is achieved!")
    goal = page.locator("article.goal").filter(has_text="Run the deploy game day")
    expect(goal).to_contain_text("achieved")
    expect(goal.get_by_role("button", name="Celebrate 🎉")).to_be_visible()
    page.screenshot(path=str(artifacts / "goals.png"), full_page=True)
    context.close()
    manager = browser.new_context().new_page()
    sign_in(manager, trellis.base_url, "daniel.kim@northwind.example")
    manager.goto(trellis.base_url + "/people?q=schmidt")
    manager.get_by_role("link", name="Lena Schmidt").click()
    career = manager.get_by_role("navigation", name="Career")
    expect(career.get_by_role("link", name="Development plan")).to_be_visible()
    career.get_by_role("link", name="Goals").click()
    expect(manager.get_by_role("heading", level=1)).to_have_text("Goals of Lena Schmidt")
    expect(manager.locator("article.goal").filter(has_text="Own the zero-downtime rollout checklist")).to_contain_text("30%")
    expect(manager.locator("article.goal").filter(has_text="Run the deploy game day")).to_contain_text("2 of 2 milestones")


def test_everything_about_me_is_read_printed_and_downloaded(trellis, page, artifacts):
    sign_in(page, trellis.base_url, "ana.lima@northwind.example")
    page.get_by_label("Your account", exact=True).click()
    page.get_by_role("link", name="Everything about me").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Everything about me")
    page.screenshot(path=str(artifacts / "personal-data.png"), full_page=True)
    with page.expect_download() as waiting:
        page.get_by_role("link", name="Download (JSON)").click()
    download = waiting.value
    assert download.suggested_filename.startswith("trellis-personal-data-")
    document = json.loads(Path(download.path()).read_text())
    assert document["profile"]["person"]["email"] == "ana.lima@northwind.example"
    assert document["conversations"], "her conversations are in it"
    page.get_by_role("link", name="Read and print").click()
    expect(page.get_by_role("heading", name="Conversations")).to_be_visible()
    expect(page.get_by_role("heading", name="Who has seen your information")).to_be_visible()
    page.screenshot(path=str(artifacts / "personal-data-printable.png"))
    # Both copies are in her access history.
    page.goto(trellis.base_url + "/me/access-history")
    expect(page.get_by_role("cell", name="everything about you (download)").first).to_be_visible()
    assert page.problems == [], page.problems


def test_the_people_team_sets_retention_and_erases_someone_who_left(trellis, page, browser, artifacts):
    # The admin deactivates Hannah, who has left.
    sign_in(page, trellis.base_url, "jordan.reyes@northwind.example")
    page.goto(trellis.base_url + "/people?q=hannah.becker")
    page.get_by_role("link", name="Hannah Becker").click()
    hannah = page.url.rstrip("/").split("/")[-1]
    page.goto(trellis.base_url + f"/admin/people/{hannah}/edit")
    page.get_by_label("Active (can sign in and appears in the directory)").uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert").or_(page.get_by_role("status")).first).to_be_visible()

    people_team = browser.new_context(viewport={"width": 1280, "height": 800})
    priya = people_team.new_page()
    sign_in(priya, trellis.base_url, "priya.nair@northwind.example")
    open_from_more(priya, "How long data is kept")
    # The field states its range, so the browser already refuses 0 (the server does too).
    priya.get_by_label("Sent and failed messages (days)").fill("0")
    assert priya.get_by_label("Sent and failed messages (days)").evaluate("field => field.validity.valid") is False
    priya.get_by_label("Sent and failed messages (days)").fill("14")
    priya.get_by_label("Conversation content (days)").fill("")
    priya.get_by_role("button", name="Save").click()
    expect(priya.get_by_text("How long data is kept is saved.")).to_be_visible()
    expect(priya.get_by_text("What conversations hold is kept for as long as Trellis runs.")).to_be_visible()
    priya.screenshot(path=str(artifacts / "retention.png"), full_page=True)

    # Hannah is among the people who left; the people team erases her at once, on her request.
    leaver = priya.locator("#leavers li", has_text="Hannah Becker")
    expect(leaver).to_contain_text("erased on")
    leaver.get_by_role("link", name="Erase now…").click()
    expect(priya.get_by_role("heading", level=1)).to_have_text("Erase Hannah Becker’s data")
    priya.screenshot(path=str(artifacts / "erasure-preview.png"), full_page=True)
    priya.get_by_role("button", name="Erase Hannah Becker’s data").click()
    expect(priya.get_by_role("alert")).to_contain_text("Nothing was saved")
    expect(priya.locator(".field-error")).to_contain_text("tick the box to confirm")
    priya.get_by_label("I understand that Hannah Becker’s data cannot be brought back.").check()
    priya.get_by_role("button", name="Erase Hannah Becker’s data").click()
    expect(priya.get_by_text(f"they are now “Former employee {hannah}”")).to_be_visible()
    expect(priya.locator("#leavers")).not_to_contain_text("Hannah Becker")
    priya.goto(trellis.base_url + "/data-inventory")
    expect(priya.get_by_role("heading", name="Private notes and unshared reflections")).to_be_visible()
    people_team.close()


def test_people_team_edits_the_framework_with_fields_and_brings_back_a_version(trellis, browser, artifacts):
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, trellis.base_url, "priya.nair@northwind.example")
    page.goto(trellis.base_url + "/framework/edit")
    page.get_by_role("link", name="Tracks and levels").click()
    # A level renamed with its field: the roles at it stay placed.
    page.get_by_label("Level 3", exact=True).first.fill("Senior engineer")
    page.get_by_role("button", name="Save the tracks and levels").first.click()
    expect(page.get_by_role("status")).to_have_text("The tracks and levels are saved.")
    expect(page.get_by_text("Senior engineer", exact=True)).to_be_visible()
    page.get_by_role("link", name="Senior Software Engineer").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Senior Software Engineer")
    # What a competency expects, edited level by level.
    page.goto(trellis.base_url + "/framework/edit/competencies")
    page.get_by_role("link", name=re.compile("expects at each level")).first.click()
    page.get_by_label("Examples at Junior (one per line)").first.fill("Asks for a review before merging")
    page.get_by_role("button", name="Save the expectations").click()
    expect(page.get_by_role("status")).to_have_text("The expectations are saved.")
    # The history says what changed, and the framework as it was comes back.
    page.goto(trellis.base_url + "/framework/history")
    expect(page.get_by_text("Renamed the level “Senior” of “Individual contributor” to “Senior engineer”.")).to_be_visible()
    page.screenshot(path=str(artifacts / "framework-history.png"), full_page=True)
    page.get_by_role("link", name=re.compile("^Version")).last.click()
    page.get_by_role("button", name="Bring this version back").click()
    expect(page.get_by_role("status")).to_contain_text("That version is the framework again")
    page.goto(trellis.base_url + "/framework")
    expect(page.get_by_text("Senior engineer", exact=True)).to_have_count(0)
    context.close()
