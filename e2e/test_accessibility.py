"""WCAG 2.2 AA, proven: axe-core over every page the crawl reaches, as every demo role, in light
and dark, on a laptop and a phone. Any violation fails, with what and where. On the way, every
page each role reaches is photographed (laptop, laptop dark, phone) into artifacts/pages/, to be
looked at as its users will see it."""

import re
from urllib.parse import urljoin, urlparse

from axe_playwright_python.base import AXE_SCRIPT

from conftest import sign_in

ROLES = {
    "ana.lima@northwind.example": "employee",
    "daniel.kim@northwind.example": "manager",
    "priya.nair@northwind.example": "people-team",
    "jordan.reyes@northwind.example": "admin",
    None: "signed-out",
}
# The views each page is photographed in.
LAPTOP, PHONE = {"width": 1280, "height": 800}, {"width": 390, "height": 844}
PHOTOS = [("laptop", LAPTOP, "light"), ("laptop", LAPTOP, "dark"), ("phone", PHONE, "light")]
VIEWS = [
    ("laptop", {"width": 1280, "height": 800}, "light"),
    ("laptop", {"width": 1280, "height": 800}, "dark"),
    ("phone", {"width": 390, "height": 844}, "light"),
    ("phone", {"width": 390, "height": 844}, "dark"),
]
# Not pages: downloads, feeds, the API, and ways out of the session.
SKIP = re.compile(r"^/(api/|assets/|scim/|saml/|sso/|oidc/|sign-out|healthz|metrics)|\.(ics|json|csv|svg)$|/export|/calendar")


def pattern(path: str) -> str:
    """One page per kind: /conversations/12 and /conversations/13 are the same page."""
    return re.sub(r"/\d+", "/N", path)


def links(page, base_url: str) -> list[str]:
    found = []
    for href in page.eval_on_selector_all("a[href]", "anchors => anchors.map(a => a.getAttribute('href'))"):
        url = urlparse(urljoin(page.url, href))
        if url.netloc == urlparse(base_url).netloc and not SKIP.search(url.path):
            found.append(url.path)
    return found


def violations(page) -> list[str]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{rule['id']} ({rule['impact']}): {rule['help']} at "
        + "; ".join(" ".join(node["target"]) for node in rule["nodes"][:3])
        for rule in result["violations"]
    ]


def photograph(page, folder, path: str) -> None:
    name = pattern(path).strip("/").replace("/", "_") or "home"
    for width, viewport, scheme in PHOTOS:
        page.set_viewport_size(viewport)
        page.emulate_media(color_scheme=scheme)
        # The whole page once; the other views as first seen, which keeps the run short.
        page.screenshot(path=str(folder / f"{name}-{width}-{scheme}.png"), full_page=(width, scheme) == PHOTOS[0][::2])


def test_every_page_passes_axe_in_every_view(trellis, browser, artifacts):
    # Each kind of page is checked as the first role that reaches it, in all four views: later
    # roles add the pages only they see (the team, insights, admin), which keeps the run short.
    # Every role's pages are photographed, since each role sees them differently.
    seen, problems, checked = set(), [], {}
    for email, role_name in ROLES.items():
        folder = artifacts / "pages" / role_name
        folder.mkdir(parents=True, exist_ok=True)
        context = browser.new_context(viewport=VIEWS[0][1], bypass_csp=True)
        page = context.new_page()
        if email:
            sign_in(page, trellis.base_url, email)
        role = email or "signed out"
        checked[role] = 0
        queue, visited = ["/"], set()
        while queue:
            path = queue.pop(0)
            if pattern(path) in visited:
                continue
            visited.add(pattern(path))
            response = page.goto(trellis.base_url + path)
            if response is None or "text/html" not in response.headers.get("content-type", ""):
                continue
            if urlparse(page.url).netloc != urlparse(trellis.base_url).netloc:
                continue
            queue += links(page, trellis.base_url)
            photograph(page, folder, path)
            page.set_viewport_size(VIEWS[0][1])
            page.emulate_media(color_scheme="light")
            if pattern(path) in seen:
                continue
            seen.add(pattern(path))
            checked[role] += 1
            for width, viewport, scheme in VIEWS:
                page.set_viewport_size(viewport)
                page.emulate_media(color_scheme=scheme)
                for problem in violations(page):
                    problems.append(f"{path} as {role} [{width}, {scheme}] {problem}")
            page.set_viewport_size(VIEWS[0][1])
            page.emulate_media(color_scheme="light")
        context.close()
    assert all(count > 0 for count in checked.values()), checked
    assert len(seen) >= 60, checked
    assert problems == [], f"{len(problems)} violations on {len(seen)} pages:\n" + "\n".join(problems)


def test_the_conversation_page_is_worked_by_keyboard_alone(trellis, browser):
    """Every control of the workspace is reached with Tab, in order, and shows where focus is."""
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    sign_in(page, trellis.base_url, "daniel.kim@northwind.example")
    page.goto(trellis.base_url + "/conversations")
    conversation = page.locator("main a[href^='/conversations/']").filter(
        has_text=re.compile(r"\d{4}")).first.get_attribute("href")
    page.goto(trellis.base_url + conversation.split("#")[0])
    # Every visible control of the page's content, numbered in document order.
    controls = page.evaluate("""() => {
        const all = document.querySelectorAll(
            'main a[href], main button, main input:not([type=hidden]), main select, main textarea, main summary');
        // Shown (not folded in a closed details) and meant for Tab (not the form's hidden default button).
        const shown = Array.from(all).filter(e =>
            e.checkVisibility({contentVisibilityAuto: true}) && !e.disabled && e.tabIndex >= 0);
        shown.forEach((e, i) => e.dataset.control = String(i));
        return shown.length;
    }""")
    assert controls > 10, controls
    reached, unmarked = [], []
    for _ in range(controls + 80):
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => {
            const e = document.activeElement;
            const style = getComputedStyle(e);
            const marked = (style.outlineStyle !== 'none' && style.outlineWidth !== '0px') || style.boxShadow !== 'none';
            return {control: e.dataset.control ?? null, marked, what: e.outerHTML.slice(0, 80)};
        }""")
        if focused["control"] is not None:
            reached.append(int(focused["control"]))
            if not focused["marked"]:
                unmarked.append(focused["what"])
        if len(set(reached)) == controls:
            break
    missing = sorted(set(range(controls)) - set(reached))
    what = page.evaluate("""missing => missing.map(i =>
        document.querySelector(`[data-control="${i}"]`).outerHTML.slice(0, 120))""", missing)
    assert missing == [], f"not reached by Tab: {what} of {controls}"
    assert reached == sorted(reached), "Tab follows the page's order"
    assert unmarked == [], f"focus not visible on: {unmarked}"
    page.context.close()
