"""Single sign-on with a real OpenID Connect provider (oidc-provider-mock, from PyPI): an admin sets
it up from the admin page, people sign in through the provider's own login page, and every way it
can go wrong is a clear page written to the security log."""

import json
import urllib.error
import urllib.parse
import urllib.request
import warnings

import pytest

from conftest import RunningTrellis, sign_in
from test_email import call, demo_database, token_for

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import oidc_provider_mock


@pytest.fixture
def provider():
    with oidc_provider_mock.run_server_in_thread() as server:
        yield f"http://127.0.0.1:{server.server_port}"


def set_user(provider, sub, **claims):
    request = urllib.request.Request(
        f"{provider}/users/{urllib.parse.quote(sub)}", data=json.dumps(claims).encode(),
        headers={"Content-Type": "application/json"}, method="PUT")
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 204


def sign_in_with_sso(page, base_url, email, sub, start="/sign-in"):
    page.goto(base_url + start)
    page.get_by_label("Work email").fill(email)
    page.get_by_role("button", name="Continue with single sign-on").click()
    # The provider's own authorization page.
    page.get_by_placeholder("sub").fill(sub)
    page.get_by_role("button", name="Authorize").click()


def security_log(base_url, admin, action):
    return call("GET", f"{base_url}/api/v1/admin/audit?action={urllib.parse.quote(action)}", token=admin)["items"]


