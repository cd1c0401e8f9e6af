"""The security log as an admin and a security team use it: sign-ins through the real sign-in form
stream out to real syslog receivers (UDP and TCP, RFC 5424) and an HTTP endpoint (JSON Lines);
a receiver that is down gets what it missed; the admin page filters and exports; others are refused."""

import json
import re
import socket
import threading
import time
import urllib.error
import urllib.request

from conftest import RunningTrellis, free_port, sign_in
from test_email import Receiver, call, demo_database, token_for

SYSLOG_LINE = re.compile(
    r"^<(8[45])>1 \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \S+ trellis - \S{1,32} \[trellis@32473 [^\]]*\] (\{.*\})$")


class UDPSyslog:
    def __init__(self):
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.socket.bind(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.messages = []
        threading.Thread(target=self.run, daemon=True).start()

    def run(self):
        while True:
            data, _ = self.socket.recvfrom(65536)
            self.messages.append(data.decode())


class TCPSyslog:
    """Octet-counted frames (RFC 6587), one connection per batch."""

    def __init__(self, port):
        self.server = socket.create_server(("127.0.0.1", port))
        self.messages = []
        threading.Thread(target=self.run, daemon=True).start()

    def run(self):
        while True:
            connection, _ = self.server.accept()
            buffer = b""
            while chunk := connection.recv(65536):
                buffer += chunk
            connection.close()
            while buffer:
                length, _, rest = buffer.partition(b" ")
                self.messages.append(rest[: int(length)].decode())
                buffer = rest[int(length):]


def wait_for(predicate, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError("not received in time")


def events(lines):
    found = []
    for line in lines:
        match = SYSLOG_LINE.match(line)
        assert match, line
        found.append(json.loads(match.group(2)))
    return found


def test_sign_ins_stream_to_syslog_and_https_and_a_receiver_that_was_down_catches_up(tmp_path, browser):
    database = f"sqlite:{tmp_path / 'security.db'}"
    demo_database(database)
    udp = UDPSyslog()
    hook = Receiver()
    server = RunningTrellis(database)
    try:
        admin = token_for(server.base_url, "jordan.reyes@northwind.example")
        streaming = call("PUT", server.base_url + "/api/v1/admin/audit/streaming",
                         {"syslog": f"udp://127.0.0.1:{udp.port}", "https": hook.url, "httpsToken": "siem-token"},
                         token=admin)
        assert streaming["httpsTokenSet"] and streaming["syslog"].startswith("udp://")

        # A wrong password and then a real sign-in through the sign-in form.
        context = browser.new_context()
        page = context.new_page()
        sign_in(page, server.base_url, "ana.lima@northwind.example", password="not the password")
        assert page.get_by_text("Email or password is incorrect.").count() == 1
        sign_in(page, server.base_url, "ana.lima@northwind.example")
        page.get_by_label("Your account").click()
        page.get_by_role("button", name="Sign out").click()
        assert page.url.endswith("/sign-in")
        context.close()

        wait_for(lambda: any('"signed out"' in m for m in udp.messages))
        streamed = events(udp.messages)
        actions = [event["action"] for event in streamed]
        assert actions[0] == "changed security log streaming", "the change itself goes first"
        assert actions[-3:] == ["sign-in failed", "signed in", "signed out"]
        failed = streamed[-3]
        assert failed["address"] == "127.0.0.1" and failed["via"] == "web"
        assert failed["detail"] == "ana.lima@northwind.example: wrong password"
        assert all("not the password" not in m for m in udp.messages)
        assert re.match(r"^<84>", next(m for m in udp.messages if '"sign-in failed"' in m))

        wait_for(lambda: any(b'"signed out"' in body for _, body in hook.received))
        headers, _ = hook.received[0]
        assert headers["Authorization"] == "Bearer siem-token"
        assert headers["Content-Type"] == "application/x-ndjson"
        lines = [json.loads(line) for _, body in hook.received for line in body.decode().splitlines()]
        assert [line["action"] for line in lines][-3:] == ["sign-in failed", "signed in", "signed out"]
        assert len({line["id"] for line in lines}) == len(lines), "each event once"

        # A TCP receiver that is down: the failure is shown, and it gets what it missed later.
        port = free_port()
        call("PUT", server.base_url + "/api/v1/admin/audit/streaming",
             {"syslog": f"tcp://127.0.0.1:{port}", "https": hook.url}, token=admin)
        token_for(server.base_url, "ravi.iyer@northwind.example")
        wait_for(lambda: call("GET", server.base_url + "/api/v1/admin/audit/streaming", token=admin)["syslogError"])
        tcp = TCPSyslog(port)
        wait_for(lambda: any("Ravi Iyer" in m and '"created API token"' in m for m in tcp.messages))
        caught_up = [event["action"] for event in events(tcp.messages)]
        assert caught_up[:3] == ["changed security log streaming", "signed in", "created API token"]
        wait_for(lambda: call("GET", server.base_url + "/api/v1/admin/audit/streaming", token=admin)["syslogError"] == "")
    finally:
        hook.server.shutdown()
        assert server.stop() == 0


def test_admins_filter_and_export_the_log_and_no_one_else_reaches_it(trellis, page):
    base = trellis.base_url
    # Someone else first fails to sign in, so there is something to find.
    failing = urllib.request.Request(
        base + "/api/v1/sessions", data=json.dumps({"email": "mei.chen@northwind.example", "password": "nope"}).encode(),
        headers={"Content-Type": "application/json"}, method="POST")
    try:
        urllib.request.urlopen(failing, timeout=10)
    except urllib.error.HTTPError as error:
        assert error.code == 401

    sign_in(page, base, "ana.lima@northwind.example")
    assert page.goto(base + "/admin/audit").status == 403
    page.context.clear_cookies()

    sign_in(page, base, "jordan.reyes@northwind.example")
    page.goto(base + "/admin/audit")
    page.get_by_label("Action").select_option("sign-in failed")
    page.get_by_label("Person (email)").fill("mei.chen@northwind.example")
    page.get_by_role("button", name="Filter").click()
    rows = page.locator("table tbody tr")
    assert rows.count() >= 1
    assert "mei.chen@northwind.example: wrong password" in rows.first.inner_text()
    assert "api, 127.0.0.1" in rows.first.inner_text()

    with page.expect_download() as download:
        page.get_by_role("link", name="Export these events as JSON Lines").click()
    lines = [json.loads(line) for line in open(download.value.path()).read().splitlines()]
    assert lines and all(line["action"] == "sign-in failed" and line["subjectName"] == "Mei Chen" for line in lines)

    # A filter that cannot be used names its field and keeps what was typed.
    page.goto(base + "/admin/audit?from=last+week&person=nobody%40northwind.example")
    assert page.locator("#field-from-error").inner_text() == "must be a date as YYYY-MM-DD"
    assert "nobody@northwind.example" in page.locator("#field-person-error").inner_text()
    assert page.get_by_label("Person (email)").input_value() == "nobody@northwind.example"

    # A syslog address that is not one is refused next to its field.
    page.goto(base + "/admin/audit")
    page.get_by_label("Syslog receiver").fill("syslog.northwind.example")
    page.get_by_role("button", name="Save streaming").click()
    assert "udp://host:port" in page.locator("#field-syslog-error").inner_text()
    assert page.get_by_label("Syslog receiver").input_value() == "syslog.northwind.example"
    assert [problem for problem in page.problems if "Failed to load resource" not in problem] == []
