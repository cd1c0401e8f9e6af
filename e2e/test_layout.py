"""The home page and an error page render in the shared layout, in light, dark and narrow views."""

from playwright.sync_api import expect

from conftest import sign_in


def test_home_page_renders_the_layout(trellis, page, artifacts):
    response = page.goto(trellis.base_url + "/")
    assert response.status == 200
    expect(page).to_have_title("Welcome · Trellis")
    expect(page.get_by_role("banner")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page.get_by_role("main")).to_be_visible()
    expect(page.get_by_role("contentinfo")).to_contain_text("Trellis")
    expect(page.get_by_role("heading", level=1)).to_have_text("Career conversations that lead somewhere")
    expect(page.locator("nav a[aria-current=page]")).to_have_text("Home")
    # The stylesheet is applied: cards are laid out as a grid with rounded corners.
    assert page.locator(".cards").evaluate("e => getComputedStyle(e).display") == "grid"
    assert page.locator(".card").first.evaluate("e => getComputedStyle(e).borderTopLeftRadius") == "10px"
    assert page.problems == [], page.problems
    page.screenshot(path=str(artifacts / "home.png"), full_page=True)


def test_skip_link_moves_focus_to_the_content(trellis, page):
    page.goto(trellis.base_url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")


def test_dark_theme_and_narrow_screen(trellis, browser, artifacts):
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark")
    page = context.new_page()
    page.goto(trellis.base_url + "/")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(18, 22, 20)", background
    # One column on a phone: the cards stack.
    boxes = [card.bounding_box() for card in page.locator(".card").all()]
    assert len({round(box["x"]) for box in boxes}) == 1
    page.screenshot(path=str(artifacts / "home-dark-narrow.png"), full_page=True)
    context.close()


def test_unknown_page_shows_a_404_in_the_layout(trellis, page, artifacts):
    response = page.goto(trellis.base_url + "/no/such/page")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Not Found")
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    page.screenshot(path=str(artifacts / "not-found.png"), full_page=True)
    page.get_by_role("link", name="Back to the home page").click()
    expect(page).to_have_title("Welcome · Trellis")


def test_security_headers_and_no_inline_script(trellis, page):
    response = page.goto(trellis.base_url + "/")
    headers = response.headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert page.locator("script:not([src])").count() == 0


def test_navigation_keeps_to_one_row_and_folds_into_a_menu_on_a_phone(trellis, browser, artifacts):
    # A manager on a laptop: one row, "Team" because people report to him.
    laptop = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    sign_in(laptop, trellis.base_url, "daniel.kim@northwind.example")
    header = laptop.locator(".site-header")
    assert header.bounding_box()["height"] < 80, header.bounding_box()
    navigation = laptop.get_by_role("navigation", name="Main")
    expect(navigation.get_by_role("link", name="Team")).to_be_visible()
    expect(navigation.get_by_role("link", name="Insights")).to_have_count(0)

    # The people team finds its tools under "More", and the current one is marked there.
    people_team = browser.new_context(viewport={"width": 1440, "height": 800}).new_page()
    sign_in(people_team, trellis.base_url, "priya.nair@northwind.example")
    assert people_team.locator(".site-header").bounding_box()["height"] < 80
    people_team.get_by_role("navigation", name="Main").get_by_text("More", exact=True).click()
    tools = people_team.locator(".menu-group").filter(has_text="People team")
    for tool in ["Insights", "Mentoring figures", "Conversation guides", "Goal templates", "Succession",
                 "How long data is kept"]:
        expect(tools.get_by_role("link", name=tool)).to_be_visible()
    tools.get_by_role("link", name="Conversation guides").click()
    expect(people_team.get_by_role("heading", level=1)).to_have_text("Conversation guides")
    current = people_team.locator('.nav-bar a[aria-current="page"]')
    expect(current).to_have_count(1)
    expect(current).to_have_text("Conversation guides")
    expect(people_team.locator(".menu.more > summary")).to_have_class("current")
    people_team.screenshot(path=str(artifacts / "navigation-people-team.png"))

    # An employee on a phone: one row with a "Menu" button, and no "Team" without reports.
    phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    sign_in(phone, trellis.base_url, "ana.lima@northwind.example")
    assert phone.locator(".site-header").bounding_box()["height"] < 80
    navigation = phone.get_by_role("navigation", name="Main")
    expect(navigation.get_by_role("link", name="Goals")).to_have_count(0)
    navigation.get_by_text("Menu", exact=True).click()
    expect(navigation.get_by_role("link", name="Team")).to_have_count(0)
    phone.screenshot(path=str(artifacts / "navigation-phone.png"))
    navigation.get_by_role("link", name="Goals").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("My goals")
    phone.context.close()
    laptop.context.close()
    people_team.context.close()


def test_the_signed_in_home_lays_its_cards_out_in_columns_without_empty_space(trellis, browser, artifacts):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(page, trellis.base_url, "daniel.kim@northwind.example")
    cards = page.locator(".home-grid > .card")
    boxes = [card.bounding_box() for card in cards.all()]
    assert len({round(box["x"]) for box in boxes}) == 3, boxes
    # Each card is as tall as what it holds: the short "next conversation" is not stretched to
    # the height of the long list beside it.
    assert page.locator("#next-conversation").bounding_box()["height"] < 0.6 * max(b["height"] for b in boxes)
    page.screenshot(path=str(artifacts / "home-manager.png"), full_page=True)
    page.context.close()


def test_a_group_of_choices_in_a_form_column_is_headed_like_the_fields_beside_it(trellis, browser, artifacts):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(page, trellis.base_url, "ana.lima@northwind.example")
    page.goto(trellis.base_url + "/mentoring")
    offer = page.locator("#offer form")
    topics = offer.locator("label[for=field-topics]").bounding_box()
    legend = offer.locator("fieldset.choices legend").bounding_box()
    # On one line and level with "Topics": a legend drawn on a box's border wrapped and sat lower.
    assert abs(legend["y"] - topics["y"]) < 2 and abs(legend["height"] - topics["height"]) < 2, (topics, legend)
    first_choice = offer.locator("fieldset.choices .checkbox").first.bounding_box()
    assert first_choice["y"] >= legend["y"] + legend["height"], (legend, first_choice)
    offer.screenshot(path=str(artifacts / "mentoring-offer.png"))
    page.context.close()