def test_people_sign_in_through_the_identity_provider_and_failures_are_clear(tmp_path, browser, provider):
    database = f"sqlite:{tmp_path / 'sso.db'}"
    demo_database(database)
    server = RunningTrellis(database)
    base = server.base_url
    try:
        admin_context = browser.new_context()
        admin_page = admin_context.new_page()
        sign_in(admin_page, base, "jordan.reyes@northwind.example")
        admin_page.goto(base + "/admin/identity-providers")
        # A wrong issuer is refused at once, next to its field, keeping what was typed.
        oidc = admin_page.locator("section", has=admin_page.locator("#add-provider"))
        oidc.get_by_label("Name").fill("Northwind SSO")
        oidc.get_by_label("Issuer").fill(provider + "/nothing-here")
        oidc.get_by_label("Client id").fill("trellis")
        oidc.get_by_label("Client secret").fill("trellis-secret")
        oidc.get_by_label("Email domains").fill("northwind.example")
        oidc.get_by_role("button", name="Add provider").click()
        assert "openid-configuration" in admin_page.locator("#oidc-issuer-error").inner_text()
        assert oidc.get_by_label("Name").input_value() == "Northwind SSO"
        oidc.get_by_label("Issuer").fill(provider)
        oidc.get_by_label("Client secret").fill("trellis-secret")
        oidc.get_by_role("button", name="Add provider").click()
        assert "Northwind SSO signs in northwind.example." in admin_page.content()
        assert "Set (never shown)" in admin_page.content()
        # A change that leaves the secret empty keeps it.
        jordan = token_for(base, "jordan.reyes@northwind.example")
        northwind = call("GET", base + "/api/v1/admin/identity-providers", token=jordan)[0]
        changed = call("PUT", f"{base}/api/v1/admin/identity-providers/{northwind['id']}",
                       {"name": "Northwind SSO", "issuer": provider, "clientID": "trellis",
                        "domains": ["northwind.example", "northwind.co.example"]}, token=jordan)
        assert changed["clientSecretSet"] and changed["domains"] == ["northwind.co.example", "northwind.example"]
        admin_context.close()

        # Ana signs in at the provider; she is matched by her verified email, then by her subject.
        set_user(provider, "ana-0001", email="ana.lima@northwind.example", email_verified=True, name="Ana Lima")
        context = browser.new_context()
        page = context.new_page()
        sign_in_with_sso(page, base, "ana.lima@northwind.example", "ana-0001", start="/me/tokens")
        assert page.url == base + "/me/tokens", "back where she was going"
        assert "Ana Lima" in page.locator("header").text_content()
        context.close()
        set_user(provider, "ana-0001", email="ana.new.address@elsewhere.example", email_verified=True)
        context = browser.new_context()
        page = context.new_page()
        sign_in_with_sso(page, base, "ana.lima@northwind.example", "ana-0001")
        assert "Ana Lima" in page.locator("header").text_content(), "the subject, not the email, once linked"
        context.close()

        admin = token_for(base, "jordan.reyes@northwind.example")
        signed_in = security_log(base, admin, "signed in")
        assert [e["detail"] for e in signed_in if e["actorName"] == "Ana Lima"][:2] == [
            "single sign-on: Northwind SSO", "single sign-on: Northwind SSO"]

        # Someone the provider knows but Trellis does not: refused (people are not added by default).
        set_user(provider, "new-0002", email="new.starter@northwind.example", email_verified=True)
        context = browser.new_context()
        page = context.new_page()
        sign_in_with_sso(page, base, "new.starter@northwind.example", "new-0002")
        assert "No Trellis account" in page.content()
        assert "new.starter@northwind.example" in page.content()
        # An unverified email is not trusted to match anyone.
        set_user(provider, "mei-0003", email="mei.chen@northwind.example", email_verified=False)
        sign_in_with_sso(page, base, "mei.chen@northwind.example", "mei-0003")
        assert "No Trellis account" in page.content()
        # A provider that says nothing of email_verified (as Entra ID) is trusted for its own domains only.
        set_user(provider, "grace-0005", email="grace.mensah@northwind.example")
        sign_in_with_sso(page, base, "grace.mensah@northwind.example", "grace-0005")
        assert "Grace Mensah" in page.locator("header").text_content(), page.locator("main").inner_text()
        page.context.clear_cookies()
        call("POST", base + "/api/v1/people", {"email": "sam.contractor@elsewhere.example", "givenName": "Sam"},
             token=admin)
        set_user(provider, "sam-0006", email="sam.contractor@elsewhere.example")
        sign_in_with_sso(page, base, "mei.chen@northwind.example", "sam-0006")
        assert "No Trellis account" in page.content(), "an address outside its domains needs email_verified"
        # A domain with no provider: the sign-in page says so next to the field.
        page.goto(base + "/sign-in")
        page.get_by_label("Work email").fill("someone@elsewhere.example")
        page.get_by_role("button", name="Continue with single sign-on").click()
        assert "no single sign-on is set up for this domain" in page.locator("#field-sso-email-error").inner_text()
        assert page.get_by_label("Work email").input_value() == "someone@elsewhere.example"
        # The person cancels at the provider.
        page.goto(base + "/sign-in")
        page.get_by_label("Work email").fill("ana.lima@northwind.example")
        page.get_by_role("button", name="Continue with single sign-on").click()
        page.get_by_role("button", name="Deny").click()
        assert "sign-in said no" in page.content()
        # A callback replayed, or never started here.
        response = page.goto(base + "/sso/oidc/callback?state=forged&code=stolen")
        assert response.status == 400 and "Sign-in expired" in page.content()
        context.close()

        # A deactivated person can no longer sign in, even with a valid provider answer.
        ravi = next(p for p in call("GET", base + "/api/v1/people?q=ravi", token=admin)["items"]
                    if p["email"] == "ravi.iyer@northwind.example")
        call("PATCH", f"{base}/api/v1/people/{ravi['id']}", {"active": False}, token=admin)
        set_user(provider, "ravi-0004", email="ravi.iyer@northwind.example", email_verified=True)
        context = browser.new_context()
        page = context.new_page()
        sign_in_with_sso(page, base, "ravi.iyer@northwind.example", "ravi-0004")
        assert "Account deactivated" in page.content()
        context.close()

        # With "add people unknown to Trellis", the new starter gets in on their first sign-in.
        northwind = call("GET", base + "/api/v1/admin/identity-providers", token=admin)[0]
        call("DELETE", f"{base}/api/v1/admin/identity-providers/{northwind['id']}", token=admin)
        call("POST", base + "/api/v1/admin/identity-providers",
             {"name": "Northwind SSO", "issuer": provider, "clientID": "trellis", "clientSecret": "trellis-secret",
              "domains": ["northwind.example"], "createPeople": True}, token=admin)
        set_user(provider, "new-0002", email="new.starter@northwind.example", email_verified=True,
                 given_name="Nia", family_name="Starter")
        context = browser.new_context()
        page = context.new_page()
        sign_in_with_sso(page, base, "new.starter@northwind.example", "new-0002")
        assert "Nia Starter" in page.locator("header").text_content(), page.locator("main").inner_text()
        context.close()
        created = [e for e in security_log(base, admin, "created person") if e["subjectName"] == "Nia Starter"]
        assert created and created[0]["detail"] == "on first sign-in with Northwind SSO"

        failures = [e["detail"] for e in security_log(base, admin, "sign-in failed")]
        for expected in ["new.starter@northwind.example: no active account", "no identity provider for elsewhere.example",
                         "refused by the provider", "unknown or expired sign-in attempt", "the account is deactivated"]:
            assert any(expected in detail for detail in failures), (expected, failures)
        assert all("trellis-secret" not in detail for detail in failures)
    finally:
        assert server.stop() == 0
    assert not [line for line in server.log_lines() if '"status":5' in line]


