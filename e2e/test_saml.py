"""SAML 2.0 single sign-on with a real identity provider (pysaml2, signing with xmlsec1): an admin
adds it from the admin page with its metadata, people sign in through its own login page, and a
forged, replayed or unrequested response is a clear page written to the security log."""

import base64
import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest

from conftest import RunningTrellis, sign_in
from saml_idp import SAMLIdentityProvider
from test_email import call, demo_database, postgres_database, token_for
from test_single_sign_on import security_log


def sign_in_with_saml(page, base_url, email, password, start="/sign-in"):
    page.goto(base_url + start)
    page.get_by_label("Work email").fill(email)
    page.get_by_role("button", name="Continue with single sign-on").click()
    # The provider's own login page; its answer posts itself back to Trellis.
    page.get_by_label("Username").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in to Northwind").click()
    page.wait_for_url(lambda url: url.startswith(base_url))
    page.wait_for_load_state()


class KeepRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None


def sign_in_redirect(base_url, email):
    """Where Trellis sends someone who asks to sign in with single sign-on."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                         KeepRedirects())
    page = opener.open(base_url + "/sign-in", timeout=10).read().decode()
    csrf = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
    try:
        opener.open(base_url + "/sign-in/sso", data=urllib.parse.urlencode(
            {"_csrf": csrf, "email": email, "next": ""}).encode(), timeout=10)
    except urllib.error.HTTPError as error:
        assert error.code == 303
        return error.headers["Location"]
    raise AssertionError("no redirect to the provider")


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def post_response(base_url, body):
    """Posts a captured SAMLResponse form again, as an attacker who copied it would."""
    request = urllib.request.Request(base_url + "/sso/saml/acs", data=body.encode(), method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers.get_all("Set-Cookie") or [], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get_all("Set-Cookie") or [], error.read().decode()


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_people_sign_in_with_saml_and_forged_or_replayed_responses_are_refused(tmp_path, browser, kind):
    database = f"sqlite:{tmp_path / 'saml.db'}" if kind == "sqlite" else postgres_database()
    demo_database(database)
    server = RunningTrellis(database)
    base = server.base_url
    idp = SAMLIdentityProvider(tmp_path, base + "/sso/saml/metadata")
    try:
        admin = token_for(base, "jordan.reyes@northwind.example")
        # Metadata that is not SAML is refused next to its field, by the API and the page alike.
        status = None
        try:
            call("POST", base + "/api/v1/admin/identity-providers",
                 {"kind": "saml", "name": "Broken", "metadata": "<html/>", "domains": ["northwind.example"]},
                 token=admin)
        except urllib.error.HTTPError as error:
            status, problem = error.code, error.read().decode()
        assert status == 422 and "metadata" in problem

        admin_context = browser.new_context()
        admin_page = admin_context.new_page()
        sign_in(admin_page, base, "jordan.reyes@northwind.example")
        admin_page.goto(base + "/admin/identity-providers")
        saml = admin_page.locator("section", has=admin_page.locator("#add-saml-provider"))
        assert base + "/sso/saml/acs" in saml.inner_text()
        saml.get_by_label("Name").fill("Northwind SAML")
        saml.get_by_label("Provider metadata (XML)").fill("<md:EntityDescriptor/>")
        saml.get_by_label("Email domains").fill("northwind.example")
        saml.get_by_role("button", name="Add SAML provider").click()
        assert "not SAML metadata" in admin_page.locator("#saml-metadata-error").inner_text()
        assert saml.get_by_label("Name").input_value() == "Northwind SAML", "what was typed stays"
        saml.get_by_label("Provider metadata (XML)").fill(idp.metadata())
        saml.get_by_role("button", name="Add SAML provider").click()
        assert "Northwind SAML signs in northwind.example." in admin_page.content()
        card = admin_page.locator("section.card", has=admin_page.get_by_role("heading", name="Northwind SAML"))
        assert "SAML 2.0" in card.inner_text() and "Refused (people start at Trellis)" in card.inner_text()
        admin_context.close()

        # Ana signs in at the provider's login page and lands where she was going.
        idp.users["ana.lima@northwind.example"] = ("idp-pass", "Ana", "Lima")
        context = browser.new_context()
        page = context.new_page()
        posted = []
        page.on("request", lambda r: posted.append(r.post_data) if r.url.endswith("/sso/saml/acs") else None)
        sign_in_with_saml(page, base, "ana.lima@northwind.example", "idp-pass", start="/me/tokens")
        assert page.url == base + "/me/tokens", page.url + page.locator("main").inner_text()
        assert "Ana Lima" in page.locator("header").text_content()
        # Signing out offers the provider's single logout: a request signed with Trellis's key.
        page.get_by_label("Your account").click()
        page.get_by_role("button", name="Sign out").click()
        assert "You are signed out of Trellis" in page.content()
        page.get_by_role("link", name="Sign out of Northwind SAML too").click()
        page.wait_for_url(base + "/sign-in")
        assert "signed out of Trellis and your organization's sign-in" in page.content()
        assert idp.signed_out == ["ana.lima@northwind.example"]
        context.close()
        assert [e["detail"] for e in security_log(base, admin, "signed in") if e["actorName"] == "Ana Lima"][0] == \
            "single sign-on: Northwind SAML (SAML)"
        # The same response posted again signs no one in: its request was used.
        status, cookies, body = post_response(base, posted[0])
        assert status == 400 and "Sign-in expired" in body
        assert not [c for c in cookies if c.startswith("trellis_session=") and "Max-Age=0" not in c]

        # A response changed on its way (another person's email) does not verify.
        context = browser.new_context()
        page = context.new_page()

        def forge(route):
            form = dict(urllib.parse.parse_qsl(route.request.post_data))
            xml = base64.b64decode(form["SAMLResponse"]).decode()
            assert "ana.lima@northwind.example" in xml
            form["SAMLResponse"] = base64.b64encode(
                xml.replace("ana.lima@northwind.example", "jordan.reyes@northwind.example").encode()).decode()
            route.continue_(post_data=urllib.parse.urlencode(form))

        page.route("**/sso/saml/acs", forge)
        sign_in_with_saml(page, base, "ana.lima@northwind.example", "idp-pass")
        assert "Sign-in not accepted" in page.content()
        assert "Jordan" not in page.locator("header").text_content()
        failures = security_log(base, admin, "sign-in failed")
        assert "single sign-on: Northwind SAML: SAML signature" in failures[0]["detail"]
        context.close()

        # A provider that still signs with SHA-1 is not trusted.
        idp.outdated = True
        context = browser.new_context()
        page = context.new_page()
        sign_in_with_saml(page, base, "ana.lima@northwind.example", "idp-pass")
        assert "Sign-in not accepted" in page.content() and "SHA-256" in page.content()
        context.close()
        idp.outdated = False

        # The provider rotates its certificate: its answers no longer verify until an admin gives
        # Trellis its new metadata under "Change"; Ana stays linked.
        idp.rotate()
        context = browser.new_context()
        page = context.new_page()
        sign_in_with_saml(page, base, "ana.lima@northwind.example", "idp-pass")
        assert "Sign-in not accepted" in page.content()
        sign_in(page, base, "jordan.reyes@northwind.example")
        page.goto(base + "/admin/identity-providers")
        card = page.locator("section.card", has=page.get_by_role("heading", name="Northwind SAML"))
        card.get_by_text("Change Northwind SAML").click()
        card.get_by_label("Provider metadata (XML)").fill("<nonsense")
        card.get_by_role("button", name="Save changes").click()
        card = page.locator("section.card", has=page.get_by_role("heading", name="Northwind SAML"))
        assert card.get_by_label("Provider metadata (XML)").is_visible(), "the change form stays open with its error"
        assert "does not parse" in card.inner_text()
        card.get_by_label("Provider metadata (XML)").fill(idp.metadata())
        card.get_by_role("button", name="Save changes").click()
        assert "Northwind SAML is changed." in page.content()
        context.close()
        context = browser.new_context()
        page = context.new_page()
        sign_in_with_saml(page, base, "ana.lima@northwind.example", "idp-pass")
        assert "Ana Lima" in page.locator("header").text_content()
        context.close()
        assert security_log(base, admin, "changed identity provider")[0]["actorName"] == "Jordan Reyes"
        # Another domain without pasting the metadata again: it is kept.
        provider = call("GET", base + "/api/v1/admin/identity-providers", token=admin)[0]
        kept = call("PUT", f"{base}/api/v1/admin/identity-providers/{provider['id']}",
                    {"name": "Northwind SAML", "domains": ["northwind.example", "northwind.co.example"]}, token=admin)
        assert kept["issuer"] == idp.base_url + "/metadata" and len(kept["domains"]) == 2

        # Someone the provider knows but Trellis does not: refused, clearly.
        idp.users["new.starter@northwind.example"] = ("idp-pass", "New", "Starter")
        context = browser.new_context()
        page = context.new_page()
        sign_in_with_saml(page, base, "new.starter@northwind.example", "idp-pass")
        assert "No Trellis account" in page.content()

        # A sign-in the provider starts itself is refused until an admin allows it.
        page.goto(idp.base_url + "/unsolicited?user=ana.lima%40northwind.example")
        page.wait_for_url(base + "/sso/saml/acs")
        assert "sign-ins started at the identity provider are turned off" in page.content()
        context.close()
        provider = call("GET", base + "/api/v1/admin/identity-providers", token=admin)[0]
        added = call("PUT", f"{base}/api/v1/admin/identity-providers/{provider['id']}",
                     {"name": "Northwind SAML", "metadata": idp.metadata(), "domains": ["northwind.example"],
                      "allowUnsolicited": True}, token=admin)
        assert added["kind"] == "saml" and added["allowUnsolicited"] is True
        assert added["issuer"] == idp.base_url + "/metadata"
        context = browser.new_context()
        page = context.new_page()
        posted.clear()
        page.on("request", lambda r: posted.append(r.post_data) if r.url.endswith("/sso/saml/acs") else None)
        page.goto(idp.base_url + "/unsolicited?user=ana.lima%40northwind.example")
        page.wait_for_url(base + "/")
        assert "Ana Lima" in page.locator("header").text_content()
        context.close()
        # Posted a second time, the same assertion is a replay.
        status, _, body = post_response(base, posted[0])
        assert status == 403 and "used already" in body
        assert any("replay" in e["detail"] for e in security_log(base, admin, "sign-in failed"))

        # The provider checks Trellis's signature on the sign-in request: an altered one is refused there.
        address = sign_in_redirect(base, "ana.lima@northwind.example")
        assert address.startswith(idp.base_url + "/sso/redirect?SAMLRequest=") and "&Signature=" in address
        url = urllib.parse.urlparse(address)
        query = dict(urllib.parse.parse_qsl(url.query))
        signature = bytearray(base64.b64decode(query["Signature"]))
        signature[0] ^= 1
        altered = url._replace(query=urllib.parse.urlencode(
            {**query, "Signature": base64.b64encode(bytes(signature)).decode()})).geturl()
        assert fetch(altered)[0] == 403
        assert fetch(address)[0] == 200
    finally:
        idp.stop()
        assert server.stop() == 0
    assert not [line for line in server.log_lines() if '"status":5' in line]
