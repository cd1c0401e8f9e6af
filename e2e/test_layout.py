"""The home page and an error page render in the shared layout, in light, dark and narrow views."""

from playwright.sync_api import expect


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