def totp(secret, at=None):
    """The code an authenticator app shows (RFC 6238: HMAC-SHA1, 30 s, six digits)."""
    import base64
    import hashlib
    import hmac
    import struct
    import time
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int((at or time.time()) // 30)), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def test_single_sign_on_required_leaves_a_break_glass_admin_with_password_and_code(tmp_path, browser, provider):
    import time
    database = f"sqlite:{tmp_path / 'break-glass.db'}"
    demo_database(database)
    server = RunningTrellis(database)
    base = server.base_url
    try:
        admin = token_for(base, "jordan.reyes@northwind.example")
        call("POST", base + "/api/v1/admin/identity-providers",
             {"name": "Northwind SSO", "issuer": provider, "clientID": "trellis", "domains": ["northwind.example"]},
             token=admin)
        context = browser.new_context()
        page = context.new_page()
        sign_in(page, base, "jordan.reyes@northwind.example")
        # Requiring single sign-on before the break-glass admin has a second factor is refused.
        page.goto(base + "/admin/identity-providers")
        page.get_by_label("Require single sign-on").check()
        page.get_by_label("Break-glass admins (emails)").fill("jordan.reyes@northwind.example")
        page.get_by_role("button", name="Save", exact=True).click()
        assert "has no second factor yet" in page.locator("#field-breakGlass-error").inner_text()

        # The admin sets up a second factor from the account menu.
        page.get_by_label("Your account").click()
        page.get_by_role("link", name="Second factor").click()
        page.get_by_role("button", name="Set up a second factor").click()
        secret = page.locator("code.secret").inner_text()
        page.get_by_label("Code from the app").fill("000000")
        page.get_by_role("button", name="Turn on").click()
        assert "is not the code your app shows now" in page.locator("#field-code-error").inner_text()
        assert page.locator("code.secret").inner_text() == secret, "the same secret, so the app stays right"
        page.get_by_label("Code from the app").fill(totp(secret))
        page.get_by_role("button", name="Turn on").click()
        assert "Your second factor is set up" in page.content()
        used = int(time.time() // 30)

        page.goto(base + "/admin/identity-providers")
        page.get_by_label("Require single sign-on").check()
        page.get_by_label("Break-glass admins (emails)").fill("jordan.reyes@northwind.example")
        page.get_by_role("button", name="Save", exact=True).click()
        assert "Single sign-on is required" in page.content()
        context.close()

        # Everyone else: the password no longer works, and the page says what to do.
        context = browser.new_context()
        page = context.new_page()
        sign_in(page, base, "ana.lima@northwind.example")
        assert "Continue with single sign-on" in page.content()
        assert "signs in with its identity provider" in page.locator(".notice.error").inner_text()
        # The break-glass admin: password, then the code (a later one than the code already used).
        sign_in(page, base, "jordan.reyes@northwind.example")
        page.get_by_label("Code").fill("123456")
        page.get_by_role("button", name="Sign in").click()
        assert "is not the code your app shows now" in page.locator("#field-code-error").inner_text()
        while int(time.time() // 30) <= used:
            time.sleep(1)
        page.get_by_label("Code").fill(totp(secret))
        page.get_by_role("button", name="Sign in").click()
        assert "Jordan Reyes" in page.locator("header").text_content()
        context.close()

        # The API asks for the code too.
        request = urllib.request.Request(
            base + "/api/v1/sessions", headers={"Content-Type": "application/json"}, method="POST",
            data=json.dumps({"email": "jordan.reyes@northwind.example", "password": "trellis-demo"}).encode())
        try:
            urllib.request.urlopen(request, timeout=10)
            raise AssertionError("signed in without a code")
        except urllib.error.HTTPError as error:
            assert error.code == 401 and json.loads(error.read())["errors"][0]["field"] == "code"
        actions = [e["detail"] for e in security_log(base, admin, "signed in")]
        assert "password and second factor" in actions
    finally:
        assert server.stop() == 0


def start_provider(port):
    """oidc-provider-mock as its own process: each start makes a new signing key."""
    import subprocess
    import sys
    import time
    process = subprocess.Popen([sys.executable, "-m", "oidc_provider_mock", "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 20
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/jwks", timeout=1)
            return process
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("oidc-provider-mock did not start")


def test_a_provider_that_rotates_its_keys_and_a_tampered_token(tmp_path, browser):
    from conftest import free_port
    database = f"sqlite:{tmp_path / 'rotation.db'}"
    demo_database(database)
    server = RunningTrellis(database)
    base = server.base_url
    port = free_port()
    idp = start_provider(port)
    proxy = None
    try:
        provider = f"http://127.0.0.1:{port}"
        admin = token_for(base, "jordan.reyes@northwind.example")
        call("POST", base + "/api/v1/admin/identity-providers",
             {"name": "Northwind SSO", "issuer": provider, "clientID": "trellis", "clientSecret": "trellis-secret",
              "domains": ["northwind.example"]},
             token=admin)
        set_user(provider, "ana-0001", email="ana.lima@northwind.example", email_verified=True)
        context = browser.new_context()
        page = context.new_page()
        sign_in_with_sso(page, base, "ana.lima@northwind.example", "ana-0001")
        assert "Ana Lima" in page.locator("header").text_content(), page.locator("main").inner_text()
        first_key = json.loads(urllib.request.urlopen(provider + "/jwks").read())["keys"][0]["kid"]

        # Signing out offers the provider's own sign-out.
        page.get_by_label("Your account").click()
        page.get_by_role("button", name="Sign out").click()
        assert "You are signed out of Trellis" in page.content()
        end = page.get_by_role("link", name="Sign out of Northwind SSO too").get_attribute("href")
        assert end.startswith(provider + "/oauth2/end_session?client_id=trellis&post_logout_redirect_uri=")

        # The provider restarts with a new key: Trellis fetches its keys again and signs Ana in.
        idp.terminate()
        idp.wait()
        idp = start_provider(port)
        assert json.loads(urllib.request.urlopen(provider + "/jwks").read())["keys"][0]["kid"] != first_key
        set_user(provider, "ana-0001", email="ana.lima@northwind.example", email_verified=True)
        sign_in_with_sso(page, base, "ana.lima@northwind.example", "ana-0001")
        assert "Ana Lima" in page.locator("header").text_content(), page.locator("main").inner_text()
        context.close()

        # Between Trellis and the provider, someone changes the ID token to name the admin.
        proxy = TamperingProxy(port)
        providers = call("GET", base + "/api/v1/admin/identity-providers", token=admin)
        call("DELETE", f"{base}/api/v1/admin/identity-providers/{providers[0]['id']}", token=admin)
        call("POST", base + "/api/v1/admin/identity-providers",
             {"name": "Northwind SSO", "issuer": proxy.url, "clientID": "trellis", "clientSecret": "trellis-secret",
              "domains": ["northwind.example"]}, token=admin)
        set_user(proxy.url, "ana-0001", email="ana.lima@northwind.example", email_verified=True)
        context = browser.new_context()
        page = context.new_page()
        sign_in_with_sso(page, base, "ana.lima@northwind.example", "ana-0001")
        assert proxy.tampered, "the token passed through the proxy"
        assert "Sign-in not accepted" in page.content()
        assert "signature does not verify" in page.content()
        assert "Jordan Reyes" not in page.locator("header").text_content()
        context.close()
        failures = [e["detail"] for e in security_log(base, admin, "sign-in failed")]
        assert any("signature does not verify" in detail for detail in failures)
    finally:
        idp.terminate()
        if proxy:
            proxy.server.shutdown()
        assert server.stop() == 0


class TamperingProxy:
    """Forwards to the provider on `port`, and in each token response rewrites the ID token's
    claims to name someone else (keeping the signature)."""

    def __init__(self, port):
        import base64
        import http.client
        import http.server
        import threading
        proxy = self
        self.tampered = False

        class Handler(http.server.BaseHTTPRequestHandler):
            def forward(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                upstream = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("connection", "accept-encoding")}
                upstream.request(self.command, self.path, body=body, headers=headers)
                answer = upstream.getresponse()
                data = answer.read()
                if self.path.startswith("/oauth2/token") and answer.status == 200:
                    token = json.loads(data)
                    head, claims, signature = token["id_token"].split(".")
                    decoded = json.loads(base64.urlsafe_b64decode(claims + "=" * (-len(claims) % 4)))
                    decoded["sub"], decoded["email"] = "jordan-0000", "jordan.reyes@northwind.example"
                    claims = base64.urlsafe_b64encode(json.dumps(decoded).encode()).rstrip(b"=").decode()
                    token["id_token"] = ".".join([head, claims, signature])
                    data = json.dumps(token).encode()
                    proxy.tampered = True
                self.send_response(answer.status)
                for name, value in answer.getheaders():
                    if name.lower() not in ("content-length", "transfer-encoding", "connection", "date", "server"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = forward

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
