"""A SAML 2.0 identity provider for the journeys, built on pysaml2 (PyPI; signs with Debian's
xmlsec1): its own login page, signed assertions posted back by the browser, sign-ins it starts
itself (IdP-initiated), and single logout. It accepts only requests signed with the key in
Trellis's metadata."""

import html
import secrets
import subprocess
import threading
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_EMAILADDRESS, NameID
from saml2.server import Server
from saml2.xmldsig import DIGEST_SHA1, DIGEST_SHA256, SIG_RSA_SHA1, SIG_RSA_SHA256


class SAMLIdentityProvider:
    """Runs on a free port; `users` maps an email to (password, given name, family name)."""

    def __init__(self, directory: Path, service_provider_metadata_url: str):
        self.directory = directory
        self.users: dict[str, tuple[str, str, str]] = {}
        # An outdated provider signs with SHA-1, which Trellis refuses.
        self.outdated = False
        # The NameIDs of the people Trellis asked it to sign out.
        self.signed_out: list[str] = []
        self.pending: dict[str, tuple[object, str | None]] = {}
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base_url = f"http://127.0.0.1:{self.httpd.server_port}"
        with urllib.request.urlopen(service_provider_metadata_url, timeout=10) as response:
            self.sp_metadata = response.read().decode()
        self.rotate()
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def rotate(self):
        """A new signing key and certificate, as a provider does every year or two."""
        key, cert = self.directory / "idp.key", self.directory / "idp.crt"
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Test IdP",
             "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
        config = IdPConfig()
        config.load({
            "entityid": self.base_url + "/metadata",
            "service": {"idp": {
                "name": "Northwind test IdP",
                "endpoints": {
                    "single_sign_on_service": [(self.base_url + "/sso/redirect", BINDING_HTTP_REDIRECT)],
                    "single_logout_service": [(self.base_url + "/slo/redirect", BINDING_HTTP_REDIRECT)],
                },
                "want_authn_requests_signed": True,
                "name_id_format": [NAMEID_FORMAT_EMAILADDRESS],
                "policy": {"default": {"lifetime": {"minutes": 5}, "attribute_restrictions": None,
                                       "name_form": NAME_FORMAT_URI}},
            }},
            "key_file": str(key), "cert_file": str(cert), "xmlsec_binary": "/usr/bin/xmlsec1",
            "metadata": {"inline": [self.sp_metadata]},
        })
        self.config = config
        self.server = Server(config=config)
        self.service_provider = next(iter(self.server.metadata.service_providers()))

    def metadata(self) -> str:
        return create_metadata_string(None, config=self.config, sign=False).decode()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def response_form(self, email: str, in_response_to: str | None, destination: str, relay_state: str | None):
        """The auto-posting page with a signed assertion for `email`."""
        _, given, family = self.users[email]
        response = self.server.create_authn_response(
            identity={"givenName": [given], "sn": [family], "mail": [email]},
            in_response_to=in_response_to, destination=destination, sp_entity_id=self.service_provider,
            name_id=NameID(format=NAMEID_FORMAT_EMAILADDRESS, text=email),
            authn={"class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"},
            sign_assertion=True, sign_response=False, sign_alg=SIG_RSA_SHA1 if self.outdated else SIG_RSA_SHA256,
            digest_alg=DIGEST_SHA1 if self.outdated else DIGEST_SHA256)
        return self.server.apply_binding(BINDING_HTTP_POST, str(response), destination, relay_state,
                                          response=True)["data"]

    def consumer(self) -> str:
        return self.server.metadata.assertion_consumer_service(self.service_provider, BINDING_HTTP_POST)[0]["location"]

    def _handler(self):
        idp = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def answer(self, status: int, body: str, content_type="text/html; charset=utf-8"):
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def signed(self, parse, query, what):
                """The request in `query` when Trellis's signature on it verifies; else answers 403."""
                try:
                    request = parse(query["SAMLRequest"], BINDING_HTTP_REDIRECT, query.get("RelayState"),
                                    query.get("SigAlg"), query.get("Signature"))
                except Exception as error:
                    request, why = None, str(error)
                else:
                    why = "not signed by the service provider"
                if request is None:
                    self.answer(403, f"<p>{what} refused: {html.escape(why)}</p>")
                return request

            def do_GET(self):
                url = urllib.parse.urlparse(self.path)
                query = dict(urllib.parse.parse_qsl(url.query))
                if url.path == "/metadata":
                    return self.answer(200, idp.metadata(), "application/samlmetadata+xml")
                if url.path == "/sso/redirect":
                    request = self.signed(idp.server.parse_authn_request, query, "Request")
                    if request is None:
                        return
                    key = secrets.token_urlsafe(8)
                    idp.pending[key] = (request.message, query.get("RelayState"))
                    return self.answer(200, f"""<!doctype html><title>Northwind sign-in</title>
                        <h1>Northwind identity provider</h1>
                        <form method="post" action="/login"><input type="hidden" name="key" value="{key}">
                        <label>Username <input name="username"></label>
                        <label>Password <input name="password" type="password"></label>
                        <button>Sign in to Northwind</button></form>""")
                if url.path == "/slo/redirect":
                    request = self.signed(idp.server.parse_logout_request, query, "Sign-out")
                    if request is None:
                        return
                    idp.signed_out.append(request.message.name_id.text)
                    response = idp.server.create_logout_response(request.message, [BINDING_HTTP_REDIRECT])
                    destination = idp.server.metadata.single_logout_service(
                        idp.service_provider, BINDING_HTTP_REDIRECT, "spsso")[0]["location"]
                    redirect = idp.server.apply_binding(BINDING_HTTP_REDIRECT, str(response), destination,
                                                        response=True)
                    self.send_response(303)
                    self.send_header("Location", dict(redirect["headers"])["Location"])
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if url.path == "/unsolicited":
                    return self.answer(200, idp.response_form(query["user"], None, idp.consumer(), None))
                return self.answer(404, "not here")

            def do_POST(self):
                form = dict(urllib.parse.parse_qsl(self.rfile.read(int(self.headers["Content-Length"])).decode()))
                request, relay_state = idp.pending.pop(form.get("key", ""), (None, None))
                user = idp.users.get(form.get("username", ""))
                if request is None or user is None or user[0] != form.get("password"):
                    return self.answer(403, f"<p>Wrong username or password for {html.escape(form.get('username', ''))}</p>")
                return self.answer(200, idp.response_form(
                    form["username"], request.id, request.assertion_consumer_service_url, relay_state))

        return Handler
